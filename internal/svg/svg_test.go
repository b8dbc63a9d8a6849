package svg

import (
	"strings"
	"testing"
)

const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 32 32">`

// TestAccepted: what drawing programs and optimisers write is published.
func TestAccepted(t *testing.T) {
	for name, src := range map[string]string{
		"no namespace": `<svg><rect width="1" height="1"/></svg>`,
		"the favicon":  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><text x="16" y="24" font-family="Arial, sans-serif" font-size="22" font-weight="700" text-anchor="middle" fill="#fff">!</text></svg>`,
		"declaration and comment": `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: a drawing program -->
` + open + `<title>Acme</title><path d="M0 0h32v32z" style="fill:#123456;stroke:none"/></svg>`,
		"gradient by reference": open + `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect fill="url(#g)" width="1" height="1"/><use xlink:href="#g"/><use href="#g"/></svg>`,
		"style element":         open + `<style>.a{fill:url(#g)}@media (prefers-color-scheme: dark){.a{fill:#fff}}</style><g class="a"/></svg>`,
		"inkscape":              `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" inkscape:version="1.3"><sodipodi:namedview id="n" inkscape:zoom="1"/><metadata><rdf:RDF><dc:title>x</dc:title></rdf:RDF></metadata><g inkscape:label="Layer 1" inkscape:groupmode="layer" xml:space="preserve"/></svg>`,
	} {
		if probs := Check("logo.svg", []byte(src)); probs != nil {
			t.Errorf("%s: refused: %v", name, probs)
		}
	}
}

// TestRefused: each way an SVG runs script or loads something is refused
// at its position, with what is wrong.
func TestRefused(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"script", open + "\n  <script>alert(1)</script></svg>", "logo.svg:2:3: element <script> is not one"},
		{"script in another prefix", open + `<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></svg>`, "element <script> is not one"},
		{"xhtml script", open + `<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>`, `element <script> is in namespace "http://www.w3.org/1999/xhtml"`},
		{"undeclared prefix", open + `<x:script>alert(1)</x:script></svg>`, `element <script> is in namespace "x"`},
		{"foreignObject", open + `<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"/></foreignObject></svg>`, "element <foreignObject> is not one"},
		{"handler", open + `<rect onclick="alert(1)"/></svg>`, "logo.svg:1:104: attribute onclick of <rect> is an event handler"},
		{"handler on the root", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "attribute onload of <svg> is an event handler"},
		{"handler in capitals", open + `<rect ONCLICK="alert(1)"/></svg>`, "attribute ONCLICK of <rect> is an event handler"},
		{"link", open + `<a href="javascript:alert(1)"><rect/></a></svg>`, "element <a> is not one"},
		{"javascript use", open + `<use xlink:href="javascript:alert(1)"/></svg>`, `href="javascript:alert(1)" of <use> leads outside the file`},
		{"external use", open + `<use href="https://evil.example/x.svg#a"/></svg>`, "leads outside the file"},
		{"data use", open + `<use href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/></svg>`, "leads outside the file"},
		{"entity-spelt link", open + `<use href="&#106;avascript:alert(1)"/></svg>`, "leads outside the file"},
		{"image", open + `<image href="data:image/png;base64,AAAA"/></svg>`, "element <image> is not one"},
		{"animation", open + `<set attributeName="href" to="javascript:alert(1)"/></svg>`, "element <set> is not one"},
		{"doctype", `<!DOCTYPE svg [<!ENTITY x "y">]>` + open + `</svg>`, "logo.svg:1:1: a DOCTYPE or entity declaration (<!DOCTYPE …>)"},
		{"stylesheet", `<?xml-stylesheet type="text/xsl" href="x.xsl"?>` + open + `</svg>`, "processing instruction <?xml-stylesheet …?>"},
		{"import", open + "<style>@import url(https://evil.example/x.css);</style></svg>", `the style element holds "@import"`},
		{"external url in css", open + `<style>.a{fill:url("https://evil.example/p")}</style></svg>`, "holds url(https://evil.example/p), which loads from outside"},
		{"css escape", open + `<style>.a{background:\75 rl(x)}</style></svg>`, `holds "\\"`},
		{"style attribute", open + `<rect style="fill:url(data:x)"/></svg>`, "the style attribute of <rect> holds url(data:x)"},
		{"cursor", open + `<rect cursor="url(https://evil.example/c.svg)"/></svg>`, "attribute cursor of <rect> holds url(https://evil.example/c.svg)"},
		{"javascript in a value", open + `<rect fill="java&#9;script:x"/></svg>`, "attribute fill of <rect> holds a javascript: URL"},
		{"unknown attribute", open + `<rect src="x"/></svg>`, "attribute src of <rect> is not one"},
		{"xml:base", open + `<g xml:base="https://evil.example/"/></svg>`, "attribute http://www.w3.org/XML/1998/namespace base of <g> is not one"},
		{"cdata", open + "\n<style><![CDATA[ .a{} ]]></style></svg>", "logo.svg:2:8: a CDATA section"},
		{"not svg", `<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>`, "the root element is <html>"},
		{"no namespace", `<svg onload="alert(1)"/>`, `attribute onload of <svg> is an event handler`},
		{"no namespace, script", `<svg><script>alert(1)</script></svg>`, `element <script> is not one`},
		{"two roots", open + `</svg><svg xmlns="http://www.w3.org/2000/svg"/>`, "a second root element"},
		{"broken", open + `<rect></svg>`, "not well-formed XML"},
		{"other encoding", `<?xml version="1.0" encoding="UTF-7"?>` + open + `</svg>`, "not well-formed XML"},
		{"empty", ``, "no <svg> element"},
	} {
		probs := Check("logo.svg", []byte(tt.src))
		if len(probs) == 0 || !strings.Contains(probs.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, probs, tt.want)
		}
	}
}
