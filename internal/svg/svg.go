// Package svg decides whether an SVG file may be published: whether it is
// inert wherever it is served.
//
// An SVG is a document, not only an image: opened directly from the site's
// origin (a link to the logo, the favicon's URL), it runs its scripts,
// event handlers and javascript: links with the site's rights, and the
// pages' Content-Security-Policy does not cover it (GitHub Pages serves no
// headers of ours). So every SVG the site publishes is read by a real XML
// parser (encoding/xml) and held to an allowlist of elements and
// attributes that draw and do nothing else; anything outside it is
// refused with its position, never rewritten. Stripping what looks like
// <script> by pattern is not enough: entities, namespaces, CDATA, SMIL
// animations and CSS all hide script or loads from a pattern.
//
// Refused: a DOCTYPE or entity declaration, a processing instruction
// other than the XML declaration (xml-stylesheet loads XSLT), CDATA
// sections, elements outside the list (script, foreignObject, image,
// feImage, a, the animation elements, iframe, …) or in a namespace other
// than SVG's or a drawing editor's metadata, attributes outside the list
// (every on* handler among them), a link (href, xlink:href) that is not
// "#fragment", a url() that is not url(#fragment), CSS with @import, an
// escape or an expression, and "javascript:" in any attribute or style.
package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
)

// editorNS are the namespaces drawing programs write their metadata in
// (Inkscape, Sodipodi, RDF and Dublin Core in <metadata>, Illustrator,
// Sketch). Browsers give their elements and attributes no behaviour.
var editorNS = map[string]bool{
	"http://www.inkscape.org/namespaces/inkscape":        true,
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd": true,
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":        true,
	"http://purl.org/dc/elements/1.1/":                   true,
	"http://purl.org/dc/terms/":                          true,
	"http://creativecommons.org/ns#":                     true,
	"http://web.resource.org/cc/":                        true,
	"http://ns.adobe.com/AdobeIllustrator/10.0/":         true,
	"http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/":  true,
	"http://ns.adobe.com/Extensibility/1.0/":             true,
	"http://ns.adobe.com/Graphs/1.0/":                    true,
	"http://ns.adobe.com/SaveForWeb/1.0/":                true,
	"http://ns.adobe.com/Variables/1.0/":                 true,
	"http://www.bohemiancoding.com/sketch/ns":            true,
	"http://www.serif.com/":                              true,
}

// elements are the SVG elements a published file may hold: shapes, text,
// paint servers, clipping, masking and filters. Missing on purpose:
// script, foreignObject (HTML inside), a (links), image and feImage
// (loads, an SVG image among them), use of another file (see href),
// animate, set, animateMotion, animateTransform and animateColor (SMIL
// can set an attribute to a javascript: link), cursor, font-face-uri and
// every element of SVG 1.2 or HTML.
var elements = setOf(`svg g defs symbol use title desc metadata switch view
	path rect circle ellipse line polyline polygon
	text tspan textPath
	linearGradient radialGradient stop pattern
	clipPath mask marker style
	filter feBlend feColorMatrix feComponentTransfer feComposite
	feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight
	feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
	feMerge feMergeNode feMorphology feOffset fePointLight
	feSpecularLighting feSpotLight feTile feTurbulence`)

// attributes are the attributes (without a namespace) an element may
// have: geometry, presentation, text, paint servers, filters, and the
// core ones. Every event handler (on*) is missing, and so are those that
// load or link (src, href is checked on its own), and xml:base.
var attributes = setOf(`id class style lang tabindex role focusable
	version baseProfile width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr
	d points pathLength viewBox preserveAspectRatio transform
	overflow clip clip-path clip-rule clipPathUnits mask maskUnits
	maskContentUnits mask-type
	fill fill-opacity fill-rule stroke stroke-width stroke-linecap
	stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset
	stroke-opacity opacity color color-interpolation
	color-interpolation-filters color-profile color-rendering display
	visibility vector-effect paint-order shape-rendering image-rendering
	text-rendering isolation mix-blend-mode pointer-events cursor
	transform-origin transform-box white-space text-overflow
	stop-color stop-opacity offset gradientUnits gradientTransform
	spreadMethod patternUnits patternContentUnits patternTransform
	marker-start marker-mid marker-end markerWidth markerHeight markerUnits
	refX refY orient
	font font-family font-size font-size-adjust font-stretch font-style
	font-variant font-weight letter-spacing word-spacing text-anchor
	text-decoration dominant-baseline alignment-baseline baseline-shift
	writing-mode direction unicode-bidi glyph-orientation-horizontal
	glyph-orientation-vertical kerning dx dy rotate textLength
	lengthAdjust startOffset method spacing side
	filter filterUnits primitiveUnits filterRes in in2 result
	mode type values operator k1 k2 k3 k4 order kernelMatrix divisor bias
	targetX targetY edgeMode kernelUnitLength preserveAlpha
	surfaceScale diffuseConstant specularConstant specularExponent
	lighting-color flood-color flood-opacity scale xChannelSelector
	yChannelSelector stdDeviation radius tableValues slope intercept
	amplitude exponent azimuth elevation pointsAtX pointsAtY pointsAtZ
	limitingConeAngle z baseFrequency numOctaves seed stitchTiles
	enable-background requiredFeatures requiredExtensions systemLanguage
	externalResourcesRequired zoomAndPan space media title
	xmlns`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// cssURL finds url( in CSS, and cssBad what CSS may not hold at all: an
// @import (a load), an escape (which spells any of this otherwise), a
// legacy expression() or binding, and javascript:.
var (
	cssURL = regexp.MustCompile(`(?i)url\s*\(\s*(['"]?)\s*([^'")\s]*)`)
	cssBad = regexp.MustCompile(`(?i)@import|\\|expression\s*\(|-moz-binding|behavior\s*:|javascript:|image\s*\(|image-set\s*\(|src\s*\(`)
)

// Check reads an SVG file (its slash path, for positions) and returns a
// problem for each construct that is not inert, at its line and column;
// nil when the file may be published as it is.
func Check(file string, data []byte) diag.List {
	c := &checker{file: file}
	c.run(data)
	return c.probs
}

type checker struct {
	file  string
	probs diag.List
	at    diag.Pos
}

const hint = "a published SVG may only draw: remove it, as an optimiser such as svgo or saving as plain SVG does with what editors add, or publish the image as PNG or WebP"

func (c *checker) fail(msg string) {
	c.probs = append(c.probs, diag.Problem{Pos: c.at, Msg: msg, Hint: hint})
}

func (c *checker) run(data []byte) {
	if i := bytes.Index(data, []byte("<![CDATA[")); i >= 0 {
		c.at = position(c.file, data, i)
		c.fail("a CDATA section; write its text with &lt; and &amp; instead")
		return
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = nil // the five predefined ones only
	depth, roots := 0, 0
	var in []string // the open elements' local names
	for {
		line, col := d.InputPos()
		c.at = diag.Pos{File: c.file, Line: line, Col: col}
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.syntax(err)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			in = append(in, t.Name.Local)
			c.start(t, depth, roots)
		case xml.EndElement:
			depth--
			in = in[:len(in)-1]
		case xml.CharData:
			if len(in) > 0 && in[len(in)-1] == "style" {
				c.css(string(t), "the style element")
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				c.fail(fmt.Sprintf("processing instruction <?%s …?> (an xml-stylesheet loads a transformation that can run script)", t.Target))
			}
		case xml.Directive:
			c.fail("a DOCTYPE or entity declaration (<!" + firstWord(t) + " …>): an entity can spell anything, and an SVG needs none")
		}
	}
	if roots == 0 {
		c.fail("no <svg> element")
	}
}

// position is the line and column of byte offset i of data.
func position(file string, data []byte, i int) diag.Pos {
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	col := i - bytes.LastIndexByte(data[:i], '\n')
	return diag.Pos{File: file, Line: line, Col: col}
}

func firstWord(b []byte) string {
	w, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if len(w) > 20 {
		w = w[:20]
	}
	return w
}

// syntax reports what the XML parser could not read, where it stopped.
func (c *checker) syntax(err error) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		c.at = diag.Pos{File: c.file, Line: se.Line}
		c.fail("not well-formed XML: " + se.Msg)
		return
	}
	c.fail("not well-formed XML: " + err.Error())
}

// start checks an element, its namespace resolved by the decoder (a
// prefix that no declaration resolves stays as written, and is refused).
func (c *checker) start(t xml.StartElement, depth, roots int) {
	name, ns := t.Name.Local, t.Name.Space
	if ns == "" {
		// An <svg> without xmlns (as in HTML) draws nothing as a file,
		// and runs nothing either; it is held to SVG's list all the same.
		ns = svgNS
	}
	switch {
	case roots > 1:
		c.fail("a second root element <" + name + ">; an SVG file holds one <svg>")
	case depth == 1 && (name != "svg" || ns != svgNS):
		c.fail(fmt.Sprintf("the root element is <%s> in namespace %q, not <svg> in SVG's (xmlns=%q)", name, ns, svgNS))
	case ns == svgNS && elements[name]:
	case ns == svgNS:
		c.fail("element <" + name + "> is not one a published SVG may hold")
	case editorNS[ns]:
	default:
		c.fail(fmt.Sprintf("element <%s> is in namespace %q, not SVG's", name, ns))
	}
	for _, a := range t.Attr {
		c.attr(name, a)
	}
}

// attr checks one attribute of element el.
func (c *checker) attr(el string, a xml.Attr) {
	local, ns, v := a.Name.Local, a.Name.Space, a.Value
	full := local
	if ns != "" {
		full = ns + " " + local
	}
	switch {
	case strings.HasPrefix(strings.ToLower(local), "on") && !editorNS[ns]:
		c.fail(fmt.Sprintf("attribute %s of <%s> is an event handler, which runs script", local, el))
	case ns == "xmlns" || ns == "" && local == "xmlns":
		// A declaration; what it declares is checked where it is used.
	case local == "href" && (ns == "" || ns == xlinkNS):
		if !strings.HasPrefix(v, "#") {
			c.fail(fmt.Sprintf("%s=%s of <%s> leads outside the file; only a link within it (#id) is allowed", local, strconv.Quote(v), el))
		}
	case !allowed(ns, local):
		c.fail(fmt.Sprintf("attribute %s of <%s> is not one a published SVG may have", full, el))
	case local == "style" && ns == "":
		c.css(v, "the style attribute of <"+el+">")
	case hasJavaScript(v):
		c.fail(fmt.Sprintf("attribute %s of <%s> holds a javascript: URL", full, el))
	default:
		c.urls(v, "attribute "+full+" of <"+el+">")
	}
}

// allowed reports whether an attribute of that namespace and local name
// is on the list (links and declarations are attr's).
func allowed(ns, local string) bool {
	switch ns {
	case "":
		return attributes[local] || strings.HasPrefix(local, "data-") || strings.HasPrefix(local, "aria-")
	case xmlNS:
		return local == "space" || local == "lang"
	case xlinkNS:
		return local == "title" || local == "type"
	}
	return editorNS[ns]
}

// hasJavaScript reports javascript: with any white space or control
// characters inside, as browsers read a URL.
func hasJavaScript(v string) bool {
	var b strings.Builder
	for _, r := range v {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	return strings.Contains(strings.ToLower(b.String()), "javascript:")
}

// css checks a style element's text or a style attribute.
func (c *checker) css(s, where string) {
	if m := cssBad.FindString(s); m != "" {
		c.fail(fmt.Sprintf("%s holds %q, which CSS in a published SVG may not", where, m))
		return
	}
	c.urls(s, where)
}

// urls checks that every url() in s is a reference within the file.
func (c *checker) urls(s, where string) {
	for _, m := range cssURL.FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[2], "#") {
			c.fail(fmt.Sprintf("%s holds url(%s), which loads from outside the file; only url(#id) is allowed", where, m[2]))
			return
		}
	}
}
