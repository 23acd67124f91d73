package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fatih/color"

	"github.com/authlint/authlint/internal/english"
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
	sum := run.Summary()
	for i, in := range sum.Inputs {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		t.input(bw, p, run.Results[i], in)
	}
	if len(sum.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, w := range sum.Warnings {
			fmt.Fprintln(bw, p.sev[rules.Medium].Sprint("warning: ")+w)
		}
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, p.bold.Sprint(sum.Headline().String()))
	return bw.Flush()
}

func (t *Text) input(w io.Writer, p *palette, res *rules.Result, in *InputSummary) {
	head := in.File + ": " + english.Count(in.Entries, "entry", "entries")
	if in.Creator != "" {
		head += " (" + in.Creator + ")"
	}
	fmt.Fprintln(w, p.bold.Sprint(head))
	if in.CutNote != "" {
		fmt.Fprintln(w, p.sev[rules.High].Sprint("input cut short: ")+in.CutNote)
	}
	textFlows(w, p, res, in)
	if len(in.Problems) == 0 {
		fmt.Fprintln(w, p.green.Sprint("no findings"))
	}
	for _, pr := range in.Problems {
		fmt.Fprintln(w)
		t.finding(w, p, res.Findings[pr.Finding])
	}
	if in.NotEvaluated != "" {
		fmt.Fprintln(w)
		hint := ""
		if !t.Verbose && len(in.NotEvaluatedRules) > 0 {
			hint = p.faint.Sprint(" (--verbose lists them)")
		}
		fmt.Fprintf(w, "%s %s%s\n", p.bold.Sprint("not evaluated:"), in.NotEvaluated, hint)
		if t.Verbose {
			for _, line := range in.NotEvaluatedRules {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
	}
	if in.LeftOut != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, in.LeftOut)
	}
	if in.CookieArrays != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s %s\n", p.bold.Sprint("note:"), in.CookieArrays)
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
			fmt.Fprintf(w, "       %s\n", h)
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
