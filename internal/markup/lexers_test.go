package markup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

const lexerTestdata = "testdata/lexers"

func lexTokens(t testing.TB, lexer chroma.Lexer, src string) []chroma.Token {
	t.Helper()
	tokens, err := chroma.Tokenise(lexer, nil, src)
	if err != nil {
		t.Fatalf("%s: tokenise: %v", lexer.Config().Name, err)
	}
	return tokens
}

// lexedText is what a chroma lexer can reproduce of src: chroma (with the
// default options) turns CRLF and CR into LF, and works on runes, so
// invalid UTF-8 comes back as U+FFFD.
func lexedText(src string) string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	return string([]rune(src))
}

// lexCheckRoundTrip reports whether concatenating the token values gives back
// the input. A lexer with EnsureNL may add one trailing newline.
func lexCheckRoundTrip(t testing.TB, name string, tokens []chroma.Token, src string) {
	t.Helper()
	got, want := chroma.Stringify(tokens...), lexedText(src)
	if got != want && got != want+"\n" {
		t.Errorf("%s: tokens do not reproduce the input\n got: %q\nwant: %q", name, got, want)
	}
}

// lexCheckNoErrors fails for every chroma.Error token, with its line number.
func lexCheckNoErrors(t testing.TB, name string, tokens []chroma.Token) {
	t.Helper()
	line := 1
	for i, tok := range tokens {
		if tok.Type == chroma.Error {
			t.Errorf("%s:%d: error token %q (token %d, after %q)", name, line, tok.Value, i, lexTokensBefore(tokens, i))
		}
		line += strings.Count(tok.Value, "\n")
	}
}

func lexTokensBefore(tokens []chroma.Token, i int) string {
	return chroma.Stringify(tokens[max(0, i-5):i]...)
}

func lexSampleLexer(t testing.TB, name string) chroma.Lexer {
	t.Helper()
	switch filepath.Ext(name) {
	case ".apex":
		return chroma.Lexer(apexLexer)
	case ".soql":
		return chroma.Lexer(soqlLexer)
	}
	t.Fatalf("no lexer for %s", name)
	return nil
}

func lexReadSample(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(lexerTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestLexerSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(lexerTestdata, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, path := range files {
		name := filepath.Base(path)
		if ext := filepath.Ext(name); ext != ".apex" && ext != ".soql" {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			src := lexReadSample(t, name)
			tokens := lexTokens(t, lexSampleLexer(t, name), src)
			lexCheckNoErrors(t, name, tokens)
			lexCheckRoundTrip(t, name, tokens, src)
		})
	}
	if n < 3 {
		t.Fatalf("found %d sample files in %s, want at least 3", n, lexerTestdata)
	}
}

func TestLexerTokens(t *testing.T) {
	// Each case finds the nth (0-based) token whose value is exactly text.
	type tokenCase struct {
		text string
		nth  int
		want chroma.TokenType
	}
	samples := []struct {
		file  string
		cases []tokenCase
	}{
		{"account_trigger.apex", []tokenCase{
			{"trigger", 0, chroma.KeywordDeclaration},
			{"AccountTrigger", 0, chroma.NameClass},
			{"on", 0, chroma.Keyword},
			{"Account", 0, chroma.NameClass},
			{"before", 0, chroma.Keyword},
			{"insert", 0, chroma.Keyword},
			{"undelete", 0, chroma.Keyword},
			{"Trigger", 0, chroma.NameBuiltin},
			{"isBefore", 0, chroma.NameAttribute},
			{"new", 0, chroma.NameAttribute}, // Trigger.new is a member, not the keyword
			{"Rating__c", 0, chroma.NameAttribute},
			{"'Hot'", 0, chroma.LiteralStringSingle},
			{"trigger", 1, chroma.NameBuiltin}, // lower-case trigger.oldMap
			{"Map", 0, chroma.KeywordType},
			{"Id", 0, chroma.KeywordType},
			{"merge", 0, chroma.Keyword},
			{"values", 0, chroma.NameFunction},
			{"0", 0, chroma.LiteralNumberInteger},
		}},
		{"account_service.apex", []tokenCase{
			{"public", 0, chroma.KeywordDeclaration},
			{"with", 0, chroma.KeywordDeclaration},
			{"sharing", 0, chroma.KeywordDeclaration},
			{"class", 0, chroma.KeywordDeclaration},
			{"AccountService", 0, chroma.NameClass},
			{"implements", 0, chroma.KeywordDeclaration},
			{"Queueable", 0, chroma.NameBuiltin},
			{"Database", 0, chroma.NameBuiltin},
			{"Batchable", 0, chroma.NameAttribute},
			{"SObject", 0, chroma.KeywordType},
			{"static", 0, chroma.KeywordDeclaration},
			{"final", 0, chroma.KeywordDeclaration},
			{"Integer", 0, chroma.KeywordType},
			{"200", 0, chroma.LiteralNumberInteger},
			{"9000000000L", 0, chroma.LiteralNumberInteger},
			{"1250.75", 0, chroma.LiteralNumberFloat},
			{"label", 0, chroma.Name}, // a variable, not the Label class
			{"get", 0, chroma.Keyword},
			{"set", 0, chroma.Keyword},
			{"@AuraEnabled", 0, chroma.NameDecorator},
			{"Set", 0, chroma.KeywordType},
			{"findCustomers", 0, chroma.NameFunction},
			{"pattern", 0, chroma.Name},
			{"escapeSingleQuotes", 0, chroma.NameFunction},
			{"'%'", 0, chroma.LiteralStringSingle},
			// Inline SOQL.
			{"[", 0, chroma.Punctuation},
			{"SELECT", 0, chroma.Keyword},
			{"Owner", 0, chroma.Name},
			{"Region__c", 0, chroma.Name},
			{"Contacts", 0, chroma.Name},
			{"FROM", 0, chroma.Keyword},
			{"WHERE", 0, chroma.Keyword},
			{"IN", 0, chroma.Keyword},
			{":accountIds", 0, chroma.NameVariable},
			{"LIKE", 0, chroma.Keyword},
			{"LAST_N_DAYS:30", 0, chroma.LiteralDate},
			{":ids", 0, chroma.NameVariable},
			{"0", 0, chroma.LiteralNumberInteger}, // :ids[0] is Apex inside the query
			{"ORDER", 0, chroma.Keyword},          // ... and the query resumes after it
			{"NULLS", 0, chroma.Keyword},
			{"LAST", 0, chroma.Keyword},
			{":MAX_ROWS", 0, chroma.NameVariable},
			{"]", 1, chroma.Punctuation},
			// Back in Apex after the query.
			{"System", 0, chroma.NameBuiltin},
			{"debug", 0, chroma.NameFunction},
			{`' for O\'Brien\n'`, 0, chroma.LiteralStringSingle},
			{"return", 0, chroma.Keyword},
			{"select", 0, chroma.Keyword},
			{"count", 0, chroma.NameFunction},
			{"where", 0, chroma.Keyword},
			{"false", 0, chroma.KeywordConstant},
			{"THIS_MONTH", 0, chroma.LiteralDate},
			{"QueueableContext", 0, chroma.NameBuiltin},
			{"Invoice__c", 0, chroma.Name},
			{"for", 0, chroma.Keyword},
			{"Account__c", 0, chroma.Name}, // in the query
			{"WITH", 0, chroma.Keyword},
			{"SECURITY_ENFORCED", 0, chroma.Keyword},
			{"Amount__c", 1, chroma.NameAttribute}, // inv.Amount__c back in Apex
			{"null", 0, chroma.KeywordConstant},
			{"if", 0, chroma.Keyword},
			{"else", 0, chroma.Keyword},
			{"continue", 0, chroma.Keyword},
			{"FIND", 0, chroma.Keyword},
			{"'Acme*'", 0, chroma.LiteralStringSingle},
			{"ALL", 0, chroma.Keyword},
			{"FIELDS", 0, chroma.Keyword},
			{"RETURNING", 0, chroma.Keyword},
			{"Savepoint", 0, chroma.NameBuiltin},
			{"try", 0, chroma.Keyword},
			{"upsert", 0, chroma.Keyword},
			{"as", 0, chroma.Keyword},
			{"user", 0, chroma.Keyword},
			{"insert", 0, chroma.NameFunction}, // Database.insert(...)
			{"new", 0, chroma.Keyword},
			{"catch", 0, chroma.Keyword},
			{"DmlException", 0, chroma.NameBuiltin},
			{"throw", 0, chroma.Keyword},
			{"finally", 0, chroma.Keyword},
			{"++", 0, chroma.Operator},
			{"?.", 0, chroma.Punctuation},
			{"isEmpty", 0, chroma.NameFunction},
			{"==", 0, chroma.Operator},
			{"switch", 0, chroma.Keyword},
			{"when", 0, chroma.Keyword},
			{"delete", 0, chroma.Keyword},
			{"Task", 0, chroma.Name},
			{":byAccount", 0, chroma.NameVariable},
			{"keySet", 0, chroma.Name}, // SOQL rules inside the query: no call highlighting
			{"update", 0, chroma.Keyword},
			{"@isTest", 0, chroma.NameDecorator},
			{"void", 0, chroma.KeywordType},
			{"Test", 0, chroma.NameBuiltin},
			{"Type", 0, chroma.NameBuiltin},
			{"t", 0, chroma.Name},
			{"// reflection", 0, chroma.CommentSingle},
			{"without", 0, chroma.KeywordDeclaration},
			{"Elevated", 0, chroma.NameClass},
			{"extends", 0, chroma.KeywordDeclaration},
		}},
		{"queries.soql", []tokenCase{
			{"SELECT", 0, chroma.Keyword},
			{"Id", 0, chroma.Name},
			{"Account", 0, chroma.Name},
			{".", 0, chroma.Punctuation},
			{"toLabel", 0, chroma.NameFunction},
			{"Status__c", 0, chroma.Name},
			{"Invoice__r", 0, chroma.Name},
			{"Total__c", 0, chroma.Name},
			{"Email", 0, chroma.Name},
			{"!=", 0, chroma.Operator},
			{"null", 0, chroma.KeywordConstant},
			{"FROM", 0, chroma.Keyword},
			{"Account__c", 0, chroma.Name},
			{"LAST_N_DAYS:30", 0, chroma.LiteralDate},
			{"2024-01-15T09:30:00Z", 0, chroma.LiteralDate},
			{"TODAY", 0, chroma.LiteralDate},
			{"NOT", 0, chroma.Keyword},
			{"IN", 0, chroma.Keyword},
			{"'Banking'", 0, chroma.LiteralStringSingle},
			{"INCLUDES", 0, chroma.Keyword},
			{`'O\'Brien%'`, 0, chroma.LiteralStringSingle},
			{"1000.50", 0, chroma.LiteralNumberFloat},
			{":currentUserId", 0, chroma.NameVariable},
			{"WITH", 0, chroma.Keyword},
			{"SECURITY_ENFORCED", 0, chroma.Keyword},
			{"USING", 0, chroma.Keyword},
			{"SCOPE", 0, chroma.Keyword},
			{"mine", 0, chroma.NameConstant},
			{"ORDER", 0, chroma.Keyword},
			{"BY", 0, chroma.Keyword},
			{"DESC", 0, chroma.Keyword},
			{"NULLS", 0, chroma.Keyword},
			{"FIRST", 0, chroma.Keyword},
			{"LIMIT", 0, chroma.Keyword},
			{"100", 0, chroma.LiteralNumberInteger},
			{"OFFSET", 0, chroma.Keyword},
			{"FOR", 0, chroma.Keyword},
			{"VIEW", 0, chroma.Keyword},
			// Lower case works too.
			{"select", 0, chroma.Keyword},
			{"calendar_year", 0, chroma.NameFunction},
			{"total", 0, chroma.Name},
			{"max", 0, chroma.NameFunction},
			{"group", 0, chroma.Keyword},
			{"by", 0, chroma.Keyword},
			{"having", 0, chroma.Keyword},
			{"TYPEOF", 0, chroma.Keyword},
			{"WHEN", 0, chroma.Keyword},
			{"THEN", 0, chroma.Keyword},
			{"Phone", 0, chroma.Name},
			{"ELSE", 0, chroma.Keyword},
			{"END", 0, chroma.Keyword},
			{"UPDATE", 0, chroma.Keyword},
			{"FIELDS", 0, chroma.NameFunction},
			{"STANDARD", 0, chroma.Keyword},
			{"FORMAT", 0, chroma.NameFunction},
			{"Order", 0, chroma.Name}, // the Order object, not ORDER BY
			{"DAY_ONLY", 0, chroma.NameFunction},
			{"YESTERDAY", 0, chroma.LiteralDate},
			{"FIND", 0, chroma.Keyword},
			{`{Acme\}*}`, 0, chroma.LiteralString},
			{"NAME", 0, chroma.Keyword}, // NAME FIELDS, unlike the Name field
			{"FIELDS", 1, chroma.Keyword},
			{"RETURNING", 0, chroma.Keyword},
			{"'Tech'", 0, chroma.LiteralStringSingle},
			{"DATA", 0, chroma.Keyword},
			{"CATEGORY", 0, chroma.Keyword},
			{"Geography__c", 0, chroma.Name},
			{"AT", 0, chroma.Keyword},
			{"usa__c", 0, chroma.Name},
			{"TRACKING", 0, chroma.Keyword},
		}},
	}
	for _, sample := range samples {
		t.Run(sample.file, func(t *testing.T) {
			tokens := lexTokens(t, lexSampleLexer(t, sample.file), lexReadSample(t, sample.file))
			for _, tc := range sample.cases {
				lexCheckToken(t, tokens, tc.text, tc.nth, tc.want)
			}
		})
	}
}

// lexCheckToken asserts that the nth token with value text has type want.
func lexCheckToken(t *testing.T, tokens []chroma.Token, text string, nth int, want chroma.TokenType) {
	t.Helper()
	seen := 0
	for i, tok := range tokens {
		if tok.Value != text {
			continue
		}
		if seen == nth {
			if tok.Type != want {
				t.Errorf("token %q #%d (after %q): got %s, want %s", text, nth, lexTokensBefore(tokens, i), tok.Type, want)
			}
			return
		}
		seen++
	}
	t.Errorf("token %q #%d: not found (%d occurrences)", text, nth, seen)
}

// TestLexerEdgeCases covers heuristics and error recovery with snippets
// too small to deserve a sample file.
func TestLexerEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		lexer chroma.Lexer
		src   string
		text  string
		nth   int
		want  chroma.TokenType
	}{
		{"Id type vs id variable", chroma.Lexer(apexLexer), "for (Id id : ids) {}", "Id", 0, chroma.KeywordType},
		{"id variable", chroma.Lexer(apexLexer), "for (Id id : ids) {}", "id", 0, chroma.Name},
		{"keywords any case", chroma.Lexer(apexLexer), "PUBLIC Class Foo { IF (TRUE) { RETURN; } }", "IF", 0, chroma.Keyword},
		{"class name any case", chroma.Lexer(apexLexer), "PUBLIC Class Foo {}", "Foo", 0, chroma.NameClass},
		{"constant any case", chroma.Lexer(apexLexer), "PUBLIC Class Foo { IF (TRUE) { RETURN; } }", "TRUE", 0, chroma.KeywordConstant},
		{"Foo.class is a member", chroma.Lexer(apexLexer), "Type t = Foo.class;", "class", 0, chroma.NameAttribute},
		{"inline query with space", chroma.Lexer(apexLexer), "x = [ select Id from Account ];", "select", 0, chroma.Keyword},
		{"code after inline query", chroma.Lexer(apexLexer), "x = [ select Id from Account ]; insert x;", "insert", 0, chroma.Keyword},
		{"array index is not a query", chroma.Lexer(apexLexer), "x = a[0]; insert x;", "insert", 0, chroma.Keyword},
		{"nested index in bind", chroma.Lexer(apexLexer), "x = [SELECT Id FROM A WHERE Id = :m[k[0]].Id LIMIT 1]; for (;;) {}", "LIMIT", 0, chroma.Keyword},
		{"code after nested index", chroma.Lexer(apexLexer), "x = [SELECT Id FROM A WHERE Id = :m[k[0]].Id LIMIT 1]; for (;;) {}", "for", 0, chroma.Keyword},
		{"unterminated string recovers", chroma.Lexer(apexLexer), "String s = 'oops\nInteger i = 1;", "Integer", 0, chroma.KeywordType},
		{"unterminated string token", chroma.Lexer(apexLexer), "String s = 'oops\nInteger i = 1;", "'oops", 0, chroma.LiteralStringSingle},
		{"block comment", chroma.Lexer(apexLexer), "/* a\n b */ Integer i;", "/* a\n b */", 0, chroma.CommentMultiline},
		{"string escapes", chroma.Lexer(apexLexer), `s = 'a\\b\'c\u00e9';`, `'a\\b\'c\u00e9'`, 0, chroma.LiteralStringSingle},
		{"dml not a call", chroma.Lexer(apexLexer), "delete records;", "delete", 0, chroma.Keyword},
		{"Group object", chroma.Lexer(soqlLexer), "SELECT Name FROM Group WHERE Email = null", "Group", 0, chroma.Name},
		{"Name field", chroma.Lexer(soqlLexer), "SELECT Name FROM Group WHERE Email = null", "Name", 0, chroma.Name},
		{"NOT IN", chroma.Lexer(soqlLexer), "SELECT Id FROM A WHERE Id NOT IN (SELECT AccountId FROM B)", "NOT", 0, chroma.Keyword},
		{"next n fiscal years", chroma.Lexer(soqlLexer), "SELECT Id FROM A WHERE d = NEXT_N_FISCAL_YEARS:2", "NEXT_N_FISCAL_YEARS:2", 0, chroma.LiteralDate},
		{"n days ago", chroma.Lexer(soqlLexer), "SELECT Id FROM A WHERE d = n_days_ago:7", "n_days_ago:7", 0, chroma.LiteralDate},
		{"date", chroma.Lexer(soqlLexer), "SELECT Id FROM A WHERE d = 2024-02-29", "2024-02-29", 0, chroma.LiteralDate},
		{"keyword after dot is a name", chroma.Lexer(apexLexer), "x = [SELECT Id FROM A WHERE d = :Date.today() AND o.Order = 1];", "today", 0, chroma.Name},
		{"date literal after bind", chroma.Lexer(apexLexer), "x = [SELECT Id FROM A WHERE d = TODAY];", "TODAY", 0, chroma.LiteralDate},
		{"all rows", chroma.Lexer(soqlLexer), "SELECT Id FROM A ALL ROWS", "ROWS", 0, chroma.Keyword},
		{"user mode", chroma.Lexer(soqlLexer), "SELECT Id FROM A WITH USER_MODE", "USER_MODE", 0, chroma.Keyword},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tokens := lexTokens(t, tc.lexer, tc.src)
			lexCheckNoErrors(t, tc.name, tokens)
			lexCheckRoundTrip(t, tc.name, tokens, tc.src)
			lexCheckToken(t, tokens, tc.text, tc.nth, tc.want)
		})
	}
}

func TestLexerConfig(t *testing.T) {
	apex := chroma.Lexer(apexLexer).Config()
	if apex.Name != "Apex" || !apex.CaseInsensitive ||
		strings.Join(apex.Aliases, ",") != "apex,cls,trigger" ||
		strings.Join(apex.Filenames, ",") != "*.cls,*.trigger" ||
		len(apex.MimeTypes) == 0 {
		t.Errorf("Apex config = %+v", apex)
	}
	soql := chroma.Lexer(soqlLexer).Config()
	if soql.Name != "SOQL" || !soql.CaseInsensitive ||
		strings.Join(soql.Aliases, ",") != "soql,sosl" {
		t.Errorf("SOQL config = %+v", soql)
	}
	if chroma.Lexer(apexLexer) != chroma.Lexer(apexLexer) || chroma.Lexer(soqlLexer) != chroma.Lexer(soqlLexer) {
		t.Error("chroma.Lexer(apexLexer) and chroma.Lexer(soqlLexer) should return shared instances")
	}
}

func TestLexerLookup(t *testing.T) {
	tests := []struct {
		lang string
		want string // lexer name, "" for nil
	}{
		{"apex", "Apex"},
		{"Apex", "Apex"},
		{"cls", "Apex"},
		{"trigger", "Apex"},
		{"soql", "SOQL"},
		{"SOQL", "SOQL"},
		{"sosl", "SOQL"},
		{"json", "JSON"},
		{"java", "Java"},
		{"go", "Go"},
		{"nosuchlang", ""},
		{"", ""},
	}
	for range 2 { // the second pass is served from the cache
		for _, tc := range tests {
			l := Lexer(tc.lang)
			switch {
			case tc.want == "" && l != nil:
				t.Errorf("Lexer(%q) = %s, want nil", tc.lang, l.Config().Name)
			case tc.want != "" && l == nil:
				t.Errorf("Lexer(%q) = nil, want %s", tc.lang, tc.want)
			case l != nil && l.Config().Name != tc.want:
				t.Errorf("Lexer(%q) = %s, want %s", tc.lang, l.Config().Name, tc.want)
			}
		}
	}
	if Lexer("apex") != chroma.Lexer(apexLexer) || Lexer("soql") != chroma.Lexer(soqlLexer) {
		t.Error("Lexer should return the shared Apex and SOQL lexers")
	}
	if Lexer("json") != Lexer("JSON") {
		t.Error("Lexer(json) should be cached and case-insensitive")
	}
}

func FuzzApexLexer(f *testing.F) {
	// Seed with single lines of the samples rather than whole files: the
	// fuzzer minimises every input that finds new coverage, and minimising
	// a multi-kilobyte input can use up the whole -fuzztime.
	for _, name := range []string{"account_service.apex", "account_trigger.apex", "queries.soql"} {
		for line := range strings.Lines(lexReadSample(f, name)) {
			if strings.TrimSpace(line) != "" {
				f.Add(line)
			}
		}
	}
	for _, seed := range []string{
		"", "[", "]", "[select", "[SELECT Id FROM A WHERE x = :a[b[", "]]]]", ":", "'", `'\`, "'\\\n'",
		"/*", "/* */ */", "@", "trigger t on", "x?.y", "LAST_N_DAYS:", "{", "{\\", "\r\n\r",
		"[FIND {x\\} IN ALL FIELDS]", "\xff\xfe", "class", "set;", "a\x00b",
		"x = [SELECT Id,\n  (SELECT Id FROM Contacts)\n FROM Account WHERE Id IN :ids[0]\n];\ninsert x;\n",
		"/* a\n b */ String s = 'oops\nInteger i = 1; // done\n",
		// Unicode: folding (İF, the Kelvin sign), marks, other digits, spaces.
		"İF (x) { RETURN; }", "\u212Aeep", "SELECT Id FROM A WHERE x İN :y", "before İnsert", "[ſELECT Id FROM A]", "claſs Foo", "LAST_N_DAYſ:3", "x\u0301y", "١٢٣.٤e٥d", "a\u00a0b\u2028c", "[SELECT Id FROM A WHERE d = ٢٠٢٤-٠١-٠١]",
		"1.5e+3d 2e7 3d 4l 5L 0.5x 6dx", ">>>= >>> ?? => <<= === !== ?.x", "2024-01-15T09:30:00.5+01:00 2024-01-15T09:30:00Zx",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// Lexing is local, so short inputs reach every rule and state. Long
		// ones only slow down minimisation, which runs unreported and can
		// otherwise eat the whole -fuzztime.
		if len(src) > 256 {
			t.Skip("input longer than 256 bytes")
		}
		for _, pair := range [][2]chroma.Lexer{{chroma.Lexer(apexLexer), refApex()}, {chroma.Lexer(soqlLexer), refSOQL()}} {
			lexer, ref := pair[0], pair[1]
			tokens := lexTokens(t, lexer, src)
			lexCheckRoundTrip(t, lexer.Config().Name, tokens, src)
			lexCheckSame(t, lexer.Config().Name, tokens, lexTokens(t, ref, src))
		}
	})
}

// TestLexerMatchesReference runs the scanner and the reference rules over
// the sample files and every snippet of the edge cases.
func TestLexerMatchesReference(t *testing.T) {
	for _, name := range []string{"account_service.apex", "account_trigger.apex", "queries.soql"} {
		src := lexReadSample(t, name)
		lexer, ref := chroma.Lexer(apexLexer), refApex()
		if strings.HasSuffix(name, ".soql") {
			lexer, ref = chroma.Lexer(soqlLexer), refSOQL()
		}
		lexCheckSame(t, name, lexTokens(t, lexer, src), lexTokens(t, ref, src))
	}
}

// lexCheckSame fails unless two token streams are the same once adjacent
// tokens of one type are merged, which is all the formatter sees.
func lexCheckSame(t testing.TB, name string, got, want []chroma.Token) {
	t.Helper()
	g, w := lexCoalesce(got), lexCoalesce(want)
	for i := range max(len(g), len(w)) {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			var gt, wt chroma.Token
			if i < len(g) {
				gt = g[i]
			}
			if i < len(w) {
				wt = w[i]
			}
			t.Fatalf("%s: token %d (after %q): scanner %s %q, reference %s %q", name, i, lexTokensBefore(w, min(i, len(w))), gt.Type, gt.Value, wt.Type, wt.Value)
		}
	}
}

func lexCoalesce(tokens []chroma.Token) []chroma.Token {
	var out []chroma.Token
	for _, tok := range tokens {
		if tok.Value == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Type == tok.Type {
			out[n-1].Value += tok.Value
			continue
		}
		out = append(out, tok)
	}
	return out
}
