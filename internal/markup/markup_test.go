package markup

import (
	"strings"
	"testing"
)

func TestInline(t *testing.T) {
	r := New()
	tests := []struct{ in, want string }{
		{"Plain step with 'quotes' and \"double\".", "Plain step with &#39;quotes&#39; and &#34;double&#34;."},
		{"Use `sf:INVALID_SESSION_ID` here", "Use <code>sf:INVALID_SESSION_ID</code> here"},
		{"**Bold** move", "<strong>Bold</strong> move"},
		{"<script>alert(1)</script> & more", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"},
		{"See [the docs](https://help.salesforce.com/)", `See <a href="https://help.salesforce.com/">the docs</a>`},
	}
	for _, tt := range tests {
		if got := string(r.Inline(tt.in)); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderRawHTMLReported(t *testing.T) {
	out, probs := New().Render("n.md", []byte("# T\n\n<div>x</div>\n\nok <b>y</b>\n"), 2)
	if len(probs) != 3 || probs[0].Line != 5 || probs[1].Line != 7 {
		t.Fatalf("problems %v", probs)
	}
	if strings.Contains(string(out), "<div>") || strings.Contains(string(out), "<b>") {
		t.Errorf("raw HTML rendered: %s", out)
	}
}
