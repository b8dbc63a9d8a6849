package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzReadLedger feeds arbitrary bytes to the ledger's reader: it never
// panics, every problem is positioned in the ledger and short (a damaged
// line is never repeated whole), and every URL it keeps is a site path of
// a usable length at a line of the file.
func FuzzReadLedger(f *testing.F) {
	f.Add([]byte(ledgerHeader + "/\n/errors/A/\n/errors/A/#x\n"))
	f.Add([]byte("/b/\n/a/\n/a/\nerrors/\n\n# c\n"))
	f.Add([]byte("/" + strings.Repeat("x", maxLedgerLine) + "\n/ok/\n"))
	f.Add([]byte("\xff\x00/a/\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, probs := readLedger(fstest.MapFS{LedgerFile: {Data: data}})
		// Lines as the reader counts them: a lone carriage return ends a
		// line too (source.Text reads CRLF and CR as LF).
		text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(text, "\n") + 1
		if l != nil {
			probs = append(probs, l.repairable...)
			for _, u := range l.order {
				if !strings.HasPrefix(u, "/") || len(u) > maxLedgerLine || l.lines[u] < 1 || l.lines[u] > lines {
					t.Fatalf("kept %.80q at line %d", u, l.lines[u])
				}
			}
		}
		for _, p := range probs {
			if p.File != LedgerFile || p.Line > lines || len(p.Msg)+len(p.Hint) > 2*maxLedgerLine+1000 {
				t.Fatalf("problem %.200s", p.Error())
			}
		}
	})
}
