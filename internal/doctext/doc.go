// Package doctext parses the texts of authlint's rules (Rule.Doc, Rule.Fix
// and the fix messages findings carry) and renders them to the terminal,
// to Markdown (docs/rules.md, SARIF help) and to HTML (the HTML report).
//
// The texts are Go strings written in a small subset of Markdown, so that a
// rule reads the same in its source as in docs/rules.md:
//
//   - Paragraphs, separated by blank lines. Line breaks inside a paragraph
//     are soft: renderers re-wrap the text.
//   - Bullet lists: a line starting with "- " begins an item; its
//     continuation lines are indented by two spaces. Ordered lists are the
//     same with "1. ", "2. ", ... and an indent of the marker's width.
//     Lists do not nest.
//   - Inline: `code` (one backtick on each side, not empty, on one line), **strong**,
//     *emphasis* or _emphasis_ (the opening mark is followed by a letter,
//     digit or backtick and not preceded by one, so form_post and *.localhost
//     stay text), and links [text](https://...) to http or https URLs.
//   - A backslash before ASCII punctuation makes it literal: \* \_ \`.
//
// Everything else is text: "<", "&", "[" without "](", a "*" or "_" that
// does not open emphasis or whose emphasis never closes (__Secure-, a
// path "/api/auth/*"). Parse rejects what would change meaning in Markdown
// but is outside the subset (headings, quotes, code blocks, tables, nested
// or unindented list continuations, "* " or "+ " bullets, unclosed or empty
// code spans, links to other than http(s) URLs), so a text that parses
// renders the same in all three targets: the Markdown renderer escapes
// every character that is text here but markup there.
//
// The model is staticcheck's lint.Documentation (analysis/lint/lint.go in
// dominikh/go-tools), which keeps one source text and compiles it to plain
// text and Markdown; doctext parses into a tree instead of replacing
// markers, so that HTML can be rendered safely and the terminal text wrapped.
package doctext
