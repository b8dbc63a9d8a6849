package catalog

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// scaffoldText holds the texts `helpcenter new` writes for a writer to
// replace. The scaffold's template and the check read them from here, so
// the check refuses exactly what the scaffold wrote (not any "TODO" a
// writer types) and the two cannot drift.
var scaffoldText = struct {
	Title, Summary, Message, CauseID, What, Step string
}{
	Title:   "TODO Say in plain words what went wrong",
	Summary: "TODO One sentence that a sales rep understands, shown in lists and search results.",
	Message: "TODO the exact message Salesforce returns, with {placeholders} for the parts that vary",
	CauseID: "todo-name-this-cause",
	What:    "TODO What is happening.",
	Step:    "TODO The first thing to check or do.",
}

// Placeholders are the scaffold's texts, for other stages (notes,
// guides) to refuse as the entry check does: a placeholder copied there
// would reach readers just the same.
var Placeholders = []string{scaffoldText.Title, scaffoldText.Summary, scaffoldText.Message, scaffoldText.CauseID, scaffoldText.What, scaffoldText.Step}

// PlaceholderIn returns the scaffold placeholder that text holds, or "".
func PlaceholderIn(text string) string {
	for _, p := range Placeholders {
		if strings.Contains(text, p) {
			return p
		}
	}
	return ""
}

// PlaceholderHint tells a writer what to do with a placeholder left in.
const PlaceholderHint = "replace the scaffold's text with your own; check and build refuse a page that would show it to readers"

// checkPlaceholders reports every value of an entry file that still holds
// a placeholder of the scaffold, at the value. The file's bytes are
// searched first, so an entry without one costs no parse.
func checkPlaceholders(file string, data []byte) diag.List {
	if !slices.ContainsFunc(Placeholders, func(p string) bool { return bytes.Contains(data, []byte(p)) }) {
		return nil
	}
	doc, probs := yamldoc.Parse(file, data)
	if probs != nil {
		return nil // reported by the load
	}
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(v[k], append(slices.Clip(path), k))
			}
		case []any:
			for i, x := range v {
				walk(x, append(slices.Clip(path), strconv.Itoa(i)))
			}
		case string:
			if p := PlaceholderIn(v); p != "" {
				hint := PlaceholderHint
				if p == scaffoldText.CauseID {
					hint = "name the cause with a short slug of your own, e.g. record-locked: it is the cause's link, /errors/CODE/#id, kept once published"
				}
				probs.Add(doc.Pos(path), fieldName(path)+" still holds the scaffold's placeholder "+strconv.Quote(p), hint)
			}
		}
	}
	walk(doc.Value, nil)
	probs.Sort()
	return probs
}
