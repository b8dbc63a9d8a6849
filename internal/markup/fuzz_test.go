package markup

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// fuzzMaxInput is the largest input held to fuzzBound.
const fuzzMaxInput = 64 << 10

// fuzzBound is how long one input of at most fuzzMaxInput bytes may take
// to render, in CPU time: a thousand times what fuzzMaxInput bytes of an
// ordinary note take, measured when the fuzz target starts (in each
// worker), so that the bound follows the machine and its load.
func fuzzBound(render func([]byte)) time.Duration {
	note := []byte(rep("A *note* with `code`, a [link](/errors/X/) and UNABLE_TO_LOCK_ROW.\n\n- a step\n- another\n\n", fuzzMaxInput))
	least := time.Duration(1<<63 - 1)
	for range 3 {
		start := sitetest.CPUTime()
		render(note)
		least = min(least, sitetest.CPUTime()-start)
	}
	return 1000 * max(least, time.Millisecond)
}

// watchdog crashes the process, with every goroutine's stack, when an
// input has not rendered after ten times its bound (in wall time, which
// counts a loop that never ends): the fuzzer then saves it as a failure,
// where such a loop would stall the fuzzer instead.
func watchdog(in string, bound time.Duration) (stop func() bool) {
	return time.AfterFunc(10*bound, func() {
		debug.SetTraceback("all")
		panic(fmt.Sprintf("rendering %d bytes has taken more than %v: %.300q", len(in), 10*bound, in))
	}).Stop
}

// liveHTML matches what must never come out of the renderers live: a
// script, style, frame or object element, an event handler attribute or a
// javascript: URL. Text that looks like them comes out escaped (&lt;).
var liveHTML = regexp.MustCompile(`(?i)<(script|style|iframe|object|embed)|<[a-z][^<>]*\son[a-z]+\s*=|(href|src)\s*=\s*"\s*javascript:`)

// checkOutput fails on a renderer output that breaks an invariant.
func checkOutput(t *testing.T, in, out []byte) {
	t.Helper()
	if utf8.Valid(in) && !utf8.Valid(out) {
		t.Errorf("valid UTF-8 in, invalid out: %.300q", out)
	}
	if bytes.IndexByte(out, 0) >= 0 {
		t.Errorf("NUL in the output: %.300q", out)
	}
	if m := liveHTML.Find(out); m != nil {
		t.Errorf("live HTML %q in the output: %.300q", m, out)
	}
}

// fuzzSeeds are the notes and guides of the site, the pathological
// patterns at 1 KB, and a few traps.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, p := range pathological {
		f.Add(p.gen(1000))
	}
	for _, s := range []string{
		"`List<Account>` <https://example.com> <script>alert(1)</script>",
		"[x](javascript:alert(1)) ![y](JaVaScRiPt:alert(1)) <a href=\"javascript:x\">z</a>",
		"<b onclick=alert(1)>b</b> <img src=x onerror=alert(1)>",
		"| a | b |\n|---|---|\n| `x|y` | <i>z</i> |\n",
		"text[^1]\n\n[^1]: note <script>\n",
		"> - ```\n  > code\n  ```\n",
		"\x00\xff\xfe <\x00script>",
	} {
		f.Add(s)
	}
}

// FuzzRender renders arbitrary notes: no panic, no input of 64 KB taking
// more than a thousand times an ordinary note of 64 KB (fuzzBound), and no
// live HTML, NUL or broken UTF-8 out.
func FuzzRender(f *testing.F) {
	fuzzSeeds(f)
	r := New()
	reserved := func(id string) bool { return id == "causes" }
	bound := fuzzBound(func(b []byte) { r.Render("f.md", b, 0, reserved) })
	f.Fuzz(func(t *testing.T, in string) {
		defer watchdog(in, bound)()
		start := sitetest.CPUTime()
		out, _, _ := r.Render("f.md", []byte(in), 0, reserved)
		if d := sitetest.CPUTime() - start; d > bound && len(in) <= fuzzMaxInput {
			t.Fatalf("%d bytes took %v", len(in), d)
		}
		checkOutput(t, []byte(in), out)
		if bytes.Contains(out, []byte(`id="causes"`)) {
			t.Errorf("a heading took the reserved id: %.300q", out)
		}
	})
}

// FuzzInline does the same for catalog text (a cause, a step).
func FuzzInline(f *testing.F) {
	fuzzSeeds(f)
	r := New()
	bound := fuzzBound(func(b []byte) { r.Inline(string(b)) })
	f.Fuzz(func(t *testing.T, in string) {
		defer watchdog(in, bound)()
		start := sitetest.CPUTime()
		out := r.Inline(in)
		if d := sitetest.CPUTime() - start; d > bound && len(in) <= fuzzMaxInput {
			t.Fatalf("%d bytes took %v", len(in), d)
		}
		checkOutput(t, []byte(in), out)
		// Every link InlineLinks finds is inside the text, at a line and
		// column the text has.
		lines := strings.Split(in, "\n")
		for _, l := range r.InlineLinks(in) {
			if l.Pos.Line < 1 || l.Pos.Line > len(lines) || l.Pos.Col < 1 || l.Pos.Col > len(lines[l.Pos.Line-1])+1 {
				t.Fatalf("link %q at %d:%d, outside the text %q", l.Dest, l.Pos.Line, l.Pos.Col, in)
			}
		}
	})
}
