package markup

import (
	"bytes"
	"io"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// benchBlocks are the code blocks of a synthetic note (internal/synth), the
// blocks a 10,000-error benchmark build highlights 10,000 times each.
var benchBlocks = []struct{ lang, code string }{
	{"json", `{"errorCode": "SYNTHETIC_ERROR_00042", "message": "synthetic failure 42 on record 001000000000001", "fields": ["Name"]}` + "\n"},
	{"java", "public class Repro42 {\n    public static void main(String[] args) throws Exception {\n        SaveResult[] results = connection.update(new SObject[] { record });\n        for (SaveResult r : results) {\n            if (!r.isSuccess()) {\n                System.err.println(r.getErrors()[0].getMessage());\n            }\n        }\n    }\n}\n"},
	{"apex", "trigger Synthetic42 on Task (after insert) {\n    Set<Id> ids = new Set<Id>();\n    for (Task t : Trigger.new) {\n        if (t.WhatId != null) { ids.add(t.WhatId); }\n    }\n    List<Account> accounts = [SELECT Id, Name FROM Account WHERE Id IN :ids LIMIT 200];\n    update accounts; // one update per parent\n}\n"},
}

// BenchmarkHighlight measures lexing alone and lexing plus HTML formatting
// for each language a synthetic note holds.
func BenchmarkHighlight(b *testing.B) {
	for _, bb := range benchBlocks {
		b.Run(bb.lang+"/lex", func(b *testing.B) {
			lexer := Lexer(bb.lang)
			for b.Loop() {
				it, err := chroma.Coalesce(lexer).Tokenise(nil, bb.code)
				if err != nil {
					b.Fatal(err)
				}
				for t := it(); t != chroma.EOF; t = it() {
				}
			}
		})
		b.Run(bb.lang+"/html", func(b *testing.B) {
			for b.Loop() {
				if err := Highlight(io.Discard, bb.code, bb.lang); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("format-only", func(b *testing.B) {
		toks, _ := chroma.Tokenise(Lexer("java"), nil, benchBlocks[1].code)
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			writeTokens(&buf, toks)
		}
	})
}
