package assets

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/bep/godartsass/v2"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
)

// Dart Sass and esbuild read files themselves. Both are made to read
// through the project's source tree instead (source.FS: regular files
// inside the project, size limits, one rule for text), so a stylesheet
// partial or an imported script that is a symlink to /etc/passwd, a FIFO
// or /dev/zero is refused like any other source.

// sassScheme names stylesheets in URLs given to Dart Sass. A file: URL
// would let Dart Sass resolve relative loads from the entry on its own,
// reading the file system directly; with a scheme of our own, every load
// comes to sassImporter.
const sassScheme = "helpcenter:/"

// sassImporter resolves and loads every stylesheet Dart Sass asks for.
// Like the load path it replaces (the entry's folder), a bare URL is
// resolved from the entry's folder; a URL already resolved against a
// stylesheet of ours comes with our scheme.
type sassImporter struct {
	fsys fs.FS
	dir  string // the entry's folder, a slash path under the root

	mu    sync.Mutex
	texts map[string][]byte // loaded stylesheets by path, for positions
	probs diag.List         // faults of files we refused or could not read
}

func sassURL(file string) string { return sassScheme + file }

// CanonicalizeURL finds the file a @use or @import names, with Sass's
// rules: the name as given or as a partial (_name), with .scss, .sass or
// .css, or the folder's index.
func (s *sassImporter) CanonicalizeURL(url string) (string, error) {
	var base string
	switch {
	case strings.HasPrefix(url, sassScheme):
		base = strings.TrimPrefix(url, sassScheme)
	case strings.Contains(url, ":"):
		return "", fmt.Errorf("%s: stylesheets load only files of the project, by a path relative to %s", url, s.dir)
	default:
		base = path.Join(s.dir, url)
	}
	if !fs.ValidPath(base) {
		return "", fmt.Errorf("%s leads outside the project", url)
	}
	// Sass looks for the file (as given or as a partial) first, and for a
	// folder's index only when there is none; two matches are an error.
	files, indexes := sassCandidates(base)
	var found []string
	for _, group := range [][]string{files, indexes} {
		for _, c := range group {
			fi, err := fs.Stat(s.fsys, c)
			switch {
			case err == nil && !fi.IsDir():
				found = append(found, c)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", s.refuse(c, err)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return sassURL(found[0]), nil
	}
	return "", fmt.Errorf("%s is ambiguous: it could be %s", url, strings.Join(found, " or "))
}

// sassCandidates lists the files a load of base may name, and the index
// files of a folder of that name.
func sassCandidates(base string) (files, indexes []string) {
	dir, name := path.Split(base)
	switch path.Ext(name) {
	case ".scss", ".sass", ".css":
		return []string{base, dir + "_" + name}, nil
	}
	for _, ext := range []string{".scss", ".sass", ".css"} {
		files = append(files, base+ext, dir+"_"+name+ext)
		indexes = append(indexes, base+"/index"+ext, base+"/_index"+ext)
	}
	return files, indexes
}

// Load reads a stylesheet found by CanonicalizeURL.
func (s *sassImporter) Load(url string) (godartsass.Import, error) {
	file := strings.TrimPrefix(url, sassScheme)
	data, probs := source.ReadText(s.fsys, file, source.TextLimit, "")
	if probs != nil {
		s.mu.Lock()
		s.probs.Append(probs)
		s.mu.Unlock()
		return godartsass.Import{}, errors.New(probs[0].Msg)
	}
	s.remember(file, data)
	syntax := godartsass.SourceSyntaxSCSS
	switch path.Ext(file) {
	case ".sass":
		syntax = godartsass.SourceSyntaxSASS
	case ".css":
		syntax = godartsass.SourceSyntaxCSS
	}
	return godartsass.Import{Content: string(data), SourceSyntax: syntax}, nil
}

func (s *sassImporter) remember(file string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.texts[file] = data
}

// refuse records why file cannot be read and returns the error for Sass.
func (s *sassImporter) refuse(file string, err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.probs = append(s.probs, source.Problem(file, err, ""))
	return errors.New(s.probs[len(s.probs)-1].Msg)
}

// pos turns a Sass error's URL and byte offset into a file:line:col,
// counting in the text Dart Sass was given.
func (s *sassImporter) pos(se godartsass.SassError) diag.Pos {
	file := strings.TrimPrefix(se.Span.Url, sassScheme)
	pos := diag.Pos{File: file}
	s.mu.Lock()
	data, ok := s.texts[file]
	s.mu.Unlock()
	if ok && se.Span.Start.Offset >= 0 && se.Span.Start.Offset <= len(data) {
		pos.Line, pos.Col = source.LineCol(data, se.Span.Start.Offset)
	}
	return pos
}

// scriptNamespace holds the scripts esbuild bundles. A namespace of our
// own keeps esbuild's resolver, which reads package.json and tsconfig.json
// files in every folder up to /, out of the build.
const scriptNamespace = "helpcenter"

// scriptLoaders maps the extensions a script may import to esbuild's
// loaders.
var scriptLoaders = map[string]api.Loader{
	".js": api.LoaderJS, ".mjs": api.LoaderJS, ".ts": api.LoaderTS, ".mts": api.LoaderTS, ".json": api.LoaderJSON,
}

// scriptPlugin resolves and loads every script through fsys: an entry by
// its path under the root, an import by a path relative to the importing
// file (./x.js, ../lib/y, with the extension optional, as esbuild allows).
// Package imports are refused: the site's scripts are all its own.
func scriptPlugin(fsys fs.FS) api.Plugin {
	return api.Plugin{Name: "helpcenter-sources", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.Kind == api.ResolveEntryPoint {
				// esbuild hands the entry on as "./assets/js/main.js".
				return api.OnResolveResult{Path: path.Clean(a.Path), Namespace: scriptNamespace}, nil
			}
			if !strings.HasPrefix(a.Path, "./") && !strings.HasPrefix(a.Path, "../") {
				return api.OnResolveResult{Errors: []api.Message{{Text: fmt.Sprintf("cannot import %q: scripts import only files of the project, by a relative path (./x.js)", a.Path)}}}, nil
			}
			base := path.Join(path.Dir(a.Importer), a.Path)
			if !fs.ValidPath(base) {
				return api.OnResolveResult{Errors: []api.Message{{Text: fmt.Sprintf("cannot import %q: it leads outside the project", a.Path)}}}, nil
			}
			for _, c := range []string{base, base + ".ts", base + ".js", base + "/index.ts", base + "/index.js"} {
				fi, err := fs.Stat(fsys, c)
				if err == nil && !fi.IsDir() {
					return api.OnResolveResult{Path: c, Namespace: scriptNamespace}, nil
				}
				if err != nil && !errors.Is(err, fs.ErrNotExist) {
					p := source.Problem(c, err, "")
					return api.OnResolveResult{Errors: []api.Message{{Text: c + ": " + p.Msg, Notes: []api.Note{{Text: p.Hint}}}}}, nil
				}
			}
			return api.OnResolveResult{Errors: []api.Message{{Text: fmt.Sprintf("cannot import %q: %s does not exist", a.Path, base)}}}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: scriptNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			loader, ok := scriptLoaders[path.Ext(a.Path)]
			if !ok {
				return api.OnLoadResult{Errors: []api.Message{{Text: a.Path + ": scripts are .js, .mjs, .ts, .mts or .json files"}}}, nil
			}
			data, probs := source.ReadText(fsys, a.Path, source.TextLimit, "")
			if probs != nil {
				var msgs []api.Message
				for _, p := range probs {
					m := api.Message{Text: p.Msg, Notes: []api.Note{{Text: p.Hint}}, Location: &api.Location{File: p.File, Line: p.Line, Column: max(0, p.Col-1)}}
					msgs = append(msgs, m)
				}
				return api.OnLoadResult{Errors: msgs}, nil
			}
			contents := string(data)
			return api.OnLoadResult{Contents: &contents, Loader: loader}, nil
		})
	}}
}
