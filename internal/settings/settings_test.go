package settings

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#0b5cad", "#ffffff", 6.67},
		{"#7cb7ff", "#14171c", 8.62},
	} {
		if got := Contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.2f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestLoad reads settings files and checks the settings or the exact
// problems, with their positions.
func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       string // the problems, one a line; "" when none
		check      func(t *testing.T, s *Settings)
	}{
		{name: "no file", check: func(t *testing.T, s *Settings) {
			if !reflect.DeepEqual(s, Defaults()) {
				t.Errorf("got %+v, want the defaults", s)
			}
		}},
		{name: "empty file", file: "# nothing yet\n", check: func(t *testing.T, s *Settings) {
			if s.Name != Defaults().Name {
				t.Errorf("name %q", s.Name)
			}
		}},
		{name: "everything", file: `name: Acme Help
company: Acme Sync
language: en-GB
support:
  url: https://acme.example/support
  email: help@acme.example
  hours: Weekdays 9 to 5
logo: assets/img/logo.svg
accent: "#1d4ed8"
accent_dark: "#93c5fd"
footer_links:
  - title: Status
    url: https://status.acme.example/
`, check: func(t *testing.T, s *Settings) {
			if s.Name != "Acme Help" || s.ShortName != "Acme Help" || s.Language != "en-GB" || s.Support.Email != "help@acme.example" || !s.Support.HasContact() || s.LogoName() != "logo.svg" || len(s.FooterLinks) != 1 {
				t.Errorf("got %+v", s)
			}
			css := s.CSS()
			for _, want := range []string{"--accent:#1d4ed8;--accent-fg:#ffffff", "--accent:#93c5fd;--accent-fg:#0d1117", `:root[data-theme="dark"]`} {
				if !strings.Contains(css, want) {
					t.Errorf("CSS lacks %q:\n%s", want, css)
				}
			}
		}},
		{name: "poor contrast", file: "name: Acme Help\naccent: \"#7799ff\"\naccent_dark: \"#223344\"\n",
			want: "helpcenter.yaml:2:9: accent #7799ff has a contrast of 2.70:1 with the light theme's background #ffffff, below WCAG AA's 4.5:1 for link text (choose a darker shade of the colour)\n" +
				"helpcenter.yaml:2:9: accent #7799ff has a contrast of 2.51:1 with the light theme's background #f5f7fa, below WCAG AA's 4.5:1 for link text (choose a darker shade of the colour)\n" +
				"helpcenter.yaml:3:14: accent_dark #223344 has a contrast of 1.39:1 with the dark theme's background #14171c, below WCAG AA's 4.5:1 for link text (choose a lighter shade of the colour)\n" +
				"helpcenter.yaml:3:14: accent_dark #223344 has a contrast of 1.26:1 with the dark theme's background #1c2027, below WCAG AA's 4.5:1 for link text (choose a lighter shade of the colour)\n"},
		{name: "schema", file: "nmae: Acme\naccent: blue\nsupport:\n  email: not-an-address\n",
			want: "helpcenter.yaml:1:1: unknown field \"nmae\" (did you mean \"name\"? known fields: accent, accent_dark, base_url, company, footer_links, language, logo, name, repo_url, short_name, support)\n" +
				"helpcenter.yaml:2:9: accent \"blue\" is not in the expected form (The brand colour of links and buttons in the light theme, #rrggbb. The build refuses one whose contrast with the page or with button text fails WCAG AA, 4.5:1.)\n" +
				"helpcenter.yaml:4:10: support.email \"not-an-address\" is not in the expected form (A plain support address, such as help@example.com: letters, digits and . _ + - before the @, a domain name after it; nothing a mail link would read as more, such as ?, & or a second address.)\n"},
		// A mail link reads what follows ? as more headers: a hidden
		// copy to someone else, a prefilled body.
		{name: "email with headers", file: "support:\n  email: help@acme.example?bcc=spy@evil.example\n",
			want: "helpcenter.yaml:2:10: support.email \"help@acme.example?bcc=spy@evil.example\" is not in the expected form (A plain support address, such as help@example.com: letters, digits and . _ + - before the @, a domain name after it; nothing a mail link would read as more, such as ?, & or a second address.)\n"},
		{name: "two addresses", file: "support:\n  email: help@acme.example,spy@evil.example\n",
			want: "helpcenter.yaml:2:10: support.email \"help@acme.example,spy@evil.example\" is not in the expected form (A plain support address, such as help@example.com: letters, digits and . _ + - before the @, a domain name after it; nothing a mail link would read as more, such as ?, & or a second address.)\n"},
		{name: "plain address", file: "support:\n  email: first.last+help@mail.acme-sync.example\n"},
		{name: "missing logo", file: "logo: assets/img/nope.svg\n",
			want: "helpcenter.yaml:1:7: logo \"assets/img/nope.svg\" is not a file of the project (put the image under assets/, say assets/img/logo.svg, and give its path from the root)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"assets/img/logo.svg": {Data: []byte("<svg/>")}}
			if tc.file != "" {
				fsys[File] = &fstest.MapFile{Data: []byte(tc.file)}
			}
			s, probs := Load(fsys)
			var got strings.Builder
			for _, p := range probs {
				got.WriteString(p.Error() + "\n")
			}
			if got.String() != tc.want {
				t.Fatalf("problems:\n%s\nwant:\n%s", got.String(), tc.want)
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}

// TestCheckFlag: a flag that stands in for a settings field is held to
// the field's rule, and a problem names the flag.
func TestCheckFlag(t *testing.T) {
	for _, tc := range []struct{ flag, field, value, want string }{
		{"--base-url", "base_url", "", ""},
		{"--base-url", "base_url", "https://help.example.com/", ""},
		{"--base-url", "base_url", "https://org.github.io/repo/", ""},
		{"--base-url", "base_url", "javascript:alert(1)//", `--base-url: base_url "javascript:alert(1)//" is not in the expected form`},
		{"--base-url", "base_url", "https://help.example.com/a b/", `--base-url: base_url "https://help.example.com/a b/" is not in the expected form`},
		{"--base-url", "base_url", "https:///", `--base-url: base_url "https:///" is not in the expected form`},
		{"--base-url", "base_url", "https://x.example/a/?b=1#f/", `--base-url: base_url "https://x.example/a/?b=1#f/" is not in the expected form`},
		{"--base-url", "base_url", "https://x.example/#f/", `--base-url: base_url "https://x.example/#f/" is not in the expected form`},
		{"--base-url", "base_url", "https://user:pw@x.example/", `--base-url: base_url "https://user:pw@x.example/" is not in the expected form`},
		{"--base-url", "base_url", "http://localhost:8080/docs/", ""},
		{"--repo-url", "repo_url", "https://github.com/org/repo/edit/main/", ""},
		{"--repo-url", "repo_url", "javascript:alert(1)", `--repo-url: repo_url "javascript:alert(1)" is not in the expected form (links must be https:// URLs)`},
		{"--repo-url", "repo_url", "http://github.com/org/repo/", `--repo-url: repo_url "http://github.com/org/repo/" is not in the expected form`},
		{"--repo-url", "repo_url", "a\"\n\tb", `--repo-url: repo_url "a\"\n\tb" is not in the expected form`},
	} {
		got := CheckFlag(tc.flag, tc.field, tc.value)
		if tc.want == "" && got != nil || tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0].Error(), tc.want)) {
			t.Errorf("CheckFlag(%q, %q) = %v, want %q", tc.flag, tc.value, got, tc.want)
		}
	}
}
