package site

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// repoRoot is the repository, whose templates and assets the tests use.
const repoRoot = "../.."

var (
	sassOnce sync.Once
	sassPath string
	sassErr  error
)

// sassOrSkip finds Dart Sass (`make tools` installs it). Without it a test
// is skipped on a laptop, but fails under CI=true, where a missing tool
// means the run proves nothing.
func sassOrSkip(t testing.TB) string {
	t.Helper()
	sassOnce.Do(func() { sassPath, sassErr = assets.FindSass("", repoRoot) })
	if sassErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Dart Sass is required under CI: %v", sassErr)
		}
		t.Skipf("skipping: %v", sassErr)
	}
	return sassPath
}

// fixtureRoot lays out a txtar site in a temporary folder, with the
// repository's templates and assets beside it.
func fixtureRoot(t testing.TB, archive string) string {
	t.Helper()
	root, _ := sitetest.Archive(t, archive)
	return root
}

// build builds root into a fresh output folder and returns it.
func build(t testing.TB, root string, opt Options) string {
	t.Helper()
	sass := assets.NewCompiler(sassOrSkip(t))
	t.Cleanup(func() { sass.Close() })
	opt.Root = root
	if opt.Out == "" {
		opt.Out = filepath.Join(t.TempDir(), "public")
	}
	opt.Sass = sass
	if _, probs := Build(context.Background(), opt); probs != nil {
		t.Fatalf("build failed:\n%v", probs)
	}
	return opt.Out
}

var assetHash = regexp.MustCompile(`(assets/[a-z]+)\.[0-9a-f]{10}\.([a-z]+)`)

// normalise hides asset fingerprints, so a stylesheet change does not
// rewrite every golden page.
func normalise(b []byte) []byte { return assetHash.ReplaceAll(b, []byte("$1.HASH.$2")) }
