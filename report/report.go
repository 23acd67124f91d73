// Package report renders findings. Reporters only render: they never run
// rules, read HARs or decide exit codes.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/rules"
)

// Run is everything a reporter renders: the results of one authlint run over
// one or more inputs, and the rules that ran.
type Run struct {
	Tool    string
	Version string
	Results []*rules.Result
	// Rules are the rules that were selected, for formats that describe them.
	Rules []*rules.Rule
	// FailOn is the threshold at or above which findings fail the run; 0
	// means none does.
	FailOn rules.Severity
	// Warnings are problems with the run itself that are not findings, such
	// as config ignores that matched nothing.
	Warnings []string
}

// A Reporter writes a Run in one format.
type Reporter interface {
	Report(w io.Writer, run *Run) error
}

// Options tune reporters that write for people.
type Options struct {
	// Color enables ANSI colour (only for terminals without NO_COLOR).
	Color bool
	// Verbose lists every rule that was not evaluated (text, short,
	// markdown, github); by default they print one line per input.
	Verbose bool
}

// Formats lists the format names ByName accepts.
func Formats() []string {
	return []string{"github", "html", "json", "junit", "markdown", "sarif", "short", "text"}
}

// ByName returns the reporter for a --format name. Every reporter it
// returns renders through the redaction policy (see Redacted), so a format
// added here is redacted like the others without doing anything itself.
func ByName(name string, opts Options) (Reporter, error) {
	r, err := byName(name, opts)
	if err != nil {
		return nil, err
	}
	return Redacted(r), nil
}

// Redacted returns a reporter that passes the run through the redaction
// policy of each of its results (rules.Result.Redact: every finding and
// reason; and the run's warnings) before r renders it. The policy is
// idempotent, so findings already redacted by the engine stay the same.
func Redacted(r Reporter) Reporter { return redacted{r} }

type redacted struct{ r Reporter }

func (x redacted) Report(w io.Writer, run *Run) error {
	for _, res := range run.Results {
		res.Redact()
	}
	if len(run.Warnings) > 0 {
		c := *run
		c.Warnings = make([]string, len(run.Warnings))
		for i, s := range run.Warnings {
			for _, res := range run.Results {
				s = res.RedactText(s)
			}
			if len(run.Results) == 0 {
				s = (&rules.Result{}).RedactText(s)
			}
			c.Warnings[i] = s
		}
		run = &c
	}
	return x.r.Report(w, run)
}

func byName(name string, opts Options) (Reporter, error) {
	switch name {
	case "text":
		return &Text{Color: opts.Color, Verbose: opts.Verbose}, nil
	case "json":
		return &JSON{}, nil
	case "short":
		return &Short{Verbose: opts.Verbose}, nil
	case "sarif":
		return &SARIF{}, nil
	case "junit":
		return &JUnit{}, nil
	case "markdown":
		return &Markdown{Verbose: opts.Verbose}, nil
	case "github":
		return &GitHub{Verbose: opts.Verbose}, nil
	case "html":
		return &HTML{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Formats(), ", "))
}

// Findings returns every finding of the run, in report order.
func (r *Run) Findings() []rules.Finding {
	var out []rules.Finding
	for _, res := range r.Results {
		out = append(out, res.Findings...)
	}
	return out
}

// Failing returns how many findings are at or above FailOn (none when
// FailOn is 0): the findings that make the run exit 1. It is the count
// Summary reports.
func (r *Run) Failing() int { return r.Summary().Failing }

// leftOutNote says in one line what the analysis left out as not about the
// app, and how to include it; "" when nothing was left out.
func leftOutNote(res *rules.Result) string {
	lo := res.LeftOut
	if lo == nil || lo.Findings == 0 {
		return ""
	}
	app := ""
	if n := len(res.AppSites); n > 0 {
		shown := res.AppSites[:min(n, 3)]
		app = " (the app: " + strings.Join(shown, ", ")
		if n > len(shown) {
			app += fmt.Sprintf(" and %d more", n-len(shown))
		}
		app += ")"
	}
	return fmt.Sprintf("left out %s about %s on %s other than the app's%s; include them with --third-party or \"third-party: true\" in .authlint.yaml",
		english.Count(lo.Findings, "finding", "findings"), english.Count(lo.Responses, "response", "responses"), english.Count(lo.Sites, "site", "sites"), app)
}
