package site

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Change is one event of /changes/ and its feed: an entry added, updated
// or retired on a day.
type Change struct {
	// Date is the day, YYYY-MM-DD.
	Date string
	// Kind is "added", "updated" or "retired".
	Kind  string
	Error *ErrorView
	// Note says what changed (updated), or why it was retired.
	Note string
}

// maxChanges bounds /changes/ and its feed: a catalog of 10,000 entries
// has 10,000 additions, and readers follow what is new.
const maxChanges = 200

// Changes lists the catalog's changes newest first (on one day:
// retirements, then updates, then additions, each by code), at most
// maxChanges of them. The list is made once per version of the model
// (refresh drops it): four pages show it, and sorting 10,000 entries for
// each was a tenth of a preview update.
func (m *Model) Changes() []Change {
	m.changesMu.Lock()
	defer m.changesMu.Unlock()
	if m.changes == nil {
		m.changes = m.makeChanges()
	}
	return m.changes
}

func (m *Model) makeChanges() []Change {
	out := []Change{}
	for _, e := range m.All {
		out = append(out, Change{Date: e.Added, Kind: "added", Error: e})
		if e.Updated != "" {
			out = append(out, Change{Date: e.Updated, Kind: "updated", Error: e, Note: e.Change})
		}
		if r := e.Retired; r != nil {
			out = append(out, Change{Date: r.Date, Kind: "retired", Error: e, Note: r.Reason})
		}
	}
	rank := map[string]int{"retired": 0, "updated": 1, "added": 2}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(strings.Compare(b.Date, a.Date), cmp.Compare(rank[a.Kind], rank[b.Kind]), strings.Compare(a.Error.Code, b.Error.Code))
	})
	return slices.Clone(out[:min(len(out), maxChanges)])
}

// LastChange is the day of the newest change, the feed's updated time.
func (m *Model) LastChange() string {
	if c := m.Changes(); len(c) > 0 {
		return c[0].Date
	}
	return "1970-01-01"
}

// FeedID is the feed's permanent id: its absolute URL, or without a base
// URL a URN, since an Atom id must be absolute.
func (m *Model) FeedID(path string) string {
	if m.BaseURL != "" {
		return m.BaseURL + path
	}
	return "urn:x-helpcenter:" + path
}

// formatDay writes a YYYY-MM-DD day in the layout a template asks for,
// e.g. "2 January 2006"; a day that does not parse is written as is.
func formatDay(day, layout string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format(layout)
}
