// Package serve is the writers' preview: it builds the site, serves it on
// 127.0.0.1 only, watches the sources, rebuilds on every change and tells
// open pages to reload. A failed build is shown in the browser and in the
// terminal with its positions, and the server keeps running on the last
// good site.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/settings"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// Watched are the sources, relative to the site root: the source folders
// and the settings file.
var Watched = []string{"catalog", "content", "templates", "assets", settings.File}

// Config configures the preview server.
type Config struct {
	Build site.Options
	// Port on 127.0.0.1; 0 picks a free one.
	Port int
	// Log receives build results and problems; Out the listening address.
	Log, Out io.Writer
	// Ready, when set, receives the server's address once it listens.
	Ready func(addr string)
}

// Server holds the state shared by the watcher and the HTTP handlers.
type Server struct {
	cfg     Config
	session *site.Session

	mu    sync.Mutex
	probs diag.List
	// drafts are the scaffold's placeholders the last good build still
	// holds: the preview renders the draft and shows them above it.
	drafts diag.List
	// links are the broken links of the last build or update, which
	// the preview shows at the foot of every page it still serves.
	links   diag.List
	version int
	waiters []chan struct{}
}

// Run builds, serves and watches until ctx is cancelled.
func Run(ctx context.Context, cfg Config) error {
	// A page with a broken link is shown, the problem at its foot, while
	// the writer fixes it.
	cfg.Build.AllowBrokenLinks = true
	// Listen first: a port in use fails at once, before a build's work.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	s := &Server{cfg: cfg, session: site.NewSession(cfg.Build)}
	defer publish.Settle()
	s.rebuild(ctx, nil)

	addr := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(cfg.Out, "serving %s on %s (Ctrl+C to stop)\n", cfg.Build.Out, addr)
	if cfg.Ready != nil {
		cfg.Ready(addr)
	}

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range Watched {
		addTree(w, filepath.Join(cfg.Build.Root, d))
	}
	// The root too (not its subfolders): content/, say, may not exist yet.
	w.Add(cfg.Build.Root)
	go s.watch(ctx, w)

	srv := newHTTPServer(ctx, s)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return ctx.Err()
}

// newHTTPServer serves h with request contexts derived from ctx, so that
// when ctx ends (Ctrl+C) every request still running, the live-reload long
// polls above all, ends with it and Shutdown does not wait for them.
func newHTTPServer(ctx context.Context, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
}

// addTree watches dir and its subfolders (fsnotify is not recursive).
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			w.Add(p)
		}
		return nil
	})
}

// settle is how long the watcher waits after the last change before it
// rebuilds. Editors write a file in a burst of events (a write and a
// chmod, or a create and a rename) a few milliseconds apart; 20 ms gives
// one save one build and keeps a save of one entry of a 10,000-error
// catalog within 100 ms of the reloaded page (BenchmarkEdit).
const settle = 20 * time.Millisecond

// watch rebuilds after changes settle: editors write a file in several
// steps, and one save should give one build. It passes the changed files
// on, so an edit to one entry rebuilds only what depends on it.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) {
	var timer <-chan time.Time
	changed := map[string]bool{}
	waited := false
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			rel, ok := s.source(w, ev)
			if !ok {
				continue
			}
			changed[rel] = true
			timer = time.After(settle)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.cfg.Log, "watch:", err)
		case <-timer:
			timer = nil
			if len(changed) == 0 {
				continue
			}
			// A file that is gone may be an editor's save in progress
			// (renamed to a backup, the new one not yet written): give it
			// one more settle period before a deletion rebuilds in full.
			if !waited && s.anyMissing(changed) {
				waited = true
				timer = time.After(5 * settle)
				continue
			}
			waited = false
			files := make([]string, 0, len(changed))
			for f := range changed {
				files = append(files, f)
			}
			clear(changed)
			s.rebuild(ctx, files)
		}
	}
}

// source turns a watcher's event into the slash path of the source it
// concerns, watching a new folder as it appears; ok is false for what is
// not a source (an editor's file, something else in the root).
func (s *Server) source(w *fsnotify.Watcher, ev fsnotify.Event) (rel string, ok bool) {
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			addTree(w, ev.Name)
		}
	}
	rel, err := filepath.Rel(s.cfg.Build.Root, ev.Name)
	if err != nil || catalog.EditorFile(filepath.Base(rel)) {
		return "", false
	}
	top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if !slices.Contains(Watched, top) {
		return "", false // the root is watched only to see a source appear
	}
	return filepath.ToSlash(rel), true
}

// anyMissing reports whether one of the changed files (slash paths under
// the root) no longer exists.
func (s *Server) anyMissing(changed map[string]bool) bool {
	for f := range changed {
		if _, err := os.Lstat(filepath.Join(s.cfg.Build.Root, filepath.FromSlash(f))); errors.Is(err, os.ErrNotExist) {
			return true
		}
	}
	return false
}

// rebuild builds in full (changed is nil) or after the changed files.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	var stats site.Stats
	var probs diag.List
	if changed == nil {
		stats, probs = s.session.Build(ctx)
	} else {
		stats, probs = s.session.Update(ctx, changed)
	}
	switch {
	case probs != nil:
		diag.Write(s.cfg.Log, probs, diag.Text)
		fmt.Fprintf(s.cfg.Log, "build failed: %d problem(s); still serving the last good site\n", len(probs))
	case len(stats.Links) > 0:
		diag.Write(s.cfg.Log, stats.Links, diag.Text)
		fmt.Fprintf(s.cfg.Log, "%d broken link(s): the preview shows the pages, check and build refuse them\n", len(stats.Links))
	case stats.Incremental:
		fmt.Fprintf(s.cfg.Log, "updated %d pages (%d files changed) in %v\n", stats.Pages, stats.Files, stats.Duration.Round(time.Millisecond))
	default:
		fmt.Fprintf(s.cfg.Log, "built %d pages in %v\n", stats.Pages, stats.Duration.Round(time.Millisecond))
	}
	if probs == nil && stats.Drafts != nil {
		diag.Write(s.cfg.Log, stats.Drafts, diag.Text)
		fmt.Fprintf(s.cfg.Log, "draft: %d placeholder(s) of the scaffold left; the preview shows the page, check and build refuse it\n", len(stats.Drafts))
	}
	s.mu.Lock()
	s.probs = probs
	if probs == nil {
		s.drafts = stats.Drafts
	}
	s.links = stats.Links
	s.version++
	for _, c := range s.waiters {
		close(c)
	}
	s.waiters = nil
	s.mu.Unlock()
}

// ServeHTTP serves the built site, with the live-reload script added to
// HTML pages and the build's problems in place of every page while the
// last build failed. It answers only requests addressed to a loopback
// name (see loopbackHost).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusMisdirectedRequest)
		fmt.Fprintf(w, "This preview answers only http://127.0.0.1, http://localhost or http://[::1], not the host %q.\n", r.Host)
		return
	}
	switch r.URL.Path {
	case "/_live/wait":
		s.serveWait(w, r)
		return
	case "/_live/reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadJS)
		return
	}
	s.mu.Lock()
	probs, drafts, links := s.probs, s.drafts, s.links
	s.mu.Unlock()
	w.Header().Set("Content-Security-Policy", site.CSP)
	w.Header().Set("Cache-Control", "no-store")
	if probs != nil && (strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, ".html")) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		problemsPage.Execute(w, probs)
		return
	}
	rec := &htmlInjector{ResponseWriter: w, links: links}
	if drafts != nil {
		var b bytes.Buffer
		draftsNotice.Execute(&b, drafts)
		rec.notice = b.Bytes()
	}
	serveFile(rec, r, s.cfg.Build.Out)
	rec.flush()
}

// loopbackHost reports whether a request's Host names this machine by a
// loopback name or address: localhost, 127.0.0.0/8 or ::1, with or
// without a port. A web page elsewhere can make a browser send requests
// here under its own name by DNS rebinding (its name resolving to
// 127.0.0.1); refusing every other Host keeps it from reading the preview.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(host, "]"), "["), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Zone() == "" && ip.IsLoopback()
}

// maxPath is the longest URL path served; a longer one is no page of ours.
const maxPath = 1024

// serveFile serves the file of the site under dir that the request's path
// names, reading only inside dir (os.Root, which also refuses symbolic
// links that lead out of it): the path is cleaned first, and a path that
// names nothing, a folder without index.html, a path too long or one that
// would leave dir all get the same 404 page. A folder named without its
// final "/" is redirected to it, so that its page's relative links work.
func serveFile(w http.ResponseWriter, r *http.Request, dir string) {
	name := path.Clean("/" + r.URL.Path)
	if len(name) > maxPath {
		notFound(w, dir)
		return
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		notFound(w, dir)
		return
	}
	defer root.Close()
	rel := "." + name
	st, err := root.Stat(rel)
	if err != nil {
		notFound(w, dir)
		return
	}
	if st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") && name != "/" {
			http.Redirect(w, r, path.Base(name)+"/", http.StatusMovedPermanently)
			return
		}
		rel = path.Join(rel, "index.html")
	} else if strings.HasSuffix(r.URL.Path, "/") {
		notFound(w, dir)
		return
	}
	f, err := root.Open(rel)
	if err != nil {
		notFound(w, dir)
		return
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		notFound(w, dir)
		return
	}
	http.ServeContent(w, r, rel, st.ModTime(), f)
}

// notFound writes the site's 404 page, or a line of text while there is
// none.
func notFound(w http.ResponseWriter, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(data)
}

// serveWait answers when the next build finishes (a long poll; the page
// then reloads). Long polling needs no EventSource and survives the server
// restarting. A poll whose page went away (its request's context ends:
// the tab closed, or the server stops) is forgotten at once, not at the
// next build.
func (s *Server) serveWait(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	since, _ := strconv.Atoi(r.URL.Query().Get("v"))
	if since != s.version && r.URL.Query().Get("v") != "" {
		v := s.version
		s.mu.Unlock()
		fmt.Fprint(w, v)
		return
	}
	c := make(chan struct{})
	s.waiters = append(s.waiters, c)
	v := s.version
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	timeout := time.NewTimer(25 * time.Second)
	defer timeout.Stop()
	select {
	case <-c:
		s.mu.Lock()
		v = s.version
		s.mu.Unlock()
	case <-timeout.C:
		s.forget(c)
	case <-r.Context().Done():
		s.forget(c)
		return
	}
	fmt.Fprint(w, v)
}

// forget removes a poll that no build answered.
func (s *Server) forget(c chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.waiters, c); i >= 0 {
		s.waiters = slices.Delete(s.waiters, i, i+1)
	}
}

// htmlInjector buffers HTML responses to add the reload script before
// </body>, and the notice, if any, at the start of the body; anything
// else passes straight through.
type htmlInjector struct {
	http.ResponseWriter
	notice []byte
	buf    bytes.Buffer
	html   bool
	status int
	wrote  bool
	links  diag.List // shown at the foot of the page
}

func (h *htmlInjector) WriteHeader(code int) {
	h.status = code
	h.html = strings.HasPrefix(h.Header().Get("Content-Type"), "text/html")
	if !h.html {
		h.wrote = true
		h.ResponseWriter.WriteHeader(code)
		return
	}
	h.Header().Del("Content-Length")
}

func (h *htmlInjector) Write(p []byte) (int, error) {
	if h.status == 0 {
		h.WriteHeader(http.StatusOK)
	}
	if !h.html {
		return h.ResponseWriter.Write(p)
	}
	return h.buf.Write(p)
}

func (h *htmlInjector) flush() {
	if !h.html || h.wrote {
		return
	}
	body := h.buf.Bytes()
	var tag bytes.Buffer
	if len(h.links) > 0 {
		linksNotice.Execute(&tag, h.links)
	}
	tag.WriteString(`<script src="/_live/reload.js" defer></script></body>`)
	if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
		body = append(body[:i:i], append(tag.Bytes(), body[i+len("</body>"):]...)...)
	}
	if i := bytes.Index(body, []byte("<body")); i >= 0 && h.notice != nil {
		if j := bytes.IndexByte(body[i:], '>'); j >= 0 {
			at := i + j + 1
			body = append(body[:at:at], append(h.notice, body[at:]...)...)
		}
	}
	h.ResponseWriter.WriteHeader(h.status)
	h.ResponseWriter.Write(body)
}

const reloadJS = `(function(){var v="";function poll(){fetch("/_live/wait?v="+v,{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){if(v!==""&&t!==v){location.reload();return}v=t;poll()}).catch(function(){setTimeout(poll,1000)})}fetch("/_live/wait?v=-1").then(function(r){return r.text()}).then(function(t){v=t;poll()})})();`

// draftsNotice heads every page of a preview whose entries still hold the
// scaffold's placeholders: the writer sees the draft and what check will
// refuse in it.
var draftsNotice = template.Must(template.New("drafts").Parse(`<aside id="preview-drafts" role="status"><p><strong>Draft:</strong> check and build refuse this site until the scaffold's placeholders are replaced:</p>
<ol>{{range .}}<li><code>{{.Pos}}</code>: {{.Msg}}</li>{{end}}</ol></aside>`))

// linksNotice lists the broken links at the foot of a page the preview
// still shows.
var linksNotice = template.Must(template.New("links").Parse(`<aside class="preview-problems" role="status" aria-label="Broken links">
<p>Broken links: the preview shows the pages, but check and build refuse them.</p>
<ol>{{range .}}<li><code>{{.Pos}}</code>: {{.Msg}}{{if .Hint}} <em>({{.Hint}})</em>{{end}}</li>{{end}}</ol>
</aside>`))

var problemsPage = template.Must(template.New("problems").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>The build failed</h1>
<p>Fix these problems and save; this page reloads by itself. The last good site is still in the output folder.</p>
<ol>{{range .}}<li><code>{{.Pos}}</code>: {{.Msg}}{{if .Hint}} <em>({{.Hint}})</em>{{end}}</li>{{end}}</ol>
</main><script src="/_live/reload.js" defer></script></body></html>
`))
