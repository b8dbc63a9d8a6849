// Package settings loads helpcenter.yaml, what makes the help center a
// company's own: its name, support contact, logo, brand colour, footer
// links and language. Every field is optional; the defaults reproduce the
// Salesforce Error Help Center, so a site without the file is unchanged.
//
// The file is checked like the catalog (a JSON Schema that editors also
// read, problems with their positions), plus what a schema cannot say: a
// logo that exists under assets/, and brand colours whose contrast with
// the page and with button text meets WCAG AA.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// File is the settings file, relative to the site root.
const File = "helpcenter.yaml"

// Settings are the site's settings, defaults applied.
type Settings struct {
	Name        string  `yaml:"name"`
	ShortName   string  `yaml:"short_name"`
	Company     string  `yaml:"company"`
	BaseURL     string  `yaml:"base_url"`
	RepoURL     string  `yaml:"repo_url"`
	Language    string  `yaml:"language"`
	Support     Support `yaml:"support"`
	Logo        string  `yaml:"logo"`
	Accent      string  `yaml:"accent"`
	AccentDark  string  `yaml:"accent_dark"`
	FooterLinks []Link  `yaml:"footer_links"`
}

// Support is how readers reach the support team. Any of it may be empty.
type Support struct {
	URL   string `yaml:"url"`
	Email string `yaml:"email"`
	// Hours says when or where support answers, in one line.
	Hours string `yaml:"hours"`
}

// LogoName is the logo's name among the assets (its file name), for
// templates' .Asset; "" without a logo.
func (s *Settings) LogoName() string {
	if s.Logo == "" {
		return ""
	}
	return path.Base(s.Logo)
}

// HasContact reports whether readers can be given a way to reach support.
func (s Support) HasContact() bool { return s.URL != "" || s.Email != "" }

// Link is a footer link.
type Link struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Defaults are the settings of a site without helpcenter.yaml.
func Defaults() *Settings {
	return &Settings{Name: "Salesforce Error Help Center", ShortName: "Salesforce Error Help", Language: "en"}
}

// The themes' own colours (assets/scss/_tokens.scss), against which brand
// colours are checked: the page, the soft panels, and the two text
// colours a button can take.
const (
	lightBG, lightSoft = "#ffffff", "#f5f7fa"
	darkBG, darkSoft   = "#14171c", "#1c2027"
	lightText          = "#ffffff" // button text on the light accent
	darkText           = "#0d1117" // button text on the dark accent
)

// Load reads helpcenter.yaml under fsys, or returns the defaults when
// there is none.
func Load(fsys fs.FS) (*Settings, diag.List) {
	s := Defaults()
	data, err := source.ReadFile(fsys, File, yamldoc.Limit)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	var probs diag.List
	if err != nil {
		probs = append(probs, source.Problem(File, err, ""))
		return nil, probs
	}
	if onlyComments(data) {
		return s, nil // every default
	}
	doc, p := yamldoc.Parse(File, data)
	if p != nil {
		return nil, p
	}
	if p := catalog.ValidateSettings(doc); p != nil {
		return nil, p
	}
	var read Settings
	if err := doc.Decode(&read); err != nil {
		probs.Add(doc.Pos(nil), "cannot decode the settings: "+err.Error(), "")
		return nil, probs
	}
	s.merge(&read)
	probs.Append(checkLogo(fsys, s.Logo, doc.Pos([]string{"logo"})))
	probs.Append(checkAccent(s.Accent, "accent", doc.Pos([]string{"accent"}), []string{lightBG, lightSoft}, "the light theme"))
	probs.Append(checkAccent(s.AccentDark, "accent_dark", doc.Pos([]string{"accent_dark"}), []string{darkBG, darkSoft}, "the dark theme"))
	if len(probs) > 0 {
		return nil, probs
	}
	return s, nil
}

// CheckFlag checks value, given on the command line as flag
// ("--base-url"), by the rules of field ("base_url") of helpcenter.yaml,
// which it stands in for, and words a problem as the settings file's
// would be (naming the field, whose rule it broke), placed at the flag. A value the file may not hold (a
// javascript: URL, a URL with spaces) is no better on the command line.
// An empty value is no value.
func CheckFlag(flag, field, value string) diag.List {
	if value == "" {
		return nil
	}
	quoted, err := json.Marshal(value) // JSON strings are YAML
	if err != nil {
		return diag.List{{Pos: diag.Pos{File: flag}, Msg: err.Error()}}
	}
	doc, probs := yamldoc.Parse(flag, append([]byte(field+": "), quoted...))
	if probs == nil {
		probs = catalog.ValidateSettings(doc)
	}
	for i := range probs {
		probs[i].Pos = diag.Pos{File: flag}
	}
	return probs
}

// onlyComments reports whether a YAML file holds nothing but blank lines
// and comments, as a settings file does before anyone fills it in.
func onlyComments(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

// merge takes every field read from the file over the defaults.
func (s *Settings) merge(r *Settings) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&s.Name, r.Name)
	s.ShortName = r.ShortName
	if s.ShortName == "" {
		s.ShortName = s.Name
		if r.Name == "" {
			s.ShortName = Defaults().ShortName
		}
	}
	set(&s.Company, r.Company)
	set(&s.BaseURL, r.BaseURL)
	set(&s.RepoURL, r.RepoURL)
	set(&s.Language, r.Language)
	s.Support = r.Support
	set(&s.Logo, r.Logo)
	set(&s.Accent, r.Accent)
	set(&s.AccentDark, r.AccentDark)
	s.FooterLinks = r.FooterLinks
}

// checkLogo checks that the logo is a file under assets/, which the build
// copies with the other images.
func checkLogo(fsys fs.FS, logo string, pos diag.Pos) diag.List {
	var probs diag.List
	if logo == "" {
		return nil
	}
	if st, err := fs.Stat(fsys, logo); err != nil || !st.Mode().IsRegular() {
		probs.Add(pos, "logo "+strconv.Quote(logo)+" is not a file of the project", "put the image under assets/, say assets/img/logo.svg, and give its path from the root")
	} else if path.Clean(logo) != logo {
		probs.Add(pos, "logo "+strconv.Quote(logo)+" is not a clean path", "write it as assets/img/logo.svg")
	}
	return probs
}

// checkAccent checks a brand colour where the themes use it: as the
// colour of links on the page and its panels, and as the background of
// buttons under their text; each pair needs WCAG AA's 4.5:1.
func checkAccent(accent, field string, pos diag.Pos, backgrounds []string, theme string) diag.List {
	var probs diag.List
	if accent == "" {
		return nil
	}
	for _, bg := range backgrounds {
		if r := Contrast(accent, bg); r < 4.5 {
			probs.Add(pos, fmt.Sprintf("%s %s has a contrast of %.2f:1 with %s's background %s, below WCAG AA's 4.5:1 for link text", field, accent, r, theme, bg),
				"choose a "+darker(theme)+" shade of the colour")
		}
	}
	if fg := ButtonText(accent); Contrast(accent, fg) < 4.5 {
		probs.Add(pos, fmt.Sprintf("%s %s has a contrast of %.2f:1 with button text (%s), below WCAG AA's 4.5:1", field, accent, Contrast(accent, fg), fg),
			"choose a colour further from mid-grey")
	}
	return probs
}

func darker(theme string) string {
	if strings.Contains(theme, "dark") {
		return "lighter"
	}
	return "darker"
}

// ButtonText is the text colour for a button of the accent colour: the
// theme's white or its near-black, whichever contrasts more.
func ButtonText(accent string) string {
	if Contrast(accent, lightText) >= Contrast(accent, darkText) {
		return lightText
	}
	return darkText
}

// Contrast is WCAG 2's contrast ratio of two #rrggbb colours, 1 to 21.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return 0
	}
	channel := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(v>>16&0xff) + 0.7152*channel(v>>8&0xff) + 0.0722*channel(v&0xff)
}

// CSS is the style that puts the brand colours in place of the themes'
// own, appended after the site's stylesheet so it wins; "" without brand
// colours. The selectors are those of assets/scss/_base.scss.
func (s *Settings) CSS() string {
	var b strings.Builder
	if s.Accent != "" {
		fmt.Fprintf(&b, ":root{--accent:%s;--accent-fg:%s;--focus:%s}\n", s.Accent, ButtonText(s.Accent), s.Accent)
	}
	if s.AccentDark != "" {
		vars := fmt.Sprintf("--accent:%s;--accent-fg:%s;--focus:%s", s.AccentDark, ButtonText(s.AccentDark), s.AccentDark)
		fmt.Fprintf(&b, "@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){%s}}\n:root[data-theme=\"dark\"]{%s}\n", vars, vars)
	}
	return b.String()
}
