// Package synth writes synthetic help-center sources of any size, for the
// benchmarks: N errors in 8 categories, each with a note holding headings,
// a list, a table and json, java and Apex code, like the real notes.
// Output is deterministic.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Categories is how many categories a synthetic catalog has.
const Categories = 8

// Code returns the code of synthetic error i.
func Code(i int) string { return fmt.Sprintf("SYNTHETIC_ERROR_%05d", i) }

// CategoriesYAML is catalog/categories.yaml.
func CategoriesYAML() string {
	var b strings.Builder
	b.WriteString("categories:\n")
	for i := range Categories {
		fmt.Fprintf(&b, "  - slug: cat-%d\n    name: Category %d\n    description: Synthetic errors of kind %d.\n    order: %d\n", i, i, i, i)
	}
	return b.String()
}

// Entry is catalog/errors/<Code(i)>.yaml of an n-error catalog.
func Entry(i, n int) string {
	return fmt.Sprintf(`# yaml-language-server: $schema=../schema/error.schema.json
code: %s
title: Synthetic error number %d could not be saved
category: cat-%d
summary: A synthetic error number %d used to measure how the build scales with the size of the catalog.
who_fixes: admin
retryable: %t
added: 2026-01-01
messages:
  - "synthetic failure %d on record {record_id}"
  - "unable to process {count} records for entity {object}: %s"
aliases:
  - "synthetic alias %d"
causes:
  - id: trigger-failed
    what: A trigger on the object failed while the record was saved (case %d).
    steps:
      - Open Setup and find the trigger named in the message.
      - Ask the developer who owns it to fix the exception.
  - id: no-edit-permission
    what: The user lacks permission to edit the object.
    steps:
      - Grant edit access on the object through a permission set.
      - Retry the write from the diagnostics page.
related: [%s]
links:
  - title: Salesforce documentation
    url: https://developer.salesforce.com/docs/%d
`, Code(i), i, i%Categories, i, i%2 == 0, i, words(i, 6), i, i, Code((i+1)%n), i)
}

var vocabulary = strings.Fields("account contact lead opportunity task event trigger flow record field owner queue profile permission sharing rule batch apex query limit session token timeout lock parent child roll-up summary validation picklist integration sync retry")

func words(i, k int) string {
	var w []string
	for j := range k {
		w = append(w, vocabulary[(i*7+j*13)%len(vocabulary)])
	}
	return strings.Join(w, " ")
}

// Note is content/errors/<Code(i)>.md: about 300 words with headings, a
// list, a table and code in json, java and Apex.
func Note(i int) string {
	return fmt.Sprintf("## Background for error %d\n\n"+
		"This note explains synthetic error %d in detail. The %s integration writes to Salesforce and the write fails when %s. "+
		"Readers usually meet it while logging activity, and most of the time it clears by itself.\n\n"+
		"- The first thing to check is the %s.\n- The second is whether a %s runs on save.\n- The third is the user's %s.\n\n"+
		"| Situation | What to do |\n|---|---|\n| %s | Retry later |\n| %s | Ask your admin |\n\n"+
		"## What the API returns\n\n```json\n{\"errorCode\": \"%s\", \"message\": \"synthetic failure %d on record 001000000000001\", \"fields\": [\"Name\"]}\n```\n\n"+
		"## Reproducing it in Java\n\n```java\npublic class Repro%d {\n    public static void main(String[] args) throws Exception {\n        SaveResult[] results = connection.update(new SObject[] { record });\n        for (SaveResult r : results) {\n            if (!r.isSuccess()) {\n                System.err.println(r.getErrors()[0].getMessage());\n            }\n        }\n    }\n}\n```\n\n"+
		"## A bulk-safe trigger\n\n```apex\ntrigger Synthetic%d on Task (after insert) {\n    Set<Id> ids = new Set<Id>();\n    for (Task t : Trigger.new) {\n        if (t.WhatId != null) { ids.add(t.WhatId); }\n    }\n    List<Account> accounts = [SELECT Id, Name FROM Account WHERE Id IN :ids LIMIT 200];\n    update accounts; // one update per parent\n}\n```\n\n"+
		"When none of this helps, contact support with the full text of the error and the time it happened. %s.\n",
		i, i, words(i, 2), words(i+1, 4), words(i+2, 1), words(i+3, 1), words(i+4, 1), words(i+5, 3), words(i+6, 3), Code(i), i, i, i, words(i+7, 12))
}

// Write writes an n-error site under root: catalog/ and content/, and,
// when from is not empty, copies of from's templates/, assets/ and the
// catalog schemas, so root builds on its own.
func Write(root string, n int, from string) error {
	write := func(rel, data string) error {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, []byte(data), 0o644)
	}
	if err := write("catalog/categories.yaml", CategoriesYAML()); err != nil {
		return err
	}
	for i := range n {
		if err := write("catalog/errors/"+Code(i)+".yaml", Entry(i, n)); err != nil {
			return err
		}
		if err := write("content/errors/"+Code(i)+".md", Note(i)); err != nil {
			return err
		}
	}
	if from == "" {
		return nil
	}
	for _, d := range []string{"templates", "assets", "catalog/schema"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join(from, d))); err != nil {
			return err
		}
	}
	return nil
}
