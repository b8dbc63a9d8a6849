package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	browserpkg "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
)

// theme emulates the system colour scheme ("light" or "dark").
func theme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// TestScreenshots writes the README's screenshots when SCREENSHOTS names a
// folder (make screenshots); without it there is nothing to check.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		t.Skip("set SCREENSHOTS=folder to write screenshots (make screenshots)")
	}
	base := serve(t, builtSite(t))
	shots := []struct {
		name, path, scheme string
		w, h               int
	}{
		{"home", "", "light", 1280, 900},
		{"error-light", "errors/UNABLE_TO_LOCK_ROW/", "light", 1280, 1100},
		{"error-dark", "errors/UNABLE_TO_LOCK_ROW/", "dark", 1280, 1100},
		{"search-phone", "search/?q=" + "%7B%22error%22%3A%22invalid_grant%22%2C%22error_description%22%3A%22expired%20access%2Frefresh%20token%22%7D", "light", 390, 844},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range shots {
		ctx := browser(t, s.w, s.h)
		do(t, ctx, s.name, theme(s.scheme), chromedp.EmulateViewport(int64(s.w), int64(s.h)), chromedp.Navigate(base+s.path), chromedp.WaitVisible(chromedp.CSS("main")), chromedp.Sleep(400*time.Millisecond))
		png := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
		if len(png) < 1000 {
			t.Fatalf("%s: screenshot of %d bytes", s.name, len(png))
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pageTypes are one page of each kind, by path.
var pageTypes = []struct{ name, path, ready string }{
	{"home", "", "main"},
	{"a-z", "errors/", "[data-az-count]"},
	{"category", "categories/intermittent/", "main"},
	{"error", "errors/UNABLE_TO_LOCK_ROW/", "main"},
	{"error-caution", "errors/INVALID_GRANT/", ".caution"},
	{"search", "search/?q=unable+to+lock+row", "#results li a"},
	{"404", "no/such/page/", "main"},
	{"cheat-sheet", "cheat-sheet/", "main"},
	{"guide", "guides/diagnostics-page/", "main"},
	{"guides", "guides/", "main"},
	{"changes", "changes/", "main"},
}

// axeSource is axe-core from tools/node_modules (make tools).
func axeSource(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "tools/node_modules/axe-core/axe.min.js"))
	if err != nil {
		needCI(t, "axe-core (make tools)")
	}
	return string(data)
}

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core on every page type, in the light and the
// dark theme, on a phone and a desktop: it must find no violation of WCAG
// 2.1 A and AA or axe's best practices.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	base := serve(t, builtSite(t))
	for _, size := range [][2]int{{375, 812}, {1280, 900}} {
		for _, scheme := range []string{"light", "dark"} {
			ctx := browser(t, size[0], size[1])
			for _, p := range pageTypes {
				do(t, ctx, p.name, theme(scheme), chromedp.EmulateViewport(int64(size[0]), int64(size[1])),
					chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)), chromedp.Sleep(150*time.Millisecond))
				run(t, ctx, "inject axe", chromedp.Evaluate[bool](axe+";true"))
				vs := run(t, ctx, "axe", chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
				for _, v := range vs {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, n.Target...)
					}
					t.Errorf("%s (%s, %dpx): %s: %s at %v", p.name, scheme, size[0], v.ID, v.Help, where)
				}
			}
		}
	}
}

// TestNarrowScreen checks that at 320 px no page scrolls sideways.
func TestNarrowScreen(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 320, 640)
	for _, p := range pageTypes {
		do(t, ctx, p.name, chromedp.EmulateViewport(320, 640), chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		over := run(t, ctx, "overflow", chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if over > 0 {
			wide := run(t, ctx, "widest", chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`))
			t.Errorf("%s scrolls sideways by %d px at 320 px (too wide: %s)", p.name, over, wide)
		}
	}
}

// TestThemePersists chooses the dark theme on one page and finds it on the
// next, applied before the page's scripts run.
func TestThemePersists(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	do(t, ctx, "home", theme("light"), chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS("[data-theme-toggle]")), chromedp.Click(chromedp.CSS("[data-theme-toggle]")))
	if th := run(t, ctx, "theme", chromedp.Evaluate[string](`document.documentElement.dataset.theme`)); th != "dark" {
		t.Fatalf("after the toggle the theme is %q, want dark", th)
	}
	if pressed := run(t, ctx, "pressed", chromedp.AttributeValue(chromedp.CSS("[data-theme-toggle]"), "aria-pressed")).Value; pressed != "true" {
		t.Errorf("toggle aria-pressed=%q, want true", pressed)
	}
	do(t, ctx, "error page", chromedp.Navigate(base+"errors/INVALID_SESSION_ID/"), chromedp.WaitVisible(chromedp.CSS("main")))
	th := run(t, ctx, "theme", chromedp.Evaluate[string](`document.documentElement.dataset.theme`))
	bg := run(t, ctx, "bg", chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if th != "dark" || bg != "rgb(20, 23, 28)" {
		t.Errorf("on the next page: theme %q, background %s; want dark, rgb(20, 23, 28)", th, bg)
	}
}

// TestCopyButtons clicks "Copy code" and "Copy link" and reads the
// clipboard.
func TestCopyButtons(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	grant := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(ctx, browserpkg.SetPermission, browserpkg.SetPermissionParams{
				Permission: &browserpkg.PermissionDescriptor{Name: name}, Setting: browserpkg.PermissionSettingGranted,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	do(t, ctx, "open", grant, chromedp.Navigate(base+"errors/UNABLE_TO_LOCK_ROW/"), chromedp.WaitVisible(chromedp.CSS("[data-copy]")))
	do(t, ctx, "copy code", chromedp.Click(chromedp.CSS("[data-copy]")), chromedp.Sleep(200*time.Millisecond))
	if got := run(t, ctx, "clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); got != "UNABLE_TO_LOCK_ROW" {
		t.Errorf("Copy code put %q on the clipboard", got)
	}
	do(t, ctx, "copy link", chromedp.Click(chromedp.CSS("[data-copy-link]")), chromedp.Sleep(200*time.Millisecond))
	if got, want := run(t, ctx, "clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)), "https://help.example.com"+SubPath+"errors/UNABLE_TO_LOCK_ROW/"; got != want {
		t.Errorf("Copy link put %q on the clipboard, want %q", got, want)
	}
	do(t, ctx, "copy a cause's link", chromedp.Click(chromedp.CSS(".cause [data-copy-link]")), chromedp.Sleep(200*time.Millisecond))
	if got, want := run(t, ctx, "clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)), "https://help.example.com"+SubPath+"errors/UNABLE_TO_LOCK_ROW/#record-locked"; got != want {
		t.Errorf("a cause's Copy link put %q on the clipboard, want %q", got, want)
	}
}

// TestLegacyCauseAnchor opens a link published before causes had ids
// (#cause-N, #fix-N) and expects the page to move to that cause's id.
func TestLegacyCauseAnchor(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	for hash, want := range map[string]string{"#cause-2": "#concurrent-requests", "#fix-3": "#daily-api-limit", "#cause-9": "#cause-9", "#messages": "#messages"} {
		do(t, ctx, hash, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"errors/REQUEST_LIMIT_EXCEEDED/"+hash), chromedp.WaitReady(chromedp.CSS("body")), chromedp.Sleep(300*time.Millisecond))
		if got := run(t, ctx, "hash", chromedp.Evaluate[string](`location.hash`)); got != want {
			t.Errorf("%s: the page moved to %q, want %q", hash, got, want)
		}
	}
}

// TestNotFoundSuggests opens mistyped error URLs, and a code's spelling
// outside errors/, and expects the 404 page to point at the right error
// (a case variant under errors/ is followed at once: TestNotFoundCaseVariants).
func TestNotFoundSuggests(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	for path, want := range map[string]string{
		"unable-to-lock-row/":           "UNABLE_TO_LOCK_ROW",
		"errors/REQEST_LIMIT_EXCEEDED/": "REQUEST_LIMIT_EXCEEDED",
		"errors/invalid_sesion_id":      "INVALID_SESSION_ID",
	} {
		do(t, ctx, path, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("[data-notfound-suggest] a")))
		href := run(t, ctx, "suggestion", chromedp.AttributeValue(chromedp.CSS("[data-notfound-suggest] a"), "href")).Value
		if !strings.HasSuffix(href, "errors/"+want+"/") {
			t.Errorf("%s: suggestion %q, want errors/%s/", path, href, want)
		}
	}
}

// TestAZFilter filters the A to Z table by typing and by category, and
// sorts it by title, in place.
func TestAZFilter(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	visible := func() []string {
		return run(t, ctx, "rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-az-table] tbody tr")].filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())`))
	}
	cat, probs := catalog.Load(context.Background(), os.DirFS("../.."))
	if probs != nil {
		t.Fatal(probs)
	}
	all := len(cat.Errors)
	do(t, ctx, "open", chromedp.Navigate(base+"errors/"), chromedp.WaitVisible(chromedp.CSS("[data-az-filter]")))
	if n := len(visible()); n != all {
		t.Fatalf("%d rows before filtering, want %d", n, all)
	}
	do(t, ctx, "type", chromedp.SendKeys(chromedp.CSS("[data-az-filter]"), "record locked"))
	got := visible()
	if strings.Join(got, ",") != "ENTITY_IS_LOCKED,UNABLE_TO_LOCK_ROW" {
		t.Errorf(`filter "record locked" shows %v`, got)
	}
	if count, want := run(t, ctx, "count", chromedp.Text(chromedp.CSS("[data-az-count]"))), fmt.Sprintf("2 of %d errors", all); count != want {
		t.Errorf("count %q, want %q", count, want)
	}
	do(t, ctx, "category", js(`document.querySelector("[data-az-filter]").value = "", document.querySelector("[data-az-category]").value = "authentication", document.querySelector("[data-az-category]").dispatchEvent(new Event("change"))`))
	var want []string
	for _, e := range cat.InCategory("authentication") {
		want = append(want, e.Code)
	}
	if got := visible(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("category authentication shows %v, want %v", got, want)
	}
	do(t, ctx, "sort", js(`document.querySelector("[data-az-category]").value = "", document.querySelector("[data-az-category]").dispatchEvent(new Event("change"))`),
		chromedp.Click(chromedp.CSS(`[data-sort="title"]`)))
	titles := run(t, ctx, "titles", chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-az-table] tbody tr")].map(r => r.cells[1].textContent.trim())`))
	for i := 1; i < len(titles); i++ {
		if strings.ToLower(titles[i-1]) > strings.ToLower(titles[i]) {
			t.Errorf("not sorted by title: %q before %q", titles[i-1], titles[i])
			break
		}
	}
	if sort := run(t, ctx, "aria-sort", chromedp.AttributeValue(chromedp.CSS(`th:nth-child(2)`), "aria-sort")).Value; sort != "ascending" {
		t.Errorf("title column aria-sort=%q, want ascending", sort)
	}
}

// js runs a script in the page for its effect.
func js(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
		return err
	})
}

// TestRedirectKeepsFragment opens a cause's link through a redirect page
// (the lower-case code) and expects to land on the error page at that
// cause, as a host's 301 would.
func TestRedirectKeepsFragment(t *testing.T) {
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	do(t, ctx, "open", chromedp.Navigate(base+"errors/request_limit_exceeded/#concurrent-requests"), chromedp.WaitVisible(chromedp.CSS("h1")), chromedp.Sleep(300*time.Millisecond))
	if got, want := run(t, ctx, "url", chromedp.Evaluate[string](`location.pathname + location.hash`)), SubPath+"errors/REQUEST_LIMIT_EXCEEDED/#concurrent-requests"; got != want {
		t.Errorf("landed on %q, want %q", got, want)
	}
}
