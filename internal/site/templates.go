package site

import (
	"bytes"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// TemplatesDir holds the site's templates, relative to the site root.
const TemplatesDir = "templates"

// baseTemplate is the one layout every page template is parsed with; it
// fills the layout's blocks ("title", "description", "crumbs", "content").
// pkgsite parses a set per page type the same way.
const baseTemplate = "site.tmpl"

// Templates is the parsed template set, one per page kind.
type Templates struct {
	byKind map[string]*template.Template
}

var funcs = template.FuncMap{
	"message": MessageHTML,
	"day":     formatDay,
	"wbr":     wordBreaks,
	"lower":   strings.ToLower,
	"add":     func(a, b int) int { return a + b },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// ParseTemplates parses the layout and the template of every page kind in
// the kinds table from templates/ under fsys.
func ParseTemplates(fsys fs.FS) (*Templates, diag.List) {
	var probs diag.List
	basePath := path.Join(TemplatesDir, baseTemplate)
	baseSrc, p := sourcefs.ReadText(fsys, basePath, sourcefs.TextLimit, "templates/site.tmpl defines the page layout every page uses")
	if p != nil {
		return nil, p
	}
	base, err := template.New(baseTemplate).Funcs(funcs).Parse(string(baseSrc))
	if err != nil {
		probs.Add(parsePos(err, basePath), err.Error(), "")
		return nil, probs
	}
	t := &Templates{byKind: map[string]*template.Template{}}
	for _, k := range kinds {
		if k.template == "" {
			continue
		}
		file := path.Join(TemplatesDir, k.template)
		src, p := sourcefs.ReadText(fsys, file, sourcefs.TextLimit, "every page kind needs its template")
		if p != nil {
			probs.Append(p)
			continue
		}
		clone := template.Must(base.Clone())
		if _, err := clone.New(k.template).Parse(string(src)); err != nil {
			probs.Add(parsePos(err, file), err.Error(), "")
			continue
		}
		t.byKind[k.name] = clone
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return t, nil
}

var parseLineRE = regexp.MustCompile(`^template: [^:]+:(\d+): `)

func parsePos(err error, file string) diag.Pos {
	if m := parseLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return diag.Pos{File: file, Line: line}
	}
	return diag.Pos{File: file}
}

// execute renders a page through its kind's template set into w: the
// layout in site.tmpl, or the page template's own "page" when it defines
// one (a redirect needs no header, navigation or scripts).
func (t *Templates) execute(w io.Writer, k *kind, dot any) error {
	set := t.byKind[k.name]
	name := baseTemplate
	if set.Lookup("page") != nil {
		name = "page"
	}
	if b, ok := dot.(pageBase); ok {
		b.base().out = w
		defer func() { b.base().out = nil }()
	}
	return set.ExecuteTemplate(w, name, dot)
}

// pagePool holds the buffers pages are rendered into. A heap profile of a
// 10,000-error build found a new 16 KB buffer per page was a quarter of
// all it allocated (700 MB), mostly for redirect pages of 500 bytes.
var pagePool = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 16<<10)) }}

// putPage returns a page's buffer to the pool, unless a long page grew it:
// kept, it would hold that memory for the rest of the build.
func putPage(buf *bytes.Buffer) {
	if buf != nil && buf.Cap() <= 256<<10 {
		pagePool.Put(buf)
	}
}

// wordBreaks marks where a long code or address may wrap: after each
// underscore or slash, and nowhere else, so
// INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE breaks between its
// words on a phone or in a printed column.
func wordBreaks(s string) template.HTML {
	return template.HTML(wbrRE.ReplaceAllString(template.HTMLEscapeString(s), "$0<wbr>"))
}

var wbrRE = regexp.MustCompile(`[_/]`)
