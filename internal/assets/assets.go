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
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bep/godartsass/v2"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/svg"
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
// assets/ except the scss and js sources, copied as they are. Every file,
// including those Dart Sass and esbuild load, is read through
// source.FS: regular files inside the project, within size limits.
func (c *Compiler) Build(root string, extraCSS string) (*Set, diag.List) {
	var probs diag.List
	set := &Set{Files: map[string][]byte{}, names: map[string]string{}}
	fsys := source.Dir(root)

	css, p := c.compileSCSS(fsys)
	probs.Append(p)
	if p == nil {
		set.add("site.css", []byte(css+"\n"+extraCSS))
	}
	scripts, p := bundleScripts(fsys, root)
	probs.Append(p)
	for name, js := range scripts {
		set.add(name, js)
	}
	probs.Append(set.copyStatic(fsys))
	if len(probs) > 0 {
		probs.Sort()
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

// compileSCSS compiles the main stylesheet. Dart Sass gets no load path
// and no file: URL, so every stylesheet it loads comes through a
// sassImporter, which reads through fsys.
func (c *Compiler) compileSCSS(fsys fs.FS) (string, diag.List) {
	src, probs := source.ReadText(fsys, SCSSEntry, source.TextLimit, "create assets/scss/main.scss")
	if probs != nil {
		return "", probs
	}
	t, err := c.transpiler()
	if err != nil {
		probs.Add(diag.Pos{File: SCSSEntry}, err.Error(), sassHelp(runtime.GOOS, runtime.GOARCH))
		return "", probs
	}
	imp := &sassImporter{fsys: fsys, dir: path.Dir(SCSSEntry), texts: map[string][]byte{}}
	imp.remember(SCSSEntry, src)
	res, err := t.Execute(godartsass.Args{
		Source:         string(src),
		URL:            sassURL(SCSSEntry),
		OutputStyle:    godartsass.OutputStyleCompressed,
		ImportResolver: imp,
	})
	if err != nil {
		if imp.probs != nil {
			// The file we refused, with its reason, rather than Sass's
			// "Can't find stylesheet" at the @use.
			imp.probs.Sort()
			return "", imp.probs
		}
		var se godartsass.SassError
		if errors.As(err, &se) {
			probs.Add(imp.pos(se), "Sass: "+se.Message, "")
		} else {
			probs.Add(diag.Pos{File: SCSSEntry}, "Sass: "+err.Error(), "")
		}
		return "", probs
	}
	return res.CSS, nil
}

// bundleScripts bundles each script at the top of assets/js (main.js,
// theme.js; .ts works too) with what it imports from assets/js/lib/ into one
// minified IIFE per entry, and each script in assets/js/public/ the same
// way under the name "public/<name>.js" (see Set.Public). A site without
// scripts is allowed. esbuild resolves and loads every file through
// scriptPlugin, which reads through fsys.
func bundleScripts(fsys fs.FS, root string) (map[string][]byte, diag.List) {
	var probs diag.List
	out := map[string][]byte{}
	for _, sub := range []string{ScriptsDir, PublicScriptsDir} {
		dirents, err := fs.ReadDir(fsys, sub)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			probs = append(probs, source.Problem(sub, err, ""))
			continue
		}
		for _, de := range dirents {
			ext := path.Ext(de.Name())
			if de.IsDir() || (ext != ".js" && ext != ".ts") || strings.HasPrefix(de.Name(), ".") {
				continue
			}
			js, p := bundle(fsys, root, path.Join(sub, de.Name()))
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

// bundle bundles one script (entry, a slash path under the root) and
// what it imports into a minified IIFE, every file read through fsys.
func bundle(fsys fs.FS, root, entry string) ([]byte, diag.List) {
	var probs diag.List
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
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
		Plugins:           []api.Plugin{scriptPlugin(fsys)},
	})
	for _, m := range res.Errors {
		pos := diag.Pos{File: entry}
		if m.Location != nil {
			pos = diag.Pos{File: strings.TrimPrefix(filepath.ToSlash(m.Location.File), scriptNamespace+":"), Line: m.Location.Line, Col: m.Location.Column + 1}
		}
		hint := ""
		if len(m.Notes) > 0 {
			hint = m.Notes[0].Text
		}
		probs.Add(pos, m.Text, hint)
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
	js, probs := bundle(source.Dir(root), root, path.Join(PublicScriptsDir, name))
	if probs != nil {
		return nil, probs
	}
	return js, nil
}

// maxStaticDepth bounds how deep copyStatic descends: a symlink to a
// folder above itself would otherwise lead it round forever.
const maxStaticDepth = 16

// textAssets are the static files that are text: their line endings are
// made LF (source.Text), so a checkout with CRLF publishes the same bytes.
var textAssets = map[string]bool{
	".svg": true, ".css": true, ".js": true, ".mjs": true, ".json": true, ".txt": true,
	".xml": true, ".webmanifest": true, ".html": true, ".htm": true, ".map": true, ".csv": true, ".md": true,
}

// documents are the kinds of file a browser opens as a page that runs
// its scripts: from the site's origin, outside the pages' policy. A site's
// pages come from content/ and templates/; assets/ holds none.
var documents = map[string]bool{
	".html": true, ".htm": true, ".xhtml": true, ".xht": true, ".xml": true,
	".xsl": true, ".xslt": true, ".svgz": true, ".mht": true, ".mhtml": true,
}

// CheckStatic checks the files under root's assets/ that a build copies
// as they are (copyStatic), without compiling anything: check refuses
// what build would, such as an image that is a symlink outside the
// project or an SVG that runs script.
func CheckStatic(root string) diag.List {
	set := &Set{Files: map[string][]byte{}, names: map[string]string{}}
	probs := set.copyStatic(source.Dir(root))
	probs.Sort()
	return probs
}

// copyStatic fingerprints every file under assets/ that is not a Sass or
// script source: images, icons, fonts. A symlink to a file or folder
// inside the project is followed; anything else is refused by fsys. An
// SVG is published only if it cannot run script (svg.Check), and a page
// of any kind not at all (documents).
func (s *Set) copyStatic(fsys fs.FS) diag.List {
	var probs diag.List
	var files []string
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		dirents, err := fs.ReadDir(fsys, dir)
		if err != nil {
			if dir != Dir || !errors.Is(err, fs.ErrNotExist) {
				probs = append(probs, source.Problem(dir, err, ""))
			}
			return
		}
		for _, de := range dirents {
			name := de.Name()
			p := path.Join(dir, name)
			if strings.HasPrefix(name, ".") || p == path.Dir(SCSSEntry) || p == ScriptsDir {
				continue
			}
			isDir := de.IsDir()
			if de.Type()&fs.ModeSymlink != 0 {
				fi, err := fs.Stat(fsys, p)
				if err != nil {
					probs = append(probs, source.Problem(p, err, ""))
					continue
				}
				isDir = fi.IsDir()
			}
			switch {
			case !isDir:
				files = append(files, p)
			case depth >= maxStaticDepth:
				probs.Add(diag.Pos{File: p}, fmt.Sprintf("folders nested deeper than %d levels", maxStaticDepth), "is a symlink leading to a folder above itself?")
			default:
				walk(p, depth+1)
			}
		}
	}
	walk(Dir, 0)
	slices.Sort(files)
	for _, file := range files {
		var data []byte
		var p diag.List
		ext := strings.ToLower(path.Ext(file))
		if documents[ext] {
			probs.Add(diag.Pos{File: file}, "a "+ext+" file is a document that a browser runs as a page, from the site's origin", "assets are images, fonts, stylesheets and scripts; write a page as a guide in content/guides/, or publish the file elsewhere")
			continue
		}
		if textAssets[path.Ext(file)] {
			data, p = source.ReadText(fsys, file, source.FileLimit, "")
		} else if d, err := source.ReadFile(fsys, file, source.FileLimit); err != nil {
			p = diag.List{source.Problem(file, err, "")}
		} else {
			data = d
		}
		if p == nil && ext == ".svg" {
			p = svg.Check(file, data)
		}
		if p != nil {
			probs.Append(p)
			continue
		}
		s.add(path.Base(file), data)
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
