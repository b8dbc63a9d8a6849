package assets

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// npm names systems and CPUs as Node's process.platform and process.arch
// do, which is what a package's os and cpu fields match.
var (
	npmOS  = map[string]string{"darwin": "darwin", "linux": "linux", "windows": "win32"}
	npmCPU = map[string]string{"amd64": "x64", "arm64": "arm64"}
)

// TestSassPackagesLocked: tools/package-lock.json pins Dart Sass for every
// platform of the Makefile's PLATFORMS (whose systems make cross vets), each package marked optional
// and carrying the os and cpu that make `npm ci` install it on that
// platform only, all at one version so every machine compiles the same
// CSS; tools/package.json asks for exactly these.
func TestSassPackagesLocked(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^PLATFORMS := (.+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("Makefile: no PLATFORMS := line")
	}
	platforms := strings.Fields(string(m[1]))
	slices.Sort(platforms)
	if got := slices.Sorted(maps.Keys(sassPackages)); !slices.Equal(got, platforms) {
		t.Errorf("Dart Sass packages for %v, Makefile's PLATFORMS %v: they must be the same platforms", got, platforms)
	}
	// make cross vets each of their systems but Linux (which lint vets).
	m = regexp.MustCompile(`(?m)^CROSS := (.+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("Makefile: no CROSS := line")
	}
	vetted := map[string]bool{"linux": true}
	for _, p := range strings.Fields(string(m[1])) {
		vetted[strings.Split(p, "/")[0]] = true
	}
	for _, p := range platforms {
		if goos := strings.Split(p, "/")[0]; !vetted[goos] {
			t.Errorf("Makefile's CROSS vets no %s platform (PLATFORMS has %s)", goos, p)
		}
	}

	var lock struct {
		Packages map[string]struct {
			Version  string
			Optional bool
			OS       []string
			CPU      []string
		}
	}
	data, err := os.ReadFile("../../tools/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	versions := map[string]bool{}
	for _, platform := range slices.Sorted(maps.Keys(sassPackages)) {
		pkg := sassPackages[platform]
		goos, goarch, _ := strings.Cut(platform, "/")
		if want := "sass-embedded-" + npmOS[goos] + "-" + npmCPU[goarch]; pkg != want {
			t.Errorf("%s: package %s, want %s", platform, pkg, want)
		}
		p, ok := lock.Packages["node_modules/"+pkg]
		if !ok {
			t.Errorf("%s: tools/package-lock.json lacks %s (add it to optionalDependencies in tools/package.json, then npm install --package-lock-only)", platform, pkg)
			continue
		}
		if !p.Optional || !slices.Equal(p.OS, []string{npmOS[goos]}) || !slices.Equal(p.CPU, []string{npmCPU[goarch]}) {
			t.Errorf("%s: %s is optional=%v os=%v cpu=%v, want optional, os [%s], cpu [%s]", platform, pkg, p.Optional, p.OS, p.CPU, npmOS[goos], npmCPU[goarch])
		}
		versions[p.Version] = true
	}
	if len(versions) != 1 {
		t.Errorf("Dart Sass versions %v: pin one version for every platform, so every machine compiles the same CSS", slices.Sorted(maps.Keys(versions)))
	}

	var pj struct {
		Dependencies, OptionalDependencies map[string]string
	}
	data, err = os.ReadFile("../../tools/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pj); err != nil {
		t.Fatal(err)
	}
	var asked []string
	for name := range pj.Dependencies {
		if strings.HasPrefix(name, "sass-embedded-") {
			t.Errorf("tools/package.json: %s is a dependency; it must be optional, or npm ci fails on every other platform", name)
		}
	}
	for name := range pj.OptionalDependencies {
		if strings.HasPrefix(name, "sass-embedded-") {
			asked = append(asked, name)
		}
	}
	slices.Sort(asked)
	if want := slices.Sorted(maps.Values(sassPackages)); !slices.Equal(asked, want) {
		t.Errorf("tools/package.json optionalDependencies: %v, want %v", asked, want)
	}
}

// TestFindSass runs the lookup as each platform would, on whatever
// system the test runs: the platform is a parameter, the files are real.
func TestFindSass(t *testing.T) {
	const (
		linux    = "tools/node_modules/sass-embedded-linux-x64/dart-sass/sass"
		linuxA   = "tools/node_modules/sass-embedded-linux-arm64/dart-sass/sass"
		macARM   = "tools/node_modules/sass-embedded-darwin-arm64/dart-sass/sass"
		macIntel = "tools/node_modules/sass-embedded-darwin-x64/dart-sass/sass"
		windows  = "tools/node_modules/sass-embedded-win32-x64/dart-sass/sass.bat"
		onPath   = "/usr/local/bin/sass"
	)
	typo := filepath.Join("typo", "sass")
	all := []string{linux, linuxA, macARM, macIntel, windows, "elsewhere/sass"}
	tests := []struct {
		name      string
		platform  string
		files     []string // under the root
		flag, env string   // relative to the root
		path      bool     // sass is on PATH
		want      string   // relative to the root, or onPath
		wantErr   string
	}{
		{name: "linux/amd64 tools", platform: "linux/amd64", files: all, want: linux},
		{name: "linux/arm64 tools", platform: "linux/arm64", files: all, want: linuxA},
		{name: "darwin/arm64 tools", platform: "darwin/arm64", files: all, want: macARM},
		{name: "darwin/amd64 tools", platform: "darwin/amd64", files: all, want: macIntel},
		{name: "windows/amd64 tools: the batch file", platform: "windows/amd64", files: all, want: windows},
		{name: "the flag first", platform: "linux/amd64", files: all, flag: "elsewhere/sass", env: linux, want: "elsewhere/sass"},
		{name: "then the variable", platform: "darwin/arm64", files: all, env: "elsewhere/sass", path: true, want: "elsewhere/sass"},
		{name: "a flag naming nothing is an error", platform: "linux/amd64", files: all, flag: "typo/sass", wantErr: typo + " (given by --sass)"},
		{name: "a variable naming nothing is an error", platform: "linux/amd64", files: all, env: "typo/sass", wantErr: typo + " (given by $HELPCENTER_SASS)"},
		{name: "a flag naming a folder is an error", platform: "linux/amd64", files: all, flag: "tools", wantErr: "(given by --sass)"},
		{name: "another platform's package is not used", platform: "darwin/arm64", files: []string{linux}, path: true, want: onPath},
		{name: "PATH last", platform: "windows/amd64", path: true, want: onPath},
		{name: "none on linux", platform: "linux/amd64", files: []string{windows}, wantErr: "run `make tools` to install Dart Sass from npm (sass-embedded-linux-x64) into tools/, or put the standalone Dart Sass"},
		{name: "none on a Mac", platform: "darwin/amd64", wantErr: "(sass-embedded-darwin-x64) into tools/, or `brew install sass/sass/sass`"},
		{name: "none on Windows", platform: "windows/amd64", files: []string{linux}, wantErr: "run `npm ci --prefix tools` (or `make tools` in Git Bash) to install Dart Sass from npm (sass-embedded-win32-x64) into tools\\, or `choco install sass` or `scoop install sass`"},
		{name: "none on a platform npm has no package for", platform: "freebsd/amd64", files: all, wantErr: "tools/package.json has no Dart Sass for freebsd/amd64: install the standalone Dart Sass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, f := range tt.files {
				p := filepath.Join(root, filepath.FromSlash(f))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			inRoot := func(p string) string {
				if p == "" {
					return ""
				}
				return filepath.Join(root, filepath.FromSlash(p))
			}
			goos, goarch, _ := strings.Cut(tt.platform, "/")
			got, err := findSass(sassQuery{
				goos: goos, goarch: goarch,
				flag: inRoot(tt.flag), env: inRoot(tt.env), root: root,
				lookPath: func(name string) (string, error) {
					if tt.path && name == "sass" {
						return onPath, nil
					}
					return "", exec.ErrNotFound
				},
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrNoSass) {
					t.Fatalf("got %q, %v; want an ErrNoSass containing %q", got, err, tt.wantErr)
				}
				return
			}
			want := onPath
			if tt.want != onPath {
				want = inRoot(tt.want)
			}
			if err != nil || got != want {
				t.Errorf("got %q, %v; want %q", got, err, want)
			}
		})
	}
}

// TestMakefileSass: the Makefile points $HELPCENTER_SASS at the package
// FindSass would look for, on every platform (given to make as uname's
// answers, or Windows's environment).
func TestMakefileSass(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		platform string
		vars     []string
	}{
		{"linux/amd64", []string{"OS=", "UNAME_S=Linux", "UNAME_M=x86_64"}},
		{"linux/arm64", []string{"OS=", "UNAME_S=Linux", "UNAME_M=aarch64"}},
		{"darwin/arm64", []string{"OS=", "UNAME_S=Darwin", "UNAME_M=arm64"}},
		{"darwin/amd64", []string{"OS=", "UNAME_S=Darwin", "UNAME_M=x86_64"}},
		{"windows/amd64", []string{"OS=Windows_NT", "PROCESSOR_ARCHITECTURE=AMD64"}},
	}
	sassLine := regexp.MustCompile(`(?m)^SASS := (.*)$`)
	for _, tt := range tests {
		goos, goarch, _ := strings.Cut(tt.platform, "/")
		if (goos == "windows") != (runtime.GOOS == "windows") {
			// A Makefile told it is on the other side of that line
			// would start the wrong shell here.
			continue
		}
		args := append([]string{"--no-print-directory", "-C", "../..", "-n", "-p", "help"}, tt.vars...)
		out, err := exec.Command("make", args...).Output()
		if err != nil {
			t.Fatalf("%s: make %v: %v", tt.platform, args, err)
		}
		m := sassLine.FindSubmatch(out)
		if m == nil {
			t.Fatalf("%s: make -p printed no SASS", tt.platform)
		}
		if got, want := string(m[1]), toolsSass(goos, goarch); got != want {
			t.Errorf("%s: the Makefile's SASS is %s, FindSass looks for %s", tt.platform, got, want)
		}
	}
}
