// Package yamldoc parses the YAML that writers edit into plain values that a
// JSON Schema validator accepts, while remembering where every value and key
// stood in the file.
//
// We parse to yaml.Node rather than straight into structs because a struct
// decoder forgets positions and stops at the first fault; here every fault
// of a file is found, and each later check (schema, cross-references) can
// point at the exact key or value it is about.
//
// The accepted language is deliberately smaller than YAML: one document,
// string keys, no anchors, aliases or merge keys, bounded depth and size.
// Writers never need more, and each of those features is a way to make a
// catalog entry mean something other than what it appears to say, or to
// make the build slow.
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
)

// MaxSize is the largest file we parse. A catalog entry is a few kilobytes;
// anything near this is a mistake (a pasted log, a binary) and would only
// slow the build.
const MaxSize = 1 << 20

// Limit is MaxSize for reading a YAML file (source.ReadFile), checked
// before the file is read.
var Limit = source.Limit{Size: MaxSize, Hint: sizeHint}

const sizeHint = "a catalog file holds one entry of a few kilobytes; move long text to a Markdown note"

// MaxDepth bounds nesting. Our schemas need four levels.
const MaxDepth = 32

// Doc is one parsed YAML file.
type Doc struct {
	File string
	// Root is the document's top-level node (not the document node).
	Root *yaml.Node
	// Value is Root as map[string]any, []any, string, bool, int64, float64
	// or nil: the shape JSON Schema validators take.
	Value any

	nodes map[string]*yaml.Node // JSON pointer → value node
	keys  map[string]*yaml.Node // JSON pointer → key node of a mapping entry
	src   []byte                // the text parsed, for TextPos
}

// Parse reads data as YAML. It returns nil and the problems when the file
// cannot be turned into a value; all problems found are reported, not just
// the first. data is first held to the one rule for text (source.Text), so
// YAML reads the same with a BOM or CRLF line endings as without, and a
// string may not hold a control character, however it is written.
func Parse(file string, data []byte) (*Doc, diag.List) {
	var probs diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	if len(data) > MaxSize {
		probs.Add(at(0, 0), fmt.Sprintf("file is %d bytes, larger than the %d allowed", len(data), MaxSize), sizeHint)
		return nil, probs
	}
	data, p := source.Text(file, data)
	if p != nil {
		return nil, p
	}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			probs.Add(at(1, 1), "file is empty", "fill in the fields the schema requires")
			return nil, probs
		}
		line, msg := yamlError(err)
		probs.Add(at(line, 0), "invalid YAML: "+msg, "check the indentation and quote values that contain \": \", \"#\" or start with \"{\" or \"[\"")
		return nil, probs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		probs.Add(at(extra.Line, extra.Column), "file holds more than one YAML document", "remove the \"---\" separator and everything after it, or split the entries into files")
		return nil, probs
	} else if !errors.Is(err, io.EOF) {
		line, msg := yamlError(err)
		probs.Add(at(line, 0), "invalid YAML: "+msg, "")
		return nil, probs
	}
	if len(doc.Content) == 0 {
		probs.Add(at(1, 1), "file holds no value", "fill in the fields the schema requires")
		return nil, probs
	}
	d := &Doc{File: file, Root: doc.Content[0], nodes: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}, src: data}
	d.Value = d.convert(d.Root, nil, 0, &probs)
	if len(probs) > 0 {
		return nil, probs
	}
	return d, nil
}

// convert turns n into a plain value, recording positions under path.
func (d *Doc) convert(n *yaml.Node, path []string, depth int, probs *diag.List) any {
	ptr := Pointer(path)
	d.nodes[ptr] = n
	pos := d.nodePos(n)
	if depth > MaxDepth {
		probs.Add(pos, fmt.Sprintf("nesting deeper than %d levels", MaxDepth), "catalog entries need only a few levels")
		return nil
	}
	if n.Anchor != "" {
		probs.Add(pos, fmt.Sprintf("anchor &%s is not supported", n.Anchor), "write the value out in full")
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		probs.Add(pos, fmt.Sprintf("alias *%s is not supported", n.Value), "write the value out in full")
		return nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kpos := d.nodePos(k)
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				probs.Add(kpos, "key must be a plain name", "merge keys, <<, and complex keys are not supported")
				continue
			}
			if k.Tag != "!!str" {
				probs.Add(kpos, fmt.Sprintf("key %s is not a name", k.Value), "keys are field names such as title or summary")
				continue
			}
			if first, dup := seen[k.Value]; dup {
				probs.Add(kpos, fmt.Sprintf("duplicate key %q", k.Value), fmt.Sprintf("it is already set at line %d; keep one", first.Line))
				continue
			}
			seen[k.Value] = k
			child := append(path[:len(path):len(path)], k.Value)
			d.keys[Pointer(child)] = k
			m[k.Value] = d.convert(v, child, depth+1, probs)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			child := append(path[:len(path):len(path)], strconv.Itoa(i))
			s = append(s, d.convert(c, child, depth+1, probs))
		}
		return s
	case yaml.ScalarNode:
		return scalar(n, pos, probs)
	}
	probs.Add(pos, "unsupported YAML node", "")
	return nil
}

// scalar resolves a scalar the way YAML 1.2's core schema does, which is
// what yaml.v3 reports in Tag.
func scalar(n *yaml.Node, pos diag.Pos, probs *diag.List) any {
	switch n.Tag {
	case "!!str", "!!timestamp":
		// A timestamp is text to us: a date written in a summary stays text.
		// An escape ("\u0000", "\e") can write what source.Text refuses
		// in the file itself; text is held to one rule however written.
		if i := strings.IndexFunc(n.Value, source.IsControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(n.Value[i:])
			probs.Add(pos, "an escape writes "+source.ControlMessage(r)+", which is not allowed in text", "remove the escape: text may hold tabs and line breaks, but no other control characters")
			return nil
		}
		return n.Value
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			probs.Add(pos, "invalid boolean "+strconv.Quote(n.Value), "write true or false")
			return nil
		}
		return b
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			probs.Add(pos, "invalid integer "+strconv.Quote(n.Value), "")
			return nil
		}
		return i
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			probs.Add(pos, "invalid number "+strconv.Quote(n.Value), "")
			return nil
		}
		return f
	}
	probs.Add(pos, fmt.Sprintf("unsupported tag %s", n.Tag), "remove the tag")
	return nil
}

// Pointer renders a path as a JSON pointer (RFC 6901), the form in which
// schema validators report where a fault is.
func Pointer(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(p))
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// Pos returns the position of the value at path, or of its nearest
// ancestor that exists (for a missing field, the object that lacks it).
func (d *Doc) Pos(path []string) diag.Pos {
	for i := len(path); i >= 0; i-- {
		if n, ok := d.nodes[Pointer(path[:i])]; ok {
			return d.nodePos(n)
		}
	}
	return diag.Pos{File: d.File, Line: 1, Col: 1}
}

// KeyPos returns the position of the key that names the value at path, so
// a fault with a field itself (unknown, misspelt) points at its name. It
// falls back to Pos.
func (d *Doc) KeyPos(path []string) diag.Pos {
	if k, ok := d.keys[Pointer(path)]; ok {
		return d.nodePos(k)
	}
	return d.Pos(path)
}

// TextPos is where the character at line and col (from 1, in bytes) of
// the text value at path is in the file, so that a problem found inside a
// text (a broken link in a step) points at it rather than at the start of
// the field. It is exact for text written as it reads: plain or quoted
// without escapes, on one line or folded over several, or a literal block
// (|); for any other text it is the value's own position.
func (d *Doc) TextPos(path []string, line, col int) diag.Pos {
	pos := d.Pos(path)
	n, ok := d.nodes[Pointer(path)]
	if !ok || n.Kind != yaml.ScalarNode || line < 1 || col < 1 {
		return pos
	}
	lines := strings.Split(string(d.src), "\n")
	if n.Line < 1 || n.Line > len(lines) {
		return pos
	}
	switch n.Style {
	case 0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		if line != 1 || strings.Contains(n.Value, "\n") {
			return pos
		}
		return d.flowPos(n, lines, col, pos)
	case yaml.LiteralStyle:
		return d.literalPos(n, lines, line, col, pos)
	}
	return pos
}

// flowPos finds byte col of a one-line value written plain or quoted,
// perhaps folded over several lines (each line break read as a space).
func (d *Doc) flowPos(n *yaml.Node, lines []string, col int, pos diag.Pos) diag.Pos {
	start := byteCol(lines[n.Line-1], n.Column)
	if n.Style != 0 {
		start++ // the opening quote
	}
	// The value, line by line: where each piece starts in the file.
	type piece struct{ line, start, size int }
	var pieces []piece
	rest := n.Value
	for ln := n.Line; ln <= len(lines) && rest != ""; ln++ {
		text := lines[ln-1]
		from := start
		if ln != n.Line {
			from = len(text) - len(strings.TrimLeft(text, " \t"))
			if !strings.HasPrefix(rest, " ") {
				return pos
			}
			rest = rest[1:] // the line break, read as a space
		}
		if from > len(text) {
			return pos
		}
		seg := text[from:]
		k := min(len(seg), len(rest))
		if seg[:k] != rest[:k] {
			return pos
		}
		pieces = append(pieces, piece{ln, from, k})
		rest = rest[k:]
	}
	off := col - 1
	for i, p := range pieces {
		if i > 0 {
			off-- // the space a line break became
		}
		if off < p.size {
			return diag.Pos{File: d.File, Line: p.line, Col: p.start + max(off, 0) + 1}
		}
		off -= p.size
	}
	return pos
}

// literalPos finds line and byte col of a literal block's value: its
// lines follow the indicator's line, indented alike.
func (d *Doc) literalPos(n *yaml.Node, lines []string, line, col int, pos diag.Pos) diag.Pos {
	ln := n.Line + line
	valueLines := strings.Split(n.Value, "\n")
	if ln > len(lines) || line > len(valueLines) {
		return pos
	}
	text := lines[ln-1]
	indent := len(text) - len(strings.TrimLeft(text, " "))
	if !strings.HasPrefix(text[indent:], valueLines[line-1]) {
		return pos
	}
	return diag.Pos{File: d.File, Line: ln, Col: indent + col}
}

// byteCol is the byte offset in line of column col, which yaml.v3 counts
// in characters from 1.
func byteCol(line string, col int) int {
	i := 0
	for range col - 1 {
		if i >= len(line) {
			break
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

// Decode decodes the document into v (yaml struct tags). Call it after
// schema validation, when the shape is known to fit.
func (d *Doc) Decode(v any) error { return d.Root.Decode(v) }

func (d *Doc) nodePos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.File, Line: n.Line, Col: n.Column}
}

// parserMessages are libyaml's parser errors, whose line yaml.v3 reports
// counting from 0 (scanner errors, some also "did not find expected …",
// count from 1).
var parserMessages = map[string]bool{
	"did not find expected <stream-start>": true, "did not find expected <document start>": true,
	"did not find expected node content": true, "did not find expected key": true,
	"did not find expected '-' indicator": true, "did not find expected ',' or ']'": true,
	"did not find expected ',' or '}'": true, "found duplicate %YAML directive": true,
	"found duplicate %TAG directive": true, "found incompatible YAML document": true,
	"found undefined tag handle": true,
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError pulls the line out of a yaml.v3 error message.
func yamlError(err error) (int, string) {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = "yaml: " + te.Errors[0]
	}
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 1, msg
	}
	line := 1
	if m[1] != "" {
		line, _ = strconv.Atoi(m[1])
		// yaml.v3 counts lines from 0 in parser errors (from 1 in scanner
		// errors); libyaml's parser messages are these.
		if parserMessages[m[2]] {
			line++
		}
	}
	return line, m[2]
}
