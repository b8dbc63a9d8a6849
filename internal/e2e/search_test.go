package e2e

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	browserpkg "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var searchCases = []struct {
	paste, want string
}{
	{`System.DmlException: Update failed. First exception on row 0 with id 0035e00000AbCdE; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []`, "UNABLE_TO_LOCK_ROW"},
	{`{"error":"invalid_grant","error_description":"expired access/refresh token"}`, "EXPIRED_ACCESS"},
	{`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, "INVALID_SESSION_ID"},
	{`REQEST_LIMIT_EXCEEDED`, "REQUEST_LIMIT_EXCEEDED"},
	{`api disabled`, "API_CURRENTLY_DISABLED"},
	{`[{&quot;message&quot;:&quot;Session expired or invalid&quot;,&quot;errorCode&quot;:&quot;INVALID_SESSION_ID&quot;}]`, "INVALID_SESSION_ID"},
	{`Faraday::TimeoutError: Net::ReadTimeout with #<TCPSocket:(closed)>`, "INVALID_FIELD/#read-timeout"},
}

// firstResult opens the search page for q and returns the first result's
// href attribute.
func firstResult(t *testing.T, searchPage, q string) string {
	t.Helper()
	ctx := browser(t, 1280, 900)
	u := searchPage + "?q=" + url.QueryEscape(q)
	do(t, ctx, u, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`#results li a`)))
	return run(t, ctx, "first result", chromedp.AttributeValue(chromedp.CSS(`#results li:first-child a`), "href")).Value
}

// TestSearchOverHTTP opens /search/?q=… on a server that mounts the site
// under a sub-path, for several kinds of paste.
func TestSearchOverHTTP(t *testing.T) {
	base := serve(t, builtSite(t))
	for _, c := range searchCases {
		href := firstResult(t, base+"search/", c.paste)
		want := "errors/" + c.want
		if !strings.Contains(want, "#") {
			want += "/"
		}
		if !strings.HasSuffix(href, want) {
			t.Errorf("%.40q: first result %q, want %s", c.paste, href, want)
		}
	}
}

// TestSearchFromDisk opens public/search/index.html?q=… from the file
// system: the index must load without a server.
func TestSearchFromDisk(t *testing.T) {
	page := "file://" + filepath.ToSlash(builtSite(t)) + "/search/index.html"
	for _, c := range searchCases[:3] {
		href := firstResult(t, page, c.paste)
		if !strings.HasSuffix(href, "errors/"+c.want+"/index.html") {
			t.Errorf("%.40q: first result %q, want …errors/%s/index.html", c.paste, href, c.want)
		}
	}
}

// TestSearchKeyboard walks the keyboard path: "/" focuses the paste box on
// home, Enter searches, the count is announced, arrow keys move through the
// results and Enter opens one.
func TestSearchKeyboard(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	do(t, ctx, "open home", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.ID("q")), chromedp.Sleep(100*time.Millisecond), chromedp.KeyEvent("/"))
	if id := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
		t.Fatalf(`"/" focused %q, want the paste box #q`, id)
	}
	do(t, ctx, "search", chromedp.KeyEvent("duplicate"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#results li:nth-child(2) a`)))
	status := run(t, ctx, "status", chromedp.Text(chromedp.CSS(`[data-search-status]`)))
	if !strings.HasSuffix(strings.TrimSpace(status), "results") {
		t.Errorf("status %q does not announce the result count", status)
	}
	if role := run(t, ctx, "role", chromedp.AttributeValue(chromedp.CSS(`[data-search-status]`), "role")).Value; role != "status" {
		t.Errorf("status region has role %q, want status (a live region)", role)
	}
	do(t, ctx, "arrows", chromedp.Focus(chromedp.ID("search-q")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	active := run(t, ctx, "active", chromedp.Evaluate[string](`document.activeElement.getAttribute("href")`))
	second := run(t, ctx, "second", chromedp.AttributeValue(chromedp.CSS(`#results li:nth-child(2) a`), "href")).Value
	if active != second {
		t.Fatalf("after two ArrowDowns focus is on %q, want the second result %q", active, second)
	}
	do(t, ctx, "open", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`.error-page`)))
	loc := run(t, ctx, "location", chromedp.Location())
	if want := strings.TrimPrefix(second, "../"); !strings.HasSuffix(loc, want) {
		t.Errorf("Enter opened %q, want …%s", loc, want)
	}
}

// grantClipboard lets the page read and write the clipboard.
func grantClipboard() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(ctx, browserpkg.SetPermission, browserpkg.SetPermissionParams{
				Permission: &browserpkg.PermissionDescriptor{Name: name}, Setting: browserpkg.PermissionSettingGranted,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestSearchAnswers checks what the search page says when it does not
// know: a real Salesforce code the catalog lacks gets the notice and a
// link to search Salesforce's help for it, and no guessed pages; text
// that matches nothing gets the A to Z list and the guides, no results.
// And the Copy link button copies the search's public address.
func TestSearchAnswers(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	visible := func(sel string) bool {
		return run(t, ctx, sel, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); return !!e && !e.hidden; })()`))
	}
	count := func() int {
		return run(t, ctx, "results", chromedp.Evaluate[int](`document.querySelectorAll("#results li").length`))
	}

	unknown := "System.DmlException: Insert failed. First exception on row 0; first error: MIXED_DML_OPERATION, DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): User, original object: Account: []"
	do(t, ctx, "unknown code", grantClipboard(), chromedp.Navigate(base+"search/?q="+url.QueryEscape(unknown)), chromedp.WaitVisible(chromedp.CSS(`[data-search-unknown]`)))
	if got := run(t, ctx, "code", chromedp.Text(chromedp.CSS(`[data-search-unknown] code`))); got != "MIXED_DML_OPERATION" {
		t.Errorf("the notice names %q, want MIXED_DML_OPERATION", got)
	}
	sf := run(t, ctx, "link", chromedp.AttributeValue(chromedp.CSS(`[data-search-salesforce]`), "href")).Value
	if want := "https://help.salesforce.com/s/search-result?language=en_US#q=MIXED_DML_OPERATION"; sf != want {
		t.Errorf("Salesforce help link %q, want %q", sf, want)
	}
	if n := count(); n != 0 || visible("[data-search-none]") {
		t.Errorf("an unknown code showed %d guessed pages (nothing block shown: %v)", n, visible("[data-search-none]"))
	}

	do(t, ctx, "copy link", chromedp.Click(chromedp.CSS(`[data-search-copy]`)), chromedp.Sleep(200*time.Millisecond))
	got := run(t, ctx, "clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if u, err := url.Parse(got); err != nil || u.Scheme+"://"+u.Host+u.Path != "https://help.example.com"+SubPath+"search/" || u.Query().Get("q") != unknown {
		t.Errorf("Copy link put %q on the clipboard, want the public search page with the paste as q", got)
	}

	for _, vague := range []string{"my salesforce sync stopped working", "eggs\nmilk 2L\nbread"} {
		do(t, ctx, "nothing", chromedp.Navigate(base+"search/?q="+url.QueryEscape(vague)), chromedp.WaitVisible(chromedp.CSS(`[data-search-none]`)))
		if n := count(); n != 0 || visible("[data-search-unknown]") {
			t.Errorf("%q: %d results shown, notice %v; want nothing", vague, n, visible("[data-search-unknown]"))
		}
		links := run(t, ctx, "links", chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-search-none] a")].map(a => a.getAttribute("href"))`))
		if strings.Join(links, " ") != "../errors/ ../guides/" {
			t.Errorf("%q: the nothing block links %v, want the A to Z list and the guides", vague, links)
		}
	}
}

// TestNotFoundCaseVariants opens errors/<x>/ for spellings of a code or an
// alias that have no page of their own and expects the 404 page's script
// to replace the location with the error's page; a typo only gets a
// suggestion.
func TestNotFoundCaseVariants(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	for _, c := range []struct{ path, want string }{
		{"errors/Unable-To-Lock-Row/", "errors/UNABLE_TO_LOCK_ROW/"},
		{"errors/unable-to-lock-row/", "errors/UNABLE_TO_LOCK_ROW/"},
		{"errors/Unable_To_Lock_Row/#record-locked", "errors/UNABLE_TO_LOCK_ROW/#record-locked"},
		{"errors/Inactive-User/", "errors/INACTIVE_USER/"},
		{"errors/IP-Restricted/", "errors/INVALID_GRANT/"},
	} {
		before := run(t, ctx, "history", chromedp.Evaluate[int](`history.length`))
		do(t, ctx, c.path, chromedp.Navigate(base+c.path), chromedp.WaitVisible(chromedp.CSS(`.error-page`)))
		if loc := run(t, ctx, "location", chromedp.Location()); loc != base+c.want {
			t.Errorf("%s led to %s, want %s", c.path, loc, base+c.want)
		}
		if n := run(t, ctx, "history", chromedp.Evaluate[int](`history.length`)); n != before+1 {
			t.Errorf("%s: history grew by %d entries; the 404 must be replaced, not pushed", c.path, n-before)
		}
	}
	do(t, ctx, "typo", chromedp.Navigate(base+"errors/UNABLE_TO_LOK_ROW/"), chromedp.WaitVisible(chromedp.CSS(`[data-notfound-suggest] a`)))
	if loc := run(t, ctx, "location", chromedp.Location()); loc != base+"errors/UNABLE_TO_LOK_ROW/" {
		t.Errorf("a typo moved to %s; it must only suggest", loc)
	}
	if got := run(t, ctx, "suggestion", chromedp.Text(chromedp.CSS(`[data-notfound-suggest] a`))); got != "UNABLE_TO_LOCK_ROW" {
		t.Errorf("the typo's suggestion is %q", got)
	}
}
