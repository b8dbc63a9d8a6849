package catalog

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	helpcenter "github.com/helpcenter-dev/helpcenter"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// schema is a compiled JSON Schema together with its raw document, which
// we read for field descriptions to use as hints.
type schema struct {
	url      string
	compiled *jsonschema.Schema
	raw      any
}

// The schemas are compiled once: they are part of the binary, like the
// templates of a web server.
var (
	errorSchema      = mustSchema("catalog/schema/error.schema.json")
	categoriesSchema = mustSchema("catalog/schema/categories.schema.json")
)

func mustSchema(file string) *schema {
	data, err := helpcenter.Schemas.ReadFile(file)
	if err != nil {
		panic(err)
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		panic(fmt.Sprintf("%s: %v", file, err))
	}
	c := jsonschema.NewCompiler()
	url := "file:///" + file
	if err := c.AddResource(url, raw); err != nil {
		panic(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		panic(err)
	}
	return &schema{url: url, compiled: s, raw: raw}
}

var (
	printer          = message.NewPrinter(language.English)
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// validate checks doc against s and turns each failed leaf into a problem
// at the position of the value (or key) it is about.
func validate(s *schema, doc *yamldoc.Doc) diag.List {
	err := s.compiled.Validate(doc.Value)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		var probs diag.List
		probs.Add(doc.Pos(nil), err.Error(), "")
		return probs
	}
	var probs diag.List
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		probs = append(probs, s.problem(doc, e)...)
	}
	walk(ve)
	probs.Sort()
	probs = slices.CompactFunc(probs, func(a, b diag.Problem) bool { return a == b })
	// An empty string fails both minLength and the non-blank pattern;
	// one message says it.
	empty := map[diag.Pos]bool{}
	for _, p := range probs {
		if strings.HasSuffix(p.Msg, " is empty") {
			empty[p.Pos] = true
		}
	}
	return slices.DeleteFunc(probs, func(p diag.Problem) bool {
		return empty[p.Pos] && strings.HasSuffix(p.Msg, " is blank")
	})
}

// problem words one schema failure for a writer.
func (s *schema) problem(doc *yamldoc.Doc, e *jsonschema.ValidationError) []diag.Problem {
	loc := e.InstanceLocation
	name := fieldName(loc)
	pos := doc.Pos(loc)
	sub := s.subschema(e.SchemaURL)
	desc, _ := sub["description"].(string)
	one := func(pos diag.Pos, msg, hint string) []diag.Problem {
		return []diag.Problem{{Pos: pos, Msg: msg, Hint: hint}}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		return missingFields(pos, name, sub, k.Missing)
	case *kind.AdditionalProperties:
		return unknownFields(doc, loc, sub, k.Properties)
	case *kind.Type:
		return one(pos, fmt.Sprintf("%s must be %s, not %s", orValue(name), article(k.Want), k.Got), typeHint(k.Want, desc))
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		return one(pos, fmt.Sprintf("%s is %s, which is not allowed", orValue(name), display(k.Got)), "use one of: "+strings.Join(want, ", "))
	case *kind.Pattern:
		if k.Want == `\S` {
			return one(pos, orValue(name)+" is blank", "write the text, or remove the field if it is optional")
		}
		hint := desc
		if hint == "" {
			hint = "it must match " + k.Want
		}
		if strings.HasPrefix(k.Want, "^https://") {
			hint = "links must be https:// URLs"
		}
		return one(pos, fmt.Sprintf("%s %s is not in the expected form", orValue(name), strconv.Quote(k.Got)), hint)
	case *kind.MinLength:
		if k.Got == 0 {
			return one(pos, orValue(name)+" is empty", "write the text, or remove the field if it is optional")
		}
		return one(pos, fmt.Sprintf("%s is %d characters, shorter than %d", orValue(name), k.Got, k.Want), desc)
	case *kind.MaxLength:
		return one(pos, fmt.Sprintf("%s is %d characters, longer than %d", orValue(name), k.Got, k.Want), desc)
	case *kind.MinItems:
		if k.Got == 0 {
			return one(pos, orValue(name)+" is empty", "add at least "+plural(k.Want, "item"))
		}
		return one(pos, fmt.Sprintf("%s has %d items, fewer than %d", orValue(name), k.Got, k.Want), desc)
	case *kind.Minimum:
		return one(pos, orValue(name)+" is too small: "+e.ErrorKind.LocalizedString(printer), desc)
	}
	return one(pos, orValue(name)+": "+e.ErrorKind.LocalizedString(printer), desc)
}

// missingFields words a failure of "required": one problem per missing
// field, with the field's description as what to write.
func missingFields(pos diag.Pos, name string, sub map[string]any, missing []string) []diag.Problem {
	props, _ := sub["properties"].(map[string]any)
	var out []diag.Problem
	for _, m := range missing {
		hint := "add it"
		if p, ok := props[m].(map[string]any); ok {
			if d, ok := p["description"].(string); ok {
				hint = "add " + m + ": " + d
			}
		}
		where := "missing required field " + strconv.Quote(m)
		if name != "" {
			where += " in " + name
		}
		out = append(out, diag.Problem{Pos: pos, Msg: where, Hint: hint})
	}
	return out
}

// unknownFields words a failure of "additionalProperties": one problem per
// unknown key, at the key, with the closest known field.
func unknownFields(doc *yamldoc.Doc, loc []string, sub map[string]any, unknown []string) []diag.Problem {
	props, _ := sub["properties"].(map[string]any)
	known := make([]string, 0, len(props))
	for p := range props {
		known = append(known, p)
	}
	slices.Sort(known)
	var out []diag.Problem
	for _, p := range unknown {
		hint := "known fields: " + strings.Join(known, ", ")
		if g := closest(p, known); g != "" {
			hint = "did you mean " + strconv.Quote(g) + "? " + hint
		}
		kp := doc.KeyPos(append(slices.Clip(loc), p))
		out = append(out, diag.Problem{Pos: kp, Msg: "unknown field " + strconv.Quote(p), Hint: hint})
	}
	return out
}

// subschema finds the schema object a failure's SchemaURL points to, for
// its description and property list.
func (s *schema) subschema(url string) map[string]any {
	_, frag, _ := strings.Cut(url, "#")
	parts := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	cur := s.raw
	for _, p := range parts {
		if p == "" {
			continue
		}
		p = pointerUnescaper.Replace(p)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// fieldName renders an instance location for a writer: causes[1].steps[0].
func fieldName(loc []string) string {
	var b strings.Builder
	for _, p := range loc {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func orValue(name string) string {
	if name == "" {
		return "the file"
	}
	return name
}

func article(want []string) string {
	var out []string
	for _, w := range want {
		switch w {
		case "object":
			out = append(out, "a mapping of fields")
		case "array":
			out = append(out, "a list")
		case "integer":
			out = append(out, "a whole number")
		case "boolean":
			out = append(out, "true or false")
		default:
			out = append(out, "a "+w)
		}
	}
	return strings.Join(out, " or ")
}

func typeHint(want []string, desc string) string {
	if slices.Contains(want, "string") {
		return "write text; quote it if it looks like a number, true/false or a date"
	}
	if slices.Contains(want, "array") {
		return "write a list, one \"- item\" a line"
	}
	return desc
}

func display(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// closest returns the candidate within edit distance 2 of s, if any: the
// likely intended name of a misspelt field or code.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, giving up at limit
// (it then returns limit).
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
