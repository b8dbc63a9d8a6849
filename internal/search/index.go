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
// The index is split by what the first result needs:
//
//   - search/index.js, always loaded: the codes (a doc's id is its position),
//     the aliases as normalised phrases, the category names, the shard
//     counts, and Salesforce's own code lists (to tell an undocumented real
//     code from a typo). For 10,000 errors this is the bulk of what a first
//     query downloads; a pasted code resolves from it alone.
//   - search/t<k>.js, term shards: an inverted index from normalised term
//     to (doc, weight) postings, split by a hash of the term, so a query
//     loads only the shards of its own terms.
//   - search/d<m>.js, doc shards: title, category, summary and message
//     templates (as token lists) of a run of docs, loaded for the top
//     candidates only, to score message templates and show results.
//
// Measured with BenchmarkSearch (internal/e2e, `make bench-search`) in
// Chromium on synthetic catalogs, pasting an Apex DmlException:
//
//	errors   index    first result (gzip, files)   query   Pagefind 1.6 on the same site
//	 1,000   352 KB   13.8 KB, 3 files             ~0.1 s  2,968 KB index; 126 KB for the bare code; the paste finds nothing
//	10,000   3.3 MB   61.8 KB, 3 files             ~0.1 s  23.6 MB index; 270 KB for the bare code; the paste finds nothing
//
// A single-file index would download all 3.3 MB before the first result;
// term shards aim at ~24 KB raw so each gzips under 10 KB.
package search

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"helpcenter/internal/catalog"
	"helpcenter/internal/content"
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
	targetShardBytes = 24 << 10
	docsPerShard     = 100
	maxPostings      = 400
)

// Core is search/index.js.
type Core struct {
	Version int      `json:"v"`
	Cats    []string `json:"cats"`
	Codes   []string `json:"codes"`
	// Aliases are [normalised phrase, doc id]; a phrase of one code-like
	// alias (a former code) is also listed under Former.
	Aliases [][2]any `json:"aliases"`
	Former  [][2]any `json:"former"`
	// Known are Salesforce codes not in the catalog.
	Known       []string `json:"known"`
	TermShards  int      `json:"termShards"`
	DocsPerShrd int      `json:"docsPerShard"`
}

// DocEntry is one doc in a doc shard: [title, category index, summary,
// message templates as token lists].
type DocEntry [4]any

// Stats describes a built index.
type Stats struct {
	Docs, Terms, TermShards, DocShards int
	CoreBytes, TotalBytes              int
}

// Build returns the index files, by site path.
func Build(cat *catalog.Catalog, cont *content.Content) (map[string][]byte, Stats) {
	files := map[string][]byte{}
	catIdx := map[string]int{}
	core := Core{Version: 1, DocsPerShrd: docsPerShard}
	for i, c := range cat.Categories {
		catIdx[c.Slug] = i
		core.Cats = append(core.Cats, c.Name)
	}
	inCatalog := map[string]bool{}
	postings := map[string]map[int]int{}
	add := func(doc int, text string, w int) {
		for _, t := range Tokens(text) {
			m := postings[t]
			if m == nil {
				m = map[int]int{}
				postings[t] = m
			}
			m[doc] = min(m[doc]+w, maxTermWeight)
		}
	}
	var docs []DocEntry
	for id, e := range cat.Errors {
		core.Codes = append(core.Codes, e.Code)
		inCatalog[e.Code] = true
		add(id, strings.ReplaceAll(e.Code, "_", " "), weightCode)
		add(id, e.Title, weightTitle)
		add(id, e.Summary, weightSummary)
		var templates [][]string
		for _, m := range e.Messages {
			add(id, catalog.MessageLiteral(m), weightMessage)
			templates = append(templates, nonNil(Tokens(catalog.MessageLiteral(m))))
		}
		for _, a := range e.Aliases {
			add(id, a, weightAlias)
			if phrase := strings.Join(Tokens(a), " "); phrase != "" {
				core.Aliases = append(core.Aliases, [2]any{phrase, id})
			}
			if up := strings.ToUpper(a); codeLike(up) {
				core.Former = append(core.Former, [2]any{up, id})
			}
		}
		for _, c := range e.Causes {
			add(id, c.What, weightCause)
			for _, s := range c.Steps {
				add(id, s, weightCause)
			}
		}
		if cont != nil {
			if n := cont.Notes[e.Code]; n != nil {
				add(id, n.Source, weightNote)
			}
		}
		docs = append(docs, DocEntry{e.Title, catIdx[e.Category], e.Summary, templates})
	}
	for _, list := range []string{statusCodes, exceptionCodes} {
		for _, c := range strings.Fields(list) {
			if !inCatalog[c] {
				core.Known = append(core.Known, c)
			}
		}
	}
	slices.Sort(core.Known)
	core.Known = slices.Compact(core.Known)

	// Terms in most docs tell nothing apart; drop them, and keep only the
	// strongest postings of any term.
	n := len(cat.Errors)
	terms := make([]string, 0, len(postings))
	for t, m := range postings {
		if n >= 20 && len(m)*2 > n {
			continue
		}
		terms = append(terms, t)
	}
	slices.Sort(terms)
	type enc struct {
		term string
		list []int
	}
	encoded := make([]enc, 0, len(terms))
	total := 0
	for _, t := range terms {
		m := postings[t]
		ids := make([]int, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b int) int {
			if m[a] != m[b] {
				return m[b] - m[a]
			}
			return a - b
		})
		if len(ids) > maxPostings {
			ids = ids[:maxPostings]
		}
		slices.Sort(ids)
		list := make([]int, 0, 2*len(ids))
		for _, id := range ids {
			list = append(list, id, m[id])
		}
		encoded = append(encoded, enc{t, list})
		total += len(t) + 4 + 6*len(ids)
	}
	k := max(1, int(math.Ceil(float64(total)/targetShardBytes)))
	core.TermShards = k
	shards := make([]map[string][]int, k)
	for i := range shards {
		shards[i] = map[string][]int{}
	}
	for _, e := range encoded {
		shards[Hash(e.term)%uint32(k)][e.term] = e.list
	}
	for i, s := range shards {
		files[fmt.Sprintf("%s/t%d.js", Dir, i)] = script(fmt.Sprintf("t%d", i), s)
	}
	docShards := 0
	for start := 0; start < len(docs); start += docsPerShard {
		end := min(start+docsPerShard, len(docs))
		files[fmt.Sprintf("%s/d%d.js", Dir, start/docsPerShard)] = script(fmt.Sprintf("d%d", start/docsPerShard), docs[start:end])
		docShards++
	}
	if core.Aliases == nil {
		core.Aliases = [][2]any{}
	}
	if core.Former == nil {
		core.Former = [][2]any{}
	}
	coreJS := script("core", core)
	files[Dir+"/index.js"] = coreJS

	st := Stats{Docs: len(docs), Terms: len(encoded), TermShards: k, DocShards: docShards, CoreBytes: len(coreJS)}
	for _, f := range files {
		st.TotalBytes += len(f)
	}
	return files, st
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
