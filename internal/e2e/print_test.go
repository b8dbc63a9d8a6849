package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
)

// TestCheatSheetPrints prints the cheat sheet to PDF in Chromium on A4 and
// on Letter, reads each page's text back with pdftotext, and checks what a
// reader with the paper in hand needs: every live error's code, first
// message, first step and address are there; no entry is split across
// pages (its code and its address are on the same page); and every page
// carries the site's name. It logs the page counts.
func TestCheatSheetPrints(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		needCI(t, "pdftotext (apt-get install poppler-utils)")
	}
	cat, probs := catalog.Load(context.Background(), os.DirFS(repoRoot))
	if probs != nil {
		t.Fatal(probs)
	}
	var entries []*catalog.Error
	for _, e := range cat.Errors {
		if e.Retired == nil {
			entries = append(entries, e)
		}
	}
	base := serve(t, builtSite(t))
	ctx := browser(t, 1280, 900)
	do(t, ctx, "open", chromedp.Navigate(base+"cheat-sheet/"), chromedp.WaitVisible(chromedp.CSS(".cheat-entry")))
	for _, paper := range []struct {
		name          string
		width, height float64 // inches
	}{{"A4", 8.27, 11.69}, {"Letter", 8.5, 11}} {
		t.Run(paper.name, func(t *testing.T) {
			pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: paper.width, PaperHeight: paper.height, PreferCSSPageSize: ptr(false)})
			if err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, pdf.Data)
			if d := os.Getenv("CHEAT_PDF"); d != "" { // to look at the paper: CHEAT_PDF=/tmp/x go test -run CheatSheet
				os.WriteFile(filepath.Join(d, paper.name+".pdf"), pdf.Data, 0o644)
			}
			t.Logf("%s: %d entries on %d pages", paper.name, len(entries), len(pages))
			for i, p := range pages {
				if !strings.Contains(p, "Salesforce Error Help Center") {
					t.Errorf("page %d does not carry the site's name:\n%.300s", i+1, p)
				}
			}
			for _, e := range entries {
				checkEntryPrinted(t, e, pages)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// pdfPages returns the text of each page of a PDF, with whitespace
// collapsed. A page is read as its left half, then its right half: the
// cheat sheet prints in two columns, which pdftotext would otherwise
// interleave line by line.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "cheat.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var w, h float64
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			fmt.Sscan(v, &n)
		}
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%f x %f", &w, &h)
		}
	}
	if n == 0 || w == 0 {
		t.Fatalf("pdfinfo: no page count or size in\n%s", info)
	}
	crop := func(page int, x float64) string {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-r", "72", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page),
			"-x", fmt.Sprint(int(x)), "-y", "0", "-W", fmt.Sprint(int(w/2)+1), "-H", fmt.Sprint(int(h)+1), file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	pages := make([]string, n)
	for i := range n {
		pages[i] = spaceRE.ReplaceAllString(crop(i+1, 0)+"\n"+crop(i+1, w/2), " ")
	}
	return pages
}

var spaceRE = regexp.MustCompile(`\s+`)

// checkEntryPrinted finds an entry's address on exactly one page, and its
// code, first message and first step on that same page. Spaces are left
// out of the comparison: a code or an address wraps at its underscores and
// slashes, which pdftotext reads as a space.
func checkEntryPrinted(t *testing.T, e *catalog.Error, pages []string) {
	t.Helper()
	url := "errors/" + e.Code + "/"
	on := -1
	for i, p := range pages {
		if strings.Contains(strings.ReplaceAll(p, " ", ""), url) {
			if on >= 0 {
				t.Errorf("%s: its address is on pages %d and %d", e.Code, on+1, i+1)
			}
			on = i
		}
	}
	if on < 0 {
		t.Errorf("%s: its address %s is on no page", e.Code, url)
		return
	}
	// The two columns of a page are read side by side by pdftotext, so
	// pieces are matched in order and apart, not as one run of text.
	p := strings.ReplaceAll(pages[on], " ", "")
	// The sheet prints the first message Salesforce says (one with a
	// public source), else the first one only reported (issue 24).
	shown := e.SaidMessages()
	if len(shown) == 0 {
		shown = e.ReportedMessages()
	}
	for what, text := range map[string]string{
		"code":          e.Code,
		"first message": firstWords(placeholderRE.ReplaceAllString(shown[0].Text, "$1"), 6),
		"first step":    firstWords(plainStep(e.Causes[0].Steps[0]), 5),
	} {
		if !strings.Contains(p, strings.ReplaceAll(text, " ", "")) {
			t.Errorf("%s: its %s (%q) is not on page %d, where its address is", e.Code, what, text, on+1)
		}
	}
}

// firstWords is the start of a text, a few words long, for matching.
func firstWords(s string, n int) string {
	words := strings.Fields(s)
	return strings.Join(words[:min(n, len(words))], " ")
}

// placeholderRE finds a message's {placeholders}, printed as their names.
var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

var markdownRE = regexp.MustCompile("[*`]|\\[([^\\]]*)\\]\\([^)]*\\)")

// plainStep is a step as printed: Markdown marks and link targets gone.
func plainStep(s string) string {
	s = markdownRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "[") {
			return m[1:strings.Index(m, "]")]
		}
		return ""
	})
	return s
}
