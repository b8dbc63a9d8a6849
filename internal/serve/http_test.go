package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// testSite writes a small built site under a temporary folder, beside a
// file outside it, and returns a server over it (no build, no watcher).
func testSite(t *testing.T) (*Server, string) {
	t.Helper()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	files := map[string]string{
		"public/index.html":             "<html><body>home</body></html>",
		"public/404.html":               "<html><body>not here</body></html>",
		"public/errors/X/index.html":    "<html><body>X</body></html>",
		"public/assets/site.css":        "body{}",
		"public/assets/img/logo.svg":    "<svg/>",
		"secret.txt":                    "outside the site",
		"public/errors/Y/not-index.txt": "y",
	}
	for name, data := range files {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return &Server{cfg: Config{Build: site.Options{Root: tmp, Out: out}}}, tmp
}

type answer struct {
	code     int
	body     string
	location string
}

func get(s *Server, host, target string) answer {
	r := httptest.NewRequest("GET", "http://127.0.0.1:8080/", nil)
	r.Host = host
	// As the server receives it, uncleaned.
	r.URL.Path, r.URL.RawQuery, _ = strings.Cut(target, "?")
	r.RequestURI = target
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return answer{w.Code, w.Body.String(), w.Header().Get("Location")}
}

// TestServeFiles checks what the preview answers for each kind of path:
// pages and assets, folders (redirected or 404, never listed), and paths
// that name nothing, are too long or lead out of the site, which all get
// the same 404 page.
func TestServeFiles(t *testing.T) {
	s, _ := testSite(t)
	notFound := answer{404, `<html><body>not here<script src="/_live/reload.js" defer></script></body></html>`, ""}
	tests := []struct {
		path string
		want answer
	}{
		{"/", answer{200, `<html><body>home<script src="/_live/reload.js" defer></script></body></html>`, ""}},
		{"/errors/X/", answer{200, `<html><body>X<script src="/_live/reload.js" defer></script></body></html>`, ""}},
		{"", answer{200, `<html><body>home<script src="/_live/reload.js" defer></script></body></html>`, ""}},
		{"/errors/X", answer{301, "", "/errors/X/"}},
		{"/assets/site.css", answer{200, "body{}", ""}},
		{"/errors/NOPE/", notFound},
		{"/assets/", notFound},
		{"/assets/img/", notFound},
		{"/errors/Y/", notFound},
		{"/assets/site.css/", notFound},
		{"/../secret.txt", notFound},
		{"/../../../../../../secret.txt", notFound},
		{"/../nothing.txt", notFound},
		{"/errors/../../secret.txt", notFound},
		{"/" + strings.Repeat("a", 8192), notFound},
		{"/errors/" + strings.Repeat("a", 300) + "/" + strings.Repeat("b", 300) + "/", notFound},
		{"/a\x00b", notFound},
	}
	for _, tt := range tests {
		got := get(s, "127.0.0.1:8080", tt.path)
		if tt.want.code == 301 {
			got.body = ""
		}
		if got != tt.want {
			t.Errorf("GET %.60q: %d %q (Location %q), want %d %q (Location %q)", tt.path, got.code, got.body, got.location, tt.want.code, tt.want.body, tt.want.location)
		}
	}
}

// TestServeRefusesOtherHosts checks the defence against DNS rebinding:
// only loopback names and addresses are answered.
func TestServeRefusesOtherHosts(t *testing.T) {
	s, _ := testSite(t)
	for host, ok := range map[string]bool{
		"127.0.0.1:8080": true, "127.0.0.1": true, "127.8.9.10:80": true,
		"localhost:8080": true, "localhost": true, "LocalHost:1": true, "localhost.:8080": true,
		"[::1]:8080": true, "[::1]": true,
		"evil.example.com": false, "evil.example.com:8080": false, "127.0.0.1.nip.io:8080": false,
		"localhost.evil.example.com": false, "0.0.0.0:8080": false, "10.0.0.1": false,
		"[::ffff:127.0.0.1]:8080": true, "[::2]": false, "": false,
	} {
		for _, path := range []string{"/", "/_live/wait?v=5", "/_live/reload.js"} {
			got := get(s, host, path)
			if ok && got.code == http.StatusMisdirectedRequest || !ok && got.code != http.StatusMisdirectedRequest {
				t.Errorf("Host %q, GET %s: %d %q", host, path, got.code, got.body)
			}
		}
	}
	if got := get(s, "evil.example.com", "/"); !strings.Contains(got.body, "only http://127.0.0.1") || strings.Contains(got.body, "home") {
		t.Errorf("refusal: %q", got.body)
	}
}

// waiting is how many long polls the server holds.
func waiting(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiters)
}

// TestLongPollReleased checks that a long poll whose page went away is
// forgotten at once, not held until the next build.
func TestLongPollReleased(t *testing.T) {
	s, _ := testSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequestWithContext(ctx, "GET", "http://127.0.0.1/_live/wait?v=0", nil)
	done := make(chan struct{})
	go func() {
		s.ServeHTTP(httptest.NewRecorder(), r)
		close(done)
	}()
	deadline := time.Now().Add(time.Minute) // a guard against a hang
	for waiting(s) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the poll is not waiting")
		}
		time.Sleep(time.Millisecond)
	}
	cancel() // the tab closed
	select {
	case <-done:
	case <-time.After(time.Minute): // a guard against a hang
		t.Fatal("the poll did not end with its request")
	}
	if n := waiting(s); n != 0 {
		t.Errorf("%d polls still held after their page went away", n)
	}
}

// TestShutdownEndsLongPolls checks that stopping the preview ends the
// polls of open pages at once, through the real HTTP server.
func TestShutdownEndsLongPolls(t *testing.T) {
	s, _ := testSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	srv := newHTTPServer(ctx, s)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	polled := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/_live/wait?v=0")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		polled <- err
	}()
	deadline := time.Now().Add(time.Minute) // a guard against a hang
	for waiting(s) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the poll is not waiting")
		}
		time.Sleep(time.Millisecond)
	}
	// Stopping the preview ends the poll by itself, before Shutdown, which
	// then has no request to wait for. (The minute is a guard against a
	// hang, not a measure: the poll ends at once or never.)
	cancel()
	select {
	case <-polled:
	case <-time.After(time.Minute):
		t.Fatal("stopping the preview did not end the poll")
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if n := waiting(s); n != 0 {
		t.Errorf("%d polls still held after shutdown", n)
	}
}

// TestServeDrafts: while entries hold the scaffold's placeholders, the
// preview still serves the draft page, headed by the placeholders check
// will refuse, each with its position, escaped.
func TestServeDrafts(t *testing.T) {
	s, _ := testSite(t)
	s.drafts = diag.List{{Pos: diag.Pos{File: "catalog/errors/X.yaml", Line: 3, Col: 8}, Msg: `title still holds the scaffold's placeholder "TODO <b>"`}}
	got := get(s, "127.0.0.1:8080", "/errors/X/")
	want := `<html><body><aside id="preview-drafts" role="status"><p><strong>Draft:</strong> check and build refuse this site until the scaffold's placeholders are replaced:</p>
<ol><li><code>catalog/errors/X.yaml:3:8</code>: title still holds the scaffold&#39;s placeholder &#34;TODO &lt;b&gt;&#34;</li></ol></aside>X<script src="/_live/reload.js" defer></script></body></html>`
	if got.code != 200 || got.body != want {
		t.Errorf("draft page: %d\n%s\nwant\n%s", got.code, got.body, want)
	}
	if got := get(s, "127.0.0.1:8080", "/assets/site.css"); got.body != "body{}" {
		t.Errorf("stylesheet changed: %q", got.body)
	}
}
