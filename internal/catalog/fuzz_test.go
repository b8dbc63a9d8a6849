package catalog

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// validEntry is catalog/errors/X.yaml that loads.
const validEntry = "code: X\ntitle: A title\ncategory: other\nsummary: A summary here.\nmessages: [m]\ncauses:\n  - id: w\n    what: w\n    steps: [s]\nwho_fixes: user\nretryable: true\nadded: 2026-01-01\n"

const fuzzCategories = "categories:\n  - slug: other\n    name: Other\n    description: Other.\n    order: 1\n"

func loadOne(data []byte) (*Catalog, []string) {
	fsys := fstest.MapFS{
		"catalog/categories.yaml": {Data: []byte(fuzzCategories)},
		"catalog/errors/X.yaml":   {Data: data},
	}
	cat, probs := Load(context.Background(), fsys)
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Error())
	}
	return cat, msgs
}

// FuzzLoad feeds arbitrary bytes to the loader as an entry: it must return
// problems or a catalog, never panic, and every problem must be positioned
// in the file it came from.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(validEntry))
	f.Add([]byte("code: X\ntitle: TODO Say in plain words what went wrong\ncategory: othr\nsumary: A summary here.\nmessages: [m]\ncauses:\n  - id: todo-name-this-cause\n    what: w\n    steps: [s]\nwho_fixes: user\nretryable: true\nadded: 2026-01-01\nretired: {date: 2999-01-01, reason: gone}\n"))
	f.Add([]byte("code: X\ntitle: A title\ncategory: other\nsummary: A summary here.\nmessages: [m]\ncauses:\n  - id: w\n    former_ids: [v, x, v, causes]\n    what: w\n    steps: [s]\n  - id: x\n    retired: {date: 2026-02-30, reason: Gone now.}\n    messages: [m]\n    what: w\n    steps: [s]\nwho_fixes: user\nretryable: true\nadded: 2026-01-01\n"))
	f.Add([]byte("code: [\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("\x00\xff\xfe"))
	f.Add([]byte("---\na: 1\n---\nb: 2\n"))
	f.Add([]byte("<<: {a: 1}\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Add([]byte("code: !!binary aGVsbG8=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, msgs := loadOne(data)
		if cat == nil && len(msgs) == 0 {
			t.Fatal("no catalog and no problems")
		}
		for _, m := range msgs {
			if !strings.HasPrefix(m, "catalog/") {
				t.Fatalf("problem without a file: %q", m)
			}
		}
	})
}

// TestLoadHostile checks inputs that crash or stall naive loaders: each is
// refused, with its position, and costs at most a hundred times an
// ordinary entry of its size.
func TestLoadHostile(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 1, 2, 0xff}, "catalog/errors/X.yaml:1:5: file holds a NUL byte, so it is not text (save it as UTF-8 text)"},
		{"latin1", []byte("title: caf\xe9\n"), "catalog/errors/X.yaml:1:11: file is not valid UTF-8 (byte 0xe9) (save it as UTF-8 text)"},
		{"10MB", bytes.Repeat([]byte("# comment line of padding\n"), 10<<20/26+1), "catalog/errors/X.yaml: file is 10485774 bytes, larger than the 1048576 allowed (a catalog file holds one entry of a few kilobytes; move long text to a Markdown note)"},
		{"deep flow", []byte(strings.Repeat("[", 20000)), "catalog/errors/X.yaml:1: invalid YAML: exceeded max depth of 10000 (check the indentation and quote values that contain \": \", \"#\" or start with \"{\" or \"[\")"},
		{"deep nesting", []byte("code: " + strings.Repeat("[", 100) + strings.Repeat("]", 100)), "nesting deeper than 32 levels"},
		{"deep block", []byte(deepBlock(200)), "nesting deeper than 32 levels"},
		{"alias bomb", []byte("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"), "catalog/errors/X.yaml:1:4: anchor &a is not supported (write the value out in full)"},
		{"two documents", []byte("code: X\n---\ncode: Y\n"), "catalog/errors/X.yaml:2:1: file holds more than one YAML document"},
		{"empty", nil, "catalog/errors/X.yaml:1:1: file is empty"},
		{"scalar", []byte("just text\n"), "catalog/errors/X.yaml:1:1: the file must be a mapping of fields, not string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An ordinary entry of the same size, padded with comments.
			ordinary := []byte(validEntry + strings.Repeat("# a comment\n", max(0, len(tt.data)-len(validEntry))/12))
			sitetest.CheckBaseline(t, tt.name, 100, func() { loadOne(ordinary) }, func() { loadOne(tt.data) })
			cat, msgs := loadOne(tt.data)
			if cat != nil {
				t.Fatal("hostile input loaded as a catalog")
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tt.want) {
				t.Errorf("problems:\n%s\nwant one containing:\n%s", strings.Join(msgs, "\n"), tt.want)
			}
		})
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	return b.String()
}

// SyntheticCatalog returns a site tree of n valid entries in 8 categories,
// for benchmarks.
func SyntheticCatalog(n int) fstest.MapFS {
	fsys := fstest.MapFS{"catalog/categories.yaml": {Data: []byte(synth.CategoriesYAML())}}
	for i := range n {
		fsys["catalog/errors/"+synth.Code(i)+".yaml"] = &fstest.MapFile{Data: []byte(synth.Entry(i, n))}
	}
	return fsys
}

// BenchmarkLoad loads and validates a synthetic catalog of 10,000 entries.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := SyntheticCatalog(n)
		b.Run(fmt.Sprintf("errors=%d", n), func(b *testing.B) {
			for b.Loop() {
				cat, probs := Load(context.Background(), fsys)
				if probs != nil || len(cat.Errors) != n {
					b.Fatal(probs)
				}
			}
		})
	}
}
