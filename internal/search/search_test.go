package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
)

// nodeOrSkip finds Node.js, which runs the real client code. Without it a
// test skips on a laptop, but fails under CI=true.
func nodeOrSkip(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is required under CI to run the search client")
		}
		t.Skip("skipping: node not found")
	}
	return p
}

// runClient runs testdata/run.mjs in the given mode over input.
func runClient(t testing.TB, indexDir, mode string, input any, out any) {
	t.Helper()
	node := nodeOrSkip(t)
	in, _ := json.Marshal(input)
	cmd := exec.Command(node, "testdata/run.mjs", indexDir, mode)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("node run.mjs %s: %v\n%s", mode, err, stderr.String())
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("decoding client output: %v", err)
	}
}

// repoSources loads the repository's catalog and content.
func repoSources(t testing.TB) (*catalog.Catalog, *content.Content) {
	t.Helper()
	fsys := os.DirFS("../..")
	cat, probs := catalog.Load(context.Background(), fsys)
	if probs != nil {
		t.Fatal(probs)
	}
	cont, probs := content.Load(context.Background(), fsys, catalog.Codes(fsys), nil, markup.New())
	if probs != nil {
		t.Fatal(probs)
	}
	return cat, cont
}

// repoIndex builds the index of the repository's catalog into a folder.
func repoIndex(t testing.TB) string {
	t.Helper()
	files, _ := NewIndex(repoSources(t)).Files()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// normaliserInputs are texts both normalisers must agree on: real pastes,
// edge cases, and random strings over an alphabet rich in separators and
// non-ASCII letters.
func normaliserInputs() []string {
	in := []string{
		"", "a", "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 3 records: 0035e00000AbCdEAAZ",
		"Locked LOCKING locks records expires expired processing class", "İstanbul ǅemal ﬁle Straße café",
		`{"error":"invalid_grant","error_description":"expired access/refresh token"}`,
		"sf:INVALID_SESSION_ID 2026-11-03T14:22:07.512Z 7f3a9c2e-1b4d-4e8f-9a6b-2c5d8e1f0a3b 12345 ab12cd34",
		strings.Repeat("x", 24), strings.Repeat("y", 25), "a1b2c3d4e5f6g7h", "abc1defghijklmno", "ss less class es s",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcXYZ019_ -:{}\"'\n\téü€😀Ωİ.,/\\")
	for range 200 {
		n := r.IntN(80)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		in = append(in, b.String())
	}
	return in
}

// TestNormaliseMatchesClient runs the Go and the JavaScript normaliser over
// the same texts: the index is built with one and queried with the other.
func TestNormaliseMatchesClient(t *testing.T) {
	in := normaliserInputs()
	var js [][]string
	runClient(t, t.TempDir(), "tokens", in, &js)
	for i, text := range in {
		got := Tokens(text)
		if got == nil {
			got = []string{}
		}
		if !reflect.DeepEqual(got, js[i]) {
			t.Errorf("Tokens(%q):\n  go: %q\n  js: %q", text, got, js[i])
		}
	}
	// Only tokens (ASCII) are ever hashed, to pick a term's shard.
	var terms []string
	for _, text := range in {
		terms = append(terms, Tokens(text)...)
	}
	var hashes []uint32
	runClient(t, t.TempDir(), "hash", terms, &hashes)
	for i, term := range terms {
		if Hash(term) != hashes[i] {
			t.Errorf("Hash(%q) go %d, js %d", term, Hash(term), hashes[i])
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Unable to obtain exclusive access to this record or 1 records: 001xx0000003DGb", "unable obtain exclusive access record record"},
		{"UNABLE_TO_LOCK_ROW", "unable lock row"},
		{"expired access/refresh token", "expir access refresh token"},
		{"Locked, locking; locks", "lock lock lock"},
		{"request id 4f9c2a1be07d4c3a", "request id"},
		{"class access process", "class access process"},
	}
	for _, tt := range tests {
		if got := strings.Join(Tokens(tt.in), " "); got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

type paste struct {
	want   string // expected first code
	notice string // for "!UNKNOWN CODE": the code the notice must name
	text   string
	line   int
}

// readPastes parses testdata/pastes.txt: records separated by blank lines,
// each "== CODE" (or "== !UNKNOWN CODE") then the paste.
func readPastes(t testing.TB) []paste {
	t.Helper()
	data, err := os.ReadFile("testdata/pastes.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []paste
	var cur *paste
	var body []string
	flush := func() {
		if cur != nil {
			cur.text = strings.TrimRight(strings.Join(body, "\n"), "\n")
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "== "):
			flush()
			cur = &paste{line: i + 1}
			spec := strings.TrimSpace(strings.TrimPrefix(line, "== "))
			if rest, ok := strings.CutPrefix(spec, "!UNKNOWN "); ok {
				cur.notice = strings.TrimSpace(rest)
			} else {
				cur.want = spec
			}
		case cur == nil && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == ""):
		case cur != nil && strings.TrimSpace(line) == "" && len(body) > 0:
			flush()
		case cur != nil:
			body = append(body, line)
		}
	}
	flush()
	return out
}

// TestCorpus runs the real client matcher over every paste in
// testdata/pastes.txt and fails below 95% top-1 accuracy.
func TestCorpus(t *testing.T) {
	pastes := readPastes(t)
	if len(pastes) < 100 {
		t.Fatalf("corpus has %d pastes, want at least 100", len(pastes))
	}
	dir := repoIndex(t)
	in := make([]string, len(pastes))
	for i, p := range pastes {
		in[i] = p.text
	}
	var res []struct {
		Codes  []string `json:"codes"`
		Notice *string  `json:"notice"`
		MS     float64  `json:"ms"`
	}
	runClient(t, dir, "corpus", in, &res)
	ok := 0
	var slowest float64
	var fails []string
	for i, p := range pastes {
		r := res[i]
		slowest = max(slowest, r.MS)
		first := ""
		if len(r.Codes) > 0 {
			first = r.Codes[0]
		}
		notice := ""
		if r.Notice != nil {
			notice = *r.Notice
		}
		good := p.want != "" && first == p.want || p.notice != "" && notice == p.notice
		if good {
			ok++
			continue
		}
		want := p.want
		if p.notice != "" {
			want = "notice " + p.notice
		}
		fails = append(fails, fmt.Sprintf("pastes.txt:%d: want %s, got %v (notice %q) for %.80q", p.line, want, r.Codes[:min(3, len(r.Codes))], notice, p.text))
	}
	acc := float64(ok) / float64(len(pastes))
	t.Logf("top-1 accuracy %.1f%% (%d of %d pastes); slowest query %.1f ms", 100*acc, ok, len(pastes), slowest)
	for _, f := range fails {
		t.Log(f)
	}
	if acc < 0.95 {
		t.Errorf("top-1 accuracy %.1f%% is below 95%%", 100*acc)
	}
}

// TestNormaliserLargeInput feeds the client 1 MB pastes, random and
// adversarial: it must answer without an exception, in bounded time.
func TestNormaliserLargeInput(t *testing.T) {
	dir := repoIndex(t)
	r := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(32 + r.IntN(95))
	}
	inputs := []string{
		string(random),
		strings.Repeat("UNKNOWN_CODE_X ", 1<<20/15),
		strings.Repeat("A_", 1<<19),
		strings.Repeat("{", 1<<20),
		strings.Repeat("error_description\":\"", 1<<20/20),
		strings.Repeat("é", 1<<19),
		strings.Repeat("InvalidSessionIdAbc", 1<<20/19),
		// Words that name Object.prototype's properties.
		"Constructor not defined: constructor __proto__ toString hasOwnProperty valueOf",
	}
	var res []struct {
		MS float64 `json:"ms"`
	}
	runClient(t, dir, "corpus", inputs, &res)
	for i, r := range res {
		t.Logf("input %d: %.0f ms", i, r.MS)
		if r.MS > 3000 {
			t.Errorf("input %d (%.20q…) took %.0f ms", i, inputs[i], r.MS)
		}
	}
}

// TestUpdateMatchesBuild edits one entry and checks that the files Update
// returns are exactly those that differ from a fresh Build, with the same
// bytes.
func TestUpdateMatchesBuild(t *testing.T) {
	cat, cont := repoSources(t)
	x := NewIndex(cat, cont)
	before, _ := x.Files()

	e := *cat.Lookup("UNABLE_TO_LOCK_ROW")
	e.Title = "A brand new title about quokkas"
	e.Messages = append([]string{"zebra crossing failed for {record_id}"}, e.Messages...)
	changed, err := x.Update(&e, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, old := range cat.Errors {
		if old.Code == e.Code {
			cat.Errors[i] = &e
		}
	}
	cont.Notes["UNABLE_TO_LOCK_ROW"].Source = ""
	fresh, _ := NewIndex(cat, cont).Files()
	for name, data := range fresh {
		if !bytes.Equal(data, before[name]) {
			if got, ok := changed[name]; !ok || !bytes.Equal(got, data) {
				t.Errorf("%s changed in a full build but Update returned %v", name, ok)
			}
		} else if _, ok := changed[name]; ok && !bytes.Equal(changed[name], data) {
			t.Errorf("%s: Update returned different bytes for an unchanged file", name)
		}
	}
	if len(changed) == 0 || len(changed) >= len(fresh) {
		t.Errorf("Update returned %d of the index's %d files; want some, not all", len(changed), len(fresh))
	}
}
