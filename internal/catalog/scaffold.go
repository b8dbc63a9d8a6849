package catalog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

var scaffoldTmpl = template.Must(template.New("entry").Parse(`# yaml-language-server: $schema=../schema/error.schema.json
code: {{.Code}}
title: {{.P.Title}}
category: {{.Category}}
summary: {{.P.Summary}}
who_fixes: admin
retryable: false
added: {{.Today}}                # the day it is published; set updated: (and change:) when it later changes for readers
messages:
  - "{{.P.Message}}"
causes:
  - id: {{.P.CauseID}}     # the cause's link: /errors/CODE/#id; a short slug, never changed once published
    what: {{.P.What}}
    steps:
      - {{.P.Step}}
`))

// Scaffold writes a new entry catalog/errors/CODE.yaml and an empty note
// content/errors/CODE.md under root, both valid, so a writer starts from a
// file the build accepts. Before creating anything it refuses a code or
// category that the entry schema refuses (checkNames), an unknown category
// and a code (in any case) or alias that exists. It returns the files
// written.
func Scaffold(root, code, category string) ([]string, error) {
	if err := checkNames(code, category); err != nil {
		// Codes are exact-case, as the API returns them; a writer who
		// typed one in lower case meant the upper-case code.
		if up := strings.ToUpper(code); up != code && checkNames(up, category) == nil {
			return nil, fmt.Errorf("%w; did you mean %s? (codes are exact-case, as the API returns them)", err, up)
		}
		return nil, err
	}
	// Another new entry's placeholders do not keep a writer from
	// starting the next.
	cat, probs := LoadWith(context.Background(), source.Dir(root), Options{AllowDrafts: true})
	if probs != nil {
		// Through diag.Write, as check prints them: a file name with
		// control characters is printed escaped.
		var b strings.Builder
		diag.Write(&b, probs, diag.Text)
		return nil, fmt.Errorf("fix the catalog first:\n%s", strings.TrimSuffix(b.String(), "\n"))
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
	if err := scaffoldTmpl.Execute(&buf, map[string]any{"Code": code, "Category": category, "Today": time.Now().Format(time.DateOnly), "P": scaffoldText}); err != nil {
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

// checkNames validates code and category against their rules in the entry
// schema (pattern, maxLength), the rules check applies to the file Scaffold
// would write, worded the same way. Only these two fields are judged: the
// rest of the entry is the scaffold's own.
func checkNames(code, category string) error {
	value := map[string]any{"code": code, "category": category}
	err := errorSchema.compiled.Validate(value)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	doc := &yamldoc.Doc{File: path.Join(ErrorsDir, code+".yaml"), Value: value}
	var msgs []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		for _, c := range e.Causes {
			walk(c)
		}
		if len(e.Causes) > 0 || len(e.InstanceLocation) == 0 {
			return // a missing field of the scaffold's, not of the writer's
		}
		for _, p := range errorSchema.problem(doc, e) {
			m := p.Msg
			if p.Hint != "" {
				m += " (" + p.Hint + ")"
			}
			msgs = append(msgs, m)
		}
	}
	walk(ve)
	if len(msgs) == 0 {
		return nil
	}
	slices.Sort(msgs)
	return errors.New(strings.Join(slices.Compact(msgs), "; "))
}
