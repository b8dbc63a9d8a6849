package site

// A dep names one source a planned file shows: the full build records
// them while planning, and the preview's update re-renders exactly the
// files whose dependencies changed, before or after the change (a page
// that gains a neighbour depends on it only afterwards).
//
// Templates and assets are not listed per file: every page depends on its
// kind's template, templates/site.tmpl and the compiled assets (their
// fingerprinted names are in every page), and data files on none of them.
type dep struct {
	on   source
	name string // the code, slug or file; "" for the all-… sources
}

// source is a kind of thing a file can depend on.
type source uint8

const (
	entry         source = iota + 1 // one catalog entry and its note, by code
	allErrors                       // every entry: lists, counts, data files
	category                        // one category, by slug
	allCategories                   // every category
	guide                           // one guide, by slug
	allGuides                       // every guide
	pageSet                         // the set of planned paths (sitemap, _redirects)
)

// changes is what an update found changed, in the terms of dep.
type changes struct {
	entries    map[string]bool // codes
	categories map[string]bool // slugs
	guides     map[string]bool // slugs
	pageSet    bool
	templates  map[string]bool // template file names (site.tmpl: every page)
	assets     bool
	// goneAssets are asset files of the last build that the new assets
	// replace (a fingerprint changed).
	goneAssets []string
}

func newChanges() *changes {
	return &changes{entries: map[string]bool{}, categories: map[string]bool{}, guides: map[string]bool{}, templates: map[string]bool{}}
}

// touches reports whether the change concerns d.
func (c *changes) touches(d dep) bool {
	switch d.on {
	case entry:
		return c.entries[d.name]
	case allErrors:
		return len(c.entries) > 0
	case category:
		return c.categories[d.name]
	case allCategories:
		return len(c.categories) > 0
	case guide:
		return c.guides[d.name]
	case allGuides:
		return len(c.guides) > 0
	case pageSet:
		return c.pageSet
	}
	return false
}

// dirty reports whether a file planned before and after the change (old
// or now nil when it is new or gone) must be produced again.
func (c *changes) dirty(old, now *page) bool {
	if old == nil || now == nil {
		return true
	}
	if now.kind.template != "" && (c.assets || c.templates["site.tmpl"] || c.templates[now.kind.template]) {
		return true
	}
	for _, deps := range [][]dep{old.deps, now.deps} {
		for _, d := range deps {
			if c.touches(d) {
				return true
			}
		}
	}
	return false
}
