package catalog

import (
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// crossCheck finds what no single file's schema can: faults in how entries
// refer to categories and to each other. With nil cats (the categories file
// is itself broken) categories are not checked. named lists the codes of
// every entry file, including those that failed to load, which count as
// known to related lists: their own fault is reported in their own file.
// An entry the ledger lists as published (opt.Published) and no file or
// alias gives any more is reported once, at the ledger, with the related
// lists that still name it.
func crossCheck(cats []*Category, entries []entryFile, named []string, opt Options) diag.List {
	var probs diag.List
	slugs := make([]string, 0, len(cats))
	catSet := map[string]bool{}
	for _, c := range cats {
		slugs = append(slugs, c.Slug)
		catSet[c.Slug] = true
	}
	slices.Sort(slugs)
	slugs = slices.Compact(slugs)

	codes, codeSet := knownCodes(entries, named)

	// Every code and alias is a name a pasted error or a URL can resolve
	// to, so each must lead to exactly one entry, whatever its case.
	names := map[string]nameClaim{}
	claimName := func(name string, c nameClaim) {
		key := strings.ToLower(strings.TrimSpace(name))
		if first, ok := names[key]; ok {
			if first.code == c.code && first.what == "code" && c.what == "alias" {
				probs.Add(c.at(), "alias "+strconv.Quote(name)+" repeats the entry's own code", "remove it: the code already leads here")
				return
			}
			probs.Add(c.at(), c.what+" "+strconv.Quote(name)+" is already used as the "+first.what+" of "+first.code+" at "+first.at().String(),
				"a code or alias must lead to one entry only; remove one of them")
			return
		}
		names[key] = c
	}
	// Codes first, in code order, so that a clash is reported at the alias
	// (the later, optional name) and the report is stable.
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b entryFile) int { return strings.Compare(a.err.Code, b.err.Code) })
	for i := range sorted {
		if sorted[i].err.Code != "" {
			claimName(sorted[i].err.Code, nameClaim{sorted[i].err.Code, codeAt(&sorted[i]), "code"})
		}
	}
	for i := range sorted {
		ef := &sorted[i]
		for j, a := range ef.err.Aliases {
			claimName(a, nameClaim{ef.err.Code, aliasAt(ef, j), "alias"})
		}
	}

	probs.Append(checkAddresses(sorted, names))

	ctx := entryContext{cats: cats, catSet: catSet, slugs: slugs, codeSet: codeSet, codes: codes, retired: map[string]bool{}, today: opt.Today}
	for _, ef := range entries {
		ctx.retired[ef.err.Code] = ef.err.Retired != nil
	}
	// Unless an entry file could not be read at all (it might hold the
	// alias that keeps a published code), deletions are reported.
	if len(entries) == len(named) {
		ctx.deleted = deletedCodes(opt.Published, func(code string) bool {
			_, ok := names[strings.ToLower(code)]
			return ok || codeSet[code]
		})
	}
	for i := range sorted {
		probs.Append(ctx.check(&sorted[i]))
	}
	probs.Append(deletedEntries(ctx.deleted, opt.Published))
	return probs
}

// nameClaim is an entry's claim on a name (its code or an alias) or an
// address.
type nameClaim struct {
	code string
	at   func() diag.Pos // resolved only for a fault
	what string
}

func codeAt(ef *entryFile) func() diag.Pos { return func() diag.Pos { return ef.err.Where.Code } }

func aliasAt(ef *entryFile, i int) func() diag.Pos {
	return func() diag.Pos { return ef.pos("aliases", strconv.Itoa(i)) }
}

// checkAddresses checks that no two names share an address,
// /errors/<slug>/, or one redirect would silently win. names are the
// claims on names that crossCheck accepted.
func checkAddresses(sorted []entryFile, names map[string]nameClaim) diag.List {
	var probs diag.List
	urls := map[string]nameClaim{}
	for i := range sorted {
		urls[Slug(sorted[i].err.Code)] = nameClaim{sorted[i].err.Code, codeAt(&sorted[i]), "code"}
	}
	for k := range sorted {
		ef := &sorted[k]
		for i, a := range ef.err.Aliases {
			if n := names[strings.ToLower(strings.TrimSpace(a))]; n.code != ef.err.Code || n.what != "alias" {
				continue // the name itself clashes, reported above
			}
			slug := Slug(a)
			c := nameClaim{ef.err.Code, aliasAt(ef, i), "alias"}
			if first, ok := urls[slug]; ok && first.code != c.code {
				probs.Add(c.at(), "alias "+strconv.Quote(a)+" has the same address /errors/"+slug+"/ as the "+first.what+" of "+first.code+" at "+first.at().String(), "reword one of them")
				continue
			}
			if _, ok := urls[slug]; !ok {
				urls[slug] = c
			}
		}
	}
	return probs
}

// deletedCodes lists the published codes (code to ledger line) that no
// entry gives any more, as a code or an alias: deleted entries, each to
// be reported once, with the related lists that name it, not as an
// unknown code in each.
func deletedCodes(published map[string]diag.Pos, given func(string) bool) map[string][]diag.Pos {
	deleted := map[string][]diag.Pos{}
	for code := range published {
		if !given(code) {
			deleted[code] = nil
		}
	}
	return deleted
}

// deletedEntries words each deleted, published entry: what keeps its URL,
// and the related lists that still name it.
func deletedEntries(deleted map[string][]diag.Pos, published map[string]diag.Pos) diag.List {
	var probs diag.List
	for _, code := range slices.Sorted(maps.Keys(deleted)) {
		file := ErrorsDir + "/" + code + ".yaml"
		hint := "retire it instead of deleting it: restore " + file + " and add retired: with date:, reason: and, if another entry covers it now, replaced_by:; or, to rename the code, keep " + code + " under aliases: of the new entry; either keeps the URL answering"
		if refs := deleted[code]; len(refs) > 0 {
			var at []string
			for _, p := range refs {
				at = append(at, p.String())
			}
			hint += "; then the related lists that name it, at " + strings.Join(at, ", ") + ", are right as they are"
		}
		probs.Add(published[code], "/errors/"+code+"/ was published, and "+file+" is gone", hint)
	}
	return probs
}

// knownCodes lists, sorted and as a set, the codes of the loaded entries
// and those named by entry files that failed to load.
func knownCodes(entries []entryFile, named []string) ([]string, map[string]bool) {
	codes := make([]string, 0, len(entries)+len(named))
	set := map[string]bool{}
	for _, ef := range entries {
		codes = append(codes, ef.err.Code)
		set[ef.err.Code] = true
	}
	for _, code := range named {
		if !set[code] {
			codes = append(codes, code)
			set[code] = true
		}
	}
	slices.Sort(codes)
	return codes, set
}

// entryContext is what checking one entry needs to know of the rest.
type entryContext struct {
	cats    []*Category
	catSet  map[string]bool
	slugs   []string
	codeSet map[string]bool
	codes   []string
	retired map[string]bool // by code
	today   time.Time
	// deleted gathers, for each published code that was deleted, where
	// related lists name it (nil when deletions are not reported).
	deleted map[string][]diag.Pos
}

// check runs the checks that concern one entry and its references. For an
// entry that failed its schema, a problem at a position the schema
// reported on is left out.
func (x entryContext) check(ef *entryFile) diag.List {
	probs := x.checkEntry(ef)
	if ef.failed != nil {
		probs = slices.DeleteFunc(probs, func(p diag.Problem) bool { return ef.failed[p.Pos] })
	}
	return probs
}

// checkEntry is check, for every entry.
func (x entryContext) checkEntry(ef *entryFile) diag.List {
	var probs diag.List
	cats, catSet, slugs, codeSet, codes := x.cats, x.catSet, x.slugs, x.codeSet, x.codes
	e, at := ef.err, ef.pos

	if want := strings.TrimSuffix(path.Base(e.File), ".yaml"); e.Code != want {
		probs.Add(at("code"), "code "+strconv.Quote(e.Code)+" does not match the file name "+path.Base(e.File),
			"set code: "+want+", or rename the file to "+e.Code+".yaml")
	}
	if cats != nil && !catSet[e.Category] {
		hint := "known: " + strings.Join(slugs, ", ")
		if g := closest(e.Category, slugs); g != "" {
			hint = "did you mean " + strconv.Quote(g) + "? " + hint
		}
		probs.Add(at("category"), "unknown category "+strconv.Quote(e.Category), hint)
	}
	seenRel := map[string]bool{}
	for i, r := range e.Related {
		p := func() diag.Pos { return at("related", strconv.Itoa(i)) }
		switch {
		case r == e.Code:
			probs.Add(p(), "an entry cannot be related to itself", "remove "+r+" from related")
		case seenRel[r]:
			probs.Add(p(), "related code "+r+" is listed twice", "remove one")
		case !codeSet[r] && x.isDeleted(r):
			x.deleted[r] = append(x.deleted[r], p())
		case !codeSet[r]:
			hint := "related codes must have an entry in catalog/errors/"
			if g := closest(r, codes); g != "" {
				hint = "did you mean " + g + "?"
			}
			probs.Add(p(), "related code "+r+" is not in the catalog", hint)
		}
		seenRel[r] = true
	}
	probs.Append(checkMessages(e, at))
	probs.Append(checkCauses(e, at))
	probs.Append(checkDates(e, at, x.today))
	probs.Append(x.checkRetired(e, at))
	for i, l := range e.Links {
		u, err := url.Parse(l.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			probs.Add(at("links", strconv.Itoa(i), "url"), "link "+strconv.Quote(l.URL)+" is not a valid https URL", "write the full address, starting with https://")
		}
	}
	return probs
}

// checkMessages finds a message given twice in an entry, at the entry or
// at its causes: each must lead to one place.
func checkMessages(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	seenMsg := map[string]string{}
	for i, m := range Texts(e.Messages) {
		where := "messages[" + strconv.Itoa(i) + "]"
		if first, dup := seenMsg[m]; dup {
			probs.Add(at("messages", strconv.Itoa(i)), "message repeats "+first, "remove one")
		}
		seenMsg[m] = where
	}
	for ci, c := range e.Causes {
		for i, m := range Texts(c.Messages) {
			where := "causes[" + strconv.Itoa(ci) + "].messages[" + strconv.Itoa(i) + "]"
			if first, dup := seenMsg[m]; dup {
				probs.Add(at("causes", strconv.Itoa(ci), "messages", strconv.Itoa(i)), "message repeats "+first, "keep it once: at the cause it belongs to, or at the entry when several causes produce it")
				continue
			}
			seenMsg[m] = where
		}
	}
	return probs
}

// checkCauses checks the cause ids and former ids: each is an anchor of
// the page that leads to one cause, so none is used twice in the entry
// and none is an id the page itself uses. A live entry keeps at least one
// live cause, or its page would say nothing about how to fix it.
func checkCauses(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	owner := map[string]string{} // anchor → what takes it, e.g. "the id of causes[0]"
	for i, c := range e.Causes {
		p := func() diag.Pos { return at("causes", strconv.Itoa(i), "id") }
		if _, dup := owner[c.ID]; dup {
			first := slices.IndexFunc(e.Causes, func(o Cause) bool { return o.ID == c.ID })
			probs.Add(p(), "cause id "+strconv.Quote(c.ID)+" is already used by causes["+strconv.Itoa(first)+"]", "each cause needs its own id: it is the cause's link, /errors/"+e.Code+"/#"+c.ID)
			continue
		}
		if slices.Contains(PageIDs, c.ID) {
			probs.Add(p(), "cause id "+strconv.Quote(c.ID)+" is taken by the page itself", "choose another; the page uses "+strings.Join(PageIDs, ", "))
		}
		owner[c.ID] = "the id of causes[" + strconv.Itoa(i) + "]"
	}
	for i, c := range e.Causes {
		for j, id := range c.FormerIDs {
			p := func() diag.Pos { return at("causes", strconv.Itoa(i), "former_ids", strconv.Itoa(j)) }
			first, dup := owner[id]
			switch {
			case id == c.ID:
				probs.Add(p(), "former id "+strconv.Quote(id)+" is the cause's own id", "remove it from former_ids: the id already leads here")
			case dup:
				probs.Add(p(), "former id "+strconv.Quote(id)+" is already "+first, "a link to /errors/"+e.Code+"/#"+id+" can land on one cause only; keep it at the cause that now covers it")
			case slices.Contains(PageIDs, id):
				probs.Add(p(), "former id "+strconv.Quote(id)+" is taken by the page itself", "the page's own "+strconv.Quote(id)+" answers that link; remove it from former_ids")
			default:
				owner[id] = "a former id of causes[" + strconv.Itoa(i) + "]"
			}
		}
	}
	if e.Retired == nil && len(e.Causes) > 0 && !slices.ContainsFunc(e.Causes, func(c Cause) bool { return c.Live() }) {
		probs.Add(at("causes"), "every cause of "+e.Code+" is retired", "keep at least one cause that is not retired, or retire the whole entry with retired: at its top level")
	}
	return probs
}

// checkDates checks that the entry's days are real days, in order, that
// a change note has the day of its change, and that a retirement is not
// dated after today (UTC, on a day without time) plus one day, the most a
// writer east of UTC can be ahead: a later date is a typo that would keep
// the entry listed but mark it retired. Zero today checks no retirement
// date against the clock.
func checkDates(e *Error, at func(...string) diag.Pos, today time.Time) diag.List {
	var probs diag.List
	day := func(s string, where ...string) (time.Time, bool) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			probs.Add(at(where...), strconv.Quote(s)+" is not a day of the calendar", "write it as YYYY-MM-DD, e.g. 2026-11-30")
			return t, false
		}
		return t, true
	}
	added, okAdded := day(e.Added, "added")
	if e.Updated != "" {
		if updated, ok := day(e.Updated, "updated"); ok && okAdded && updated.Before(added) {
			probs.Add(at("updated"), "updated "+e.Updated+" is before added "+e.Added, "an entry changes after it is published")
		}
	}
	if e.Change != "" && e.Updated == "" {
		probs.Add(at("change"), "change says what changed, but updated does not say when", "add updated: with the day of the change")
	}
	if r := e.Retired; r != nil {
		retired, ok := day(r.Date, "retired", "date")
		switch {
		case ok && okAdded && retired.Before(added):
			probs.Add(at("retired", "date"), "retired "+r.Date+" is before added "+e.Added, "an entry is retired after it is published")
		case ok && !today.IsZero() && retired.After(today.AddDate(0, 0, 1)):
			probs.Add(at("retired", "date"), "retired "+r.Date+" is in the future (today is "+today.Format(time.DateOnly)+" UTC)",
				"write the day the entry is retired, today or earlier; to retire it later, add retired: on that day")
		}
	}
	if !okAdded {
		added = time.Time{}
	}
	probs.Append(checkCauseDates(e, at, day, added, today))
	return probs
}

// checkCauseDates holds each retired cause's day to the rules of the
// entry's (checkDates): a real day (day reports one that is not), not
// before the entry was added (unless added is zero), not after today plus
// one day (unless today is zero).
func checkCauseDates(e *Error, at func(...string) diag.Pos, day func(string, ...string) (time.Time, bool), added, today time.Time) diag.List {
	var probs diag.List
	for i, c := range e.Causes {
		if c.Retired == nil {
			continue
		}
		date := c.Retired.Date
		where := []string{"causes", strconv.Itoa(i), "retired", "date"}
		retired, ok := day(date, where...)
		switch {
		case ok && !added.IsZero() && retired.Before(added):
			probs.Add(at(where...), "cause "+strconv.Quote(c.ID)+" is retired on "+date+", before the entry was added on "+e.Added, "a cause is retired after it is published")
		case ok && !today.IsZero() && retired.After(today.AddDate(0, 0, 1)):
			probs.Add(at(where...), "cause "+strconv.Quote(c.ID)+" is retired on "+date+", in the future (today is "+today.Format(time.DateOnly)+" UTC)",
				"write the day the cause is retired, today or earlier; to retire it later, add retired: on that day")
		}
	}
	return probs
}

// checkRetired checks what a retired entry points readers to.
func (x entryContext) checkRetired(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	if e.Retired == nil || e.Retired.ReplacedBy == "" {
		return nil
	}
	r := e.Retired.ReplacedBy
	switch {
	case r == e.Code:
		probs.Add(at("retired", "replaced_by"), "an entry cannot replace itself", "name the entry that covers it now, or remove replaced_by")
	case !x.codeSet[r]:
		hint := "replaced_by names a code with an entry in catalog/errors/"
		if g := closest(r, x.codes); g != "" {
			hint = "did you mean " + g + "?"
		}
		probs.Add(at("retired", "replaced_by"), "replacement "+r+" is not in the catalog", hint)
	case x.retired[r]:
		probs.Add(at("retired", "replaced_by"), "replacement "+r+" is retired too", "point to the entry that replaced "+r+", so readers land on a live page")
	}
	return probs
}

// CheckEntry loads one entry file of this catalog and checks it as a full
// load would, against the catalog's categories and codes (but not the
// uniqueness of its aliases, which a caller that needs it must check). A
// preview server uses it to reload the file a writer just saved.
func (c *Catalog) CheckEntry(fsys fs.FS, file string) (*Error, diag.List) {
	ef, probs := loadEntry(fsys, file)
	if ef.err == nil {
		return nil, probs
	}
	ctx := entryContext{cats: c.Categories, catSet: map[string]bool{}, codeSet: map[string]bool{}, retired: map[string]bool{}, today: c.opt.Today}
	for _, cat := range c.Categories {
		ctx.catSet[cat.Slug] = true
		ctx.slugs = append(ctx.slugs, cat.Slug)
	}
	slices.Sort(ctx.slugs)
	for _, e := range c.Errors {
		ctx.codeSet[e.Code] = true
		ctx.codes = append(ctx.codes, e.Code)
		ctx.retired[e.Code] = e.Retired != nil
	}
	probs.Append(ctx.check(&ef))
	ef.err.drafts = checkPlaceholders(file, ef.data)
	if !c.opt.AllowDrafts {
		probs.Append(ef.err.drafts)
	}
	if probs != nil {
		probs.Sort()
		return nil, probs
	}
	return ef.err, nil
}

// isDeleted reports whether code is a published entry that was deleted.
func (x entryContext) isDeleted(code string) bool {
	_, ok := x.deleted[code]
	return ok
}
