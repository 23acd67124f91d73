package doctext

import (
	"fmt"
	"regexp"
	"strings"
)

// Markdown renders d as CommonMark (and GitHub Flavored Markdown) that
// shows the same text: soft line breaks stay where the source had them,
// and characters that would mean something in Markdown but are text here
// are backslash-escaped.
func (d *Doc) Markdown() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.Kind {
		case Paragraph:
			mdInline(&b, bl.Inline, "", false)
		default:
			for j, item := range bl.Items {
				if j > 0 {
					b.WriteString("\n")
				}
				marker := "- "
				if bl.Kind == OrderedList {
					marker = fmt.Sprintf("%d. ", bl.Start+j)
				}
				b.WriteString(marker)
				mdInline(&b, item, strings.Repeat(" ", len(marker)), false)
			}
		}
	}
	return b.String()
}

// mdInline writes inline elements; inEm is set inside emphasis, whose
// nested emphasis is written with "_" so that the two cannot be confused.
func mdInline(b *strings.Builder, in []Inline, indent string, inEm bool) {
	lineStart := true
	for _, x := range in {
		switch x.Kind {
		case Text:
			b.WriteString(mdEscape(x.Text, lineStart))
		case SoftBreak:
			b.WriteString("\n" + indent)
			lineStart = true
			continue
		case Code:
			b.WriteString("`" + x.Text + "`")
		case Strong:
			b.WriteString("**")
			mdInline(b, x.Children, indent, inEm)
			b.WriteString("**")
		case Emphasis:
			mark := "*"
			if inEm {
				mark = "_"
			}
			b.WriteString(mark)
			mdInline(b, x.Children, indent, !inEm)
			b.WriteString(mark)
		case Link:
			b.WriteString("[")
			mdInline(b, x.Children, indent, inEm)
			b.WriteString("](" + x.URL + ")")
		}
		lineStart = false
	}
}

// mdSpecial are the characters escaped in text: the inline markup of
// CommonMark and GFM (emphasis, code, links, raw HTML, entities,
// strikethrough, table cells).
const mdSpecial = "\\`*_[]<>&~|"

// lineStartRE matches text at the start of a line that Markdown would read
// as a block: an ordered or bullet list item, a heading, a setext
// underline or thematic break, or that the parser refuses as one (any line
// starting "---" or "==="; see blockSyntax). The first group that matched
// is the character to escape.
var lineStartRE = regexp.MustCompile(`^(?:\d{1,9}([.)])(?: |$)|([-+*])(?: |$)|(#)|(=)(?:==|=*$)|(-)(?:--|-*$))`)

func mdEscape(s string, lineStart bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(mdSpecial, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	out := b.String()
	// A URL or "www." would be autolinked by GitHub.
	out = strings.ReplaceAll(out, "://", `:\/\/`)
	out = strings.ReplaceAll(out, "www.", `www\.`)
	if lineStart {
		if m := lineStartRE.FindStringSubmatchIndex(out); m != nil {
			for g := 2; g < len(m); g += 2 {
				if m[g] >= 0 {
					out = out[:m[g]] + `\` + out[m[g]:]
					break
				}
			}
		}
	}
	return out
}
