package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/rules"
)

// HTML writes one self-contained HTML page for people: a summary, the
// sign-ins of each input (#flow), the findings, a timeline of every entry
// (#timeline) and the details of the entries. Style and script are inline,
// nothing is loaded from anywhere, and a Content-Security-Policy forbids it.
// The ids and data-* attributes it writes are documented in docs/formats.md.
//
// The timeline and the entry details need Result.Timeline, which the engine
// records only with rules.Options.Timeline; without it the page says so.
// Every value comes from the engine already redacted.
type HTML struct{}

var _ Reporter = (*HTML)(nil)

var (
	//go:embed html.tmpl
	htmlTemplate string
	//go:embed html.css
	htmlStyle string
	//go:embed html.js
	htmlScript string
)

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":     func(v float64) string { return fmt.Sprintf("%.3f%%", v) },
	"seconds": seconds,
	"join":    strings.Join,
	"utc":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).Parse(htmlTemplate))

// htmlCSP is the page's Content-Security-Policy: nothing may be fetched;
// only the inline style and the one inline script (by hash) run, and images
// only from data: URLs.
func htmlCSP() string {
	sum := sha256.Sum256([]byte(htmlScript))
	return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}

// Report writes run.
func (h *HTML) Report(w io.Writer, run *Run) error {
	return htmlPage.Execute(w, newHTMLView(run))
}

// htmlView is what the template renders.
type htmlView struct {
	Tool, Version string
	CSP           string
	Style         template.CSS
	Script        template.JS
	Inputs        []*htmlInput
	// Verdict is the run's one-line summary; Rules, Severities and Sites
	// fill the filters.
	Verdict    string
	Failing    bool
	Warnings   []string
	Rules      []string
	Severities []string
	Sites      []string
	// RuleDocs document the rules that reported, in Rules order.
	RuleDocs []htmlRuleDoc
}

// htmlRuleDoc is a rule's documentation, rendered from its Doc and Fix
// (internal/doctext escapes every piece of text).
type htmlRuleDoc struct {
	ID, Title string
	Doc, Fix  template.HTML
}

type htmlInput struct {
	N int
	*InputSummary
	Problems     []htmlProblem
	Fixes        []htmlFix
	Findings     []*htmlFinding
	Flows        []htmlFlow
	Timeline     *htmlTimeline
	Details      []*htmlDetail
	NotEvaluated []rules.NotEvaluated
}

// htmlProblem is one problem of the summary and the finding it links to.
type htmlProblem struct {
	Problem
	Finding *htmlFinding
}

// htmlFix is one fix of the summary and the problems it fixes, as text
// ("problems 1, 2").
type htmlFix struct {
	Message  string
	Problems string
}

type htmlFinding struct {
	rules.Finding
	ID       string
	Sev      string
	Site     string
	Entries  []htmlEntryRef
	Evidence []rules.Evidence // evidence about entries not listed
	More     int
}

type htmlEntryRef struct {
	rules.EntryRef
	Link     string // "#entry-<input>-<index>"
	Evidence []rules.Evidence
}

type htmlFlow struct {
	N        int
	Headline string
	Outcome  string
	Steps    []htmlStep
	More     int
}

type htmlStep struct {
	rules.FlowStep
	N        int
	Link     string
	Short    string
	Broke    bool
	Findings []*htmlFinding
}

type htmlTimeline struct {
	EndMS   float64
	Ticks   []htmlTick
	Groups  []*htmlGroup
	Lanes   []htmlLane
	Races   []htmlRace
	Expiry  []htmlMark
	Off     []htmlMark // expiries before the first entry or after the last
	Dropped int
}

type htmlTick struct {
	Left  float64
	Label string
}

type htmlGroup struct {
	Kind  string // "app", "identity-provider", "third-party"
	Title string
	Sites []string
	Rows  []htmlRow
}

type htmlRow struct {
	rules.TimelineEntry
	Label       string
	Link        string
	Left, Width float64
}

type htmlLane struct {
	Cookie   string
	Versions []htmlVersion
}

type htmlVersion struct {
	Fingerprint string
	From, To    int // entry indexes; To is -1 when nothing replaced it
	Left, Width float64
	Before      bool // sent before any response in the HAR set it
}

type htmlRace struct {
	Finding string // anchor of the finding
	Message string
	Bars    []htmlRow
}

type htmlMark struct {
	Left  float64
	Label string
	Entry int
}

type htmlDetail struct {
	Index      int
	ID         string
	Entry      *rules.TimelineEntry
	Detail     *rules.EntryDetail
	Referenced bool
	Why        string // why there is no detail
}

func newHTMLView(run *Run) *htmlView {
	v := &htmlView{Tool: run.Tool, Version: run.Version, CSP: htmlCSP(), Style: template.CSS(htmlStyle), Script: template.JS(htmlScript), Warnings: run.Warnings}
	if v.Tool == "" {
		v.Tool = "authlint"
	}
	sum := run.Summary()
	h := sum.Headline()
	v.Verdict, v.Failing = h.String(), h.Failing
	for _, s := range slices.Backward(rules.Severities()) {
		v.Severities = append(v.Severities, s.String())
	}
	for i, res := range run.Results {
		in := newHTMLInput(i+1, res, sum.Inputs[i])
		v.Inputs = append(v.Inputs, in)
		for _, f := range in.Findings {
			v.Rules = append(v.Rules, f.Rule)
			if f.Site != "" {
				v.Sites = append(v.Sites, f.Site)
			}
		}
		if in.Timeline != nil {
			for _, g := range in.Timeline.Groups {
				v.Sites = append(v.Sites, g.Sites...)
			}
		}
	}
	slices.Sort(v.Rules)
	v.Rules = slices.Compact(v.Rules)
	for _, id := range v.Rules {
		if r := ruleOf(run, id); r != nil {
			v.RuleDocs = append(v.RuleDocs, htmlRuleDoc{ID: r.ID, Title: r.Title, Doc: r.DocText().HTML(), Fix: r.FixText().HTML()})
		}
	}
	slices.Sort(v.Sites)
	v.Sites = slices.Compact(v.Sites)
	return v
}

func newHTMLInput(n int, res *rules.Result, sum *InputSummary) *htmlInput {
	in := &htmlInput{N: n, InputSummary: sum, NotEvaluated: res.NotEvaluated}
	link := func(i int) string { return fmt.Sprintf("#entry-%d-%d", n, i) }
	tl := res.Timeline
	sites := map[int]string{}
	if tl != nil {
		for _, e := range tl.Entries {
			sites[e.Index] = e.Site
		}
	}
	referenced := map[int]bool{}
	for i, f := range res.Findings {
		hf := &htmlFinding{Finding: f, ID: fmt.Sprintf("finding-%d-%d", n, i), Sev: f.Severity.String(), More: max(f.Occurrences-len(f.Entries), 0)}
		listed := map[int]bool{}
		for _, e := range f.Entries {
			listed[e.Index] = true
			referenced[e.Index] = true
			r := htmlEntryRef{EntryRef: e, Link: link(e.Index)}
			for _, ev := range f.Evidence {
				if ev.Entry == e.Index {
					r.Evidence = append(r.Evidence, ev)
				}
			}
			hf.Entries = append(hf.Entries, r)
		}
		for _, ev := range f.Evidence {
			if !listed[ev.Entry] {
				hf.Evidence = append(hf.Evidence, ev)
			}
		}
		if len(f.Entries) > 0 {
			hf.Site = sites[f.Entries[0].Index]
			if hf.Site == "" {
				hf.Site = hostOf(f.Entries[0].URL)
			}
		}
		in.Findings = append(in.Findings, hf)
	}
	// The findings section lists them in summary order: most severe first.
	ordered := make([]*htmlFinding, 0, len(in.Findings))
	for _, p := range sum.Problems {
		in.Problems = append(in.Problems, htmlProblem{Problem: p, Finding: in.Findings[p.Finding]})
		ordered = append(ordered, in.Findings[p.Finding])
	}
	in.Findings = ordered
	for _, f := range sum.Fixes {
		in.Fixes = append(in.Fixes, htmlFix{Message: f.Message, Problems: problemsText(f.Problems)})
	}
	for i, f := range res.Flows {
		hf := htmlFlow{N: i + 1, Headline: sum.Flows[i], Outcome: f.Outcome, More: f.Truncated}
		for j, s := range f.Steps {
			referenced[s.Entry.Index] = true
			st := htmlStep{FlowStep: s, N: j, Link: link(s.Entry.Index), Short: shortURL(s.Entry.URL), Broke: j == f.BrokeAt}
			if st.Broke {
				for _, hfd := range in.Findings {
					if len(hfd.Entries) > 0 && hfd.Entries[0].Index == s.Entry.Index {
						st.Findings = append(st.Findings, hfd)
					}
				}
			}
			hf.Steps = append(hf.Steps, st)
		}
		in.Flows = append(in.Flows, hf)
	}
	if tl != nil {
		in.Timeline = newHTMLTimeline(n, res, in.Findings)
	}
	in.Details = htmlDetails(n, res, referenced)
	return in
}

// ruleOf returns the rule a run describes under id, else the built-in rule,
// else nil.
func ruleOf(run *Run, id string) *rules.Rule {
	for _, r := range run.Rules {
		if r.ID == id {
			return r
		}
	}
	if r, ok := rules.ByID(id); ok {
		return r
	}
	return nil
}

// htmlDetails lists the entry details to write: every detail the timeline
// kept, and a note for each referenced entry without one.
func htmlDetails(n int, res *rules.Result, referenced map[int]bool) []*htmlDetail {
	var out []*htmlDetail
	seen := map[int]bool{}
	if tl := res.Timeline; tl != nil {
		for i := range tl.Entries {
			e := &tl.Entries[i]
			d := tl.Details[e.Index]
			if d == nil && !referenced[e.Index] {
				continue
			}
			seen[e.Index] = true
			hd := &htmlDetail{Index: e.Index, ID: fmt.Sprintf("entry-%d-%d", n, e.Index), Entry: e, Detail: d, Referenced: referenced[e.Index]}
			if d == nil {
				hd.Why = fmt.Sprintf("the headers of this entry were not kept: the report keeps them for the first %d entries and for later ones that findings or sign-ins name", rules.MaxTimelineDetails)
			}
			out = append(out, hd)
		}
	}
	var rest []int
	for i := range referenced {
		if !seen[i] {
			rest = append(rest, i)
		}
	}
	slices.Sort(rest)
	for _, i := range rest {
		why := "the entry details were not recorded (the report was written without the timeline)"
		if res.Timeline != nil {
			why = fmt.Sprintf("the entry is past the first %d entries the timeline records", rules.MaxTimelineEntries)
		}
		out = append(out, &htmlDetail{Index: i, ID: fmt.Sprintf("entry-%d-%d", n, i), Referenced: true, Why: why})
	}
	return out
}

// newHTMLTimeline lays out the entries of res over time, grouped by site:
// the app's sites, the identity providers of its sign-ins, then every other
// site folded together.
func newHTMLTimeline(n int, res *rules.Result, findings []*htmlFinding) *htmlTimeline {
	tl := res.Timeline
	t := &htmlTimeline{EndMS: tl.EndMS, Dropped: tl.Dropped}
	pos := func(ms float64) float64 {
		if tl.EndMS <= 0 {
			return 0
		}
		return min(max(ms/tl.EndMS*100, 0), 100)
	}
	for i := range 5 {
		t.Ticks = append(t.Ticks, htmlTick{Left: float64(i) * 25, Label: "+" + seconds(tl.EndMS*float64(i)/4)})
	}
	app := map[string]bool{}
	for _, s := range res.AppSites {
		app[s] = true
	}
	idp := map[string]bool{}
	for _, f := range res.Flows {
		if f.Provider != "" {
			idp[hostSite(f.Provider, tl)] = true
		}
	}
	groups := map[string]*htmlGroup{}
	var order []string
	row := func(e rules.TimelineEntry) htmlRow {
		label := fmt.Sprintf("%d %s %s", e.Index, e.Method, shortURL(e.URL))
		return htmlRow{TimelineEntry: e, Label: label, Link: fmt.Sprintf("#entry-%d-%d", n, e.Index),
			Left: pos(e.OffsetMS), Width: pos(e.OffsetMS+e.DurationMS) - pos(e.OffsetMS)}
	}
	for _, e := range tl.Entries {
		key, kind, title := "~third-party", "third-party", "other sites"
		switch {
		case app[e.Site]:
			key, kind, title = "0 "+e.Site, "app", e.Site
		case idp[e.Site]:
			key, kind, title = "1 "+e.Site, "identity-provider", e.Site+" (identity provider)"
		}
		g := groups[key]
		if g == nil {
			g = &htmlGroup{Kind: kind, Title: title}
			groups[key] = g
			order = append(order, key)
		}
		if !slices.Contains(g.Sites, e.Site) {
			g.Sites = append(g.Sites, e.Site)
		}
		g.Rows = append(g.Rows, row(e))
	}
	slices.Sort(order)
	for _, k := range order {
		t.Groups = append(t.Groups, groups[k])
	}
	t.Lanes, t.Expiry, t.Off = cookieLanes(tl, pos)
	byIndex := map[int]rules.TimelineEntry{}
	for _, e := range tl.Entries {
		byIndex[e.Index] = e
	}
	for _, f := range findings {
		if f.Rule != "session-cookie-race" {
			continue
		}
		r := htmlRace{Finding: "#" + f.ID, Message: f.Message}
		for _, ref := range f.Entries {
			e, ok := byIndex[ref.Index]
			if !ok {
				continue
			}
			b := row(e)
			if ref.Role != "" {
				b.Label += " (" + ref.Role + ")"
			}
			r.Bars = append(r.Bars, b)
		}
		t.Races = append(t.Races, r)
	}
	return t
}

// cookieLanes draws each session cookie's values over time: a value lasts
// from the response that set it to the one that replaced or deleted it. A
// value the browser sent before any response set it started before the HAR.
// It also returns the cookie and token expiries: the marks on the axis, and
// those before or after it (an expired token a request still sent is
// before it), once per cookie value.
func cookieLanes(tl *rules.Timeline, pos func(float64) float64) (lanes []htmlLane, marks, off []htmlMark) {
	type open struct {
		v     htmlVersion
		start float64
	}
	cur := map[string]*open{}
	versions := map[string][]htmlVersion{}
	var names []string
	closeAt := func(name string, at float64, by int) {
		o := cur[name]
		if o == nil {
			return
		}
		o.v.To = by
		o.v.Left, o.v.Width = pos(o.start), max(pos(at)-pos(o.start), 0)
		versions[name] = append(versions[name], o.v)
		delete(cur, name)
	}
	seen := func(name string) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	marked := map[string]bool{}
	mark := func(entry int, c rules.CookieVersion, what string, at *float64) {
		k := c.Name + "\x00" + c.Fingerprint + "\x00" + what
		if at == nil || marked[k] {
			return
		}
		marked[k] = true
		mk := htmlMark{Left: pos(*at), Label: fmt.Sprintf("%s %s (%s) at %s", c.Name, what, c.Fingerprint, signedSeconds(*at)), Entry: entry}
		switch {
		case *at > tl.EndMS:
			mk.Label += " (after the last entry)"
			off = append(off, mk)
		case *at < 0:
			mk.Label += " (before the first entry)"
			off = append(off, mk)
		default:
			marks = append(marks, mk)
		}
	}
	for _, e := range tl.Entries {
		for _, c := range e.SessionSent {
			seen(c.Name)
			if cur[c.Name] == nil && len(versions[c.Name]) == 0 && c.Fingerprint != "" {
				cur[c.Name] = &open{v: htmlVersion{Fingerprint: c.Fingerprint, From: -1, Before: true}}
			}
		}
		end := e.OffsetMS + e.DurationMS
		for _, c := range e.SessionSet {
			seen(c.Name)
			closeAt(c.Name, end, e.Index)
			if !c.Deleted {
				cur[c.Name] = &open{v: htmlVersion{Fingerprint: c.Fingerprint, From: e.Index}, start: end}
			}
			mark(e.Index, c, "cookie expires", c.ExpiresMS)
			mark(e.Index, c, "token exp", c.TokenExpMS)
		}
		for _, c := range e.SessionSent {
			mark(e.Index, c, "token exp", c.TokenExpMS)
		}
	}
	for _, name := range names {
		closeAt(name, tl.EndMS, -1)
		if len(versions[name]) > 0 {
			lanes = append(lanes, htmlLane{Cookie: name, Versions: versions[name]})
		}
	}
	return lanes, marks, off
}

// signedSeconds renders an offset from the first entry: "+1.204s", "-3600.000s".
func signedSeconds(ms float64) string {
	if ms < 0 {
		return "-" + seconds(-ms)
	}
	return "+" + seconds(ms)
}

// hostSite returns the site the timeline gives host, or host itself.
func hostSite(host string, tl *rules.Timeline) string {
	for _, e := range tl.Entries {
		if e.Host == host {
			return e.Site
		}
	}
	return host
}

// hostOf returns the host of a URL, "" when it does not parse.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
