package e2e

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// fixtureSite builds a txtar site of internal/site/testdata and returns
// its output folder.
func fixtureSite(t *testing.T, archive string) string {
	t.Helper()
	sassPath, err := assets.FindSass("", repoRoot)
	if err != nil {
		needCI(t, "Dart Sass (make tools)")
	}
	sass := assets.NewCompiler(sassPath)
	t.Cleanup(func() { sass.Close() })
	root, _ := sitetest.Archive(t, filepath.Join(repoRoot, "internal/site/testdata", archive))
	out := filepath.Join(t.TempDir(), "public")
	if _, probs := site.Build(context.Background(), site.Options{Root: root, Out: out, Sass: sass}); probs != nil {
		t.Fatal(probs)
	}
	return out
}

// noScript turns the page's scripts off, as a reader may.
func noScript(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// TestCauseAnchorsLand opens links to a renamed cause's old ids and to a
// retired cause, with and without the page's script: the old ids scroll
// to the renamed cause's heading, and a retired cause, folded on the
// page, opens and shows itself. No script does it: the browser opens a
// <details> whose content holds the link's target.
func TestCauseAnchorsLand(t *testing.T) {
	base := serve(t, fixtureSite(t, "causes.txtar"))
	ctx := browser(t, 1024, 600)
	// inView is whether the element of id starts within the viewport.
	inView := func(id string) string {
		return `(() => { const r = document.getElementById("` + id + `").getBoundingClientRect(); return r.height > 0 && r.top >= -1 && r.top < innerHeight / 2; })()`
	}
	for _, scripts := range []bool{true, false} {
		for _, tc := range []struct{ hash, shows string }{
			{"#parent-locked", "parent-record-locked"},
			{"#account-locked", "parent-record-locked"},
			{"#stuck-batch-job", "stuck-batch-job"},
			{"#batch-lock", "stuck-batch-job"},
		} {
			name := tc.hash
			if !scripts {
				name += " without script"
			}
			do(t, ctx, name, chromedp.Navigate("about:blank"), noScript(!scripts), chromedp.Navigate(base+"errors/UNABLE_TO_LOCK_ROW/"+tc.hash), chromedp.WaitReady(chromedp.CSS("body")))
			if !run(t, ctx, name, chromedp.Evaluate[bool](inView(tc.shows))) {
				t.Errorf("%s: #%s is not in view", name, tc.shows)
			}
		}
		if ran := !run(t, ctx, "script ran", chromedp.Evaluate[bool](`document.querySelector("[data-copy-link]").hidden`)); ran != scripts {
			t.Fatalf("the page's script ran: %v, want %v", ran, scripts)
		}
		if open := run(t, ctx, "open", chromedp.Evaluate[bool](`document.querySelector("details.retired-cause").open`)); !open {
			t.Errorf("scripts %v: the retired cause stayed folded when its link was followed", scripts)
		}
		do(t, ctx, "plain", chromedp.Navigate("about:blank"), chromedp.Navigate(base+"errors/UNABLE_TO_LOCK_ROW/"), chromedp.WaitReady(chromedp.CSS("body")))
		if open := run(t, ctx, "folded", chromedp.Evaluate[bool](`document.querySelector("details.retired-cause").open`)); open {
			t.Errorf("scripts %v: the retired cause is open on a plain visit", scripts)
		}
		if run(t, ctx, "plain", chromedp.Evaluate[bool](inView("parent-record-locked"))) {
			t.Fatal("the renamed cause is in view without a link to it: the test proves nothing")
		}
	}
}

// TestRetiredCauseAccessible runs axe-core on an error page with a
// renamed and a retired cause, the retired one opened by its link, in both
// themes: no violation of WCAG 2.1 A and AA or axe's best practices.
func TestRetiredCauseAccessible(t *testing.T) {
	axe := axeSource(t)
	base := serve(t, fixtureSite(t, "causes.txtar"))
	ctx := browser(t, 1280, 900)
	for _, scheme := range []string{"light", "dark"} {
		do(t, ctx, scheme, theme(scheme), chromedp.Navigate("about:blank"), chromedp.Navigate(base+"errors/UNABLE_TO_LOCK_ROW/#stuck-batch-job"), chromedp.WaitVisible(chromedp.CSS("#stuck-batch-job")))
		run(t, ctx, "inject axe", chromedp.Evaluate[bool](axe+";true"))
		vs := run(t, ctx, "axe", chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
		for _, v := range vs {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, n.Target...)
			}
			t.Errorf("%s: %s: %s at %v", scheme, v.ID, v.Help, where)
		}
	}
}
