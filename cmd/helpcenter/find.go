package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/site"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/term"
)

// stdin is where find reads a paste given no argument; tests replace it.
var stdin io.Reader = os.Stdin

// maxPaste bounds what find reads, as the matcher (assets/js/lib/search)
// bounds what it analyses in the browser: the first 1 MB.
const maxPaste = 1 << 20

// Exit statuses of find, as README gives them.
const (
	findMatched = 0 // a help-center page matched
	findNothing = 1 // nothing did, a Salesforce code the catalog lacks included
	findFailed  = 2 // a usage or input error
)

const findSynopsis = `[flags] [PASTE...]

Prints the help-center pages for a pasted error: PASTE, or standard input
when there is no PASTE (or it is -). Exits 0 when a page matched, 1 when
nothing did (a Salesforce code the help center lacks included), 2 on a
usage or input error.`

// runFind is `helpcenter find`: the best help-center pages for a paste,
// for support agents and bots. It runs the site's own diagnose script
// (search.Engine), over the sources (the index built in memory) or over a
// built site, so it answers as the search page and HelpCenter.diagnose do.
func runFind(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("find", findSynopsis, stdout, stderr)
	root := fs.String("root", ".", "site source `DIR`: the index is built from it in memory")
	siteDir := fs.String("site", "", "`DIR` of a site built by helpcenter build (its diagnose.js and search index), instead of the sources")
	baseURL := fs.String("base-url", os.Getenv("HELPCENTER_BASE_URL"), "the site's `URL`, for absolute links (env HELPCENTER_BASE_URL; with --site, default: the site's own canonical URL)")
	asJSON := fs.Bool("json", false, "print the answer as JSON, as HelpCenter.diagnose returns it")
	limit := fs.Int("n", 5, "at most `N` pages")
	all := fs.Bool("all", false, "also list pages that only share words with the paste")
	words, status, ok := parseInterleaved(fs, args)
	if !ok {
		return status
	}
	paste, err := readPaste(words, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return findFailed
	}
	eng, err := openEngine(ctx, *root, *siteDir, *baseURL)
	if err != nil {
		var probs diag.List
		if errors.As(err, &probs) {
			diag.Write(stderr, probs, diag.Text)
		}
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return findFailed
	}
	matches, err := eng.Diagnose(paste, max(1, *limit), *all)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter find:", err)
		return findFailed
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
	if slices.ContainsFunc(matches, func(m search.Match) bool { return m.Code != "" }) {
		return findMatched
	}
	return findNothing
}

// parseInterleaved parses flags before, between and after the words of a
// paste given as arguments (helpcenter find 'paste' --json); after "--"
// everything is paste. It returns false and the exit status when the
// command must stop (see command.parse).
func parseInterleaved(fs *command, args []string) (words []string, status int, ok bool) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	for {
		if status, ok := fs.parse(args); !ok {
			return nil, status, false
		}
		if fs.NArg() == 0 {
			return append(words, rest...), 0, true
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// isTerminal reports whether r is a terminal, where a person types (a
// character device may be /dev/null).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// readPaste joins the arguments, or reads standard input when there are
// none (or the one argument "-"), at most maxPaste bytes either way. It
// asks for the paste only when a person is at the terminal: not when
// input comes from a pipe, a file or /dev/null.
func readPaste(args []string, stderr io.Writer) (string, error) {
	if len(args) > 0 && !(len(args) == 1 && args[0] == "-") {
		paste := strings.Join(args, " ")
		return paste[:min(len(paste), maxPaste)], nil
	}
	if isTerminal(stdin) {
		fmt.Fprintln(stderr, "paste the error, then press Ctrl-D (Ctrl-Z and Enter on Windows)")
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

// homeLimit bounds the home page find reads for its canonical link: a
// page helpcenter builds is tens of kilobytes.
var homeLimit = source.Limit{Size: 4 << 20, Hint: "a home page helpcenter build writes is tens of kilobytes"}

// siteBaseURL is the URL a built site was built for: its home page's
// canonical link, which is the --base-url it was built with; "" when it
// has none (URLs then stay relative to the site root).
func siteBaseURL(dir string) string {
	home, err := source.ReadFile(source.Dir(dir), "index.html", homeLimit)
	if err != nil {
		return ""
	}
	return canonical(home)
}

// canonical is the href of a page's first <link rel="canonical">, read
// as a browser reads HTML (any attribute order, quoting or case); "" when
// the page has none.
func canonical(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Body {
				return ""
			}
			if tok.DataAtom != atom.Link {
				continue
			}
			var rel, href string
			for _, a := range tok.Attr {
				switch a.Key {
				case "rel":
					rel = a.Val
				case "href":
					href = a.Val
				}
			}
			if slices.Contains(strings.Fields(strings.ToLower(rel)), "canonical") && href != "" {
				return href
			}
		}
	}
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
