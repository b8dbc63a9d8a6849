package e2e

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
		if !strings.HasSuffix(href, "errors/"+c.want+"/") {
			t.Errorf("%.40q: first result %q, want errors/%s/", c.paste, href, c.want)
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
	do(t, ctx, "search", chromedp.KeyEvent("insufficient access rights"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#results li:nth-child(2) a`)))
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
