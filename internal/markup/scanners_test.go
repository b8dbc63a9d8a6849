package markup

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

func TestJavaLexerTokens(t *testing.T) {
	src := lexReadSample(t, "save_results.java")
	tokens := lexTokens(t, Lexer("java"), src)
	lexCheckNoErrors(t, "save_results.java", tokens)
	lexCheckRoundTrip(t, "save_results.java", tokens, src)
	for _, tc := range []struct {
		text string
		nth  int
		want chroma.TokenType
	}{
		{"package", 0, chroma.KeywordNamespace},
		{"com.example.sync", 0, chroma.NameNamespace},
		{"import", 0, chroma.KeywordNamespace},
		{"static", 0, chroma.KeywordNamespace},
		{"java.util.Objects.requireNonNull", 0, chroma.NameNamespace},
		{"com.sforce.soap.partner.*", 0, chroma.NameNamespace},
		{"/**\n * Logs every failed row of a partner API update.\n */", 0, chroma.CommentMultiline},
		{"@SuppressWarnings", 0, chroma.NameDecorator},
		{`"unchecked"`, 0, chroma.LiteralString},
		{"public", 0, chroma.KeywordDeclaration},
		{"final", 0, chroma.KeywordDeclaration},
		{"class", 0, chroma.KeywordDeclaration},
		{"SaveResults", 0, chroma.NameClass},
		{"implements", 0, chroma.KeywordDeclaration},
		{"Reporter", 0, chroma.Name},
		{"long", 0, chroma.KeywordType},
		{"MAX_ROWS", 0, chroma.Name},
		{"10_000L", 0, chroma.LiteralNumberInteger},
		{"0.5d", 0, chroma.LiteralNumberFloat},
		{"1e-3", 0, chroma.LiteralNumberFloat},
		{"0x1F", 0, chroma.LiteralNumberHex},
		{"0b1010", 0, chroma.LiteralNumberBin},
		{"017", 0, chroma.LiteralNumberOct},
		{`'\''`, 0, chroma.LiteralStringChar},
		{`'\t'`, 0, chroma.LiteralStringChar},
		{`'\u00e9'`, 0, chroma.LiteralStringChar},
		{`"say \"hi\"\n"`, 0, chroma.LiteralString},
		{"\"\"\"\n        multi \"line\"\n        \"\"\"", 0, chroma.LiteralString},
		{"@Override", 0, chroma.NameDecorator},
		{"void", 0, chroma.KeywordType},
		{"report", 0, chroma.NameFunction},
		{"throws", 0, chroma.KeywordDeclaration},
		{"for", 0, chroma.Keyword},
		{"isSuccess", 0, chroma.NameFunction},
		{"length", 0, chroma.NameAttribute},
		{"&&", 0, chroma.Operator},
		{"err", 0, chroma.NameAttribute},
		{"println", 0, chroma.NameFunction},
		{"0", 0, chroma.LiteralNumberInteger}, // chroma's rules took it for a name
		{"var", 0, chroma.KeywordDeclaration},
		{"log", 0, chroma.NameFunction},
		{"null", 0, chroma.KeywordConstant},
		{"->", 0, chroma.Operator},
		{"new", 0, chroma.Keyword},
		{"true", 0, chroma.KeywordConstant},
		{"class", 1, chroma.NameAttribute}, // SaveResults.class
		{"record", 0, chroma.KeywordDeclaration},
		{"Row", 0, chroma.NameClass},
		{"sealed", 0, chroma.KeywordDeclaration},
		{"Shape", 0, chroma.NameClass},
		{"permits", 0, chroma.KeywordDeclaration},
		{"Mode", 0, chroma.NameClass},
	} {
		lexCheckToken(t, tokens, tc.text, tc.nth, tc.want)
	}
}

// TestJavaLexerEdgeCases covers input no real snippet has.
func TestJavaLexerEdgeCases(t *testing.T) {
	for _, src := range []string{"", "\"unterminated\nint x;", "'", "/* open", "@", "x.", "1.", ".5f", "0x", "a # b `c`", "\"\"\"", "non-sealed class A {}", "import", "\r\n\r"} {
		tokens := lexTokens(t, Lexer("java"), src)
		lexCheckRoundTrip(t, src, tokens, src)
		lexCheckNoErrors(t, src, tokens)
	}
	for _, tc := range []struct {
		src, text string
		want      chroma.TokenType
	}{
		{"String s = \"oops\nint x;", "int", chroma.KeywordType}, // an unterminated string ends at its line
		{"String s = \"\"\"\n  He said \\\"\"\" hi\n  \"\"\";\nint x = 1;", "int", chroma.KeywordType},
		{"double d = 0x1Fp3;", "0x1Fp3", chroma.LiteralNumberFloat},
		{"double d = 0x1.8p-2d;", "0x1.8p-2d", chroma.LiteralNumberFloat},
		{"if (record instanceof Account) {}", "record", chroma.Name},
		{"if (record instanceof Account) {}", "instanceof", chroma.Keyword},
		{"void main(String... args) {}", "args", chroma.Name},
		{"void main(String... args) {}", "...", chroma.Punctuation},
		{"@interface Audited {}", "Audited", chroma.NameClass},
	} {
		tokens := lexTokens(t, Lexer("java"), tc.src)
		lexCheckRoundTrip(t, tc.src, tokens, tc.src)
		lexCheckToken(t, tokens, tc.text, 0, tc.want)
	}
}

func FuzzJavaLexer(f *testing.F) {
	for line := range strings.Lines(lexReadSample(f, "save_results.java")) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 256 {
			t.Skip("input longer than 256 bytes")
		}
		tokens := lexTokens(t, Lexer("java"), src)
		lexCheckRoundTrip(t, "java", tokens, src)
		lexCheckNoErrors(t, "java", tokens)
	})
}

// jsonSamples are JSON documents as notes show them: API responses, OAuth
// errors, composite requests.
var jsonSamples = []string{
	`{"errorCode": "UNABLE_TO_LOCK_ROW", "message": "unable to obtain exclusive access to this record", "fields": []}`,
	`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
	"{\n  \"error\": \"invalid_grant\",\n  \"error_description\": \"ip restricted\"\n}\n",
	`{"n": -0.5e+10, "m": 12, "o": 0, "p": 1.25, "q": 3E-2, "t": true, "f": false, "z": null, "s": "a \"quoted\" \\ back\\\\slash \u00e9"}`,
	`{"nested": {"list": [1, [2, {"x": []}], {}], "empty": ""}}`,
	`"just a string"`, `42`, `null`, `[]`, `{}`,
}

// TestJSONLexerMatchesChroma checks the scanner against chroma's JSON
// lexer, whose tokens it promises to reproduce for valid JSON.
func TestJSONLexerMatchesChroma(t *testing.T) {
	ref := lexers.Get("json")
	if ref == nil || ref == Lexer("json") {
		t.Fatal("no chroma JSON lexer to compare with")
	}
	for _, src := range jsonSamples {
		if !json.Valid([]byte(src)) {
			t.Fatalf("sample is not valid JSON: %s", src)
		}
		got := lexTokens(t, Lexer("json"), src)
		lexCheckRoundTrip(t, src, got, src)
		lexCheckSame(t, src, got, lexTokens(t, ref, src))
	}
	tokens := lexTokens(t, Lexer("json"), jsonSamples[0])
	lexCheckToken(t, tokens, `"errorCode"`, 0, chroma.NameTag)
	lexCheckToken(t, tokens, `"UNABLE_TO_LOCK_ROW"`, 0, chroma.LiteralStringDouble)
}

func FuzzJSONLexer(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add(s)
	}
	for _, s := range []string{`{"a":`, `[1,`, `"open`, `{"a" 1}`, `// c` + "\n1", `tru`, `-`, `01`, `1.e5`, `{]`, `}`, `{"path": "C:\"}`} {
		f.Add(s)
	}
	ref := lexers.Get("json")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 256 {
			t.Skip("input longer than 256 bytes")
		}
		tokens := lexTokens(t, Lexer("json"), src)
		lexCheckRoundTrip(t, "json", tokens, src)
		if json.Valid([]byte(src)) {
			lexCheckSame(t, "json", tokens, lexTokens(t, ref, src))
		}
	})
}
