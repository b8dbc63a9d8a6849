package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// stdin is where find reads a paste given no argument; tests replace it.
var stdin io.Reader = os.Stdin

// maxPaste bounds what find reads: the matcher looks at the first 1 MB.
const maxPaste = 1 << 20

// runFind is `helpcenter find`: the best help-center pages for a paste,
// for support agents and bots. It runs the site's own diagnose script
// (search.Engine), over the sources (the index built in memory) or over a
// built site, so it answers as the search page and HelpCenter.diagnose do.
//
// Exit status: 0 when something matched (a page, or a Salesforce code the
// help center lacks), 1 when nothing did, 2 for a usage or source error.
func runFind(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("find", stderr)
	root := fs.String("root", ".", "site source folder: the index is built from it in memory")
	siteDir := fs.String("site", "", "a site built by `helpcenter build` (its diagnose.js and search index) instead of the sources")
	baseURL := fs.String("base-url", os.Getenv("HELPCENTER_BASE_URL"), "the site's URL, for absolute links (env HELPCENTER_BASE_URL; with --site, default: the site's own canonical URL)")
	asJSON := fs.Bool("json", false, "print the answer as JSON, as HelpCenter.diagnose returns it")
	limit := fs.Int("n", 5, "at most this many pages")
	all := fs.Bool("all", false, "also list pages that only share words with the paste")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: helpcenter find [flags] [PASTE...]   (no PASTE: read it from standard input)")
		fs.PrintDefaults()
	}
	words, ok := parseInterleaved(fs, args)
	if !ok {
		return 2
	}
	paste, err := readPaste(words, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return 2
	}
	eng, err := openEngine(ctx, *root, *siteDir, *baseURL)
	if err != nil {
		var probs diag.List
		if errors.As(err, &probs) {
			diag.Write(stderr, probs, diag.Text)
		}
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return 2
	}
	matches, err := eng.Diagnose(paste, max(1, *limit), *all)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if matches == nil {
			matches = []search.Match{}
		}
		_ = enc.Encode(matches)
	} else {
		printMatches(stdout, matches)
	}
	if len(matches) == 0 {
		return 1
	}
	return 0
}

// parseInterleaved parses flags before, between and after the words of a
// paste given as arguments (helpcenter find 'paste' --json); after "--"
// everything is paste.
func parseInterleaved(fs *flag.FlagSet, args []string) (words []string, ok bool) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			return append(words, rest...), true
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readPaste joins the arguments, or reads standard input when there are
// none (or the one argument "-").
func readPaste(args []string, stderr io.Writer) (string, error) {
	if len(args) > 0 && !(len(args) == 1 && args[0] == "-") {
		return strings.Join(args, " "), nil
	}
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintln(stderr, "paste the error, then press Ctrl-D (Ctrl-Z and Enter on Windows)")
		}
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxPaste))
	if err != nil {
		return "", fmt.Errorf("reading the paste: %w", err)
	}
	if strings.TrimSpace(string(data)) == "" {
		return "", errors.New("no paste: give it as arguments or on standard input")
	}
	return string(data), nil
}

// openEngine loads the diagnose script and the index from a built site, or
// from the sources under root.
func openEngine(ctx context.Context, root, siteDir, base string) (*search.Engine, error) {
	if siteDir != "" {
		if base == "" {
			base = siteBaseURL(siteDir)
		}
		return search.OpenSite(siteDir, base)
	}
	src, probs := site.Load(ctx, root)
	if probs != nil {
		return nil, fmt.Errorf("%d problem(s) in the sources under %s; `helpcenter check` lists them", len(probs), root)
	}
	files, _ := search.NewIndex(src.Catalog, src.Content).Files()
	script, err := assets.BundlePublic(root, search.DiagnoseScript)
	if err != nil {
		return nil, fmt.Errorf("bundling %s/%s: %w", assets.PublicScriptsDir, search.DiagnoseScript, err)
	}
	return search.NewEngine(script, files, base)
}

var canonicalRE = regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`)

// siteBaseURL is the URL a built site was built for: its home page's
// canonical link, which is the --base-url it was built with; "" when it
// has none (URLs then stay relative to the site root).
func siteBaseURL(dir string) string {
	home, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return ""
	}
	if m := canonicalRE.FindSubmatch(home); m != nil {
		return string(m[1])
	}
	return ""
}

func printMatches(w io.Writer, matches []search.Match) {
	if len(matches) == 0 {
		fmt.Fprintln(w, "Nothing in the help center matches this text well enough to point to a page.")
		return
	}
	for _, m := range matches {
		if m.Unknown != "" {
			fmt.Fprintf(w, "%s is a Salesforce error code this help center does not cover yet.\n  %s\n", m.Unknown, m.URL)
			continue
		}
		fmt.Fprintf(w, "%s  %s %.2f  %s\n  %s\n", m.Code, m.Confidence, m.Score, m.Title, m.URL)
	}
}
