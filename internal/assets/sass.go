package assets

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// SassEnv names the environment variable that points at the Dart Sass
// binary, for machines where it is installed elsewhere.
const SassEnv = "HELPCENTER_SASS"

// sassPackages are npm's Dart Sass packages for the systems and CPUs
// writers build on, by GOOS/GOARCH. tools/package.json lists the same
// ones as optional dependencies, and each package's own os and cpu fields
// make `npm ci` install only the one that fits the machine (a test holds
// this table, the lock file and the Makefile's CROSS list together).
var sassPackages = map[string]string{
	"darwin/amd64":  "sass-embedded-darwin-x64",
	"darwin/arm64":  "sass-embedded-darwin-arm64",
	"linux/amd64":   "sass-embedded-linux-x64",
	"linux/arm64":   "sass-embedded-linux-arm64",
	"windows/amd64": "sass-embedded-win32-x64",
}

// toolsSass is where `make tools` installs Dart Sass for goos/goarch,
// slash-separated and relative to the repository root, or "" where
// tools/package.json has no package. godartsass starts the file it is
// given with --embedded, so it must be one program: the package's shell
// script on Unix, its batch file on Windows (sass.bat runs src/dart.exe
// on src/sass.snapshot; Go starts a .bat through cmd.exe, which is how
// Hugo runs the sass.bat of Dart Sass's Windows release on PATH).
func toolsSass(goos, goarch string) string {
	pkg, ok := sassPackages[goos+"/"+goarch]
	if !ok {
		return ""
	}
	exe := "sass"
	if goos == "windows" {
		exe = "sass.bat"
	}
	return "tools/node_modules/" + pkg + "/dart-sass/" + exe
}

// ToolsSass is where `make tools` installs Dart Sass on this machine,
// slash-separated and relative to the repository root; "" on a system or
// CPU that tools/package.json has no Dart Sass for.
var ToolsSass = toolsSass(runtime.GOOS, runtime.GOARCH)

// ErrNoSass is what the error of FindSass wraps when it finds no Dart
// Sass; the error's text goes on to say how to get one on this system.
var ErrNoSass = errors.New("no Dart Sass binary found")

// FindSass locates the Dart Sass binary: the flag value, then
// $HELPCENTER_SASS, then ToolsSass under root, then `sass` on PATH. A
// path given by the flag or the variable must exist: a typo there is an
// error, not a silent fall-through to another Sass.
func FindSass(flagValue, root string) (string, error) {
	return findSass(sassQuery{
		goos: runtime.GOOS, goarch: runtime.GOARCH,
		flag: flagValue, env: os.Getenv(SassEnv), root: root,
		lookPath: exec.LookPath,
	})
}

// sassQuery is everything FindSass depends on, so that a test on Linux
// can ask where a Mac or Windows machine would look.
type sassQuery struct {
	goos, goarch    string
	flag, env, root string
	lookPath        func(string) (string, error)
}

func findSass(q sassQuery) (string, error) {
	given := []struct{ path, from string }{{q.flag, "--sass"}, {q.env, "$" + SassEnv}}
	for _, g := range given {
		if g.path == "" {
			continue
		}
		if isFile(g.path) {
			return filepath.Abs(g.path)
		}
		return "", fmt.Errorf("%w at %s (given by %s)", ErrNoSass, g.path, g.from)
	}
	if rel := toolsSass(q.goos, q.goarch); rel != "" {
		if p := filepath.Join(q.root, filepath.FromSlash(rel)); isFile(p) {
			return filepath.Abs(p)
		}
	}
	if p, err := q.lookPath("sass"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%w: %s", ErrNoSass, sassHelp(q.goos, q.goarch))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// sassHelp says how to get Dart Sass on goos/goarch: the npm package
// through `make tools` where there is one (on Windows, npm directly for
// those without make), else the system's usual installer.
func sassHelp(goos, goarch string) string {
	const other = "; or pass --sass PATH, or set " + SassEnv + " (npm's JavaScript `sass` will not do: it lacks the embedded protocol)"
	pkg := sassPackages[goos+"/"+goarch]
	switch {
	case pkg == "":
		return "tools/package.json has no Dart Sass for " + goos + "/" + goarch + ": install the standalone Dart Sass (https://sass-lang.com/install) so that `sass` is on PATH" + other
	case goos == "windows":
		return "run `npm ci --prefix tools` (or `make tools` in Git Bash) to install Dart Sass from npm (" + pkg + ") into tools\\, or `choco install sass` or `scoop install sass`" + other
	case goos == "darwin":
		return "run `make tools` to install Dart Sass from npm (" + pkg + ") into tools/, or `brew install sass/sass/sass`" + other
	default:
		return "run `make tools` to install Dart Sass from npm (" + pkg + ") into tools/, or put the standalone Dart Sass (https://github.com/sass/dart-sass/releases) on PATH as `sass`" + other
	}
}
