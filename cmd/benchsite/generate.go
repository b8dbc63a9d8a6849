package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// sources are the two generated site roots for one catalog size.
type sources struct {
	Ours, Hugo string
}

// generate writes the sources for n errors under dir: our site through
// internal/synth (the generator the Go benchmarks use, so the numbers are
// comparable with `make bench`), then the Hugo site from that very catalog
// as our loader reads it, so both tools render the same data.
func generate(ctx context.Context, dir string, n int, repo, hugo string) (sources, error) {
	src := sources{Ours: filepath.Join(dir, "helpcenter"), Hugo: filepath.Join(dir, "hugo")}
	if err := synth.Write(src.Ours, n, repo); err != nil {
		return src, err
	}
	cat, probs := catalog.Load(ctx, os.DirFS(src.Ours))
	if probs != nil {
		return src, fmt.Errorf("synthetic catalog does not load: %v", probs)
	}
	if err := writeHugo(src.Hugo, cat, repo); err != nil {
		return src, err
	}
	return src, writeChromaCSS(ctx, hugo, src.Hugo)
}

// hugoDir is where the Hugo site's hand-written part lives in the repo.
const hugoDir = "bench/hugo"

// writeHugo writes the Hugo site: the config and layouts from bench/hugo,
// the repo's assets/ (so css.Sass compiles the very SCSS our tool does and
// js.Build bundles the same scripts), and one content file per error,
// per category and per fixed page.
func writeHugo(root string, cat *catalog.Catalog, repo string) error {
	if err := copyTree(filepath.Join(repo, hugoDir), root); err != nil {
		return err
	}
	if err := copyTree(filepath.Join(repo, "assets"), filepath.Join(root, "assets")); err != nil {
		return err
	}
	// errors.json's schema, which ours publishes beside it.
	schema, err := os.ReadFile(filepath.Join(repo, "api", "errors.schema.json"))
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(root, "static", "errors.schema.json"), schema); err != nil {
		return err
	}
	notes := os.DirFS(filepath.Join(filepath.Dir(root), "helpcenter"))
	for _, c := range cat.Categories {
		fm := map[string]any{
			"title":  c.Name,
			"weight": c.Order,
			"params": map[string]any{"description": c.Description},
		}
		if err := writeContent(root, "content/categories/"+c.Slug+"/_index.md", fm, nil); err != nil {
			return err
		}
	}
	for _, e := range cat.Errors {
		note, err := fs.ReadFile(notes, "content/errors/"+e.Code+".md")
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if err := writeContent(root, "content/errors/"+e.Code+".md", errorFrontMatter(e), note); err != nil {
			return err
		}
	}
	return nil
}

// errorFrontMatter holds everything the error page, the cheat sheet,
// /changes/ and the data files show, as Hugo params, resolved as our
// model resolves them (a cause's own fixer and retry advice, or the
// entry's; the messages of the causes after the entry's). The code is the
// link title, so Hugo's default page order (weight, date, link title) is
// A–Z by code without a sort in the templates. Aliases are the redirects
// our tool writes too: the lower-case code and the slug of each alias.
func errorFrontMatter(e *catalog.Error) map[string]any {
	aliases := []string{"/errors/" + strings.ToLower(e.Code) + "/"}
	for _, a := range e.Aliases {
		if s := catalog.Slug(a); s != "" {
			aliases = append(aliases, "/errors/"+s+"/")
		}
	}
	causes := make([]map[string]any, len(e.Causes))
	for i, c := range e.Causes {
		who, retry := c.Fixer(e), c.CanRetry(e)
		causes[i] = map[string]any{
			"id": c.ID, "what": c.What, "steps": c.Steps, "messages": nonNil(c.Messages),
			"who_fixes": who, "who_label": whoLabel[who], "retryable": retry,
			"own_fixer": who != e.WhoFixes, "own_retry": retry != e.Retryable,
		}
	}
	var all []string
	for _, m := range e.AllMessages() {
		all = append(all, m.Text)
	}
	links := make([]map[string]string, len(e.Links))
	for i, l := range e.Links {
		links[i] = map[string]string{"title": l.Title, "url": l.URL}
	}
	return map[string]any{
		"title":      e.Title,
		"linkTitle":  e.Code,
		"categories": []string{e.Category},
		"aliases":    aliases,
		"params": map[string]any{
			"code":         e.Code,
			"summary":      e.Summary,
			"messages":     nonNil(e.Messages),
			"all_messages": nonNil(all),
			"added":        e.Added,
			"updated":      e.Updated,
			"change":       e.Change,
			"aliases":      nonNil(e.Aliases),
			"causes":       causes,
			"who_fixes":    e.WhoFixes,
			"who_label":    whoLabel[e.WhoFixes],
			"retryable":    e.Retryable,
			"related":      nonNil(e.Related),
			"links":        links,
		},
	}
}

// whoLabel mirrors the "who-fixes" template of templates/site.tmpl, so the
// Hugo pages carry the same words.
var whoLabel = map[string]string{
	"user":    "You can fix this yourself",
	"admin":   "Your Salesforce admin fixes this",
	"support": "Our support team fixes this",
}

// writeContent writes a Hugo content file with JSON front matter: JSON,
// because encoding/json quotes any title or message safely and needs no
// dependency, and Hugo reads a file that starts with "{" as JSON front
// matter.
func writeContent(root, rel string, frontMatter map[string]any, body []byte) error {
	fm, err := json.MarshalIndent(frontMatter, "", "  ")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.Write(fm)
	b.WriteString("\n\n")
	b.Write(body)
	return writeFile(filepath.Join(root, filepath.FromSlash(rel)), b.Bytes())
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// copyTree copies the regular files under from to to.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(to, rel), data)
	})
}

// writeChromaCSS writes assets/css/chroma.css, the highlighting rules a
// Hugo site with markup.highlight.noClasses = false must ship, made the
// documented way (hugo gen chromastyles) from the styles ours uses:
// github, and github-dark for a dark system theme. Our tool appends its
// equivalent to the compiled Sass; the layouts concatenate this one, so
// both stylesheets carry highlighting rules.
func writeChromaCSS(ctx context.Context, hugo, root string) error {
	gen := func(style string) ([]byte, error) {
		out, err := exec.CommandContext(ctx, hugo, "gen", "chromastyles", "--style="+style, "--omitClassComments").Output()
		if err != nil {
			return nil, fmt.Errorf("hugo gen chromastyles --style=%s: %w", style, err)
		}
		return out, nil
	}
	light, err := gen("github")
	if err != nil {
		return err
	}
	dark, err := gen("github-dark")
	if err != nil {
		return err
	}
	css := slices.Concat(light, []byte("@media (prefers-color-scheme: dark) {\n"), dark, []byte("}\n"))
	return writeFile(filepath.Join(root, "assets", "css", "chroma.css"), css)
}

// nonNil keeps empty lists as [] in the front matter, so templates can
// range over them without a nil check.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
