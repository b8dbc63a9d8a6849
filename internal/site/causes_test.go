package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"

	helpcenter "github.com/helpcenter-dev/helpcenter"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// htmlDoc is a built page, parsed, with its elements by id.
type htmlDoc struct {
	byID map[string]*html.Node
}

func parseHTML(t *testing.T, file string) *htmlDoc {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	d := &htmlDoc{byID: map[string]*html.Node{}}
	for n := range root.Descendants() {
		if id := attr(n, "id"); n.Type == html.ElementNode && id != "" {
			if d.byID[id] != nil {
				t.Errorf("%s: id %q is used twice", file, id)
			}
			d.byID[id] = n
		}
	}
	return d
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

// enclosing is the nearest ancestor of n (or n) that is a tag element of
// class class, or nil.
func enclosing(n *html.Node, tag, class string) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.Data == tag && slices.Contains(strings.Fields(attr(n, "class")), class) {
			return n
		}
	}
	return nil
}

// text is the text n holds, spaces collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestRenamedAndRetiredCauses builds a site whose ledger holds anchors
// of causes since renamed and retired (the build would fail on a dropped
// one) and checks that each lands where it should: a former id on its
// renamed cause, a retired cause's id on the cause, folded with its reason
// and day, after the live causes. A retired cause leaves the page's
// messages, its count of causes and the cheat sheet; errors.json keeps
// both, in optional fields its schema describes.
func TestRenamedAndRetiredCauses(t *testing.T) {
	root := fixtureRoot(t, "testdata/causes.txtar")
	out := build(t, root, Options{BaseURL: "https://help.example.com/"})
	page := parseHTML(t, filepath.Join(out, "errors/UNABLE_TO_LOCK_ROW/index.html"))

	landsOn := func(anchor, class, heading string) *html.Node {
		t.Helper()
		n := page.byID[anchor]
		if n == nil {
			t.Fatalf("#%s is not on the page", anchor)
		}
		tag := map[string]string{"cause": "div", "retired-cause": "details"}[class]
		box := enclosing(n, tag, class)
		if box == nil || page.byID[heading] == nil || enclosing(page.byID[heading], tag, class) != box {
			t.Fatalf("#%s does not land on the %s of #%s", anchor, class, heading)
		}
		return box
	}
	for _, old := range []string{"parent-locked", "account-locked"} {
		landsOn(old, "cause", "parent-record-locked")
	}
	retired := landsOn("stuck-batch-job", "retired-cause", "stuck-batch-job")
	if landsOn("batch-lock", "retired-cause", "stuck-batch-job") != retired {
		t.Error("a retired cause's former id lands elsewhere")
	}
	if hasAttr(retired, "open") {
		t.Error("the retired cause is not folded")
	}
	if got := text(retired); !strings.Contains(got, "No longer a cause since 1 March 2026: The app no longer runs batch jobs that hold locks.") || !strings.Contains(got, "A stuck batch job held the lock for hours.") {
		t.Errorf("the retired cause reads %q; want its day, reason and what it was", got)
	}
	if later := page.byID["many-saves"]; later == nil || !precedes(later, retired) {
		t.Error("the retired cause is not after the live causes")
	}
	if h := text(page.byID["causes"]); !strings.HasPrefix(h, "Causes and fixes") {
		t.Errorf("causes heading %q", h)
	}
	if got := text(page.byID["messages"].Parent); strings.Contains(got, "batch job") {
		t.Errorf("the page's messages list the retired cause's: %q", got)
	}

	gone := parseHTML(t, filepath.Join(out, "errors/ROW_LOCK_TIMEOUT/index.html"))
	for _, id := range []string{"lock-held", "held-lock", "lock-stuck"} {
		if gone.byID[id] == nil || enclosing(gone.byID[id], "details", "retired-causes") == nil {
			t.Errorf("the retired entry's page lacks #%s in its folded causes", id)
		}
	}
	if got := text(enclosing(gone.byID["lock-stuck"], "div", "cause")); !strings.Contains(got, "No longer a cause since 1 February 2026: Salesforce releases such locks by itself now.") {
		t.Errorf("the retired entry's retired cause reads %q; want its day and reason", got)
	}

	cheat, _ := os.ReadFile(filepath.Join(out, "cheat-sheet/index.html"))
	if c := string(cheat); strings.Contains(c, "stuck batch job") || strings.Contains(c, "support team the job ID") || !strings.Contains(c, "Wait; the app retries.") || !strings.Contains(c, "1 more cause on its page") {
		t.Error("the cheat sheet shows the retired cause, or counts it, instead of the first live cause and one more")
	}

	causes := errorsJSONCauses(t, out)
	for key, want := range map[string][2]string{
		"UNABLE_TO_LOCK_ROW#stuck-batch-job":      {`["batch-lock"]`, `{"date":"2026-03-01","reason":"The app no longer runs batch jobs that hold locks."}`},
		"UNABLE_TO_LOCK_ROW#parent-record-locked": {`["parent-locked","account-locked"]`, ``},
		"UNABLE_TO_LOCK_ROW#many-saves":           {``, ``},
	} {
		c := causes[key]
		if c == nil {
			t.Errorf("errors.json lacks %s", key)
			continue
		}
		if got := string(c["former_ids"]); got != want[0] {
			t.Errorf("%s: former_ids %s, want %s", key, got, want[0])
		}
		if got := string(c["retired"]); got != want[1] {
			t.Errorf("%s: retired %s, want %s", key, got, want[1])
		}
	}
}

// precedes reports whether a comes before b in document order.
func precedes(a, b *html.Node) bool {
	root := a
	for root.Parent != nil {
		root = root.Parent
	}
	for n := range root.Descendants() {
		switch n {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// errorsJSONCauses reads the errors.json of the site built in out,
// validates it against its schema, and returns each cause's fields by
// CODE#id.
func errorsJSONCauses(t *testing.T, out string) map[string]map[string]json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	validateErrorsJSON(t, data)
	var doc struct {
		Errors []struct {
			Code   string
			Causes []map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	causes := map[string]map[string]json.RawMessage{}
	for _, e := range doc.Errors {
		for _, c := range e.Causes {
			var id string
			json.Unmarshal(c["id"], &id)
			causes[e.Code+"#"+id] = c
		}
	}
	return causes
}

// compiledErrorsSchema compiles errors.schema.json, the schema the site publishes
// beside errors.json.
func compiledErrorsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(helpcenter.ErrorsSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("errors.schema.json", raw); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("errors.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// validateErrorsJSON validates errors.json against the schema the site
// publishes beside it.
func validateErrorsJSON(t *testing.T, data []byte) {
	t.Helper()
	schema := compiledErrorsSchema(t)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("errors.json does not validate against its schema:\n%v", err)
	}
}

// TestDroppedURLWaysOut puts URLs in the ledger that the sources do not
// give, one of each kind but a deleted entry (which stops the load and has
// its own one problem: TestDeletedEntryOneProblem in cmd/helpcenter):
// each problem says what keeps the URL, in plain words without nested
// parentheses. A dropped cause anchor names both ways
// out, renaming and retiring, and the live cause it most likely became; so
// does the preview's check of an edited entry.
func TestDroppedURLWaysOut(t *testing.T) {
	root := fixtureRoot(t, "testdata/causes.txtar")
	var dropped []PublishedURL
	for _, p := range []string{"/errors/UNABLE_TO_LOCK_ROW/#parent-record", "/errors/UNABLE_TO_LOCK_ROW/#quota-hit", "/errors/gone-alias/", "/guides/old/", "/categories/old/", "/old.txt"} {
		dropped = append(dropped, PublishedURL{Path: p})
	}
	src, probs := Load(t.Context(), root)
	if probs != nil {
		t.Fatal(probs)
	}
	addToLedger(t, root, dropped)
	_, probs = Check(t.Context(), Options{Root: root})
	if len(probs) != len(dropped) {
		t.Fatalf("%d problems for %d dropped URLs:\n%v", len(probs), len(dropped), probs)
	}
	for _, p := range probs {
		if s := p.Error(); nestedParens(s) {
			t.Errorf("nested parentheses: %s", s)
		}
	}
	const entry = "catalog/errors/UNABLE_TO_LOCK_ROW.yaml:"
	want := map[string]string{
		"#parent-record": entry + `12:1: cause anchor /errors/UNABLE_TO_LOCK_ROW/#parent-record was published, and no cause of UNABLE_TO_LOCK_ROW has the id "parent-record" or lists it in former_ids (to rename the cause, add former_ids: [parent-record] to cause "parent-record-locked" if that is its new name; to remove it, put it back with id: parent-record and retire it with retired: {date, reason})`,
		"#quota-hit":     entry + `12:1: cause anchor /errors/UNABLE_TO_LOCK_ROW/#quota-hit was published, and no cause of UNABLE_TO_LOCK_ROW has the id "quota-hit" or lists it in former_ids (to rename the cause, add former_ids: [quota-hit] to the cause that replaces it; to remove it, put it back with id: quota-hit and retire it with retired: {date, reason})`,
	}
	for _, p := range probs {
		for frag, w := range want {
			if strings.Contains(p.Msg, frag+" ") && p.Error() != w {
				t.Errorf("got  %s\nwant %s", p.Error(), w)
			}
		}
	}

	// The preview checks an edited entry's anchors alone, the same way.
	l, lp := readLedger(sourcefs.Dir(root))
	if lp != nil {
		t.Fatal(lp)
	}
	m := newModel(src, noAssets{}, Options{Root: root}, markup.New(), false)
	got := l.checkAnchors(m, []*catalog.Error{src.Catalog.Lookup("UNABLE_TO_LOCK_ROW")})
	if len(got) != 2 || got[0].Error() != want["#parent-record"] || got[1].Error() != want["#quota-hit"] {
		t.Errorf("the preview's check says:\n%v", got)
	}
}

// nestedParens reports whether s has parentheses inside parentheses.
func nestedParens(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
			if depth > 1 {
				return true
			}
		case ')':
			depth--
		}
	}
	return false
}

// addToLedger writes the ledger of the site at root with the URLs its
// sources give and the extra ones, sorted as urls --update writes it.
func addToLedger(t *testing.T, root string, extra []PublishedURL) {
	t.Helper()
	if _, probs, err := UpdateLedger(t.Context(), Options{Root: root}); err != nil || probs != nil {
		t.Fatal(err, probs)
	}
	file := filepath.Join(root, filepath.FromSlash(LedgerFile))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var head, urls []string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "/") {
			urls = append(urls, line)
		} else {
			head = append(head, line)
		}
	}
	for _, u := range extra {
		urls = append(urls, u.Path)
	}
	slices.Sort(urls)
	urls = slices.Compact(urls)
	if err := os.WriteFile(file, []byte(strings.Join(append(head, urls...), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
