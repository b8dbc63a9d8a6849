package site

import (
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// atomFeed is what RFC 4287 requires of a feed and its entries.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  []atomName  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomName struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary string     `xml:"summary"`
}

// TestChangesFeed parses the fixture's Atom feed and checks what the
// format requires: a feed id, title, updated time and author; each entry
// an absolute id, a title, an updated time and a link to its page; ids
// unique; entries newest first; and a self link.
func TestChangesFeed(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{BaseURL: "https://help.example.com/docs/"})
	data, err := os.ReadFile(filepath.Join(out, "changes.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("changes.xml is not XML of the Atom namespace: %v", err)
	}
	absolute := func(what, s string) {
		if u, err := url.Parse(s); err != nil || !u.IsAbs() {
			t.Errorf("%s %q is not an absolute IRI", what, s)
		}
	}
	stamp := func(what, s string) time.Time {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Errorf("%s %q is not an RFC 3339 time", what, s)
		}
		return ts
	}
	absolute("feed id", f.ID)
	stamp("feed updated", f.Updated)
	if f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("feed title %q, authors %v: both are required", f.Title, f.Author)
	}
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self" && l.Href == "https://help.example.com/docs/changes.xml"
	}
	if !self {
		t.Errorf("no self link to the feed's own URL in %v", f.Links)
	}
	if len(f.Entries) != 5 {
		t.Fatalf("%d entries, want 5 (4 additions and a retirement)", len(f.Entries))
	}
	ids := map[string]bool{}
	var last time.Time
	for i, e := range f.Entries {
		absolute("entry id", e.ID)
		if ids[e.ID] {
			t.Errorf("entry id %s twice", e.ID)
		}
		ids[e.ID] = true
		ts := stamp("entry updated", e.Updated)
		if i > 0 && ts.After(last) {
			t.Errorf("entry %d (%s) is newer than the one before it", i, e.ID)
		}
		last = ts
		if e.Title == "" || e.Summary == "" || len(e.Links) == 0 {
			t.Errorf("entry %s lacks a title, summary or link", e.ID)
		}
		for _, l := range e.Links {
			absolute("entry link", l.Href)
		}
	}
	if got := f.Entries[0].Title; got != "Retired: ROW_LOCK_TIMEOUT, A record stayed locked too long" {
		t.Errorf("newest entry %q, want the retirement", got)
	}
}
