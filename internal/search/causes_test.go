package search

import (
	"slices"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
)

// TestRetiredCauseNotMatched retires the cause of INVALID_FIELD that
// Net::ReadTimeout leads to: the message no longer leads to the cause,
// and words only its text has no longer find the entry, while the entry
// and its live causes stay indexed.
func TestRetiredCauseNotMatched(t *testing.T) {
	cat, cont := repoSources(t)
	const code, cause, word = "INVALID_FIELD", "read-timeout", "slowness"
	indexed := func(x *Index) (causes []string, templates int, hasWord bool) {
		id, ok := x.byCode[code]
		if !ok {
			t.Fatalf("%s is not indexed", code)
		}
		entry := x.docs[id]
		causes, _ = entry[5].([]string)
		templates = len(entry[4].([][]string))
		hasWord = slices.ContainsFunc(x.postings[Tokens(word)[0]], func(p posting) bool { return int(p.id()) == id })
		return causes, templates, hasWord
	}
	before, beforeTemplates, hadWord := indexed(NewIndex(cat, cont))
	if !slices.Contains(before, cause) || !hadWord {
		t.Fatalf("before retiring, %s's causes are %v and %q finds it: %v; the test needs both", code, before, word, hadWord)
	}

	e := *cat.Lookup(code)
	e.Causes = slices.Clone(e.Causes)
	i := slices.IndexFunc(e.Causes, func(c catalog.Cause) bool { return c.ID == cause })
	e.Causes[i].Retired = &catalog.CauseRetirement{Date: "2026-12-01", Reason: "The app no longer files timeouts under this code."}
	cat.Replace(&e)
	after, afterTemplates, hasWord := indexed(NewIndex(cat, cont))
	if slices.Contains(after, cause) || afterTemplates != beforeTemplates-len(e.Causes[i].Messages) {
		t.Errorf("a retired cause's messages still lead to it: causes %v, %d templates of %d", after, afterTemplates, beforeTemplates)
	}
	if hasWord {
		t.Errorf("%q, a word of the retired cause only, still finds %s", word, code)
	}
}
