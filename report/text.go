package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fatih/color"

	"github.com/authlint/authlint/rules"
)

// Text writes a report for people: per input, findings grouped by severity
// (most severe first), each with its entries, evidence, why and fix, then
// what could not be evaluated, then a one-line summary.
type Text struct {
	// Color enables ANSI colour.
	Color bool
	// Verbose lists every rule that was not evaluated, not only the one
	// line per input that says how many and why.
	Verbose bool
}

var _ Reporter = (*Text)(nil)

type palette struct {
	sev          map[rules.Severity]*color.Color
	bold, faint  *color.Color
	label, green *color.Color
}

func newPalette(on bool) *palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &palette{
		sev: map[rules.Severity]*color.Color{
			rules.Critical: mk(color.FgHiWhite, color.BgRed, color.Bold),
			rules.High:     mk(color.FgRed, color.Bold),
			rules.Medium:   mk(color.FgYellow, color.Bold),
			rules.Low:      mk(color.FgCyan),
			rules.Info:     mk(color.FgBlue),
		},
		bold:  mk(color.Bold),
		faint: mk(color.Faint),
		label: mk(color.FgMagenta),
		green: mk(color.FgGreen),
	}
}

// Report writes run.
func (t *Text) Report(w io.Writer, run *Run) error {
	p := newPalette(t.Color)
	bw := bufio.NewWriter(w)
	for i, res := range run.Results {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		t.input(bw, p, res)
	}
	counts := run.Counts()
	total := len(run.Findings())
	summary := plural(total, "finding", "findings")
	if total > 0 {
		summary += " (" + countsText(counts) + ")"
	}
	summary += " in " + plural(len(run.Results), "input", "inputs")
	if ne := notEvaluatedCount(run); ne > 0 {
		summary += ", " + plural(ne, "rule", "rules") + " not evaluated"
	}
	ignored, baselined := 0, 0
	for _, r := range run.Results {
		ignored += r.Ignored
		baselined += r.Baselined
	}
	if ignored > 0 {
		summary += fmt.Sprintf(", %d ignored by config", ignored)
	}
	if baselined > 0 {
		summary += fmt.Sprintf(", %d in the baseline", baselined)
	}
	if run.FailOn != 0 {
		failing := run.Failing()
		if failing > 0 {
			summary += fmt.Sprintf("; %d at or above %s: failing", failing, run.FailOn)
		} else {
			summary += fmt.Sprintf("; none at or above %s", run.FailOn)
		}
	}
	if len(run.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, w := range run.Warnings {
			fmt.Fprintln(bw, p.sev[rules.Medium].Sprint("warning: ")+w)
		}
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, p.bold.Sprint(summary))
	return bw.Flush()
}

func notEvaluatedCount(run *Run) int {
	n := 0
	for _, r := range run.Results {
		n += len(r.NotEvaluated)
	}
	return n
}

func (t *Text) input(w io.Writer, p *palette, res *rules.Result) {
	head := res.File + ": " + plural(res.Entries, "entry", "entries")
	if res.Creator != "" {
		head += " (" + res.Creator + ")"
	}
	fmt.Fprintln(w, p.bold.Sprint(head))
	if res.Cut != nil {
		fmt.Fprintln(w, p.sev[rules.High].Sprint("input cut short: ")+res.Cut.Error())
		fmt.Fprintf(w, "  only the %s before that point were analysed\n", plural(res.Cut.Entries, "complete entry", "complete entries"))
	}
	textFlows(w, p, res)
	if len(res.Findings) == 0 {
		fmt.Fprintln(w, p.green.Sprint("no findings"))
	}
	for _, sev := range []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info} {
		for _, f := range res.Findings {
			if f.Severity == sev {
				fmt.Fprintln(w)
				t.finding(w, p, f)
			}
		}
	}
	if note := leftOutNote(res); note != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, note)
	}
	if line := notEvaluatedLine(res); line != "" {
		fmt.Fprintln(w)
		hint := ""
		if !t.Verbose && len(res.NotEvaluated) > 1 {
			hint = p.faint.Sprint(" (--verbose lists them)")
		}
		fmt.Fprintf(w, "%s %s%s\n", p.bold.Sprint("not evaluated:"), line, hint)
		if t.Verbose && len(res.NotEvaluated) > 1 {
			for _, ne := range res.NotEvaluated {
				fmt.Fprintf(w, "  %s\n", notEvaluatedRule(ne))
			}
		}
	}
	if line := cookieArraysLine(res); line != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s %s\n", p.bold.Sprint("note:"), line)
	}
}

func (t *Text) finding(w io.Writer, p *palette, f rules.Finding) {
	sev := p.sev[f.Severity].Sprint(strings.ToUpper(f.Severity.String()))
	confirmed := ""
	if f.Confirmed {
		confirmed = " " + p.sev[rules.Critical].Sprint("CONFIRMED BY PROBE")
	}
	fmt.Fprintf(w, "%s %s %s%s\n", sev, p.bold.Sprint(f.Rule), p.faint.Sprint("("+f.Title+")"), confirmed)
	fmt.Fprintf(w, "  %s\n", f.Message)
	for _, e := range f.Entries {
		fmt.Fprintf(w, "  %s\n", entryLine(e))
		for _, ev := range f.Evidence {
			if ev.Entry == e.Index {
				fmt.Fprintf(w, "      %s %s: %s\n", p.faint.Sprint(ev.Where), ev.Name, ev.Value)
			}
		}
	}
	if f.EvidenceOmitted > 0 {
		fmt.Fprintf(w, "      %s\n", p.faint.Sprintf("and %d more evidence lines", f.EvidenceOmitted))
	}
	if f.Occurrences > len(f.Entries) {
		fmt.Fprintf(w, "  %s\n", p.faint.Sprint(moreOccurrences(f)))
	}
	if f.Why != "" {
		fmt.Fprintf(w, "  %s %s\n", p.label.Sprint("why:"), f.Why)
	}
	if f.Fix.Message != "" {
		fmt.Fprintf(w, "  %s %s\n", p.label.Sprint("fix:"), f.Fix.Message)
		for _, h := range f.Fix.Headers {
			switch h.Op {
			case "remove":
				fmt.Fprintf(w, "       remove header %s\n", h.Name)
			default:
				fmt.Fprintf(w, "       %s %s: %s\n", h.Op, h.Name, h.Value)
			}
		}
		if f.Fix.Reference != "" {
			fmt.Fprintf(w, "       %s\n", p.faint.Sprint("see "+f.Fix.Reference))
		}
	}
	if f.ReliesOn != "" {
		fmt.Fprintf(w, "  %s %s\n", p.label.Sprint("relies on:"), f.ReliesOn)
	}
}

// entryLine renders "entry 3 [+1.204s, 2024-05-01T10:00:01.204Z] GET <url> -> 200 (role)".
func entryLine(e rules.EntryRef) string {
	var b strings.Builder
	fmt.Fprintf(&b, "entry %d", e.Index)
	if !e.Started.IsZero() {
		fmt.Fprintf(&b, " [+%s, %s]", seconds(e.OffsetMS), e.Started.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	fmt.Fprintf(&b, " %s %s", e.Method, e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, " -> %d", e.Status)
	} else {
		b.WriteString(" -> no response")
	}
	if e.Role != "" {
		fmt.Fprintf(&b, " (%s)", e.Role)
	}
	return b.String()
}

// seconds renders milliseconds as "1.204s".
func seconds(ms float64) string {
	d := time.Duration(ms * float64(time.Millisecond))
	return fmt.Sprintf("%.3fs", d.Seconds())
}

// moreOccurrences says how many occurrences a finding has beyond the entries
// it lists, and on which route they are.
func moreOccurrences(f rules.Finding) string {
	s := fmt.Sprintf("and %d more occurrences", f.Occurrences-len(f.Entries))
	if f.Route != "" {
		s += " on " + f.Route
	}
	return s
}
