package site

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"

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

// crawled is the repository's site, built once for the crawl tests
// under a base URL with a sub-path, and its HTML pages parsed.
var crawled struct {
	once  sync.Once
	out   string
	s     *Session
	pages map[string]*crawledPage
	err   error
}

// crawlSite builds the repository's site once for every crawl test.
func crawlSite(t *testing.T) (out string, s *Session, pages map[string]*crawledPage) {
	t.Helper()
	sass := sassOrSkip(t)
	crawled.once.Do(func() {
		benchTemp.once.Do(func() { benchTemp.dir, benchTemp.err = os.MkdirTemp("", "helpcenter-bench-") })
		if crawled.err = benchTemp.err; crawled.err != nil {
			return
		}
		dir, err := os.MkdirTemp(benchTemp.dir, "crawl-")
		if crawled.err = err; err != nil {
			return
		}
		c := assets.NewCompiler(sass)
		defer c.Close()
		crawled.out = filepath.Join(dir, "public")
		crawled.s = NewSession(Options{Root: repoRoot, Out: crawled.out, Sass: c, BaseURL: "https://help.example.com/docs/"})
		if _, probs := crawled.s.Build(context.Background()); probs != nil {
			crawled.err = probs
			return
		}
		crawled.pages = map[string]*crawledPage{}
		crawled.err = filepath.WalkDir(crawled.out, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(crawled.out, p)
			crawled.pages[filepath.ToSlash(rel)] = parsePage(t, data)
			return nil
		})
	})
	if crawled.err != nil {
		t.Fatal(crawled.err)
	}
	return crawled.out, crawled.s, crawled.pages
}

// TestCrawl builds the repository's site and visits every page from
// disk: each has a title, a description and the CSP; none has an inline
// script or style; every internal link, asset and #fragment resolves to a
// file of the output (a folder to its index.html) and an id on it.
func TestCrawl(t *testing.T) {
	out, _, pages := crawlSite(t)
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

// TestCrawlHTTP serves the built site under its sub-path (/docs/) with a
// plain file server, as a host would, and requests every internal URL of
// every page: each answers 200, after the redirects a file server makes
// (a folder to its final /).
func TestCrawlHTTP(t *testing.T) {
	out, _, pages := crawlSite(t)
	srv := httptest.NewServer(http.StripPrefix("/docs", http.FileServer(http.Dir(out))))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/docs/")
	checked := map[string]bool{}
	for name, p := range pages {
		pageURL := base.ResolveReference(&url.URL{Path: strings.TrimSuffix(name, "index.html")})
		// The page itself, then what it links to.
		for _, link := range append([]string{pageURL.String()}, p.links...) {
			ref, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: link %q: %v", name, link, err)
				continue
			}
			u := pageURL.ResolveReference(ref)
			if u.Host != base.Host {
				continue // another site
			}
			u.Fragment, u.RawQuery = "", ""
			if checked[u.String()] {
				continue
			}
			checked[u.String()] = true
			resp, err := http.Get(u.String())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: link %q: %s answers %d", name, link, u.Path, resp.StatusCode)
			}
		}
	}
	if len(checked) < len(pages) {
		t.Fatalf("only %d URLs requested for %d pages", len(checked), len(pages))
	}
}

// TestCrawlAnchors: the anchors the link check accepts for a page
// (Model.anchors, the one list of a page's ids) are ids the built page
// has, for every page of the repository's site.
func TestCrawlAnchors(t *testing.T) {
	_, s, pages := crawlSite(t)
	noteIDs := func(code string) []string { return s.m.noteRefsOf(s.m.src.Content)(code).IDs }
	n := 0
	for _, p := range s.pages {
		cp := pages[p.file]
		if cp == nil {
			continue
		}
		if _, redirect := p.dot.(*RedirectPage); redirect {
			continue
		}
		for _, id := range s.m.anchors(p, noteIDs) {
			n++
			if !cp.ids[id] {
				t.Errorf("%s: the link check accepts #%s, which the page lacks", p.file, id)
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d anchors checked", n)
	}
}
