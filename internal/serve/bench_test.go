package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// BenchmarkEdit is the writer's loop on a 10,000-error catalog, timed from
// saving one entry to the reloaded page: the file is written, the watcher
// sees it and waits for the save to settle, the session rebuilds what
// depends on the entry, the long poll that open pages hold returns, and
// the page is fetched with the edit in it.
func BenchmarkEdit(b *testing.B) {
	sassPath, err := assets.FindSass("", "../..")
	if err != nil {
		b.Skip(err)
	}
	const n = 10000
	root := b.TempDir()
	if err := synth.Write(root, n, "../.."); err != nil {
		b.Fatal(err)
	}
	base, stop := startServer(b, root, sassPath, 2*time.Minute)
	defer stop()
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			b.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
		}
		return string(body)
	}
	code := synth.Code(n / 2)
	file := filepath.Join(root, "catalog", "errors", code+".yaml")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		v := get("_live/wait?v=-1") // the current version, at once
		title := fmt.Sprintf("could not be saved (edit %d)", i)
		if err := os.WriteFile(file, bytes.Replace(orig, []byte("could not be saved"), []byte(title), 1), 0o644); err != nil {
			b.Fatal(err)
		}
		get("_live/wait?v=" + v) // returns when the rebuild is done
		if page := get("errors/" + code + "/"); !strings.Contains(page, title) {
			b.Fatalf("edit %d is not on the page", i)
		}
	}
}
