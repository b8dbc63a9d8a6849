package site

import (
	"context"
	"regexp"
	"runtime"
	"strconv"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// output is one file to produce: a planned page or data file to render,
// or bytes made elsewhere (assets, search index shards).
type output struct {
	path string // the file's slash path under the output folder
	page *page
	data []byte
}

// sink writes one produced file and reports whether its bytes changed. A
// full build's sink is a publish.Stage; the preview's replaces files of the
// live site.
type sink func(path string, data []byte) (bool, error)

// produce is the one rendering path of full builds and updates: it renders
// the outputs in parallel, then the late ones (the search index, which is
// built meanwhile) when late returns them, and passes each to write from
// writers goroutines. A stage takes one writer, since parallel file
// creation in one folder is slower than a single writer on ext4; updating a
// few files of a live site takes several, to compare old bytes in
// parallel.
func produce(ctx context.Context, m *Model, outs []output, late func(context.Context) []output, write sink, writers int) (Stats, diag.List) {
	var stats Stats
	var bytesOut atomic.Int64
	var changed, files atomic.Int32
	probs := make([]diag.List, len(outs))

	ready, writeErrs := startWriters(write, writers, &changed)
	send := func(ctx context.Context, o output) error {
		bytesOut.Add(int64(len(o.data)))
		files.Add(1)
		select {
		case ready <- o:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i, o := range outs {
		if o.page != nil {
			stats.Pages++
		}
		eg.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if o.page != nil {
				data, err := m.renderPage(o.page)
				if err != nil {
					probs[i].Add(templatePos(err, o.path), err.Error(), "")
					return nil
				}
				o.data = data
			}
			return send(ctx, o)
		})
	}
	if late != nil {
		eg.Go(func() error {
			lateOuts := late(ctx)
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, o := range lateOuts {
				if err := send(ctx, o); err != nil {
					return err
				}
			}
			return nil
		})
	}
	var all diag.List
	err := eg.Wait()
	close(ready)
	for range writers {
		if werr := <-writeErrs; werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		all.Add(diag.Pos{File: m.opt.Out}, "writing the site: "+err.Error(), "")
	}
	for _, p := range probs {
		all.Append(p)
	}
	if len(all) > 0 {
		all.Sort()
		return Stats{}, all
	}
	stats.Files = int(files.Load())
	stats.Changed = int(changed.Load())
	stats.Errors = len(m.All)
	stats.Bytes = bytesOut.Load()
	return stats, nil
}

// startWriters starts n goroutines that write what arrives on ready, until
// it is closed; each then sends its first error (or nil) on errs.
func startWriters(write sink, n int, changed *atomic.Int32) (ready chan output, errs chan error) {
	ready = make(chan output, 256)
	errs = make(chan error, n)
	for range n {
		go func() {
			var err error
			for o := range ready {
				if err != nil {
					continue
				}
				var ch bool
				ch, err = write(o.path, o.data)
				if ch {
					changed.Add(1)
				}
			}
			errs <- err
		}()
	}
	return ready, errs
}

// renderPage produces one planned file: through its kind's template, or
// its kind's Go renderer for a data file.
func (m *Model) renderPage(p *page) ([]byte, error) {
	if p.kind.template == "" {
		return p.kind.render(m, p)
	}
	return m.templates.execute(p)
}

var tmplPosRE = regexp.MustCompile(`template: ([^:]+):(\d+):(\d+)?`)

// templatePos points a template execution error at the template line.
func templatePos(err error, out string) diag.Pos {
	if m := tmplPosRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return diag.Pos{File: TemplatesDir + "/" + m[1], Line: line, Col: col}
	}
	return diag.Pos{File: out}
}
