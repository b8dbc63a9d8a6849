package markup

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// chromaFormat is what writeTokens replaces: chroma's HTML formatter with
// our options, over coalesced tokens with whitespace made plain text.
func chromaFormat(t testing.TB, lexer chroma.Lexer, code string) string {
	t.Helper()
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		t.Fatal(err)
	}
	plain := func() chroma.Token {
		tok := it()
		if tok.Type == chroma.TextWhitespace {
			tok.Type = chroma.Text
		}
		return tok
	}
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"), chromahtml.PreventSurroundingPre(true))
	var buf bytes.Buffer
	if err := f.Format(&buf, styles.Fallback, plain); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func ourFormat(t testing.TB, lexer chroma.Lexer, code string) string {
	t.Helper()
	tokens, err := chroma.Tokenise(lexer, nil, code)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	writeTokens(&buf, tokens)
	return buf.String()
}

func TestWriteTokensMatchesChroma(t *testing.T) {
	cases := []struct{ lang, code string }{
		{"apex", lexReadSample(t, "account_service.apex")},
		{"apex", lexReadSample(t, "account_trigger.apex")},
		{"soql", lexReadSample(t, "queries.soql")},
		{"java", lexReadSample(t, "save_results.java")},
		{"json", jsonSamples[3]},
		{"go", "package main\n\n/* a\nmulti-line\ncomment */\nfunc main() { println(\"<&'\\\">\") }\n"},
		{"bash", "curl -H 'Authorization: Bearer $TOKEN' \"$URL\" && echo ok # done\n"},
		{"xml", "<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode></soapenv:Fault>\n"},
		{"python", "def f(x):\n    return x > 1 and x < 2  # <tag>\n"},
		{"yaml", "code: UNABLE_TO_LOCK_ROW\nretryable: true\n"},
		{"apex", strings.Repeat("// long comment line\n", 600)}, // coalescing stops at 8 KiB
	}
	for _, c := range cases {
		for _, lexer := range []chroma.Lexer{Lexer(c.lang), lexers.Get(c.lang)} {
			if lexer == nil {
				continue
			}
			if got, want := ourFormat(t, lexer, c.code), chromaFormat(t, lexer, c.code); got != want {
				t.Errorf("%s (%s): writeTokens differs from chroma's formatter\n got: %.300q\nwant: %.300q", c.lang, lexer.Config().Name, got, want)
			}
		}
	}
}

func FuzzWriteTokens(f *testing.F) {
	f.Add("x = [SELECT Id FROM A]; // <b>\n/* a\n\nb */ s = 'it''s & \"q\"';")
	f.Add("{\"a\": [1, \"<\"]}")
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > 256 {
			t.Skip("input longer than 256 bytes")
		}
		for _, lexer := range []chroma.Lexer{chroma.Lexer(apexLexer), Lexer("json")} {
			if got, want := ourFormat(t, lexer, code), chromaFormat(t, lexer, code); got != want {
				t.Fatalf("%s: got %q, want %q", lexer.Config().Name, got, want)
			}
		}
	})
}
