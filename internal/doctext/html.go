package doctext

import (
	"fmt"
	"html/template"
	"strings"
)

// HTML renders d as an HTML fragment: <p>, <ul>/<ol> with <li>, <code>,
// <strong>, <em> and <a href rel="noreferrer noopener"> to the http(s)
// URL the text gave. Every piece of text is escaped, so the fragment is
// safe to put in an html/template page as it is.
func (d *Doc) HTML() template.HTML {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.Kind {
		case Paragraph:
			b.WriteString("<p>")
			htmlInline(&b, bl.Inline)
			b.WriteString("</p>")
		default:
			tag := "ul"
			if bl.Kind == OrderedList {
				tag = "ol"
			}
			if bl.Kind == OrderedList && bl.Start != 1 {
				fmt.Fprintf(&b, "<ol start=\"%d\">", bl.Start)
			} else {
				b.WriteString("<" + tag + ">")
			}
			for _, item := range bl.Items {
				b.WriteString("<li>")
				htmlInline(&b, item)
				b.WriteString("</li>")
			}
			b.WriteString("</" + tag + ">")
		}
	}
	return template.HTML(b.String())
}

func htmlInline(b *strings.Builder, in []Inline) {
	for _, x := range in {
		switch x.Kind {
		case Text:
			b.WriteString(template.HTMLEscapeString(x.Text))
		case SoftBreak:
			b.WriteString("\n")
		case Code:
			b.WriteString("<code>" + template.HTMLEscapeString(x.Text) + "</code>")
		case Strong:
			b.WriteString("<strong>")
			htmlInline(b, x.Children)
			b.WriteString("</strong>")
		case Emphasis:
			b.WriteString("<em>")
			htmlInline(b, x.Children)
			b.WriteString("</em>")
		case Link:
			// Parse admits only http and https URLs without quotes or
			// spaces; escaping keeps the attribute closed whatever it holds.
			href := x.URL
			if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
				href = "#"
			}
			b.WriteString(`<a href="` + template.HTMLEscapeString(href) + `" rel="noreferrer noopener">`)
			htmlInline(b, x.Children)
			b.WriteString("</a>")
		}
	}
}
