package site

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// benchTemp is where benchmarks put their sites, removed only when the
// test binary exits (TestMain): on ext4 without a journal, deleting a
// 10,000-error site slows file creation for minutes, which would land on
// the benchmarks that follow.
var benchTemp struct {
	once sync.Once
	dir  string
	err  error
}

// benchDir returns a new folder under benchTemp.
func benchDir(b *testing.B) string {
	b.Helper()
	benchTemp.once.Do(func() { benchTemp.dir, benchTemp.err = os.MkdirTemp("", "helpcenter-bench-") })
	if benchTemp.err != nil {
		b.Fatal(benchTemp.err)
	}
	dir, err := os.MkdirTemp(benchTemp.dir, "")
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp.dir != "" {
		os.RemoveAll(benchTemp.dir)
	}
	os.Exit(code)
}

func synthSite(b *testing.B, n int) string {
	b.Helper()
	root := benchDir(b)
	if err := synth.Write(root, n, repoRoot); err != nil {
		b.Fatal(err)
	}
	return root
}

// BenchmarkBuild is the whole pipeline (load, validate, render, index,
// write, swap) on synthetic catalogs of 1,000 and 10,000 errors with
// notes. It reports the process's peak RSS.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("errors=%d", n), func(b *testing.B) {
			root := synthSite(b, n)
			sass := assets.NewCompiler(sassOrSkip(b))
			defer sass.Close()
			out := filepath.Join(benchDir(b), "public")
			var stats Stats
			for b.Loop() {
				var probs []error
				st, p := Build(context.Background(), Options{Root: root, Out: out, Sass: sass})
				for _, e := range p {
					probs = append(probs, e)
				}
				if len(probs) > 0 {
					b.Fatal(probs)
				}
				stats = st
			}
			b.ReportMetric(float64(stats.Pages), "pages")
			b.ReportMetric(float64(stats.Bytes)/1e6, "MB-out")
			b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
		})
	}
}

// BenchmarkStages times the stages apart, so a regression shows where it
// is: load (catalog and content, Markdown rendered), index, render (every
// page in memory), write (those pages into a new output) and the two
// together as a rebuild does them.
func BenchmarkStages(b *testing.B) {
	const n = 10000
	root := synthSite(b, n)
	dir := benchDir(b)
	ctx := context.Background()
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, probs := Load(ctx, root); probs != nil {
				b.Fatal(probs)
			}
		}
	})
	src, probs := Load(ctx, root)
	if probs != nil {
		b.Fatal(probs)
	}
	b.Run("index", func(b *testing.B) {
		var st search.Stats
		for b.Loop() {
			_, st = search.NewIndex(src.Catalog, src.Content).Files()
		}
		b.ReportMetric(float64(st.TotalBytes)/1e6, "MB-index")
	})
	sass := assets.NewCompiler(sassOrSkip(b))
	defer sass.Close()
	set, p := sass.Build(root, "")
	if p != nil {
		b.Fatal(p)
	}
	// render is every page and data file rendered in memory (templates,
	// and the index built alongside), nothing written.
	type renderedFile struct {
		path string
		data []byte
	}
	var rendered []renderedFile
	renderAll := func(b *testing.B) {
		rendered = rendered[:0]
		m, _, outs, late, _ := prepare(src, set, Options{Root: root}, markup.New(), false, false)
		if _, probs := produce(ctx, m, outs, late, fileSink(func(p string, d []byte) (bool, error) {
			rendered = append(rendered, renderedFile{p, bytes.Clone(d)}) // d is a pooled buffer
			return true, nil
		}), 1); probs != nil {
			b.Fatal(probs)
		}
	}
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			renderAll(b)
		}
		b.ReportMetric(float64(len(rendered)), "files")
	})
	b.Run("render+write", func(b *testing.B) {
		out := filepath.Join(dir, "rebuilt", "public")
		for b.Loop() {
			stage, err := publish.NewStage(out)
			if err != nil {
				b.Fatal(err)
			}
			m, _, outs, late, _ := prepare(src, set, Options{Root: root, Out: out}, markup.New(), stage.CaseInsensitive(), false)
			if _, probs := produce(ctx, m, outs, late, stageSink{stage}, 1); probs != nil {
				b.Fatal(probs)
			}
			if err := stage.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})

	// write is those files written into a new output, as in a first
	// build: staging folder, files, swap. Each run has a folder of its
	// own, because deleting the last run's site slows the next one down
	// (see benchTemp).
	b.Run("write", func(b *testing.B) {
		if len(rendered) == 0 { // -bench filtered render out
			renderAll(b)
		}
		i := 0
		for b.Loop() {
			i++
			stage, err := publish.NewStage(filepath.Join(dir, fmt.Sprint(i), "public"))
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range rendered {
				if err := stage.Write(f.path, f.data); err != nil {
					b.Fatal(err)
				}
			}
			if err := stage.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPlan plans a 10,000-error site, as every preview update does
// after applying a change to the model.
func BenchmarkPlan(b *testing.B) {
	root := synthSite(b, 10000)
	src, probs := Load(context.Background(), root)
	if probs != nil {
		b.Fatal(probs)
	}
	m := newModel(src, &assets.Set{}, Options{}, markup.New(), false)
	plan(m)
	for b.Loop() {
		plan(m)
	}
	b.ReportMetric(float64(len(m.pages)), "files")
}

// fileSink takes whole files only (tests).
type fileSink func(path string, data []byte) (bool, error)

func (f fileSink) write(path string, data []byte) (bool, error) { return f(path, data) }
func (fileSink) create(string) (io.WriteCloser, error)          { return nil, nil }
