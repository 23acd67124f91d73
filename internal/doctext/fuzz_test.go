package doctext

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzParse: Parse never panics; what it accepts renders to Markdown that
// parses again to the same Markdown (so docs/rules.md shows what the
// source says), to terminal text, and to HTML whose only tags are the
// renderer's own.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"send `Cache-Control: private` on *.localhost & <JWT>",
		"Browsers **reject** it, _really_ *now*; form_post __Secure-/__Host-",
		"One\ntwo.\n\n- first\n  more\n- `second`;\n\n1. a\n2. b\n   c",
		"see [RFC](https://example.com/a_b) \\* \\` [x] http://localhost",
		"**A `Set-Cookie` the browser drops.** *a **b** c*",
	} {
		f.Add(s)
	}
	allowed := map[string]bool{"p": true, "ul": true, "ol": true, "li": true, "code": true, "strong": true, "em": true, "a": true}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		md := d.Markdown()
		d2, err := Parse(md)
		if err != nil {
			t.Fatalf("Markdown of %q does not parse: %v\n%s", s, err, md)
		}
		if md2 := d2.Markdown(); md2 != md {
			t.Fatalf("Markdown is not stable for %q:\n%q\n%q", s, md, md2)
		}
		if d.Plain() != d2.Plain() {
			t.Fatalf("plain text changed through Markdown for %q: %q vs %q", s, d.Plain(), d2.Plain())
		}
		_ = d.Text(20, Style{Code: strings.ToUpper})
		z := html.NewTokenizer(strings.NewReader(string(d.HTML())))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
				tok := z.Token()
				if !allowed[tok.Data] {
					t.Fatalf("HTML of %q has a <%s> tag", s, tok.Data)
				}
				for _, a := range tok.Attr {
					if tok.Data != "a" && !(tok.Data == "ol" && a.Key == "start") || tok.Data == "a" && a.Key != "href" && a.Key != "rel" {
						t.Fatalf("HTML of %q has attribute %s on <%s>", s, a.Key, tok.Data)
					}
					if a.Key == "href" && !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("HTML of %q links to %q", s, a.Val)
					}
				}
			}
			if tt == html.CommentToken || tt == html.DoctypeToken {
				t.Fatalf("HTML of %q has a comment or doctype", s)
			}
		}
	})
}
