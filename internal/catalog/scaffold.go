package catalog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/source"
)

var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

var scaffoldTmpl = template.Must(template.New("entry").Parse(`# yaml-language-server: $schema=../schema/error.schema.json
code: {{.Code}}
title: TODO Say in plain words what went wrong
category: {{.Category}}
summary: TODO One sentence that a sales rep understands, shown in lists and search results.
who_fixes: admin
retryable: false
added: {{.Today}}                # the day it is published; set updated: (and change:) when it later changes for readers
messages:
  - "TODO the exact message Salesforce returns, with {placeholders} for the parts that vary"
causes:
  - id: todo-name-this-cause     # the cause's link: /errors/CODE/#id; a short slug, never changed once published
    what: TODO What is happening.
    steps:
      - TODO The first thing to check or do.
`))

// Scaffold writes a new entry catalog/errors/CODE.yaml and an empty note
// content/errors/CODE.md under root, both valid, so a writer starts from a
// file the build accepts. It refuses a malformed code, an unknown category
// and a code (in any case) or alias that exists. It returns the files
// written.
func Scaffold(root, code, category string) ([]string, error) {
	if !codeRE.MatchString(code) {
		return nil, fmt.Errorf("code %q is not in the form the API returns: upper-case letters, digits and underscores, e.g. UNABLE_TO_LOCK_ROW", code)
	}
	cat, probs := Load(context.Background(), source.Dir(root))
	if probs != nil {
		return nil, fmt.Errorf("fix the catalog first:\n%s", probs.Error())
	}
	if cat.Category(category) == nil {
		var slugs []string
		for _, c := range cat.Categories {
			slugs = append(slugs, c.Slug)
		}
		return nil, fmt.Errorf("unknown category %q (known: %s)", category, strings.Join(slugs, ", "))
	}
	for _, e := range cat.Errors {
		if strings.EqualFold(e.Code, code) {
			return nil, fmt.Errorf("%s exists already: edit %s", e.Code, e.File)
		}
		for _, a := range e.Aliases {
			if strings.EqualFold(a, code) {
				return nil, fmt.Errorf("%s is an alias of %s (%s); remove the alias first if it deserves its own entry", code, e.Code, e.File)
			}
		}
	}
	var buf bytes.Buffer
	if err := scaffoldTmpl.Execute(&buf, map[string]string{"Code": code, "Category": category, "Today": time.Now().Format(time.DateOnly)}); err != nil {
		return nil, err
	}
	entry := filepath.Join(root, ErrorsDir, code+".yaml")
	note := filepath.Join(root, "content", "errors", code+".md")
	if _, err := os.Stat(note); err == nil {
		return nil, fmt.Errorf("%s exists already", note)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := writeNew(entry, buf.Bytes()); err != nil {
		return nil, err
	}
	// The note starts empty (an empty note adds nothing to the page);
	// writers add background, examples and code when the entry needs them.
	noteText := ""
	if err := os.MkdirAll(filepath.Dir(note), 0o755); err != nil {
		return nil, err
	}
	if err := writeNew(note, []byte(noteText)); err != nil {
		os.Remove(entry)
		return nil, err
	}
	return []string{entry, note}, nil
}

// writeNew creates file, failing if it exists, so two writers racing on
// the same code cannot overwrite each other.
func writeNew(file string, data []byte) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
