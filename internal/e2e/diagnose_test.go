package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// appPage serves, on an origin of its own, the page an app's diagnostics
// screen would be: it includes the help center's diagnose script from the
// help center's origin, with the given CSP (none when empty).
func appPage(t *testing.T, scriptURL, csp string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>App diagnostics</title>
<script src="%s"></script></head><body><h1>Sync errors</h1></body></html>`, scriptURL)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
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
		page := appPage(t, site+"diagnose.js", csp)
		ctx := browser(t, 1280, 900)
		do(t, ctx, "open the app's page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1")))
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
	}
}
