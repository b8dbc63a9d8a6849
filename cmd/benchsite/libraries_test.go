package main

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"

	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// BenchmarkLibrariesAlone is the other side of the write floor: the least
// CPU the required libraries take for the benchmark's synthetic errors,
// with nothing of ours around them. Per error, on one goroutine: yaml.v3
// parses the catalog entry into nodes (which a build needs for line
// numbers) and decodes them; goldmark, with no extensions, converts the
// note; and html/template fills a bare page with the entry and the note.
// A real build also reads the files, checks the schema, highlights code,
// builds the search index, runs Dart Sass and renders pages four times
// this size (13 KB against 3 KB), so this is a lower bound. Its
// cpu-us/error (the process's CPU time, the garbage collector's on other
// cores included) × 10,000, against the report's CPU left "for reading,
// checking and rendering" within 1.3× the floor, says whether that goal
// is in reach with these libraries at all.
func BenchmarkLibrariesAlone(b *testing.B) {
	const n = 1000
	entries := make([][]byte, n)
	notes := make([][]byte, n)
	for i := range n {
		entries[i] = []byte(synth.Entry(i, n))
		notes[i] = []byte(synth.Note(i))
	}
	page := template.Must(template.New("page").Parse(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
		`<title>{{.E.code}}: {{.E.title}}</title><meta name="description" content="{{.E.summary}}"><link rel="stylesheet" href="../../assets/main.css"></head>` +
		`<body><header><a href="../../">Help</a><form action="../../search/"><input name="q"></form></header><main><h1>{{.E.title}}</h1>` +
		`<p><code>{{.E.code}}</code> {{.E.category}}</p>{{range .E.messages}}<pre>{{.}}</pre>{{end}}<p>{{.E.summary}}</p>` +
		`{{range $i, $c := .E.causes}}<section id="cause-{{$i}}"><h2>{{$c.what}}</h2><ol>{{range $c.steps}}<li>{{.}}</li>{{end}}</ol></section>{{end}}` +
		`{{.Note}}<ul>{{range .E.related}}<li><a href="../{{.}}/">{{.}}</a></li>{{end}}</ul></main></body></html>`))
	md := goldmark.New()
	var pageBytes int
	b.ResetTimer()
	u0, s0 := selfCPU()
	for range b.N {
		for i := range n {
			var node yaml.Node
			if err := yaml.Unmarshal(entries[i], &node); err != nil {
				b.Fatal(err)
			}
			var e map[string]any
			if err := node.Decode(&e); err != nil {
				b.Fatal(err)
			}
			var note, out bytes.Buffer
			if err := md.Convert(notes[i], &note); err != nil {
				b.Fatal(err)
			}
			err := page.Execute(&out, struct {
				E    map[string]any
				Note template.HTML
			}{e, template.HTML(note.String())})
			if err != nil {
				b.Fatal(err)
			}
			pageBytes = out.Len()
		}
	}
	u1, s1 := selfCPU()
	// Wall time on one goroutine, and the process's CPU time, which adds
	// the garbage collector's work on the other cores (0 where there is
	// no rusage).
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "us/error")
	b.ReportMetric(float64((u1-u0+s1-s0).Microseconds())/float64(b.N*n), "cpu-us/error")
	b.ReportMetric(float64(pageBytes), "page-bytes")
	b.ReportMetric(0, "ns/op")
}
