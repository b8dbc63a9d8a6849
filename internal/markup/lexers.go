package markup

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// This file holds the lexer lookup, which prefers our lexers (Apex and
// SOQL, which chroma lacks; Java and JSON, which chroma has but lexes
// slowly) over chroma's registry, and the word lists of the Apex lexer.

// Lexer returns the lexer for a fenced code block's language tag, so that
// the help center can highlight Salesforce snippets that chroma alone
// would leave as plain text.
//
// "apex", "cls" and "trigger" give the Apex lexer; "soql" and "sosl" give
// the SOQL lexer; "java", "json" and "jsonl" give our scanners for those (see
// scan.go); anything else is resolved with chroma's lexers.Get.
// The tag is matched case-insensitively. It returns nil when nothing
// matches, so callers can fall back to plain text themselves. Results,
// including misses, are cached because lexers.Get falls back to a linear
// scan of every lexer's filename globs, which is too slow to repeat for
// every code block on every page.
func Lexer(lang string) chroma.Lexer {
	key := strings.ToLower(strings.TrimSpace(lang))
	if v, ok := lexerCache.Load(key); ok {
		return v.(cachedLexer).lexer
	}
	v, _ := lexerCache.LoadOrStore(key, cachedLexer{lookupLexer(key)})
	return v.(cachedLexer).lexer
}

// cachedLexer lets the cache hold a nil lexer (a remembered miss) with a
// single concrete type.
type cachedLexer struct{ lexer chroma.Lexer }

// lexerCache maps a lower-cased language tag to a cachedLexer.
var lexerCache sync.Map

// lookupLexer resolves a lower-cased tag without the cache.
func lookupLexer(key string) chroma.Lexer {
	switch key {
	case "":
		return nil
	case "apex", "cls", "trigger":
		return apexLexer
	case "soql", "sosl":
		return soqlLexer
	case "java":
		return javaLexer
	case "json", "jsonl":
		return jsonLexer
	}
	return lexers.Get(key)
}

func wordSet(lower bool, words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		if lower {
			w = strings.ToLower(w)
		}
		m[w] = true
	}
	return m
}

var (
	apexDeclKeywords = wordSet(true, "abstract", "extends", "final", "global", "implements", "override",
		"private", "protected", "public", "static", "testmethod", "transient", "virtual", "webservice")
	apexKeywords = wordSet(true, "break", "catch", "continue", "do", "else", "finally", "for", "if",
		"instanceof", "new", "on", "return", "super", "switch", "this", "throw", "try", "when", "while",
		// DML statements.
		"delete", "insert", "merge", "undelete", "update", "upsert")
	apexTypes = wordSet(true, "blob", "boolean", "datetime", "decimal", "double", "integer", "list",
		"long", "map", "object", "set", "sobject", "string", "void")
	apexBuiltins = wordSet(true, "ApexPages", "Approval", "AuraHandledException", "CalloutException",
		"ConnectApi", "Crypto", "Database", "DmlException", "EncodingUtil",
		"EventBus", "Exception", "HandledException", "HttpCalloutMock",
		"HttpRequest", "HttpResponse", "JSON", "JSONGenerator", "JSONParser",
		"LimitException", "Limits", "ListException", "Math", "MathException",
		"Messaging", "NullPointerException", "PageReference", "Queueable",
		"QueueableContext", "QueryException", "RestContext", "RestRequest",
		"RestResponse", "Schedulable", "SchedulableContext", "Schema",
		"SObjectException", "StringException", "System", "Trigger",
		"TypeException", "UserInfo", "XmlStreamReader", "XmlStreamWriter")
	// Platform classes whose names are everyday words: PascalCase only.
	apexPascalBuiltins = wordSet(false, "Address", "Auth", "Cache", "Callable", "Comparable", "Continuation",
		"Dom", "Flow", "Http", "Iterable", "Iterator", "Label", "Location",
		"Matcher", "Network", "Pattern", "Savepoint", "Search", "Security",
		"Site", "Test", "TimeZone", "Type", "URL", "Url", "Version")
)
