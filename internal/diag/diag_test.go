package diag

import (
	"bytes"
	"testing"
)

func TestWrite(t *testing.T) {
	var l List
	l.Add(Pos{File: "catalog/errors/B.yaml", Line: 3, Col: 7}, `unknown category "auth"`, "known: authentication, other")
	l.Add(Pos{File: "catalog/errors/A.yaml", Line: 12, Col: 1}, "line one\nline, two: 100%", "")
	l.Add(Pos{File: "catalog/errors/A.yaml"}, "file too large", "")
	l.Sort()

	tests := []struct {
		format Format
		want   string
	}{
		{Text, "catalog/errors/A.yaml: file too large\n" +
			"catalog/errors/A.yaml:12:1: line one\\nline, two: 100%\n" +
			"catalog/errors/B.yaml:3:7: unknown category \"auth\" (known: authentication, other)\n"},
		{GitHub, "::error file=catalog/errors/A.yaml::file too large\n" +
			"::error file=catalog/errors/A.yaml,line=12,col=1::line one%0Aline, two: 100%25\n" +
			"::error file=catalog/errors/B.yaml,line=3,col=7::unknown category \"auth\" (known: authentication, other)\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, l, tt.format); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("Write(%s):\ngot:\n%s\nwant:\n%s", tt.format, got, tt.want)
		}
	}
}

// TestWriteControl: a file name or message holding control characters (a
// file named with an ESC sequence or a newline, a message quoting a
// value) is printed escaped in both formats, so it cannot drive the
// terminal or forge a line of output.
func TestWriteControl(t *testing.T) {
	var l List
	l.Add(Pos{File: "content/errors/\x1b[2J\x1b[31mX\nfake.md", Line: 1, Col: 2}, "bad \x00 \u009b2J \u202egnp.exe \xff", "hint\x07")
	tests := []struct {
		format Format
		want   string
	}{
		{Text, `content/errors/\x1b[2J\x1b[31mX\nfake.md:1:2: bad \x00 \u009b2J \u202egnp.exe \xff (hint\a)` + "\n"},
		{GitHub, `::error file=content/errors/\x1b[2J\x1b[31mX\nfake.md,line=1,col=2::bad \x00 \u009b2J \u202egnp.exe \xff (hint\a)` + "\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, l, tt.format); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("Write(%s):\ngot:  %q\nwant: %q", tt.format, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, café, 日本, tab\there", "plain text, café, 日本, tab\there"},
		{"a\nb\rc", `a\nb\rc`},
		{"\x1b[0m", `\x1b[0m`},
		{"\x7f\u0085", `\x7f\u0085`},
		{"\u2066x\u2069", `\u2066x\u2069`},
		{"bad\xc3", `bad\xc3`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in, false); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Escape("a\nb\x1b", true); got != "a\nb\\x1b" {
		t.Errorf("Escape with keepLines = %q", got)
	}
}

func TestErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list should give nil error")
	}
	l.Addf(Pos{File: "f", Line: 1, Col: 2}, "bad %s", "thing")
	if got, want := l.Err().Error(), "f:1:2: bad thing"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Fatal("ParseFormat(xml) should fail")
	}
}
