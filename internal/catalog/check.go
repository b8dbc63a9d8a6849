package catalog

import (
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"helpcenter/internal/diag"
)

// crossCheck finds what no single file's schema can: faults in how entries
// refer to categories and to each other. With nil cats (the categories file
// is itself broken) categories are not checked.
func crossCheck(cats []*Category, entries []entryFile) diag.List {
	var probs diag.List
	slugs := make([]string, 0, len(cats))
	catSet := map[string]bool{}
	for _, c := range cats {
		slugs = append(slugs, c.Slug)
		catSet[c.Slug] = true
	}
	slices.Sort(slugs)
	slugs = slices.Compact(slugs)

	codes := make([]string, 0, len(entries))
	codeSet := map[string]bool{}
	for _, ef := range entries {
		codes = append(codes, ef.err.Code)
		codeSet[ef.err.Code] = true
	}
	slices.Sort(codes)

	// Every code and alias is a name a pasted error or a URL can resolve
	// to, so each must lead to exactly one entry, whatever its case.
	type claim struct {
		code string
		pos  diag.Pos
		what string
	}
	names := map[string]claim{}
	claimName := func(name string, c claim) {
		key := strings.ToLower(strings.TrimSpace(name))
		if first, ok := names[key]; ok {
			if first.code == c.code && first.what == "code" && c.what == "alias" {
				probs.Add(c.pos, "alias "+strconv.Quote(name)+" repeats the entry's own code", "remove it: the code already leads here")
				return
			}
			probs.Add(c.pos, c.what+" "+strconv.Quote(name)+" is already used as the "+first.what+" of "+first.code+" at "+first.pos.String(),
				"a code or alias must lead to one entry only; remove one of them")
			return
		}
		names[key] = c
	}
	// Codes first, in code order, so that a clash is reported at the alias
	// (the later, optional name) and the report is stable.
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b entryFile) int { return strings.Compare(a.err.Code, b.err.Code) })
	for _, ef := range sorted {
		claimName(ef.err.Code, claim{ef.err.Code, ef.doc.Pos([]string{"code"}), "code"})
	}
	for _, ef := range sorted {
		e, doc := ef.err, ef.doc
		for i, a := range e.Aliases {
			claimName(a, claim{e.Code, doc.Pos([]string{"aliases", strconv.Itoa(i)}), "alias"})
		}
	}

	for _, ef := range sorted {
		e, doc := ef.err, ef.doc
		at := func(p ...string) diag.Pos { return doc.Pos(p) }

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
			p := at("related", strconv.Itoa(i))
			switch {
			case r == e.Code:
				probs.Add(p, "an entry cannot be related to itself", "remove "+r+" from related")
			case seenRel[r]:
				probs.Add(p, "related code "+r+" is listed twice", "remove one")
			case !codeSet[r]:
				hint := "related codes must have an entry in catalog/errors/"
				if g := closest(r, codes); g != "" {
					hint = "did you mean " + g + "?"
				}
				probs.Add(p, "related code "+r+" is not in the catalog", hint)
			}
			seenRel[r] = true
		}
		seenMsg := map[string]int{}
		for i, m := range e.Messages {
			if first, dup := seenMsg[m]; dup {
				probs.Add(at("messages", strconv.Itoa(i)), "message repeats messages["+strconv.Itoa(first)+"]", "remove one")
			}
			seenMsg[m] = i
		}
		for i, l := range e.Links {
			u, err := url.Parse(l.URL)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				probs.Add(at("links", strconv.Itoa(i), "url"), "link "+strconv.Quote(l.URL)+" is not a valid https URL", "write the full address, starting with https://")
			}
		}
	}
	return probs
}
