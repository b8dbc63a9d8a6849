package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// appPage serves, on an origin of its own, the page an app's diagnostics
// screen would be: a table of logged errors, then include (the help
// center's diagnose script and whatever uses it), with the given CSP
// (none when empty).
func appPage(t *testing.T, include, csp string, logged ...string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>App diagnostics</title></head><body><h1>Sync errors</h1><table>`)
		for _, l := range logged {
			fmt.Fprintf(w, `<tr><td class="sync-error">%s</td></tr>`, html.EscapeString(l))
		}
		fmt.Fprintf(w, "</table>\n%s\n</body></html>", include)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// readmeSnippet is the README's example of diagnose.js on an app's page,
// with the help center's address replaced by site.
func readmeSnippet(t *testing.T, site string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "### Diagnosis from another site")
	_, code, ok2 := strings.Cut(after, "```html\n")
	code, _, ok3 := strings.Cut(code, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no html example under \"Diagnosis from another site\"")
	}
	if n := strings.Count(strings.TrimSpace(code), "\n") + 1; n > 5 {
		t.Errorf("the README's example has %d lines; it promises five", n)
	}
	return strings.ReplaceAll(code, "https://help.example.com/", site)
}

// diagnosed is what the page gets back for one text.
type diagnosed []struct {
	Code, Title, URL, Cause, Confidence, Unknown string
	Score                                        float64
}

// diagnoseAll runs HelpCenter.diagnose on the page over texts, in order.
func diagnoseAll(t *testing.T, ctx context.Context, texts []string) []diagnosed {
	t.Helper()
	in, _ := json.Marshal(texts)
	js := `(async () => { const out = []; for (const t of ` + string(in) + `) out.push(await HelpCenter.diagnose(t)); return out; })()`
	return run(t, ctx, "diagnose", chromedp.Evaluate[[]diagnosed](js, chromedp.EvalAwaitPromise))
}

// TestDiagnoseCrossOrigin loads /diagnose.js into a page served by another
// origin, without a CSP and with a strict one that allows only the help
// center's scripts, and diagnoses a DmlException, an OAuth JSON body and an
// unknown code: each answer has the right code and an absolute URL on the
// help center's origin.
func TestDiagnoseCrossOrigin(t *testing.T) {
	site := serve(t, builtSite(t))
	origin := strings.TrimSuffix(site, SubPath)
	texts := []string{
		`System.DmlException: Update failed. First exception on row 0 with id 0015e00000Kq1aBAAR; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record or 1 records: 0015e00000Kq1aBAAR: []`,
		`{"error":"invalid_grant","error_description":"expired access/refresh token"}`,
		`[{"message":"DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): User, original object: Account","errorCode":"MIXED_DML_OPERATION","fields":[]}]`,
		`Faraday::TimeoutError: Net::ReadTimeout with #<TCPSocket:(closed)>`,
	}
	for _, csp := range []string{"", "default-src 'none'; script-src " + origin} {
		include := readmeSnippet(t, site)
		if csp != "" {
			// The README's inline script would be refused; the page
			// calls the script from elsewhere (here, the test).
			include = `<script src="` + site + `diagnose.js"></script>`
		}
		ctx := browser(t, 1280, 900)
		do(t, ctx, "open the app's page", chromedp.Navigate(appPage(t, include, csp, texts...)), chromedp.WaitVisible(chromedp.CSS("h1")))
		got := diagnoseAll(t, ctx, texts)
		check := func(i int, code, url string) {
			t.Helper()
			if len(got[i]) == 0 {
				t.Errorf("CSP %q: %.40q: no answer", csp, texts[i])
				return
			}
			g := got[i][0]
			if g.Code+g.Unknown != code || g.URL != url {
				t.Errorf("CSP %q: %.40q: first answer %+v, want %s at %s", csp, texts[i], g, code, url)
			}
		}
		check(0, "UNABLE_TO_LOCK_ROW", site+"errors/UNABLE_TO_LOCK_ROW/")
		check(1, "EXPIRED_ACCESS", site+"errors/EXPIRED_ACCESS/")
		check(2, "MIXED_DML_OPERATION", site+"search/?q=MIXED_DML_OPERATION")
		check(3, "INVALID_FIELD", site+"errors/INVALID_FIELD/#read-timeout")
		if len(got[0]) > 0 && (got[0][0].Confidence != "exact" || got[0][0].Title == "" || got[0][0].Score < 0.9) {
			t.Errorf("the DmlException's answer %+v: want an exact match with its title and a score of 0.9 or more", got[0][0])
		}
		if len(got[2]) > 1 {
			t.Errorf("the unknown code came with guessed pages: %+v", got[2])
		}
		if csp == "" {
			// The README's lines linked every logged error.
			do(t, ctx, "links", chromedp.WaitVisible(chromedp.CSS(`tr:nth-child(4) .sync-error a`)))
			links := run(t, ctx, "links", chromedp.Evaluate[[]string](`[...document.querySelectorAll(".sync-error a")].map(a => a.textContent + " " + a.href)`))
			want := []string{
				"UNABLE_TO_LOCK_ROW " + site + "errors/UNABLE_TO_LOCK_ROW/",
				"EXPIRED_ACCESS " + site + "errors/EXPIRED_ACCESS/",
				"MIXED_DML_OPERATION " + site + "search/?q=MIXED_DML_OPERATION",
				"INVALID_FIELD " + site + "errors/INVALID_FIELD/#read-timeout",
			}
			if strings.Join(links, "\n") != strings.Join(want, "\n") {
				t.Errorf("the README's example linked\n%s\nwant\n%s", strings.Join(links, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestFindMatchesBrowser runs every paste of the corpus through
// HelpCenter.diagnose in Chromium and through the engine `helpcenter find
// --site` uses (the same published script, in goja, over the same built
// site): the first answer and its URL must agree.
func TestFindMatchesBrowser(t *testing.T) {
	dir := builtSite(t)
	site := serve(t, dir)
	pastes := sitetest.Pastes(t)
	texts := make([]string, len(pastes))
	for i, p := range pastes {
		texts[i] = p.Text
	}
	ctx := browser(t, 1280, 900)
	do(t, ctx, "open the app's page", chromedp.Navigate(appPage(t, `<script src="`+site+`diagnose.js"></script>`, "")), chromedp.WaitVisible(chromedp.CSS("h1")))
	browserAnswers := diagnoseAll(t, ctx, texts)
	eng, err := search.OpenSite(dir, site)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pastes {
		ms, err := eng.Diagnose(p.Text, 5, false)
		if err != nil {
			t.Fatalf("pastes.txt:%d: %v", p.Line, err)
		}
		find, chrome := "", ""
		if len(ms) > 0 {
			find = ms[0].Code + ms[0].Unknown + " " + ms[0].URL
		}
		if b := browserAnswers[i]; len(b) > 0 {
			chrome = b[0].Code + b[0].Unknown + " " + b[0].URL
		}
		if find != chrome {
			t.Errorf("pastes.txt:%d: find says %q, the browser %q", p.Line, find, chrome)
		}
	}
}

// TestDiagnoseBrokenIndex: HelpCenter.diagnose over a site whose index
// file is empty, then not JavaScript, rejects each time with an Error
// that names the file, instead of never settling (and hanging every later
// call); once the file is good again, the next call answers.
func TestDiagnoseBrokenIndex(t *testing.T) {
	built := builtSite(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(built, "search"))); err != nil {
		t.Fatal(err)
	}
	dir, search := filepath.Dir(dir), dir
	os.Rename(search, filepath.Join(dir, "search"))
	script, err := os.ReadFile(filepath.Join(built, "diagnose.js"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "diagnose.js"), script, 0o644)
	index := filepath.Join(dir, "search", "index.js")
	good, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	site := serve(t, dir)
	ctx := browser(t, 1280, 900)
	do(t, ctx, "open the app's page", chromedp.Navigate(appPage(t, `<script src="`+site+`diagnose.js"></script>`, "")), chromedp.WaitVisible(chromedp.CSS("h1")))

	// settle reports how a call ends: "rejected: <message>", "resolved: n
	// answers", or "pending" when it has not settled after the page's
	// index loads many times over (a bound on the hang, not a timing).
	settle := func() string {
		js := `(() => {
			const call = HelpCenter.diagnose("UNABLE_TO_LOCK_ROW").then(
				(r) => "resolved: " + r.length + " answers",
				(e) => "rejected: " + (e instanceof Error ? "Error: " : "") + e.message);
			const pending = new Promise((resolve) => setTimeout(() => resolve("pending"), 15000));
			return Promise.race([call, pending]);
		})()`
		return run(t, ctx, "diagnose", chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	}
	// Each version of the file gets a later modification time (a whole
	// minute: HTTP dates have seconds), so the browser does not take its
	// cached copy for the current one.
	step := time.Now()
	write := func(data []byte) {
		step = step.Add(time.Minute)
		os.WriteFile(index, data, 0o644)
		os.Chtimes(index, step, step)
	}
	for _, bad := range []struct{ name, data string }{
		{"empty", ""},
		{"not JavaScript", "<!DOCTYPE html><title>Not found</title>"},
		{"JavaScript that loads nothing", "var x = 1;\n"},
	} {
		write([]byte(bad.data))
		got := settle()
		if !strings.HasPrefix(got, "rejected: Error: ") || !strings.Contains(got, site+"search/index.js") {
			t.Errorf("index %s: %s; want a rejection with an Error naming %ssearch/index.js", bad.name, got, site)
		}
	}
	write(good)
	if got := settle(); !strings.HasPrefix(got, "resolved: ") || got == "resolved: 0 answers" {
		t.Errorf("the index is good again: %s; want answers", got)
	}
}
