package doctext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Style colours the inline elements of terminal text; a nil function
// leaves the text as it is. Code spans lose their backticks in terminal
// text (as in staticcheck's plain text), so give Code a colour when the
// terminal has one.
type Style struct {
	Code, Strong, Emphasis, Link func(string) string
}

// Text renders d for a terminal: paragraphs wrapped at width columns (no
// wrapping when width <= 0), list items as "  - " with their continuation
// lines indented under the text, links as "text (url)", blocks separated
// by a blank line, no trailing newline.
func (d *Doc) Text(width int, st Style) string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.Kind {
		case Paragraph:
			wrap(&b, words(bl.Inline, st), width, "", "")
		default:
			for j, item := range bl.Items {
				if j > 0 {
					b.WriteString("\n")
				}
				marker := "  - "
				if bl.Kind == OrderedList {
					marker = fmt.Sprintf("  %d. ", bl.Start+j)
				}
				wrap(&b, words(item, st), width, marker, strings.Repeat(" ", len(marker)))
			}
		}
	}
	return b.String()
}

// Plain renders d as terminal text without colour or wrapping: one line a
// paragraph or list item.
func (d *Doc) Plain() string { return d.Text(0, Style{}) }

// word is what wrapping moves as a whole: its rendered text (with colour
// codes) and its width in columns.
type word struct {
	text  string
	width int
}

// words splits inline elements into words at spaces and soft breaks,
// styling each piece of a word on its own so that a colour never spans a
// line break.
func words(in []Inline, st Style) []word {
	var out []word
	var cur word
	started := false
	flush := func() {
		if started {
			out = append(out, cur)
		}
		cur, started = word{}, false
	}
	var walk func(in []Inline, style func(string) string)
	add := func(s string, style func(string) string) {
		for len(s) > 0 {
			sp := strings.IndexAny(s, " \n")
			piece := s
			if sp >= 0 {
				piece = s[:sp]
			}
			if piece != "" {
				if style != nil {
					cur.text += style(piece)
				} else {
					cur.text += piece
				}
				cur.width += utf8.RuneCountInString(piece)
				started = true
			}
			if sp < 0 {
				return
			}
			flush()
			s = s[sp+1:]
		}
	}
	compose := func(outer, inner func(string) string) func(string) string {
		switch {
		case outer == nil:
			return inner
		case inner == nil:
			return outer
		}
		return func(s string) string { return outer(inner(s)) }
	}
	walk = func(in []Inline, style func(string) string) {
		for _, x := range in {
			switch x.Kind {
			case Text:
				add(x.Text, style)
			case SoftBreak:
				flush()
			case Code:
				add(x.Text, compose(style, st.Code))
			case Strong:
				walk(x.Children, compose(style, st.Strong))
			case Emphasis:
				walk(x.Children, compose(style, st.Emphasis))
			case Link:
				walk(x.Children, compose(style, st.Link))
				if plainOf(x.Children) != x.URL {
					add(" ("+x.URL+")", style)
				}
			}
		}
	}
	walk(in, nil)
	flush()
	return out
}

// plainOf returns the text of inline elements without markup.
func plainOf(in []Inline) string {
	var b strings.Builder
	for _, x := range in {
		switch x.Kind {
		case Text, Code:
			b.WriteString(x.Text)
		case SoftBreak:
			b.WriteString(" ")
		default:
			b.WriteString(plainOf(x.Children))
		}
	}
	return b.String()
}

// wrap writes words greedily in lines of at most width columns (a longer
// word gets a line of its own), the first line after first, the others
// after indent.
func wrap(b *strings.Builder, ws []word, width int, first, indent string) {
	b.WriteString(first)
	col := utf8.RuneCountInString(first)
	lineStart := col
	for i, w := range ws {
		if i > 0 {
			if width > 0 && col+1+w.width > width && col > lineStart {
				b.WriteString("\n" + indent)
				col = utf8.RuneCountInString(indent)
				lineStart = col
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w.text)
		col += w.width
	}
}
