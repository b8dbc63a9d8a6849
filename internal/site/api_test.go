package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	helpcenter "github.com/helpcenter-dev/helpcenter"
)

// TestErrorsJSONSchema builds the repository's site with and without a
// base URL and validates errors.json against errors.schema.json, the
// schema published beside it (byte for byte the one in api/). With a
// base URL every url is absolute; without one, base_url is null and urls
// are relative.
func TestErrorsJSONSchema(t *testing.T) {
	schema := compiledErrorsSchema(t)
	for _, base := range []string{"https://help.example.com/docs/", ""} {
		out := build(t, repoRoot, Options{BaseURL: base})
		published, err := os.ReadFile(filepath.Join(out, "errors.schema.json"))
		if err != nil || !bytes.Equal(published, helpcenter.ErrorsSchema) {
			t.Fatalf("errors.schema.json is not published as api/errors.schema.json (%v)", err)
		}
		data, err := os.ReadFile(filepath.Join(out, "errors.json"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("errors.json is not JSON: %v", err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Fatalf("base %q: errors.json does not validate against its schema:\n%v", base, err)
		}
		var got struct {
			BaseURL *string `json:"base_url"`
			Errors  []struct {
				Code, URL string
				Causes    []struct{ ID, URL string }
			} `json:"errors"`
		}
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Errors) < 49 {
			t.Fatalf("%d errors", len(got.Errors))
		}
		for _, e := range got.Errors {
			want := base + "errors/" + e.Code + "/"
			if e.URL != want {
				t.Errorf("base %q: %s's url %q, want %q", base, e.Code, e.URL, want)
			}
			for _, c := range e.Causes {
				if c.URL != want+"#"+c.ID {
					t.Errorf("base %q: %s cause %s url %q", base, e.Code, c.ID, c.URL)
				}
			}
		}
		if (base == "") != (got.BaseURL == nil) || base != "" && *got.BaseURL != base {
			t.Errorf("base_url %v for a build with base %q", got.BaseURL, base)
		}
		if lines := strings.Count(string(data), "\n"); lines != len(got.Errors)+2 {
			t.Errorf("errors.json has %d lines for %d errors: want one error a line", lines, len(got.Errors))
		}
	}
}
