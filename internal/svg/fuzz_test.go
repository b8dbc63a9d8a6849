package svg

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzCheck: no SVG that Check accepts holds an active construct, as a
// second, independent reader sees it: the HTML tokenizer of
// golang.org/x/net/html, which reads tags and attributes leniently, as a
// browser that did not parse the file as strict XML might.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		open + `<rect width="1" height="1" fill="url(#g)"/></svg>`,
		open + `<style>.a{fill:#fff}</style><use href="#a"/></svg>`,
		open + `<rect onclick="alert(1)"/></svg>`,
		open + `<script>alert(1)</script></svg>`,
		open + `<use xlink:href="javascript:alert(1)"/></svg>`,
		`<?xml version="1.0"?><!-- x -->` + open + `<text>&lt;script&gt;</text></svg>`,
		open + `<foreignObject/></svg>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Check("f.svg", data) != nil {
			return
		}
		if why := active(data); why != "" {
			t.Errorf("accepted, but %s:\n%s", why, data)
		}
	})
}

// active reports the first active construct the HTML tokenizer finds.
func active(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.DoctypeToken:
			return "it has a DOCTYPE"
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			name := local(tok.Data)
			switch name {
			case "script", "foreignobject", "iframe", "embed", "object", "a", "image", "feimage", "set", "animate", "animatemotion", "animatetransform", "handler", "listener":
				return "it has a <" + name + "> element"
			}
			for _, a := range tok.Attr {
				key := local(a.Key)
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				switch {
				case strings.HasPrefix(key, "on") && a.Namespace == "" && !strings.Contains(a.Key, ":"):
					return "attribute " + a.Key + " is a handler"
				case key == "href" && !strings.HasPrefix(a.Val, "#"):
					return "href " + a.Val + " leads outside"
				case strings.Contains(v, "javascript:"):
					return "attribute " + a.Key + " holds javascript:"
				case key == "style" && (strings.Contains(v, "@import") || strings.Contains(strings.ReplaceAll(v, "url(#", ""), "url(")):
					return "a style attribute loads"
				}
			}
		}
	}
}

func local(name string) string {
	name = strings.ToLower(name)
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
