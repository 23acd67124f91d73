package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

func TestMdCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Cache-Control: private", "`Cache-Control: private`"},
		{"a`b", "``a`b``"},
		{"a``b`c", "```a``b`c```"},
		{"`start", "`` `start ``"},
		{"end`", "`` end` ``"},
		{" both ", "`  both  `"},
		{"   ", "`   `"},
		{" left", "` left`"},
		{"a|b <i>", "`a|b <i>`"},
		{"two\nlines\r\n", "`two lines `"},
		{"", "(empty)"},
	} {
		if got := mdCode(tc.in); got != tc.want {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMdText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`set "Cache-Control: private"`, `set "Cache-Control: private"`},
		{"*bold* _it_ ~del~", `\*bold\* \_it\_ \~del\~`},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert(1)\>`},
		{"[link](https://evil.example)", `\[link\](https:\/\/evil.example)`},
		{"see www.example.com", `see www\.example.com`},
		{"cc @admin &amp; $x$", `cc \@admin \&amp; \$x\$`},
		{"a|b", `a\|b`},
		{"`code`", "\\`code\\`"},
		{`back\slash`, `back\\slash`},
		{"# heading", `\# heading`},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"= underline", `\= underline`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"1.5s later", `1\.5s later`},
		{"two\nlines", "two lines"},
		{"    - indented", `\- indented`},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMdCodeBlock(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"x-cache: Hit", "```text\nx-cache: Hit\n```\n"},
		{"a ``` b", "````text\na ``` b\n````\n"},
		{"```\nfake end", "````text\n```\nfake end\n````\n"},
		{"cr\r\nlf\rend", "```text\ncr\nlf\nend\n```\n"},
	} {
		if got := mdCodeBlock("text", tc.in); got != tc.want {
			t.Errorf("mdCodeBlock(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMarkdownHostileValues renders a finding whose HAR values try to break
// out of their code spans, blocks and table cells.
func TestMarkdownHostileValues(t *testing.T) {
	f := rules.Finding{
		Rule: "token-in-url", Severity: rules.High, Title: "a token in a URL", File: "a|b`.har",
		Message: "query parameter \"code\" <script>alert(1)</script> in **bold** ``` @team",
		Why:     "why", Fingerprint: "0011223344556677", Occurrences: 1,
		Entries:  []rules.EntryRef{{Index: 2, Method: "GET", URL: "https://x.example/cb?code=[redacted:1a2b3c4d]&q=`a``b`|c"}},
		Evidence: []rules.Evidence{{Entry: 2, Where: "url", Name: "code", Value: "```\n# not a heading\n```"}},
		Fix: rules.Fix{Message: "send `Cache-Control: private`", Headers: []rules.HeaderEdit{{Op: "set", Name: "Cache-Control", Value: "private`, no-store"}},
			Reference: "https://example.com/a b"},
	}
	run := &Run{Version: "v1.0.0", FailOn: rules.High, Results: []*rules.Result{{File: f.File, Entries: 3, Findings: []rules.Finding{f}}}}
	var b bytes.Buffer
	if err := (&Markdown{}).Report(&b, run); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| a\\|b\\`.har |  | 3 | 1 |  |",                                          // a pipe in a file name stays in its cell
		"\\<script\\>alert(1)\\</script\\> in \\*\\*bold\\*\\* \\`\\`\\` \\@team", // the message is plain text
		// A run of two backticks inside: a three-backtick fence.
		"```GET https://x.example/cb?code=[redacted:1a2b3c4d]&q=`a``b`|c``` → no response",
		"````text\nentry 2 url code: ```\n# not a heading\n```\n````", // the evidence cannot close its block
		"- set ``Cache-Control: private`, no-store``",
		"- reference: `https://example.com/a b`",
		"**Rule:** [`token-in-url`](https://github.com/authlint/authlint/blob/main/docs/rules.md#token-in-url)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// FuzzMdCode: a CommonMark reader gets back exactly the one-line value from
// the code span (CommonMark 0.31, "Code spans").
func FuzzMdCode(f *testing.F) {
	for _, s := range []string{"Cache-Control: private", "a`b", "``", " ` ", "  ", "x\ny", "`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		span := mdCode(s)
		want := oneLine(s)
		if want == "" {
			if span != "(empty)" {
				t.Fatalf("mdCode(%q) = %q", s, span)
			}
			return
		}
		n := 0
		for n < len(span) && span[n] == '`' {
			n++
		}
		fence := span[:n]
		if n == 0 || len(span) < 2*n || !strings.HasSuffix(span, fence) {
			t.Fatalf("mdCode(%q) = %q: not fenced", s, span)
		}
		inner := span[n : len(span)-n]
		if (n < len(span)-n && span[len(span)-n-1] == '`') || longestRunExactly(inner, n) {
			t.Fatalf("mdCode(%q) = %q: the fence appears inside", s, span)
		}
		if len(inner) >= 2 && inner[0] == ' ' && inner[len(inner)-1] == ' ' && strings.Trim(inner, " ") != "" {
			inner = inner[1 : len(inner)-1]
		}
		if inner != want {
			t.Fatalf("mdCode(%q) = %q reads back as %q", s, span, inner)
		}
	})
}

// longestRunExactly reports whether s has a run of exactly n backticks.
func longestRunExactly(s string, n int) bool {
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] == '`' {
			run++
			continue
		}
		if run == n {
			return true
		}
		run = 0
	}
	return false
}

// FuzzMdText: escaped text has no unescaped character that Markdown would
// read as markup, and no line break.
func FuzzMdText(f *testing.F) {
	for _, s := range []string{"*a*", "<b>", "1. x", "https://x", `\`, "a|b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mdText(s)
		if strings.ContainsAny(out, "\r\n") {
			t.Fatalf("mdText(%q) = %q spans lines", s, out)
		}
		for i := 0; i < len(out); i++ {
			if out[i] == '\\' {
				i++ // an escape and the character it escapes
				continue
			}
			if strings.IndexByte(mdSpecial, out[i]) >= 0 {
				t.Fatalf("mdText(%q) = %q: unescaped %q at %d", s, out, out[i], i)
			}
		}
		if strings.Contains(out, "://") || strings.Contains(out, "www.") {
			t.Fatalf("mdText(%q) = %q could be autolinked", s, out)
		}
	})
}
