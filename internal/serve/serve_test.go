package serve

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// TestServe starts the preview on a free port, checks that pages carry the
// reload script, breaks an entry and sees the positioned problem in the
// page, fixes it and sees the page again; a broken link leaves the page
// shown, with the problem at its foot.
func TestServe(t *testing.T) {
	sassPath, err := assets.FindSass("", "../..")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	root := t.TempDir()
	for _, d := range []string{"catalog", "content", "templates", "assets"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	base, stop := startServer(t, root, sassPath, 30*time.Second)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("listening on %s, want 127.0.0.1 only", base)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("errors/UNABLE_TO_LOCK_ROW/")
	if code != 200 || !strings.Contains(body, `<script src="/_live/reload.js" defer></script></body>`) {
		t.Fatalf("error page: status %d, reload script present: %v", code, strings.Contains(body, "/_live/reload.js"))
	}
	if code, _ := get("errors/NOPE/"); code != 404 {
		t.Errorf("missing page: status %d, want 404", code)
	}

	// Each rebuild bumps the version that /_live/wait reports.
	_, v0 := get("_live/wait?v=-1")
	entry := filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml")
	good, _ := os.ReadFile(entry)
	os.WriteFile(entry, bytes.Replace(good, []byte("category: intermittent"), []byte("category: nowhere"), 1), 0o644)
	waitRebuild(t, get, v0)
	code, body = get("errors/UNABLE_TO_LOCK_ROW/")
	if code != 500 || !strings.Contains(body, "catalog/errors/QUERY_TIMEOUT.yaml:4:11") || !strings.Contains(body, `unknown category &#34;nowhere&#34;`) {
		t.Fatalf("broken build: status %d, page:\n%s", code, body)
	}
	_, v1 := get("_live/wait?v=-1")
	os.WriteFile(entry, good, 0o644)
	waitRebuild(t, get, v1)
	if code, _ := get("errors/QUERY_TIMEOUT/"); code != 200 {
		t.Errorf("after the fix: status %d", code)
	}

	// A broken link: the page is shown, with the problem at its foot.
	_, v2 := get("_live/wait?v=-1")
	note := filepath.Join(root, "content/errors/INVALID_FIELD.md")
	goodNote, _ := os.ReadFile(note)
	os.WriteFile(note, append([]byte("See [it](../UNABLE_TO_LOCK_RAW/).\n\n"), goodNote...), 0o644)
	waitRebuild(t, get, v2)
	code, body = get("errors/INVALID_FIELD/")
	if code != 200 || !strings.Contains(body, `href="../UNABLE_TO_LOCK_RAW/"`) ||
		!strings.Contains(body, `<code>content/errors/INVALID_FIELD.md:1:5</code>: link &#34;../UNABLE_TO_LOCK_RAW/&#34; leads to no page of the site <em>(did you mean ../UNABLE_TO_LOCK_ROW/?)</em>`) {
		t.Fatalf("broken link: status %d, page:\n%s", code, body)
	}
	stop()
}

// startServer runs the preview on root on a free port until stop is
// called, and returns its address once it listens.
func startServer(tb testing.TB, root, sassPath string, timeout time.Duration) (base string, stop func()) {
	tb.Helper()
	sass := assets.NewCompiler(sassPath)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{
			Build: site.Options{Root: root, Out: filepath.Join(root, "public"), Sass: sass},
			Port:  0, Log: io.Discard, Out: io.Discard,
			Ready: func(addr string) { ready <- addr },
		})
	}()
	stop = func() {
		cancel()
		<-done
		sass.Close()
	}
	select {
	case base = <-ready:
		return base, stop
	case err := <-done:
		cancel()
		sass.Close()
		tb.Fatal(err)
	case <-time.After(timeout):
		stop()
		tb.Fatal("server did not start")
	}
	return "", nil
}

func waitRebuild(t *testing.T, get func(string) (int, string), v string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, now := get("_live/wait?v=-1"); now != v {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("no rebuild after the change")
}
