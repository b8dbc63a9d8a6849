package site

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
)

// output is one file to produce: a planned page or data file to render,
// or bytes made elsewhere (assets, search index shards).
type output struct {
	path string // the file's slash path under the output folder
	page *page
	data []byte
	buf  *bytes.Buffer // holds data when it came from pagePool
}

// sink is where produce puts files: a full build's publish.Stage, or the
// preview's live site.
type sink interface {
	// write makes the file at path hold data and reports whether its
	// bytes changed.
	write(path string, data []byte) (bool, error)
	// create returns a writer for the file at path, for a kind whose file
	// grows with the catalog (kind.stream); nil, with no error, when the
	// sink takes whole files only.
	create(path string) (io.WriteCloser, error)
}

// stageSink is a full build's sink: every file is new to the stage, which
// counts what changed itself.
type stageSink struct{ *publish.Stage }

func (s stageSink) write(path string, data []byte) (bool, error) { return true, s.Write(path, data) }
func (s stageSink) create(path string) (io.WriteCloser, error)   { return s.Create(path) }

// liveSink is the preview's: it updates the files of the live site in
// place, each replaced whole or left as it was.
type liveSink struct{ out string }

func (s liveSink) write(path string, data []byte) (bool, error) {
	return publish.Replace(s.out, path, data)
}
func (s liveSink) create(path string) (io.WriteCloser, error) {
	return publish.CreateReplacement(s.out, path)
}

// produce is the one rendering path of full builds and updates: it renders
// the outputs in parallel, and the late ones (the search index, which is
// built meanwhile) when late returns them, and passes each to the sink
// from writers goroutines; a file that grows with the catalog is rendered
// straight into the sink instead, when it can take it. Writers run one a
// core: on ext4 right after a large deletion, creating a file costs the
// kernel several times the CPU it does on a quiet disk (it skips the
// inodes freed recently), and one writer made a 10,000-error build wait
// on it; two wrote 30 % faster there, and no slower on a quiet disk.
func produce(ctx context.Context, m *Model, outs []output, late func(context.Context) []output, to sink, writers int) (Stats, diag.List) {
	var stats Stats
	var t tally
	probs := make([]diag.List, len(outs))

	ready, writeErrs := startWriters(to, writers, &t.changed)
	send := func(ctx context.Context, o output) error {
		t.bytes.Add(int64(len(o.data)))
		t.files.Add(1)
		select {
		case ready <- o:
			return nil
		case <-ctx.Done():
			putPage(o.buf)
			return ctx.Err()
		}
	}
	lateDone := sendLate(ctx, late, send)
	slots := m.slots
	if slots == nil {
		slots = renderSlots()
	}
	eg, ctx := errgroup.WithContext(ctx)
	for i, o := range outs {
		if o.page != nil {
			stats.Pages++
		}
		slots <- struct{}{}
		eg.Go(func() error {
			defer func() { <-slots }()
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			probs[i], err = m.produceOne(ctx, o, to, send, &t)
			return err
		})
	}
	err := eg.Wait()
	if lerr := <-lateDone; err == nil {
		err = lerr
	}
	close(ready)
	for range writers {
		if werr := <-writeErrs; werr != nil && err == nil {
			err = werr
		}
	}
	var all diag.List
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
	stats.Files = int(t.files.Load())
	stats.Changed = int(t.changed.Load())
	stats.Errors = len(m.All)
	stats.Bytes = t.bytes.Load()
	return stats, nil
}

// renderSlots limits rendering to one goroutine a core. A full build's
// search index takes one slot while it is built (prepare): sharing two
// cores with two rendering goroutines, it took 23 s of a 100,000-error
// build to finish, and its 225 MB (a third of the live heap, in a heap
// profile at the build's peak) stayed live all that time. The collector
// marked 600 to 680 MB in each of its cycles then, where the rest of the
// build needs 460 to 540 MB, and at 100,000 errors it took 27 times the
// CPU it takes at 10,000 (CPU profiles: 11.8 s against 0.44 s; gctrace:
// 66 cycles near the soft memory limit): the part of the build that grew
// faster than the catalog. On its own core it was done in 10 s instead
// of 23 s there, and the pages after it render with both cores.
func renderSlots() chan struct{} { return make(chan struct{}, runtime.GOMAXPROCS(0)) }

// tally counts what produce wrote, from every goroutine.
type tally struct {
	bytes          atomic.Int64
	files, changed atomic.Int32
}

// sendLate passes the late files to send as late returns them. The late
// files take no rendering slot: queued behind every page for one, they
// were written last, and the search index was held in memory until the
// end of the build. They go under the caller's context, which ending the
// rendering does not cancel.
func sendLate(ctx context.Context, late func(context.Context) []output, send func(context.Context, output) error) <-chan error {
	done := make(chan error, 1)
	if late == nil {
		done <- nil
		return done
	}
	go func() {
		var err error
		for _, o := range late(ctx) {
			if err = send(ctx, o); err != nil {
				break
			}
		}
		if err == nil {
			err = ctx.Err()
		}
		done <- err
	}()
	return done
}

// produceOne renders one output and passes it to send, or streams it
// into the sink when its kind streams and the sink can take it.
func (m *Model) produceOne(ctx context.Context, o output, to sink, send func(context.Context, output) error, t *tally) (diag.List, error) {
	if o.page == nil {
		return nil, send(ctx, o)
	}
	if o.page.kind.stream {
		n, ch, done, p := m.stream(to, o.page)
		if done || p != nil {
			t.bytes.Add(n)
			t.files.Add(1)
			if ch {
				t.changed.Add(1)
			}
			return p, nil
		}
	}
	buf := pagePool.Get().(*bytes.Buffer)
	buf.Reset()
	if p := m.renderTo(buf, o.page); p != nil {
		putPage(buf)
		return p, nil
	}
	o.data, o.buf = buf.Bytes(), buf
	return nil, send(ctx, o)
}

// stream renders p straight into its file when the sink can take it in
// pieces, and reports the bytes written, whether they changed (always, for
// a stage, which counts for itself) and whether it did.
func (m *Model) stream(to sink, p *page) (n int64, changed, done bool, probs diag.List) {
	f, err := to.create(p.file)
	if err != nil {
		probs.Add(diag.Pos{File: m.opt.Out}, "writing "+p.file+": "+err.Error(), "")
		return 0, false, true, probs
	}
	if f == nil {
		return 0, false, false, nil
	}
	cw := &countingWriter{w: f}
	w := bufio.NewWriterSize(cw, 64<<10)
	probs = m.renderTo(w, p)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && probs == nil {
		probs.Add(diag.Pos{File: m.opt.Out}, "writing "+p.file+": "+err.Error(), "")
	}
	changed = true
	if r, ok := f.(interface{ Changed() bool }); ok {
		changed = r.Changed()
	}
	return cw.n, changed, true, probs
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// startWriters starts n goroutines that write what arrives on ready, until
// it is closed; each then sends its first error (or nil) on errs.
func startWriters(to sink, n int, changed *atomic.Int32) (ready chan output, errs chan error) {
	ready = make(chan output, 256)
	errs = make(chan error, n)
	for range n {
		go func() {
			var err error
			for o := range ready {
				if err == nil {
					var ch bool
					ch, err = to.write(o.path, o.data)
					if ch {
						changed.Add(1)
					}
				}
				putPage(o.buf)
			}
			errs <- err
		}()
	}
	return ready, errs
}

// renderTo renders one planned file into w: through its kind's template,
// or its kind's Go renderer for a data file.
func (m *Model) renderTo(w io.Writer, p *page) (probs diag.List) {
	var err error
	switch {
	case p.kind.template == "":
		bw, ok := w.(*bufio.Writer)
		if !ok {
			bw = bufio.NewWriter(w)
		}
		p.kind.render(m, bw)
		err = bw.Flush()
	case p.kind.note:
		// A copy of the page's value and its view carries the note, so
		// that neither the model nor the plan (which the preview keeps)
		// ever holds it.
		ep := *p.dot.(*ErrorPage)
		v := *ep.Error
		var refs markup.Refs
		if v.note, refs, probs = m.src.Content.RenderNote(v.Code, v.CauseIDs(), m.md); probs != nil {
			return probs
		}
		if len(refs.Links) > 0 || len(refs.IDs) > 0 {
			m.noteRefs.Store(v.Code, refs)
		} else {
			m.noteRefs.Delete(v.Code) // a note emptied in the preview
		}
		ep.Error = &v
		err = m.templates.execute(w, p.kind, &ep)
	default:
		err = m.templates.execute(w, p.kind, p.dot)
	}
	if err != nil {
		probs.Add(templatePos(err, p.file), err.Error(), "")
	}
	return probs
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
