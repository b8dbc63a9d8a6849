package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/site"
	"github.com/helpcenter-dev/helpcenter/internal/source"
)

// runSummary prints in Markdown what the sources under --root change
// against those under --base (the pull request's base branch, checked out
// beside it): errors added, changed and which fields, retired, removed,
// and the URLs the ledger gains or loses. CI appends it to the job
// summary, so a reviewer sees what a writer's pull request publishes
// without reading YAML.
func runSummary(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("summary", "--base DIR [flags]", stdout, stderr)
	root := fs.String("root", ".", "site source `DIR`: the change")
	base := fs.String("base", "", "site source `DIR` to compare with: the base branch, e.g. checked out by git worktree add")
	if status, ok := fs.parse(args); !ok {
		return status
	}
	if *base == "" || fs.NArg() > 0 {
		fs.usage(stderr)
		return 2
	}
	head, probs := loadSide(ctx, *root)
	if probs != nil {
		diag.Write(stderr, probs, diag.Text)
		fmt.Fprintf(stderr, "%d problem(s) in %s; run helpcenter check\n", len(probs), *root)
		return 1
	}
	old, probs := loadSide(ctx, *base)
	if probs != nil {
		// A change to the schema may leave the base unreadable by this
		// version; the summary is a courtesy, check is the verdict.
		diag.Write(stderr, probs, diag.Text)
		fmt.Fprintf(stdout, "The base (%s) does not load with this version of helpcenter (%d problem(s), the first: %s), so there is no summary of the change.\n",
			*base, len(probs), mdEscape(probs[0].Error()))
		return 0
	}
	writeSummary(stdout, compareSides(old, head))
	return 0
}

// side is what a summary compares of one checkout.
type side struct {
	errors map[string]*catalog.Error
	notes  map[string][]byte // by code
	ledger []string          // sorted, as the file keeps it
}

// noteLimit bounds a note read for a summary, as the build bounds it.
var noteLimit = source.Limit{Size: content.MaxNoteSize, Hint: "split it into several guides, or keep the note to what the error page needs"}

// loadSide reads one checkout through the guarded reader the build uses
// (internal/source): a symlink that leads outside the checkout, a named
// pipe or an oversized file is refused with its name, not followed, waited
// on or read whole.
func loadSide(ctx context.Context, root string) (*side, diag.List) {
	fsys := source.Dir(root)
	c, probs := catalog.Load(ctx, fsys)
	if probs != nil {
		return nil, probs
	}
	s := &side{errors: map[string]*catalog.Error{}, notes: map[string][]byte{}}
	for _, e := range c.Errors {
		s.errors[e.Code] = e
		name := path.Join("content/errors", e.Code+".md")
		data, err := source.ReadFile(fsys, name, noteLimit)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			probs = append(probs, source.Problem(name, err, ""))
			continue
		}
		// A checkout's line endings are the machine's, not the writer's.
		s.notes[e.Code] = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	data, err := source.ReadFile(fsys, site.LedgerFile, source.FileLimit)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		probs = append(probs, source.Problem(site.LedgerFile, err, ""))
	}
	if probs != nil {
		return nil, probs
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			s.ledger = append(s.ledger, line)
		}
	}
	slices.Sort(s.ledger)
	return s, nil
}

// change is one entry in a summary, with the fields that changed.
type change struct {
	e      *catalog.Error
	fields []string
}

type summary struct {
	added, changed, retired, removed []change
	urlsAdded, urlsRemoved           []string
}

func compareSides(old, head *side) summary {
	var s summary
	for _, code := range sortedKeys(head.errors) {
		e, was := head.errors[code], old.errors[code]
		switch {
		case was == nil:
			s.added = append(s.added, change{e: e})
		case was.Retired == nil && e.Retired != nil:
			s.retired = append(s.retired, change{e: e})
		default:
			fields := changedFields(was, e)
			if !bytes.Equal(old.notes[code], head.notes[code]) {
				fields = append(fields, "note")
			}
			if len(fields) > 0 {
				s.changed = append(s.changed, change{e: e, fields: fields})
			}
		}
	}
	for _, code := range sortedKeys(old.errors) {
		if head.errors[code] == nil {
			s.removed = append(s.removed, change{e: old.errors[code]})
		}
	}
	s.urlsAdded = missing(head.ledger, old.ledger)
	s.urlsRemoved = missing(old.ledger, head.ledger)
	return s
}

// changedFields names, as the YAML does, every field of the entry whose
// value differs; positions and the file name are not fields.
func changedFields(a, b *catalog.Error) []string {
	var out []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		name, _, _ := strings.Cut(va.Type().Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, name)
		}
	}
	return out
}

// missing lists what sorted list a holds and sorted list b lacks.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeSummary(w io.Writer, s summary) {
	fmt.Fprintln(w, "### What this change publishes")
	fmt.Fprintln(w)
	if len(s.added)+len(s.changed)+len(s.retired)+len(s.removed)+len(s.urlsAdded)+len(s.urlsRemoved) == 0 {
		fmt.Fprintln(w, "No error added, changed or retired, and no URL added to the ledger.")
		return
	}
	fmt.Fprintf(w, "Errors: %d added, %d changed, %d retired", len(s.added), len(s.changed), len(s.retired))
	if len(s.removed) > 0 {
		fmt.Fprintf(w, ", %d removed", len(s.removed))
	}
	fmt.Fprintf(w, ". URLs in `%s`: %d added", site.LedgerFile, len(s.urlsAdded))
	if len(s.urlsRemoved) > 0 {
		fmt.Fprintf(w, ", %d removed", len(s.urlsRemoved))
	}
	fmt.Fprintln(w, ".")
	section(w, "Errors added", "", s.added, func(c change) string { return "" })
	section(w, "Errors changed", "", s.changed, func(c change) string {
		return ": " + strings.Join(c.fields, ", ")
	})
	section(w, "Errors retired", "", s.retired, func(c change) string {
		text := ": " + mdEscape(c.e.Retired.Reason)
		if !strings.HasSuffix(text, ".") {
			text += "."
		}
		if r := c.e.Retired.ReplacedBy; r != "" {
			text += " Replaced by `" + r + "`."
		}
		return text
	})
	section(w, "Errors removed", "Retire an entry instead of deleting it: its URLs must keep answering.", s.removed, func(c change) string { return "" })
	urlSection(w, "URLs added to `"+site.LedgerFile+"`", "", s.urlsAdded)
	urlSection(w, "URLs removed from `"+site.LedgerFile+"`", "Links to these will break: keep them in the ledger, and keep the entry, alias or guide that gives them.", s.urlsRemoved)
}

func heading(w io.Writer, title, note string, n int) {
	fmt.Fprintf(w, "\n#### %s (%d)\n\n", title, n)
	if note != "" {
		fmt.Fprintf(w, "%s\n\n", note)
	}
}

func section(w io.Writer, title, note string, list []change, more func(change) string) {
	if len(list) == 0 {
		return
	}
	heading(w, title, note, len(list))
	for _, c := range list {
		fmt.Fprintf(w, "- `%s` %s%s\n", c.e.Code, mdEscape(c.e.Title), more(c))
	}
}

func urlSection(w io.Writer, title, note string, list []string) {
	if len(list) == 0 {
		return
	}
	heading(w, title, note, len(list))
	// A long list (the first ledger, a guide's many anchors) folds away.
	long := len(list) > 20
	if long {
		fmt.Fprintf(w, "<details><summary>The %d URLs</summary>\n\n", len(list))
	}
	for _, u := range list {
		fmt.Fprintf(w, "- `%s`\n", u)
	}
	if long {
		fmt.Fprintln(w, "\n</details>")
	}
}

// mdEscape keeps a writer's text from being read as Markdown or HTML in
// the job summary. The text never starts a line, so only inline marks
// need escaping.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>&|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
