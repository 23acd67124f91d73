package rules

import (
	"strings"

	"github.com/authlint/authlint/internal/doctext"
)

// Category groups rules in the catalogue and the docs.
type Category string

// Categories.
const (
	CategoryCache   Category = "cache"   // an edge or shared cache stores or replays what it must not
	CategorySession Category = "session" // session cookies and tokens: attributes, sizes, expiry, races
	CategoryConfig  Category = "config"  // auth configuration: redirect URIs, tokens in URLs
)

// Needs names the data in a HAR that a rule cannot work without. When an
// input lacks it (a sanitized export has no Cookie or Set-Cookie headers), the
// rule is listed as not evaluated, with the reason, instead of passing
// silently.
type Needs uint

// The data a rule may need.
const (
	NeedsRequestCookies Needs = 1 << iota // Cookie request headers
	NeedsSetCookie                        // Set-Cookie response headers
	NeedsCookieValues                     // cookie values not replaced by a sanitizer
	NeedsCredentials                      // Cookie or Authorization request headers (either will do)
)

// A Rule is one check plus the metadata that documents it.
type Rule struct {
	// ID is kebab-case and never renamed: it is API (config, baselines, SARIF).
	ID       string
	Category Category
	// Severity is the default and the highest severity the rule reports;
	// findings may be lower when the evidence is weaker.
	Severity Severity
	// Title is a lower-case phrase without a final period, at most 60 characters.
	Title string
	// Doc says what the rule looks for, why it breaks login, and when it
	// stays silent. It is written in the Markdown subset of
	// internal/doctext (paragraphs, "- " lists, `code`, **strong**,
	// *emphasis*, [links](https://...)), which renders to the terminal
	// (explain), docs/rules.md, SARIF and the HTML report; see DocText.
	Doc string
	// Fix is the generic advice for the docs, in the same subset; findings
	// carry a concrete fix for the CDN and library involved.
	Fix string
	// Since is the release that added the rule.
	Since string
	// Needs lists the HAR data the rule cannot work without (all of them).
	Needs Needs

	// Check inspects one exchange. The engine calls it for every entry in
	// file order. Rules that compare exchanges set Start instead.
	Check func(p *Pass, x *Exchange)
	// Start returns a fresh checker for one input, for rules that keep state
	// across entries (in small summaries, never whole entries).
	Start func(p *Pass) Checker
}

// A Checker is the per-input state of a rule that looks across entries.
type Checker interface {
	// Visit sees every exchange in file order.
	Visit(p *Pass, x *Exchange)
	// Finish is called once after the last exchange.
	Finish(p *Pass)
}

// DocTitle returns the first line of the rule's Doc.
func (r *Rule) DocTitle() string {
	line, _, _ := strings.Cut(r.Doc, "\n")
	return line
}

// DocText returns the rule's Doc parsed (TestRuleTextsParse keeps every
// registered rule's Doc in the subset; a text outside it is one paragraph
// of text).
func (r *Rule) DocText() *doctext.Doc { return doctext.ParseOrText(r.Doc) }

// FixText returns the rule's Fix parsed, as DocText does.
func (r *Rule) FixText() *doctext.Doc { return doctext.ParseOrText(r.Fix) }
