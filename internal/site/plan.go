package site

// plan lists every output file of the model by running each kind's
// planner in table order, and records the plan in the model for the files
// that list pages (sitemap, _redirects, which sort what they list). Pages
// are rendered later, in parallel. The plan is not sorted: every preview
// update plans the whole site again, and sorting 30,000 pages by path was
// half of planning a 10,000-error site (BenchmarkPlan); a full build sorts
// what it writes.
func plan(m *Model) []*page {
	pages := make([]*page, 0, len(m.pages))
	// One allocation for the pages of a plan, not one each: every preview
	// update plans the whole site again.
	slab := make([]page, 0, max(len(m.pages), 64))
	m.Folded = nil
	for _, k := range kinds {
		k.plan(k, m, func(path string, dot any, deps ...dep) {
			if len(slab) == cap(slab) {
				slab = make([]page, 0, cap(slab))
			}
			slab = append(slab, page{kind: k, path: path, file: outPath(path), dot: dot, deps: deps})
			pages = append(pages, &slab[len(slab)-1])
		})
	}
	m.pages = pages
	return pages
}
