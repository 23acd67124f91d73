package doctext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is a parsed text: its blocks in order.
type Doc struct {
	Blocks []Block
}

// BlockKind says what a block is.
type BlockKind int

// The kinds of block.
const (
	Paragraph BlockKind = iota
	BulletList
	OrderedList
)

// Block is a paragraph (Inline) or a list (Items, each one paragraph).
type Block struct {
	Kind   BlockKind
	Inline []Inline
	Items  [][]Inline
	// Start is the number of an ordered list's first item.
	Start int
}

// InlineKind says what an inline element is.
type InlineKind int

// The kinds of inline element.
const (
	Text InlineKind = iota
	SoftBreak
	Code
	Strong
	Emphasis
	Link
)

// Inline is one inline element: Text and Code hold Text; Strong, Emphasis
// and Link hold Children; Link also holds URL.
type Inline struct {
	Kind     InlineKind
	Text     string
	URL      string
	Children []Inline
}

// SyntaxError is a text outside the subset: the line (1-based) and what is
// wrong there.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse parses s. Leading and trailing blank lines are ignored.
func Parse(s string) (*Doc, error) {
	if !utf8.ValidString(s) {
		return nil, &SyntaxError{1, "not valid UTF-8"}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	d := &Doc{}
	type item struct {
		line  int
		text  []string
		width int // indent of continuation lines
	}
	var (
		para     []string
		paraLine int
		kind     = -1 // list kind being built, -1 for none
		start    int
		items    []item
	)
	var err error
	flush := func() {
		if err != nil {
			return
		}
		if para != nil {
			in, e := parseInline(strings.Join(para, "\n"), paraLine)
			if e != nil {
				err = e
				return
			}
			d.Blocks = append(d.Blocks, Block{Kind: Paragraph, Inline: in})
			para = nil
		}
		if kind >= 0 {
			b := Block{Kind: BlockKind(kind), Start: start}
			for _, it := range items {
				in, e := parseInline(strings.Join(it.text, "\n"), it.line)
				if e != nil {
					err = e
					return
				}
				b.Items = append(b.Items, in)
			}
			d.Blocks = append(d.Blocks, b)
			kind, items = -1, nil
		}
	}
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, " \t")
		if line == "" {
			flush()
			continue
		}
		if strings.ContainsAny(line, "\t\r") {
			return nil, &SyntaxError{n, "tab or carriage return in the text"}
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		body := line[indent:]
		if indent > 0 {
			if kind < 0 || para != nil {
				return nil, &SyntaxError{n, "indented line outside a list item (Markdown would make it a code block or continue something else)"}
			}
			it := &items[len(items)-1]
			if indent != it.width {
				return nil, &SyntaxError{n, fmt.Sprintf("list item continuation indented by %d spaces, want %d", indent, it.width)}
			}
			if _, _, ok := listMarker(body); ok {
				return nil, &SyntaxError{n, "nested list"}
			}
			it.text = append(it.text, body)
			continue
		}
		if msg := blockSyntax(body); msg != "" {
			return nil, &SyntaxError{n, msg}
		}
		// As in CommonMark, only "1. " starts an ordered list inside a
		// paragraph; "2024. was" continues it.
		if k, w, ok := listMarker(body); ok && !(para != nil && k == int(OrderedList) && !strings.HasPrefix(body, "1. ")) {
			if para != nil || (kind >= 0 && kind != k) {
				flush()
			}
			if kind < 0 {
				kind = k
				start = 0
				if k == int(OrderedList) {
					fmt.Sscanf(body, "%d", &start)
				}
			}
			items = append(items, item{line: n, text: []string{body[w:]}, width: w})
			continue
		}
		if kind >= 0 {
			return nil, &SyntaxError{n, "unindented line right after a list item: indent it to continue the item, or leave a blank line before a paragraph"}
		}
		if para == nil {
			paraLine = n
		}
		para = append(para, body)
	}
	flush()
	if err != nil {
		return nil, err
	}
	return d, nil
}

// listMarker reports whether a line starts a list item: its kind and the
// width of its marker ("- " is 2, "10. " is 4).
func listMarker(s string) (kind, width int, ok bool) {
	if strings.HasPrefix(s, "- ") {
		return int(BulletList), 2, true
	}
	digits := 0
	for digits < len(s) && digits < 9 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && strings.HasPrefix(s[digits:], ". ") {
		return int(OrderedList), digits + 2, true
	}
	return 0, 0, false
}

// blockSyntax names a Markdown block construct outside the subset that
// the line would start, "" for none.
func blockSyntax(s string) string {
	switch {
	case strings.HasPrefix(s, "#"):
		return "heading (or a line starting with #)"
	case strings.HasPrefix(s, ">"):
		return "block quote (or a line starting with >)"
	case strings.HasPrefix(s, "```"), strings.HasPrefix(s, "~~~"):
		return "fenced code block"
	case strings.HasPrefix(s, "|"):
		return "table (or a line starting with |)"
	case strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+ "), s == "-", s == "*", s == "+":
		return `list marker other than "- "`
	case strings.HasPrefix(s, "---"), strings.HasPrefix(s, "___"), strings.HasPrefix(s, "***"), strings.HasPrefix(s, "==="):
		return "thematic break or setext heading"
	}
	if _, w, ok := listMarker(s); ok && strings.TrimSpace(s[w:]) == "" {
		return "empty list item"
	}
	return ""
}

// parseInline parses the inline elements of one paragraph or list item;
// line is the line it starts on, for errors.
func parseInline(s string, line int) ([]Inline, error) {
	p := &inlineParser{s: s, line: line}
	return p.parseUntil("")
}

type inlineParser struct {
	s    string
	i    int
	line int
	// unclosed remembers the spans found to have no closing mark, by
	// position and mark, so that each is tried once (without it, text
	// full of lone marks takes exponential time).
	unclosed map[int]string
	// lastCloser is, per mark, the last position where it could close a
	// span (-1: nowhere), so that a mark with no closer after it fails
	// at once.
	lastCloser map[string]int
}

// canClose reports whether mark could close a span somewhere after from.
func (p *inlineParser) canClose(mark string, from int) bool {
	if p.lastCloser == nil {
		p.lastCloser = map[string]int{}
	}
	last, ok := p.lastCloser[mark]
	if !ok {
		last = -1
		save := p.i
		for j := len(p.s) - len(mark); j >= 0; j-- {
			p.i = j
			if strings.HasPrefix(p.s[j:], mark) && p.closes(mark) {
				last = j
				break
			}
		}
		p.i = save
		p.lastCloser[mark] = last
	}
	return last > from
}

func (p *inlineParser) errorf(format string, args ...any) error {
	return &SyntaxError{p.line + strings.Count(p.s[:min(p.i, len(p.s))], "\n"), fmt.Sprintf(format, args...)}
}

// errUnclosed is the error of a span whose closing mark never came.
type errUnclosed struct{ mark string }

func (e errUnclosed) Error() string { return "unclosed " + markName(e.mark) }

// span parses the strong or emphasised text whose opening mark is at p.i.
// Without a closing mark it consumes nothing and ok is false: the mark is
// text, as in CommonMark.
func (p *inlineParser) span(mark string) (children []Inline, ok bool, err error) {
	save := p.i
	if p.unclosed[save] == mark || !p.canClose(mark, save+len(mark)-1) {
		return nil, false, nil
	}
	p.i += len(mark)
	children, err = p.parseUntil(mark)
	if u, isUnclosed := err.(errUnclosed); isUnclosed && u.mark == mark {
		if p.unclosed == nil {
			p.unclosed = map[int]string{}
		}
		p.unclosed[save] = mark
		p.i = save
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if p.i < len(p.s) && (p.s[p.i] == '*' || p.s[p.i] == '_') {
		return nil, false, p.errorf("%s right after emphasis or strong text: put text or a space between them", p.s[p.i:p.i+1])
	}
	return children, true, nil
}

// parseUntil reads inline elements until the closing mark close ("**",
// "*", "_") or, with close "", the end of the text.
func (p *inlineParser) parseUntil(close string) ([]Inline, error) {
	var out []Inline
	var text strings.Builder
	flushText := func() {
		if text.Len() > 0 {
			out = append(out, Inline{Kind: Text, Text: text.String()})
			text.Reset()
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		if close != "" && strings.HasPrefix(p.s[p.i:], close) && p.closes(close) {
			flushText()
			p.i += len(close)
			if len(out) == 0 {
				return nil, p.errorf("empty %s", markName(close))
			}
			return out, nil
		}
		switch {
		case c == '\\' && p.i+1 < len(p.s) && isASCIIPunct(p.s[p.i+1]):
			text.WriteByte(p.s[p.i+1])
			p.i += 2
		case c == '\n':
			flushText()
			out = append(out, Inline{Kind: SoftBreak})
			p.i++
		case c == '`':
			if strings.HasPrefix(p.s[p.i:], "``") {
				return nil, p.errorf("double backtick: code spans use one backtick on each side")
			}
			end := strings.IndexByte(p.s[p.i+1:], '`')
			if end < 0 {
				return nil, p.errorf("unclosed code span")
			}
			code := p.s[p.i+1 : p.i+1+end]
			if strings.TrimSpace(code) == "" {
				return nil, p.errorf("empty code span")
			}
			if strings.Contains(code, "\n") {
				// CommonMark reads the line break as a space, which the
				// rendered Markdown would then show at the span's edge.
				return nil, p.errorf("code span across lines: keep it on one line")
			}
			if strings.HasPrefix(code, " ") || strings.HasSuffix(code, " ") {
				return nil, p.errorf("code span starts or ends with a space")
			}
			flushText()
			out = append(out, Inline{Kind: Code, Text: strings.ReplaceAll(code, "\n", " ")})
			p.i += end + 2
		case strings.HasPrefix(p.s[p.i:], "**") && close != "**" && p.opens(2):
			children, ok, err := p.span("**")
			if err != nil {
				return nil, err
			}
			if !ok {
				text.WriteString("**")
				p.i += 2
				continue
			}
			flushText()
			out = append(out, Inline{Kind: Strong, Children: children})
		case (c == '*' || c == '_') && close != string(c) && p.opens(1):
			children, ok, err := p.span(string(c))
			if err != nil {
				return nil, err
			}
			if !ok {
				text.WriteByte(c)
				p.i++
				continue
			}
			flushText()
			out = append(out, Inline{Kind: Emphasis, Children: children})
		case c == '[':
			if l, ok, err := p.link(); err != nil {
				return nil, err
			} else if ok {
				flushText()
				out = append(out, l)
				continue
			}
			text.WriteByte(c)
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			text.WriteRune(r)
			p.i += size
		}
	}
	if close != "" {
		return nil, errUnclosed{close}
	}
	flushText()
	return out, nil
}

func markName(close string) string {
	switch close {
	case "**":
		return "strong text (**)"
	}
	return "emphasis (" + close + ")"
}

// opens reports whether the mark of n bytes at p.i opens emphasis or
// strong text: not preceded by a letter or digit, followed by a letter,
// digit, backtick or (for strong text) other text, not by a space.
func (p *inlineParser) opens(n int) bool {
	if p.i > 0 {
		r, _ := utf8.DecodeLastRuneInString(p.s[:p.i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || byte(r) == p.s[p.i] && !p.escapedBefore() {
			return false
		}
	}
	if p.i+n >= len(p.s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i+n:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '`'
}

// escapedBefore reports whether the byte before p.i is backslash-escaped
// (an odd run of backslashes precedes it).
func (p *inlineParser) escapedBefore() bool {
	n := 0
	for j := p.i - 2; j >= 0 && p.s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// closes reports whether the mark at p.i closes: preceded by something
// other than a space, not followed by a letter or digit.
func (p *inlineParser) closes(mark string) bool {
	if p.i == 0 {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(p.s[:p.i])
	if unicode.IsSpace(prev) {
		return false
	}
	if j := p.i + len(mark); j < len(p.s) {
		r, _ := utf8.DecodeRuneInString(p.s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// link parses "[text](url)" at p.i; ok is false (and nothing consumed)
// when the bracket does not start one.
func (p *inlineParser) link() (Inline, bool, error) {
	rest := p.s[p.i:]
	closeText := strings.Index(rest, "](")
	if closeText < 0 || strings.Contains(rest[:closeText], "\n\n") {
		return Inline{}, false, nil
	}
	endURL := strings.IndexByte(rest[closeText+2:], ')')
	if endURL < 0 {
		return Inline{}, false, p.errorf("unclosed link URL")
	}
	url := rest[closeText+2 : closeText+2+endURL]
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return Inline{}, false, p.errorf("link to %q: only http and https URLs", url)
	}
	if strings.ContainsAny(url, " \n<>\"'`") {
		return Inline{}, false, p.errorf("link URL %q with a space, quote, backtick or angle bracket", url)
	}
	inner := &inlineParser{s: rest[1:closeText], line: p.line + strings.Count(p.s[:p.i], "\n")}
	children, err := inner.parseUntil("")
	if err != nil {
		return Inline{}, false, err
	}
	if len(children) == 0 {
		return Inline{}, false, p.errorf("empty link text")
	}
	for _, c := range children {
		if c.Kind == Link {
			return Inline{}, false, p.errorf("link inside a link")
		}
	}
	p.i += closeText + 2 + endURL + 1
	return Inline{Kind: Link, URL: url, Children: children}, true, nil
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

// ParseOrText parses s, or, when s is outside the subset, returns it as one
// paragraph of text, so that a text from elsewhere (a rule of an older JSON
// report) still renders, escaped, in every target.
func ParseOrText(s string) *Doc {
	s = strings.TrimSpace(s)
	if d, err := Parse(s); err == nil {
		return d
	}
	if s == "" {
		return &Doc{}
	}
	return &Doc{Blocks: []Block{{Kind: Paragraph, Inline: []Inline{{Kind: Text, Text: strings.Join(strings.Fields(s), " ")}}}}}
}

// First returns a Doc of d's first block (its title paragraph).
func (d *Doc) First() *Doc {
	if len(d.Blocks) == 0 {
		return &Doc{}
	}
	return &Doc{Blocks: d.Blocks[:1]}
}
