package source

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want, prob string
	}{
		{"lf", "a\nb\n", "a\nb\n", ""},
		{"bom", "\ufeffa\nb", "a\nb", ""},
		{"crlf", "a\r\nb\r\n", "a\nb\n", ""},
		{"lone cr", "a\rb\r", "a\nb\n", ""},
		{"mixed", "\ufeffa\r\n\rb\n", "a\n\nb\n", ""},
		{"tab", "a\tb", "a\tb", ""},
		{"bom only at start", "a\ufeff", "a\ufeff", ""},
		{"nul", "ab\ncd\x00", "", "f:2:3: file holds a NUL byte, so it is not text (save it as UTF-8 text)"},
		{"nul after crlf", "a\r\nb\x00", "", "f:2:2: file holds a NUL byte, so it is not text (save it as UTF-8 text)"},
		{"invalid", "ok\ncafé \xe9t\xe9", "", "f:2:6: file is not valid UTF-8 (byte 0xe9) (save it as UTF-8 text)"},
		{"esc", "ok\n  \x1b[31m", "", "f:2:3: control character U+001B is not allowed in text (" + ControlHint + ")"},
		{"del", "\x7f", "", "f:1:1: control character U+007F is not allowed in text (" + ControlHint + ")"},
		{"c1", "é\u009b", "", "f:1:2: control character U+009B is not allowed in text (" + ControlHint + ")"},
		{"form feed", "a\fb", "", "f:1:2: control character U+000C is not allowed in text (" + ControlHint + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := Text("f", []byte(tt.in))
			if tt.prob != "" {
				if got != nil || probs.Error() != tt.prob {
					t.Errorf("got %q, %q; want problem %q", got, probs.Error(), tt.prob)
				}
				return
			}
			if probs != nil || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q", got, probs, tt.want)
			}
		})
	}
}

// FuzzText: Text either refuses with a position or returns LF-only valid
// UTF-8 without control characters; applied again it changes nothing (but
// a second BOM), and it leaves clean text as it is.
func FuzzText(f *testing.F) {
	for _, s := range []string{"a\r\nb", "\ufeff\r", "\x00", "\xff", "é\u0085", "a\tb\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, probs := Text("f", in)
		if probs != nil {
			if out != nil || len(probs) != 1 || probs[0].Line < 1 || probs[0].Col < 1 {
				t.Fatalf("refusal %v with output %q", probs, out)
			}
			return
		}
		if bytes.IndexByte(out, '\r') >= 0 || !utf8.Valid(out) || strings.ContainsFunc(string(out), IsControl) {
			t.Fatalf("Text(%q) = %q", in, out)
		}
		// Only the first BOM is dropped; a second one is text.
		again, probs := Text("f", out)
		if probs != nil || !bytes.Equal(again, bytes.TrimPrefix(out, []byte("\ufeff"))) {
			t.Fatalf("not idempotent: %q → %q → %q %v", in, out, again, probs)
		}
		if !bytes.ContainsAny(in, "\r") && !bytes.HasPrefix(in, []byte("\ufeff")) && !bytes.Equal(in, out) {
			t.Fatalf("clean text changed: %q → %q", in, out)
		}
	})
}
