package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// LedgerFile is the ledger of published URLs, relative to the site root:
// every URL the site has published, sorted, one a line. It is committed
// with the sources, so a pull request's diff shows the URLs it adds, and
// check refuses sources that would drop one: support tickets, macros and
// the app's deep links hold them.
const LedgerFile = "catalog/published.txt"

const ledgerHeader = `# Every URL this help center has published, one a line, sorted.
# helpcenter check fails when the sources would drop one: retire an entry
# or a cause instead of deleting it, keep a renamed code or guide as an
# alias, and list a renamed cause's old id in its former_ids. New URLs
# are added by running
#   helpcenter urls --update
# and committing this file with the change that adds them.
`

// PublishedURL is a URL the site gives readers, support and apps, with
// the source that gives it (no position for the site's fixed pages).
type PublishedURL struct {
	// Path starts with "/", from the site's root: /errors/X/, /errors/X/#cause.
	Path string
	From diag.Pos
}

// publishedURLs lists the URLs of a planned site: its pages and data
// files that people link to (not host files such as _headers, nor
// fingerprinted assets or index shards, which change by design), every
// cause's anchor, and the lower-case codes a case-folding file system
// could not hold as pages, which _redirects still answers. Sorted by path.
func publishedURLs(m *Model, pages []*page) []PublishedURL {
	var urls []PublishedURL
	for _, p := range pages {
		if p.kind.internal {
			continue
		}
		urls = append(urls, PublishedURL{Path: "/" + p.path, From: sourceOf(p.dot)})
	}
	for _, e := range m.All {
		// Every anchor of a cause answers: its id and former ids, retired
		// or not (CauseIDs).
		anchors := e.CauseIDs()
		for _, id := range anchors {
			urls = append(urls, PublishedURL{Path: "/" + e.path + "#" + id, From: e.Where.Causes})
		}
		// A former code's URL redirects with its fragment (redirect.js,
		// or a host's 301), so its causes' anchors keep leading to them.
		for _, p := range e.redirects {
			if former := strings.TrimSuffix(strings.TrimPrefix(p, "errors/"), "/"); codeRE.MatchString(former) && p != e.path {
				for _, id := range anchors {
					urls = append(urls, PublishedURL{Path: "/" + p + "#" + id, From: e.Where.Aliases})
				}
			}
		}
	}
	for _, p := range m.Folded {
		for _, e := range m.All {
			if strings.EqualFold(e.path, p) {
				urls = append(urls, PublishedURL{Path: "/" + p, From: e.Where.Code})
			}
		}
	}
	slices.SortFunc(urls, func(a, b PublishedURL) int { return strings.Compare(a.Path, b.Path) })
	return slices.CompactFunc(urls, func(a, b PublishedURL) bool { return a.Path == b.Path })
}

// sourceOf is the source that gives a planned page.
func sourceOf(dot any) diag.Pos {
	switch d := dot.(type) {
	case *ErrorPage:
		return d.Error.Where.Code
	case *RedirectPage:
		return d.from
	case *CategoryPage:
		return d.Category.Pos
	case *GuidePage:
		return diag.Pos{File: d.Guide.File}
	}
	return diag.Pos{}
}

// ledger is the parsed ledger: its URLs and the line of each.
type ledger struct {
	exists bool
	lines  map[string]int
	order  []string
	// repairable are the faults that rewriting the ledger repairs (order,
	// a URL listed twice), which `urls --update` does rather than report.
	repairable diag.List
}

// ledgerLimit bounds the ledger, read like every source (internal/source):
// at some 40 bytes a URL, room for 400,000 of them.
var ledgerLimit = sourcefs.Limit{Size: 16 << 20, Hint: "the ledger lists URL paths, one a line; run helpcenter urls --update to rewrite it"}

// maxLedgerLine is the longest ledger line read as a URL: far more than
// any path the site gives (a code, an alias or a guide's name, each
// bounded by its schema), so a longer line is damage, reported without
// being repeated.
const maxLedgerLine = 4096

// readLedger reads the ledger under fsys. Every line is read, however
// long: a fault is reported at its line, and never ends the reading
// early, since a URL the ledger failed to read would be a URL no check
// keeps. A missing ledger is returned as one that does not exist; the
// caller decides whether that is a fault (missingLedger).
func readLedger(fsys fs.FS) (*ledger, diag.List) {
	l := &ledger{lines: map[string]int{}}
	data, err := sourcefs.ReadFile(fsys, LedgerFile, ledgerLimit)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	var probs diag.List
	if err != nil {
		probs = append(probs, sourcefs.Problem(LedgerFile, err, ""))
		return nil, probs
	}
	if data, probs = sourcefs.Text(LedgerFile, data); probs != nil {
		return nil, probs
	}
	l.exists = true
	n := 0
	for raw := range bytes.Lines(data) {
		n++
		pos := diag.Pos{File: LedgerFile, Line: n, Col: 1}
		if len(raw) > maxLedgerLine {
			probs.Add(pos, "ledger line is "+strconv.Itoa(len(raw))+" bytes long, longer than any URL the site gives", "each line is one URL path from the site's root; restore the file from version control with git checkout -- "+LedgerFile+", then run helpcenter urls --update")
			continue
		}
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case !strings.HasPrefix(line, "/"):
			probs.Add(pos, "ledger line "+strconv.Quote(line)+" is not a site path", "each line is a URL path from the site's root, e.g. /errors/UNABLE_TO_LOCK_ROW/; correct the line, or restore the file from version control")
		case l.lines[line] != 0:
			l.repairable.Add(pos, line+" is listed twice (first at line "+strconv.Itoa(l.lines[line])+")", "run helpcenter urls --update to rewrite the file")
		default:
			if k := len(l.order); k > 0 && l.order[k-1] > line {
				l.repairable.Add(pos, line+" is out of order", "the ledger is sorted so that diffs stay small; run helpcenter urls --update to rewrite it")
			}
			l.lines[line] = n
			l.order = append(l.order, line)
		}
	}
	return l, probs
}

// check compares the ledger with the URLs the sources give: a URL the
// ledger holds and the sources no longer give is a problem at the source
// responsible where there is one (an entry that lost a cause's id), else at
// the ledger's line; with strict set, a URL the ledger lacks is a problem
// at its source, one per source.
func (l *ledger) check(m *Model, urls []PublishedURL, strict bool) diag.List {
	if !l.exists {
		return nil
	}
	var probs diag.List
	given := make(map[string]bool, len(urls))
	for _, u := range urls {
		given[u.Path] = true
	}
	for _, u := range l.order {
		if !given[u] {
			pos, msg, hint := droppedURL(m, u, diag.Pos{File: LedgerFile, Line: l.lines[u], Col: 1})
			probs.Add(pos, msg, hint)
		}
	}
	if !strict {
		return probs
	}
	unlisted := map[diag.Pos][]string{}
	var froms []diag.Pos
	for _, u := range urls {
		if l.lines[u.Path] == 0 {
			if unlisted[u.From] == nil {
				froms = append(froms, u.From)
			}
			unlisted[u.From] = append(unlisted[u.From], u.Path)
		}
	}
	for _, from := range froms {
		paths := unlisted[from]
		if from.File == "" {
			from = diag.Pos{File: LedgerFile}
		}
		list := strings.Join(paths[:min(len(paths), 4)], ", ")
		if len(paths) > 4 {
			list += fmt.Sprintf(" and %d more", len(paths)-4)
		}
		probs.Add(from, fmt.Sprintf("%d new URL(s) are not in %s yet: %s", len(paths), LedgerFile, list),
			"run helpcenter urls --update and commit "+LedgerFile+" with this change, so the review sees every URL it publishes")
	}
	return probs
}

// checkAnchors checks that edited entries keep every published cause
// anchor, for the preview's update, where an entry's edit can drop no
// other URL (a change of code or aliases takes a full build).
func (l *ledger) checkAnchors(m *Model, entries []*catalog.Error) diag.List {
	if !l.exists {
		return nil
	}
	var probs diag.List
	for _, e := range entries {
		prefix := "/" + ErrorPath(e.Code) + "#"
		anchors := e.CauseIDs()
		for _, u := range l.order {
			id, ok := strings.CutPrefix(u, prefix)
			if ok && !slices.Contains(anchors, id) {
				msg, hint := droppedAnchor(u, e, id)
				probs.Add(e.Where.Causes, msg, hint)
			}
		}
	}
	return probs
}

// droppedAnchor words a published cause anchor, u, that no cause of e
// answers any more, with both ways to keep it: a renamed cause lists the
// old id among its former ids; a removed cause is put back and retired,
// keeping its id. It names the likely new name of the cause when one
// stands out (renamedTo).
func droppedAnchor(u string, e *catalog.Error, id string) (msg, hint string) {
	msg = "cause anchor " + u + " was published, and no cause of " + e.Code + " has the id " + strconv.Quote(id) + " or lists it in former_ids"
	to := "to the cause that replaces it"
	if c := renamedTo(e, id); c != "" {
		to = "to cause " + strconv.Quote(c) + " if that is its new name"
	}
	hint = "to rename the cause, add former_ids: [" + id + "] " + to + "; to remove it, put it back with id: " + id + " and retire it with retired: {date, reason}"
	return msg, hint
}

// renamedTo is the id of e's cause that id most likely became: the live
// cause whose id has the most words in common with it, the first of
// those tied, or "" when none has a word of it.
func renamedTo(e *catalog.Error, id string) string {
	best, most := "", 0
	old := strings.Split(id, "-")
	for _, c := range e.Causes {
		if !c.Live() {
			continue
		}
		n := 0
		for _, w := range strings.Split(c.ID, "-") {
			if slices.Contains(old, w) {
				n++
			}
		}
		if n > most {
			best, most = c.ID, n
		}
	}
	return best
}

// droppedURL words a published URL the sources no longer give: where it
// is, what is wrong, and what keeps the URL answering.
func droppedURL(m *Model, u string, at diag.Pos) (diag.Pos, string, string) {
	msg := u + " was published, and the sources no longer give it"
	rest, isError := strings.CutPrefix(u, "/errors/")
	switch {
	case isError && strings.Contains(rest, "/#"):
		code, id, _ := strings.Cut(rest, "/#")
		if v := m.views[code]; v != nil {
			msg, hint := droppedAnchor(u, v.Error, id)
			return v.Where.Causes, msg, hint
		}
		return at, msg, "retire " + code + " with retired: in its entry instead of deleting it"
	case isError && rest != "" && rest == strings.ToUpper(rest):
		code := strings.TrimSuffix(rest, "/")
		return at, msg, "retire the entry instead of deleting it: add retired: with date: and reason: to catalog/errors/" + code + ".yaml; to rename a code, keep " + code + " as an alias of the new entry"
	case isError:
		return at, msg + ": a lower-case code or an alias", "keep the alias in its entry's aliases:, or give it to the entry that replaces it"
	case strings.HasPrefix(u, "/guides/"):
		return at, msg, "keep the guide at that file name, or list its old name under the new guide's aliases: in its front matter"
	case strings.HasPrefix(u, "/categories/"):
		return at, msg, "keep the category's slug in catalog/categories.yaml; rename its name, not its slug"
	}
	return at, msg, "the help center published it; keep it"
}

// droppedBeside checks the ledger's guide and category pages against the
// guides of cont and the category slugs cats, for sources that failed to
// load as a whole (where check, which needs every source, cannot run): a
// nil cont or cats is not checked.
func (l *ledger) droppedBeside(cont *content.Content, cats []string) diag.List {
	if l == nil || !l.exists {
		return nil
	}
	given := map[string]bool{}
	if cont != nil {
		for _, g := range cont.Guides {
			for _, slug := range append([]string{g.Slug}, g.Aliases...) {
				given["/guides/"+slug+"/"] = true
			}
		}
	}
	for _, slug := range cats {
		given["/categories/"+slug+"/"] = true
	}
	var probs diag.List
	for _, u := range l.order {
		dir, slug, ok := strings.Cut(strings.TrimPrefix(u, "/"), "/")
		if !ok || slug == "" || strings.Count(slug, "/") != 1 || !strings.HasSuffix(slug, "/") || given[u] {
			continue
		}
		if (dir == "guides" && cont != nil) || (dir == "categories" && cats != nil) {
			at, msg, hint := droppedURL(nil, u, diag.Pos{File: LedgerFile, Line: l.lines[u], Col: 1})
			probs.Add(at, msg, hint)
		}
	}
	return probs
}

// missingLedger is the problem of a site without a ledger, where one is
// required (Options.RequireLedger).
func missingLedger() diag.Problem {
	return diag.Problem{Pos: diag.Pos{File: LedgerFile}, Msg: "the ledger of published URLs is missing",
		Hint: "it is what lets check refuse a change that breaks a published link; restore it from version control with git checkout -- " + LedgerFile + ", or, for a site that has never been published, create it with helpcenter urls --update and commit it"}
}

// publishedCodes maps the codes the ledger lists as pages (/errors/CODE/)
// to their lines, for the catalog to tell a deleted entry
// (catalog.Options.Published).
func (l *ledger) publishedCodes() map[string]diag.Pos {
	codes := map[string]diag.Pos{}
	for _, u := range l.order {
		rest, ok := strings.CutPrefix(u, "/errors/")
		code, page := strings.CutSuffix(rest, "/")
		if ok && page && codeRE.MatchString(code) {
			codes[code] = diag.Pos{File: LedgerFile, Line: l.lines[u], Col: 1}
		}
	}
	return codes
}

// URLs lists the URLs the sources under root give, for `helpcenter urls`.
func URLs(src *Sources, opt Options) []PublishedURL {
	m := newModel(src, noAssets{}, opt, markup.New(), false)
	return publishedURLs(m, plan(m))
}

// Check loads the sources under opt.Root and checks them, and the URLs
// they give against the ledger, as a build does, without rendering: what
// `helpcenter check` runs, and `urls --update` before it records a URL.
// The sources are returned whenever they loaded, with the ledger's
// problems if any, so that check goes on to report the links' problems
// in the same run.
func Check(ctx context.Context, opt Options) (*Sources, diag.List) {
	md := markup.New()
	src, probs := load(ctx, opt, md, false)
	if probs != nil {
		return nil, probs
	}
	m := newModel(src, noAssets{}, opt, md, false)
	if probs := src.ledger.check(m, publishedURLs(m, plan(m)), !opt.AllowUnlistedURLs); probs != nil {
		probs.Sort()
		return src, probs
	}
	return src, nil
}

// UpdateLedger adds the URLs the sources under opt.Root give to the
// ledger, creating it when needed, and rewrites it sorted; it never
// removes one. It first checks the sources as Check does, allowing only
// the URLs the ledger lacks yet and the faults the rewrite repairs, and
// records nothing while a check fails: a URL or cause id of an entry that
// is not ready (a placeholder left in, a schema fault, a broken link) is
// never published by accident. It returns the URLs added.
func UpdateLedger(ctx context.Context, opt Options) ([]string, diag.List, error) {
	opt.AllowUnlistedURLs, opt.RequireLedger, opt.repairLedger = true, false, true
	src, probs := Check(ctx, opt)
	if src != nil {
		probs.Append(CheckLinks(src, opt))
	}
	if probs != nil {
		probs.Sort()
		return nil, probs, nil
	}
	l := src.ledger
	all := slices.Clone(l.order)
	var added []string
	for _, u := range URLs(src, opt) {
		if l.lines[u.Path] == 0 {
			added = append(added, u.Path)
			all = append(all, u.Path)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var b bytes.Buffer
	b.WriteString(ledgerHeader)
	for _, u := range all {
		b.WriteString(u + "\n")
	}
	file := filepath.Join(opt.Root, filepath.FromSlash(LedgerFile))
	if err := replaceFile(file, b.Bytes()); err != nil {
		return nil, nil, err
	}
	return added, nil, nil
}

// replaceFile replaces file with data whole, or leaves it as it was. The
// new bytes go to a file of a random name in the same folder, created
// exclusively (never through a link an attacker left there), then
// renamed over file, which replaces a link at file rather than writing
// through it; the temporary file is removed on every failure.
func replaceFile(file string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.new")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), file)
}

// noAssets is the asset set of a model made only to list URLs.
type noAssets struct{}

func (noAssets) Path(string) string { return "" }
