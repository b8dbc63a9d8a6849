package site

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// page is what the crawl needs of one HTML file.
type crawledPage struct {
	title, description, csp string
	ids                     map[string]bool
	links                   []string // href/src/action values
	inlineScripts           int
	styleAttrs, styleTags   int
}

func parsePage(t *testing.T, data []byte) *crawledPage {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := &crawledPage{ids: map[string]bool{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if id, ok := attrs["id"]; ok {
				p.ids[id] = true
			}
			if _, ok := attrs["style"]; ok {
				p.styleAttrs++
			}
			for k := range attrs {
				if strings.HasPrefix(k, "on") {
					p.inlineScripts++
				}
			}
			switch n.Data {
			case "title":
				if n.FirstChild != nil {
					p.title = strings.TrimSpace(n.FirstChild.Data)
				}
			case "meta":
				switch {
				case attrs["name"] == "description":
					p.description = attrs["content"]
				case attrs["http-equiv"] == "Content-Security-Policy":
					p.csp = attrs["content"]
				}
			case "script":
				if attrs["src"] == "" {
					p.inlineScripts++
				} else {
					p.links = append(p.links, attrs["src"])
				}
			case "style":
				p.styleTags++
			case "a", "link":
				if h, ok := attrs["href"]; ok {
					p.links = append(p.links, h)
				}
			case "img":
				p.links = append(p.links, attrs["src"])
			case "form":
				p.links = append(p.links, attrs["action"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// TestCrawl builds the repository's site and visits every page: each has
// a title, a description and the CSP; none has an inline script or style;
// every internal link, asset and #fragment resolves.
func TestCrawl(t *testing.T) {
	out := build(t, repoRoot, Options{BaseURL: "https://help.example.com/docs/"})
	pages := map[string]*crawledPage{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		pages[filepath.ToSlash(rel)] = parsePage(t, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 50 {
		t.Fatalf("only %d pages crawled", len(pages))
	}
	for name, p := range pages {
		if p.title == "" {
			t.Errorf("%s: no title", name)
		}
		if p.description == "" {
			t.Errorf("%s: no meta description", name)
		}
		if !strings.Contains(p.csp, "script-src 'self'") || !strings.Contains(p.csp, "style-src 'self'") || strings.Contains(p.csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q does not forbid inline script and style", name, p.csp)
		}
		if p.inlineScripts > 0 || p.styleAttrs > 0 || p.styleTags > 0 {
			t.Errorf("%s: %d inline scripts or handlers, %d style attributes, %d style elements", name, p.inlineScripts, p.styleAttrs, p.styleTags)
		}
		for _, link := range p.links {
			target, frag, internal := resolve(name, link)
			if !internal {
				continue
			}
			file := target
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			if st, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: broken link %q (%s)", name, link, file)
				continue
			} else if st.IsDir() {
				file += "/index.html"
			}
			if frag != "" && strings.HasSuffix(file, ".html") {
				if tp := pages[file]; tp != nil && !tp.ids[frag] {
					t.Errorf("%s: link %q: no id %q in %s", name, link, frag, file)
				}
			}
		}
	}
}

// resolve turns a link on page (a site path) into a site path, or reports
// that it leaves the site.
func resolve(page, link string) (target, frag string, internal bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", "", false
	}
	frag = u.Fragment
	if u.Path == "" {
		return page, frag, true
	}
	var p string
	if strings.HasPrefix(u.Path, "/") {
		// Only the 404 page uses absolute paths, from the base URL's path.
		p = strings.TrimPrefix(u.Path, "/docs/")
		if p == u.Path {
			p = strings.TrimPrefix(u.Path, "/")
		}
	} else {
		p = path.Join(path.Dir(page), u.Path)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if p == "." || p == "./" {
		p = ""
	}
	return strings.TrimPrefix(p, "./"), frag, true
}
