package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

const repoRoot = "../.."

// SubPath is where the test server mounts the site, to prove that nothing
// assumes the site root is the host root.
const SubPath = "/help/center/"

var (
	siteOnce sync.Once
	siteDir  string
	siteErr  string
)

// needCI skips a test on a laptop that lacks a tool, but fails it under
// CI=true, where a skipped browser test would prove nothing.
func needCI(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI", what)
	}
	t.Skipf("skipping: %s not available", what)
}

// builtSite builds the repository's site once for all tests in the package.
func builtSite(t testing.TB) string {
	t.Helper()
	siteOnce.Do(func() {
		sassPath, err := assets.FindSass("", repoRoot)
		if err != nil {
			siteErr = err.Error()
			return
		}
		sass := assets.NewCompiler(sassPath)
		defer sass.Close()
		dir, err := os.MkdirTemp("", "helpcenter-e2e-")
		if err != nil {
			siteErr = err.Error()
			return
		}
		siteDir = filepath.Join(dir, "public")
		if _, probs := site.Build(context.Background(), site.Options{Root: repoRoot, Out: siteDir, Sass: sass, BaseURL: "https://help.example.com" + SubPath}); probs != nil {
			siteErr = probs.Error()
		}
	})
	if siteErr != "" {
		if strings.Contains(siteErr, assets.ErrNoSass.Error()) {
			needCI(t, "Dart Sass (make tools)")
		}
		t.Fatal(siteErr)
	}
	return siteDir
}

// serve serves dir under SubPath on 127.0.0.1 and returns the site's URL.
func serve(t testing.TB, dir string) string {
	base, _ := serveRecording(t, dir)
	return base
}

// requests records the paths a test server was asked for, including those
// a Web Worker fetches, which the page's resource timing does not show.
type requests struct {
	mu    sync.Mutex
	paths []string
}

func (r *requests) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.paths
	r.paths = nil
	return p
}

func serveRecording(t testing.TB, dir string) (string, *requests) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rec := &requests{}
	files := http.StripPrefix(strings.TrimSuffix(SubPath, "/"), http.FileServer(http.Dir(dir)))
	mux := http.NewServeMux()
	mux.Handle(SubPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := strings.TrimPrefix(r.URL.Path, SubPath)
		rec.mu.Lock()
		rec.paths = append(rec.paths, rel)
		rec.mu.Unlock()
		// Like a static host: a missing page gets 404.html.
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			if page, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + SubPath, rec
}

// chromiumPath finds Chromium or Google Chrome: on PATH (Linux, and
// GitHub's Ubuntu runners, which ship google-chrome), then where the
// installers put it on macOS and Windows, which add nothing to PATH.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	var places []string
	switch runtime.GOOS {
	case "darwin":
		places = []string{
			"/Applications/Chromium.app/Contents/MacOS/Chromium",
			"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
		}
	case "windows":
		for _, dir := range []string{os.Getenv("ProgramFiles"), os.Getenv("ProgramFiles(x86)"), os.Getenv("LocalAppData")} {
			if dir != "" {
				places = append(places, filepath.Join(dir, "Chromium", "Application", "chrome.exe"), filepath.Join(dir, "Google", "Chrome", "Application", "chrome.exe"))
			}
		}
	}
	for _, p := range places {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for one test. The flags keep it off
// the network: this machine allows none, and Chromium otherwise tries.
func browser(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		needCI(t, "Chromium or Google Chrome (apt-get install chromium, brew install --cask chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("allow-file-access-from-files", false),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first Do starts the browser; it must not run under a timeout, as
	// the browser lives as long as that call's context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	tctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return tctx
}

// run runs one action that returns a value, failing the test on error.
func run[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs actions that return nothing, failing the test on error.
func do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
