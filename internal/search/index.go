// Package search builds the client-side search index and holds the text
// normalisation it shares with the browser.
//
// # Format, and why
//
// The index is a set of small JavaScript files, each calling
// HC_SEARCH_LOAD(name, data), loaded with <script> elements. Scripts, not
// JSON fetched with fetch(), because fetch() of a file:// URL is refused:
// loading scripts is what lets search work when public/index.html is opened
// from disk (mdBook's searchindex.js does the same), and it needs nothing
// beyond the CSP's script-src 'self'.
//
// The index (format version 3) is split so that what a query downloads
// does not grow with the catalog:
//
//   - search/index.js, always loaded: the category names, the number of
//     docs, the shard counts, and the terms left out of the term shards
//     because more than half the docs hold them ("salesforce"): they tell
//     nothing apart, but the client must know them to tell a common word
//     from one the catalog has never seen. A few kilobytes at any size.
//   - search/t<k>.js, term shards, split by a hash (Hash) of the key, so a
//     query loads only the shards of its own words and code-like words:
//     "t", an inverted index from normalised term to (doc, weight)
//     postings; "c", each code in the shard to its doc; "f", each former
//     code (a code-like alias, or a retired code with a replacement) to
//     the doc that covers it; "k", the real Salesforce codes in the shard
//     that the catalog lacks (to tell an undocumented code from a typo);
//     "w", each normalised word of codes to the docs whose code holds it,
//     for a word in at most maxWordCodes codes (a mistyped code is looked
//     for among the codes that share a word with it).
//   - search/d<m>.js, doc shards: code, title, category, summary, message
//     templates (as token lists) with the cause each belongs to, and
//     aliases (as normalised phrases) of a run of docs, loaded for the top
//     candidates only, to match aliases, templates and mistyped codes, show
//     results and link a matched cause's anchor.
//
// Version 2 held every code and alias in the core: 60 KB gzip of a first
// result's 63 KB at 10,000 errors, and ten times that at 100,000.
//
// Retired entries are not indexed: a search never leads to them. A retired
// code with a replacement is a former code of its replacement, so a paste
// that carries it finds the replacement as it finds a renamed code.
//
// `make bench-search` (BenchmarkSearch in internal/e2e) measures the index
// in Chromium on synthetic catalogs of 1,000 to 100,000 errors, pasting an
// Apex DmlException; README.md has the figures. There is one term shard
// per 50 docs, which keeps each a few kilobytes, and makes the shard of a
// term or code independent of edits.
package search

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
)

//go:embed codes/statuscodes.txt
var statusCodes string

//go:embed codes/exceptioncodes.txt
var exceptionCodes string

// Dir is where the index files go in the built site.
const Dir = "search"

// Field weights: how much a term counts by where it stands.
const (
	weightCode    = 6
	weightTitle   = 6
	weightAlias   = 6
	weightMessage = 5
	weightSummary = 3
	weightCause   = 2
	weightNote    = 1
	maxTermWeight = 40
)

const (
	docsPerShard = 100
	maxPostings  = 400
)

// Core is search/index.js.
type Core struct {
	Version int      `json:"v"`
	Cats    []string `json:"cats"`
	// Docs is the number of docs: ids run from 0.
	Docs int `json:"n"`
	// Common are the terms in more than half the docs, left out of the
	// term shards.
	Common       []string `json:"common"`
	TermShards   int      `json:"termShards"`
	DocsPerShard int      `json:"docsPerShard"`
}

// DocEntry is one doc in a doc shard: [code, title, category index,
// summary, message templates as token lists, the cause id of each template
// ("" for the entry's own; [] when none belongs to a cause), aliases as
// normalised phrases].
type DocEntry []any

// shardNames are the names a term shard holds besides its terms.
type shardNames struct {
	Codes  map[string]int   `json:"c,omitempty"`
	Former map[string]int   `json:"f,omitempty"`
	Known  []string         `json:"k,omitempty"`
	Words  map[string][]int `json:"w,omitempty"`
}

// maxWordCodes bounds the docs listed for a word of codes: a word in more
// codes ("invalid", or "synthetic" in a synthetic catalog) narrows a typo
// down too little to be worth its bytes.
const maxWordCodes = 64

// Stats describes a built index.
type Stats struct {
	Docs, Terms, TermShards, DocShards int
	CoreBytes, TotalBytes              int
}

// Index is the search index of a catalog, kept in memory so that a change
// to one entry re-encodes only the shards it touches (Update).
type Index struct {
	core     Core
	catIdx   map[string]int
	byCode   map[string]int
	retired  map[string]string // retired code → its replacement ("" for none)
	docs     []DocEntry
	postings map[string][]posting // term → its docs, by doc id
	// What the last setDoc touched: terms (whose shards need re-encoding)
	// and doc shards. A full build (NewIndex) does not track them.
	dirtyTerms map[string]bool
	dirtyDocs  map[int]bool
	track      bool
	// shardTerms groups the terms by term shard, so encoding one shard
	// does not scan every term; names are the codes of each shard, which
	// an update never changes.
	shardTerms []map[string]bool
	names      []shardNames
}

// posting is one doc of a term, with the term's weight in it. A term's
// postings are a slice sorted by doc id rather than a map: a full build
// appends (docs are indexed in id order) and an update inserts or removes
// one by binary search; maps of up to 10,000 entries made indexing a
// large catalog slow.
//
// A posting is packed in 32 bits, the doc id above the weight (at most
// maxTermWeight): the postings were the largest part of a 100,000-error
// build's memory while the index was built, and sorting by the packed
// value sorts by doc id. Doc ids stay below 1<<24.
type posting uint32

func makePosting(id, weight int) posting { return posting(id<<8 | weight) }
func (p posting) id() int32              { return int32(p >> 8) }
func (p posting) weight() int32          { return int32(p & 0xff) }

// docsPerTermShard sets the number of term shards from the number of docs
// alone, so an edit never reshuffles terms between shards and an updated
// index is byte for byte the one a full build makes.
const docsPerTermShard = 50

// retirement reports whether e is retired, and the code that replaces it
// ("" for none).
func retirement(e *catalog.Error) (retired bool, replacedBy string) {
	if e.Retired == nil {
		return false, ""
	}
	return true, e.Retired.ReplacedBy
}

// NewIndex indexes every entry of cat that is not retired, and its note in
// cont.
func NewIndex(cat *catalog.Catalog, cont *content.Content) *Index {
	x := &Index{
		core:       Core{Version: 3, DocsPerShard: docsPerShard},
		catIdx:     map[string]int{},
		byCode:     map[string]int{},
		retired:    map[string]string{},
		postings:   map[string][]posting{},
		dirtyTerms: map[string]bool{},
		dirtyDocs:  map[int]bool{},
	}
	for i, c := range cat.Categories {
		x.catIdx[c.Slug] = i
		x.core.Cats = append(x.core.Cats, c.Name)
	}
	live := make([]*catalog.Error, 0, len(cat.Errors))
	var gone []*catalog.Error
	for _, e := range cat.Errors {
		if r, _ := retirement(e); r {
			gone = append(gone, e)
		} else {
			live = append(live, e)
		}
	}
	x.core.Docs = len(live)
	x.core.TermShards = max(1, (len(live)+docsPerTermShard-1)/docsPerTermShard)
	x.shardTerms = make([]map[string]bool, x.core.TermShards)
	x.names = make([]shardNames, x.core.TermShards)
	for i := range x.shardTerms {
		x.shardTerms[i] = map[string]bool{}
		x.names[i] = shardNames{Codes: map[string]int{}, Former: map[string]int{}}
	}
	inCatalog := map[string]bool{}
	x.docs = make([]DocEntry, len(live))
	codeWords := map[string][]int{}
	for id, e := range live {
		x.names[x.shard(e.Code)].Codes[e.Code] = id
		for _, w := range slices.Compact(slices.Sorted(slices.Values(Tokens(strings.ReplaceAll(e.Code, "_", " "))))) {
			codeWords[w] = append(codeWords[w], id)
		}
		x.byCode[e.Code] = id
		inCatalog[e.Code] = true
		for _, a := range e.Aliases {
			if up := strings.ToUpper(a); codeLike(up) {
				x.names[x.shard(up)].Former[up] = id
			}
		}
		x.setDoc(id, e, noteSource(cont, e.Code))
	}
	// A retired code leads to its replacement, as a former code does, and
	// is no longer "a real code the catalog lacks".
	for _, e := range gone {
		inCatalog[e.Code] = true
		_, by := retirement(e)
		x.retired[e.Code] = by
		if by != "" {
			if id, ok := x.byCode[by]; ok {
				x.names[x.shard(e.Code)].Former[e.Code] = id
			}
		}
	}
	for _, list := range []string{statusCodes, exceptionCodes} {
		for _, c := range strings.Fields(list) {
			if !inCatalog[c] {
				inCatalog[c] = true // listed once, though in both lists
				k := x.shard(c)
				x.names[k].Known = append(x.names[k].Known, c)
			}
		}
	}
	for w, ids := range codeWords {
		if len(ids) <= maxWordCodes {
			k := x.shard(w)
			if x.names[k].Words == nil {
				x.names[k].Words = map[string][]int{}
			}
			x.names[k].Words[w] = ids
		}
	}
	for i := range x.names {
		slices.Sort(x.names[i].Known)
	}
	x.core.Common = x.common()
	return x
}

// common lists, sorted, the terms that termShard leaves out.
func (x *Index) common() []string {
	out := []string{}
	for t, ps := range x.postings {
		if x.isCommon(len(ps)) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// isCommon reports whether a term in df of the docs tells too little to
// keep: in more than half of a catalog of 20 docs or more.
func (x *Index) isCommon(df int) bool {
	n := len(x.docs)
	return n >= 20 && df*2 > n
}

func noteSource(cont *content.Content, code string) string {
	if cont == nil {
		return ""
	}
	return cont.NoteText(code)
}

// setDoc (re)indexes doc id. On an update only the terms whose weight
// in this doc changed (or that came or went) are marked dirty: an edit to
// a title touches a term or two, and re-encoding and comparing every
// shard the doc's hundred terms fall in was most of a preview update.
func (x *Index) setDoc(id int, e *catalog.Error, note string) {
	weights := docWeights(e, note)
	if x.track {
		x.dropChanged(id, weights)
	}
	x.addTerms(id, weights)
	x.docs[id] = x.docEntry(e)
	if x.track {
		x.dirtyDocs[id/docsPerShard] = true
	}
}

// docWeights is the weight of each term of e and its note.
func docWeights(e *catalog.Error, note string) map[string]int {
	weights := map[string]int{}
	add := func(text string, w int) {
		for _, t := range Tokens(text) {
			weights[t] = min(weights[t]+w, maxTermWeight)
		}
	}
	add(strings.ReplaceAll(e.Code, "_", " "), weightCode)
	add(e.Title, weightTitle)
	add(e.Summary, weightSummary)
	for _, m := range e.AllMessages() {
		add(catalog.MessageLiteral(m.Text), weightMessage)
	}
	for _, a := range e.Aliases {
		add(a, weightAlias)
	}
	for _, c := range e.Causes {
		if !c.Live() {
			continue // a retired cause is no answer to look for
		}
		add(c.What, weightCause)
		for _, st := range c.Steps {
			add(st, weightCause)
		}
	}
	add(note, weightNote)
	return weights
}

func byID(q posting, id int32) int { return int(q.id() - id) }

// dropChanged, on an update, finds the doc's old terms in the postings: it
// drops those the doc no longer has and settles the weight of those it
// keeps (addTerms finds them). A list of each doc's terms, kept for that,
// was half the index's memory in a build (2.4 KB a doc), and the search
// takes a few milliseconds at 10,000 docs. A full build indexes each doc
// once.
func (x *Index) dropChanged(id int, weights map[string]int) {
	for t, list := range x.postings {
		i, found := slices.BinarySearchFunc(list, int32(id), byID)
		if !found {
			continue
		}
		if w, ok := weights[t]; ok {
			if list[i].weight() != int32(w) {
				list[i] = makePosting(id, w)
				x.dirtyTerms[t] = true
			}
			continue
		}
		list = slices.Delete(list, i, i+1)
		if len(list) == 0 {
			delete(x.postings, t)
			delete(x.shardTerms[x.shard(t)], t)
		} else {
			x.postings[t] = list
		}
		x.dirtyTerms[t] = true
	}
}

// addTerms adds doc id to the postings of its terms it is not in yet.
func (x *Index) addTerms(id int, weights map[string]int) {
	for t, w := range weights {
		list, ok := x.postings[t]
		if !ok {
			// A term is a piece of the text it came from: a copy keeps
			// the index from holding every note's whole text.
			t = strings.Clone(t)
			x.shardTerms[x.shard(t)][t] = true
		}
		p := makePosting(id, w)
		if n := len(list); n == 0 || list[n-1] < p {
			list = append(list, p)
		} else {
			i, found := slices.BinarySearchFunc(list, p.id(), byID)
			if found {
				continue // the doc had the term: weight settled by dropChanged
			}
			list = slices.Insert(list, i, p)
		}
		x.postings[t] = list
		if x.track {
			x.dirtyTerms[t] = true
		}
	}
}

// docEntry is what the index ships of e besides its terms: the message
// templates (with the cause each comes from) and the alias phrases.
func (x *Index) docEntry(e *catalog.Error) DocEntry {
	templates := [][]string{}
	causes := []string{}
	anyCause := false
	for _, m := range e.AllMessages() {
		templates = append(templates, nonNil(Tokens(catalog.MessageLiteral(m.Text))))
		causes = append(causes, m.Cause)
		anyCause = anyCause || m.Cause != ""
	}
	if !anyCause {
		causes = []string{}
	}
	aliases := []string{}
	for _, a := range e.Aliases {
		if phrase := strings.Join(Tokens(a), " "); phrase != "" {
			aliases = append(aliases, phrase)
		}
	}
	return DocEntry{e.Code, e.Title, x.catIdx[e.Category], e.Summary, templates, causes, aliases}
}

// Update reindexes one entry whose code, category, aliases and retirement
// (and replacement) did not change (anything else needs a new index) and
// returns the index files that changed: none for a retired entry.
func (x *Index) Update(e *catalog.Error, note string) (map[string][]byte, error) {
	retired, by := retirement(e)
	if was, ok := x.retired[e.Code]; ok && retired && was == by {
		return map[string][]byte{}, nil // still retired, same replacement: nothing indexed changed
	}
	id, ok := x.byCode[e.Code]
	if !ok || retired {
		return nil, fmt.Errorf("search: %s is not in the index as it was", e.Code)
	}
	x.dirtyTerms, x.dirtyDocs, x.track = map[string]bool{}, map[int]bool{}, true
	x.setDoc(id, e, note)
	files := map[string][]byte{}
	// Only a term whose docs changed can have become common or ceased to be.
	for t := range x.dirtyTerms {
		_, was := slices.BinarySearch(x.core.Common, t)
		if x.isCommon(len(x.postings[t])) != was {
			x.core.Common = x.common()
			files[Dir+"/index.js"] = script("core", x.core)
			break
		}
	}
	for n := range x.dirtyDocs {
		files[fmt.Sprintf("%s/d%d.js", Dir, n)] = x.docShard(n)
	}
	shards := map[int]bool{}
	for t := range x.dirtyTerms {
		shards[x.shard(t)] = true
	}
	for k := range shards {
		files[fmt.Sprintf("%s/t%d.js", Dir, k)] = x.termShard(k)
	}
	return files, nil
}

// Files encodes the whole index.
func (x *Index) Files() (map[string][]byte, Stats) {
	files := map[string][]byte{}
	for k := range x.core.TermShards {
		files[fmt.Sprintf("%s/t%d.js", Dir, k)] = x.termShard(k)
	}
	docShards := 0
	for start := 0; start < len(x.docs); start += docsPerShard {
		files[fmt.Sprintf("%s/d%d.js", Dir, start/docsPerShard)] = x.docShard(start / docsPerShard)
		docShards++
	}
	coreJS := script("core", x.core)
	files[Dir+"/index.js"] = coreJS
	st := Stats{Docs: len(x.docs), Terms: len(x.postings), TermShards: x.core.TermShards, DocShards: docShards, CoreBytes: len(coreJS)}
	for _, f := range files {
		st.TotalBytes += len(f)
	}
	return files, st
}

// shard is the term shard that holds t.
func (x *Index) shard(t string) int { return int(Hash(t) % uint32(x.core.TermShards)) }

func (x *Index) docShard(n int) []byte {
	start := n * docsPerShard
	end := min(start+docsPerShard, len(x.docs))
	return script(fmt.Sprintf("d%d", n), x.docs[start:end])
}

// termShard encodes the terms and names that hash to shard k. Terms in
// more than half of a large catalog's docs tell nothing apart and are left
// out, and a term keeps only its strongest postings.
func (x *Index) termShard(k int) []byte {
	out := map[string][]int{}
	for t := range x.shardTerms[k] {
		ps := x.postings[t]
		if x.isCommon(len(ps)) {
			continue
		}
		if len(ps) > maxPostings {
			// The strongest postings, ties to the lower id, back in id order.
			ps = slices.Clone(ps)
			slices.SortFunc(ps, func(a, b posting) int {
				if a.weight() != b.weight() {
					return int(b.weight() - a.weight())
				}
				return int(a.id() - b.id())
			})
			ps = ps[:maxPostings]
			slices.Sort(ps)
		}
		list := make([]int, 0, 2*len(ps))
		for _, p := range ps {
			list = append(list, int(p.id()), int(p.weight()))
		}
		out[t] = list
	}
	return script(fmt.Sprintf("t%d", k), struct {
		Terms map[string][]int `json:"t"`
		shardNames
	}{out, x.names[k]})
}

// Hash is FNV-1a over the term's bytes; the client computes the same to
// find a term's shard.
func Hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// script wraps data as a call to the loader. json.Marshal sorts map keys,
// so the output is deterministic, and escapes <, > and & so the data
// cannot close the script.
func script(name string, data any) []byte {
	j, err := json.Marshal(data)
	if err != nil {
		panic(err) // only our own types are marshalled
	}
	var b bytes.Buffer
	b.WriteString(`HC_SEARCH_LOAD("` + name + `",`)
	b.Write(j)
	b.WriteString(");\n")
	return b.Bytes()
}

// codeLike reports strings in the form of an API code: upper-case words
// joined by underscores.
func codeLike(s string) bool {
	if len(s) < 4 || !strings.Contains(s, "_") || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
