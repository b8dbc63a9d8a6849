package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// TestSettingsReachEveryPage gives the fixture site a helpcenter.yaml
// with its own name, support contact, accent colour, logo and footer link,
// and checks every page: its title ends with the name, its footer links
// the contact, the stylesheet carries the colour; the error that support
// fixes links the contact; and the feed and the cheat sheet's print
// margins carry the name.
func TestSettingsReachEveryPage(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	os.WriteFile(filepath.Join(root, "assets/img/acme.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`), 0o644)
	os.WriteFile(filepath.Join(root, "helpcenter.yaml"), []byte(`name: Acme Sync Help
short_name: Acme Help
support:
  url: https://acme.example/support
  email: help@acme.example
  hours: Weekdays 9:00 to 17:00 CET
logo: assets/img/acme.svg
accent: "#1d4ed8"
footer_links:
  - title: Acme status
    url: https://status.acme.example/
`), 0o644)
	out := build(t, root, Options{BaseURL: "https://help.acme.example/"})
	files, err := sitetest.ReadTree(out)
	if err != nil {
		t.Fatal(err)
	}
	titleRE := regexp.MustCompile(`<title>([^<]*)</title>`)
	pages := 0
	for name, data := range files {
		page := string(data)
		if !strings.HasSuffix(name, ".html") || strings.Contains(page, `http-equiv="refresh"`) {
			continue // redirect pages are a line to another page
		}
		pages++
		m := titleRE.FindStringSubmatch(page)
		if m == nil || !strings.HasSuffix(m[1], "Acme Sync Help") {
			t.Errorf("%s: title %q does not end with the site's name", name, m)
		}
		for _, want := range []string{
			`<a href="https://acme.example/support">contact support</a> or <a href="mailto:help@acme.example">help@acme.example</a> (Weekdays 9:00 to 17:00 CET)`,
			`Acme Help</a>`, `class="brand-logo"`, `<a href="https://status.acme.example/">Acme status</a>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		if strings.Contains(page, "Salesforce Error Help") {
			t.Errorf("%s still names the default site", name)
		}
	}
	if pages < 10 {
		t.Fatalf("only %d pages checked", pages)
	}
	errPage := string(files["errors/UNABLE_TO_LOCK_ROW/index.html"])
	if !strings.Contains(errPage, `Our support team fixes this: <span class="support-contact">`) {
		t.Error("the cause that support fixes does not link the contact")
	}
	var css string
	for name, data := range files {
		if strings.HasPrefix(name, "assets/site.") {
			css = string(data)
		}
	}
	if !strings.Contains(css, "--accent:#1d4ed8") {
		t.Error("the stylesheet lacks the accent colour")
	}
	if !strings.Contains(string(files["changes.xml"]), "<name>Acme Sync Help</name>") || !strings.Contains(string(files["cheat-sheet/print.css"]), `"Acme Sync Help · help.acme.example"`) {
		t.Error("the feed or the cheat sheet's print margins lack the site's name")
	}
}

// TestSettingsPoorContrast: an accent colour that fails WCAG AA fails the
// build with its position, and nothing is written.
func TestSettingsPoorContrast(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	os.WriteFile(filepath.Join(root, "helpcenter.yaml"), []byte("name: Acme Sync Help\naccent: \"#88aaff\"\n"), 0o644)
	src, probs := Load(t.Context(), root)
	if src != nil || len(probs) == 0 || probs[0].File != "helpcenter.yaml" || probs[0].Line != 2 || !strings.Contains(probs[0].Msg, "below WCAG AA's 4.5:1") {
		t.Fatalf("problems %v, want the accent's contrast at helpcenter.yaml:2", probs)
	}
}
