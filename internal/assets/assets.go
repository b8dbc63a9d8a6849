// Package assets compiles the site's stylesheets and scripts and names every
// asset file after its content.
//
// SCSS goes through Dart Sass's embedded protocol (github.com/bep/godartsass)
// with one transpiler per build, started lazily and shut down with Close, as
// Hugo does; scripts are bundled and minified with esbuild's Go API; every
// output is fingerprinted (name.<hash>.ext) so hosts can cache it forever
// and a deploy never mixes old HTML with new CSS.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bep/godartsass/v2"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// Layout of the assets folder, relative to the site root.
const (
	Dir        = "assets"
	SCSSEntry  = "assets/scss/main.scss"
	ScriptsDir = "assets/js"
	// PublicScriptsDir holds scripts that other sites include by a fixed
	// URL (the diagnose script): they are published at the site root
	// under their own name, not fingerprinted, because a name that
	// changes with every build cannot be written into another site.
	PublicScriptsDir = "assets/js/public"
	// OutDir is where assets land in the built site.
	OutDir = "assets"
)

// Compiler compiles assets. It holds one Dart Sass process, started on
// first use; Close stops it.
type Compiler struct {
	sassPath string

	mu   sync.Mutex
	sass *godartsass.Transpiler
}

// NewCompiler returns a compiler that uses the Dart Sass binary at sassPath.
func NewCompiler(sassPath string) *Compiler { return &Compiler{sassPath: sassPath} }

// Close stops the Dart Sass process, if it was started.
func (c *Compiler) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sass == nil {
		return nil
	}
	err := c.sass.Close()
	c.sass = nil
	return err
}

func (c *Compiler) transpiler() (*godartsass.Transpiler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sass != nil && !c.sass.IsShutDown() {
		return c.sass, nil
	}
	t, err := godartsass.Start(godartsass.Options{DartSassEmbeddedFilename: c.sassPath})
	if err != nil {
		return nil, fmt.Errorf("starting Dart Sass (%s): %w", c.sassPath, err)
	}
	c.sass = t
	return t, nil
}

// Set is the compiled assets of a build.
type Set struct {
	// Files maps output paths (assets/site.1a2b3c4d5e.css) to contents.
	Files map[string][]byte
	// names maps logical names (site.css) to output paths.
	names map[string]string
}

// Path returns the output path of a logical asset name ("site.css",
// "site.js", "favicon.svg", "public/diagnose.js"), or "" when there is
// none. A public script's path is its own name at the site root.
func (s *Set) Path(name string) string { return s.names[name] }

// Build compiles the assets under root: SCSS (with extraCSS, such as the
// code-highlighting palette, appended), scripts, and every other file under
// assets/ except the scss and js sources, copied as they are.
func (c *Compiler) Build(root string, extraCSS string) (*Set, diag.List) {
	var probs diag.List
	set := &Set{Files: map[string][]byte{}, names: map[string]string{}}

	css, p := c.compileSCSS(root)
	probs.Append(p)
	if p == nil {
		set.add("site.css", []byte(css+"\n"+extraCSS))
	}
	scripts, p := bundleScripts(root)
	probs.Append(p)
	for name, js := range scripts {
		set.add(name, js)
	}
	probs.Append(set.copyStatic(root))
	if len(probs) > 0 {
		return nil, probs
	}
	return set, nil
}

// publicPrefix marks the logical names of public scripts.
const publicPrefix = "public/"

func (s *Set) add(name string, data []byte) {
	if rest, ok := strings.CutPrefix(name, publicPrefix); ok {
		s.Files[rest] = data
		s.names[name] = rest
		return
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	out := path.Join(OutDir, strings.TrimSuffix(name, ext)+"."+hex.EncodeToString(sum[:5])+ext)
	s.Files[out] = data
	s.names[name] = out
}

func (c *Compiler) compileSCSS(root string) (string, diag.List) {
	var probs diag.List
	entry := filepath.Join(root, filepath.FromSlash(SCSSEntry))
	src, err := os.ReadFile(entry)
	if err != nil {
		probs.Add(diag.Pos{File: SCSSEntry}, "cannot read the main stylesheet: "+err.Error(), "create assets/scss/main.scss")
		return "", probs
	}
	t, err := c.transpiler()
	if err != nil {
		probs.Add(diag.Pos{File: SCSSEntry}, err.Error(), sassHelp(runtime.GOOS, runtime.GOARCH))
		return "", probs
	}
	abs, _ := filepath.Abs(entry)
	res, err := t.Execute(godartsass.Args{
		Source:       string(src),
		URL:          "file://" + filepath.ToSlash(abs),
		OutputStyle:  godartsass.OutputStyleCompressed,
		IncludePaths: []string{filepath.Dir(abs)},
	})
	if err != nil {
		var se godartsass.SassError
		if errors.As(err, &se) {
			probs.Add(sassPos(root, se), "Sass: "+se.Message, "")
		} else {
			probs.Add(diag.Pos{File: SCSSEntry}, "Sass: "+err.Error(), "")
		}
		return "", probs
	}
	return res.CSS, nil
}

// sassPos turns a Sass error's URL and byte offset into a file:line:col
// relative to root.
func sassPos(root string, se godartsass.SassError) diag.Pos {
	file := strings.TrimPrefix(se.Span.Url, "file://")
	rel := file
	if absRoot, err := filepath.Abs(root); err == nil {
		if r, err := filepath.Rel(absRoot, file); err == nil {
			rel = filepath.ToSlash(r)
		}
	}
	pos := diag.Pos{File: rel}
	if data, err := os.ReadFile(file); err == nil && se.Span.Start.Offset <= len(data) {
		pos.Line = 1 + strings.Count(string(data[:se.Span.Start.Offset]), "\n")
		pos.Col = se.Span.Start.Column + 1
	}
	return pos
}

// bundleScripts bundles each script at the top of assets/js (main.js,
// theme.js; .ts works too) with what it imports from assets/js/lib/ into one
// minified IIFE per entry, and each script in assets/js/public/ the same
// way under the name "public/<name>.js" (see Set.Public). A site without
// scripts is allowed.
func bundleScripts(root string) (map[string][]byte, diag.List) {
	var probs diag.List
	out := map[string][]byte{}
	for _, sub := range []string{ScriptsDir, PublicScriptsDir} {
		dir := filepath.Join(mustAbs(root), filepath.FromSlash(sub))
		dirents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, de := range dirents {
			ext := filepath.Ext(de.Name())
			if de.IsDir() || (ext != ".js" && ext != ".ts") || strings.HasPrefix(de.Name(), ".") {
				continue
			}
			js, p := bundle(root, path.Join(sub, de.Name()))
			probs.Append(p)
			name := strings.TrimSuffix(de.Name(), ext) + ".js"
			if sub == PublicScriptsDir {
				name = publicPrefix + name
			}
			if p == nil {
				out[name] = js
			}
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return out, nil
}

// bundle bundles one script (entry, relative to root, with slashes) and
// what it imports into a minified IIFE.
func bundle(root, entry string) ([]byte, diag.List) {
	var probs diag.List
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{filepath.Join(mustAbs(root), filepath.FromSlash(entry))},
		Bundle:            true,
		Write:             false,
		Format:            api.FormatIIFE,
		Target:            api.ES2019,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		LogLevel:          api.LogLevelSilent,
		AbsWorkingDir:     mustAbs(root),
	})
	for _, m := range res.Errors {
		pos := diag.Pos{File: entry}
		if m.Location != nil {
			pos = diag.Pos{File: filepath.ToSlash(m.Location.File), Line: m.Location.Line, Col: m.Location.Column + 1}
		}
		probs.Add(pos, m.Text, "")
	}
	if len(probs) > 0 || len(res.OutputFiles) == 0 {
		if probs == nil {
			probs.Add(diag.Pos{File: entry}, "esbuild produced no output", "")
		}
		return nil, probs
	}
	return res.OutputFiles[0].Contents, nil
}

// BundlePublic bundles the public script name ("diagnose.js") from the
// sources under root exactly as a build publishes it, for commands that
// run it without building the site (helpcenter find).
func BundlePublic(root, name string) ([]byte, error) {
	js, probs := bundle(root, path.Join(PublicScriptsDir, name))
	if probs != nil {
		return nil, probs
	}
	return js, nil
}

// copyStatic fingerprints every file under assets/ that is not a Sass or
// script source: images, icons, fonts.
func (s *Set) copyStatic(root string) diag.List {
	var probs diag.List
	base := filepath.Join(root, Dir)
	var files []string
	_ = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(base, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "scss" || rel == "js" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(d.Name(), ".") {
			files = append(files, rel)
		}
		return nil
	})
	slices.Sort(files)
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(base, filepath.FromSlash(rel)))
		if err != nil {
			probs.Add(diag.Pos{File: path.Join(Dir, rel)}, "cannot read: "+err.Error(), "")
			continue
		}
		s.add(path.Base(rel), data)
	}
	return probs
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
