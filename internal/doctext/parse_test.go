package doctext

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name, in              string
		markdown, plain, html string
	}{
		{"code and text", "send `Cache-Control: private` on *.localhost & <JWT>",
			"send `Cache-Control: private` on \\*.localhost \\& \\<JWT\\>",
			"send Cache-Control: private on *.localhost & <JWT>",
			"<p>send <code>Cache-Control: private</code> on *.localhost &amp; &lt;JWT&gt;</p>"},
		{"strong and emphasis", "Browsers **reject** it, _really_ *now*; form_post __Secure-",
			"Browsers **reject** it, *really* *now*; form\\_post \\_\\_Secure-",
			"Browsers reject it, really now; form_post __Secure-",
			"<p>Browsers <strong>reject</strong> it, <em>really</em> <em>now</em>; form_post __Secure-</p>"},
		{"strong with code", "**A `Set-Cookie` the browser drops.** Then",
			"**A `Set-Cookie` the browser drops.** Then",
			"A Set-Cookie the browser drops. Then",
			"<p><strong>A <code>Set-Cookie</code> the browser drops.</strong> Then</p>"},
		{"link", "see [RFC 6265bis](https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/) now",
			"see [RFC 6265bis](https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/) now",
			"see RFC 6265bis (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/) now",
			`<p>see <a href="https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/" rel="noreferrer noopener">RFC 6265bis</a> now</p>`},
		{"bare url and brackets", "http://localhost [redacted] a]b",
			`http:\/\/localhost \[redacted\] a\]b`,
			"http://localhost [redacted] a]b",
			"<p>http://localhost [redacted] a]b</p>"},
		{"escapes", `a \* b \` + "`" + ` c`,
			"a \\* b \\` c", "a * b ` c", "<p>a * b ` c</p>"},
		{"paragraphs and list", "One\ntwo.\n\n- first\n  more\n- `second`;\n\nEnd",
			"One\ntwo.\n\n- first\n  more\n- `second`;\n\nEnd",
			"One two.\n\n  - first more\n  - second;\n\nEnd",
			"<p>One\ntwo.</p>\n<ul><li>first\nmore</li><li><code>second</code>;</li></ul>\n<p>End</p>"},
		{"ordered list", "1. one\n2. two\n   again",
			"1. one\n2. two\n   again",
			"  1. one\n  2. two again",
			"<ol><li>one</li><li>two\nagain</li></ol>"},
		{"line start that Markdown would read as a block", "x\n6265bis §5.6\n2024. was\n+1 more",
			"x\n6265bis §5.6\n2024\\. was\n+1 more",
			"x 6265bis §5.6 2024. was +1 more",
			"<p>x\n6265bis §5.6\n2024. was\n+1 more</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Markdown(); got != tt.markdown {
				t.Errorf("Markdown\n got %q\nwant %q", got, tt.markdown)
			}
			if got := d.Plain(); got != tt.plain {
				t.Errorf("Plain\n got %q\nwant %q", got, tt.plain)
			}
			if got := string(d.HTML()); got != tt.html {
				t.Errorf("HTML\n got %q\nwant %q", got, tt.html)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"heading", "# Title", "heading"},
		{"quote", "text\n\n> quoted", "line 3: block quote"},
		{"fence", "```\ncode\n```", "fenced code block"},
		{"table", "| a | b |", "table"},
		{"star bullet", "* item", "list marker"},
		{"plus bullet", "+ item", "list marker"},
		{"indented paragraph", "text\n    code", "indented line outside a list item"},
		{"nested list", "- a\n  - b", "nested list"},
		{"bad continuation", "- a\n   b", "indented by 3 spaces, want 2"},
		{"lazy continuation", "- a\nb", "unindented line right after a list item"},
		{"unclosed code", "a `b", "unclosed code span"},
		{"empty code", "a `` b", "double backtick"},
		{"spaced code", "a ` b` c", "starts or ends with a space"},
		{"javascript link", "[x](javascript:alert(1))", "only http and https"},
		{"quote in link", `[x](https://a.example/"onmouseover=)`, "quote"},
		{"empty link", "[](https://a.example/)", "empty link text"},
		{"unclosed link", "[x](https://a.example/", "unclosed link URL"},
		{"tab", "a\tb", "tab"},
		{"empty item", "- a\n-", "list marker"},
		{"thematic break", "a\n\n---", "thematic break"},
		{"code span across lines", "a `b\nc` d", "code span across lines"},
		{"invalid utf-8", "a\xffb", "UTF-8"},
		{"error inside strong", "**a `b**", "unclosed code span"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestTextWraps(t *testing.T) {
	d, err := Parse("Keep the session small: store tokens server-side.\n\n- it has `Secure` but came over plain http from a host other than localhost")
	if err != nil {
		t.Fatal(err)
	}
	st := Style{Code: func(s string) string { return "[" + s + "]" }}
	got := d.Text(30, st)
	want := "Keep the session small: store\ntokens server-side.\n\n  - it has [Secure] but came\n    over plain http from a\n    host other than localhost"
	if got != want {
		t.Errorf("Text(30)\n got %q\nwant %q", got, want)
	}
	for _, line := range strings.Split(d.Text(30, Style{}), "\n") {
		if len(line) > 30 {
			t.Errorf("line longer than 30: %q", line)
		}
	}
}
