package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/rules"
)

// Summary is what every report says about a run as a whole and about each
// input, computed once by Run.Summary so that the formats cannot disagree:
// the one-line headline, the counts per severity, the verdict sentence per
// problem, the fixes, and the notes on what each input left out. Reporters
// render it; none of them counts or phrases these parts itself.
type Summary struct {
	// Findings, Entries and NotEvaluated are totals over the inputs.
	Findings, Entries, NotEvaluated int
	// Ignored and Baselined count the findings a config ignore or the
	// baseline suppressed.
	Ignored, Baselined int
	// Counts has every severity, most severe first, with its findings.
	Counts []SeverityCount
	// FailOn is the run's threshold (0: none), Failing how many findings
	// are at or above it.
	FailOn  rules.Severity
	Failing int
	// Warnings are the run's warnings.
	Warnings []string
	// Inputs summarise each input, in run order.
	Inputs []*InputSummary
}

// SeverityCount is how many findings a run has at one severity.
type SeverityCount struct {
	Severity rules.Severity
	Count    int
}

// InputSummary is the summary of one input.
type InputSummary struct {
	File, Creator      string
	Entries            int
	Findings           int
	Ignored, Baselined int
	// Flows are the headlines of its sign-ins ("sign-in 1 (NextAuth v4):
	// failed at the callback step: ...").
	Flows []string
	// Problems are its findings, most severe first, as one sentence each.
	Problems []Problem
	// Fixes are the distinct fixes of its problems.
	Fixes []SummaryFix
	// Cut says how the input ended early, CutNote adds what that left
	// out ("" when it did not end early).
	Cut, CutNote string
	// NotEvaluated is the line about the rules it could not evaluate,
	// NotEvaluatedRules one line per such rule (for --verbose).
	NotEvaluated      string
	NotEvaluatedRules []string
	// LeftOut says what was left out as not about the app; CookieArrays
	// which cookies came from the HAR's cookies arrays. "" when not so.
	LeftOut, CookieArrays string
}

// Problem is one finding as the summary states it.
type Problem struct {
	// N is the problem's number within its input (1-based, in summary
	// order), Finding its index in the input's findings.
	N, Finding int
	Rule       string
	Severity   rules.Severity
	// Failing is set when the finding is at or above the run's FailOn.
	Failing bool
	// Verdict is the sentence: what was seen and, when the rule says,
	// why it breaks login.
	Verdict string
}

// SummaryFix is one fix and the problems (their N) it fixes: several
// findings often share one fix.
type SummaryFix struct {
	Message  string
	Problems []int
}

// Summary computes the run's summary. It reads the results as they are,
// so a reporter calls it after redaction (every reporter ByName returns is
// redacted before it renders).
func (r *Run) Summary() *Summary {
	s := &Summary{FailOn: r.FailOn, Warnings: r.Warnings}
	count := map[rules.Severity]int{}
	for _, res := range r.Results {
		in := summarizeInput(res, r.FailOn)
		s.Inputs = append(s.Inputs, in)
		s.Findings += len(res.Findings)
		s.Entries += res.Entries
		s.NotEvaluated += len(res.NotEvaluated)
		s.Ignored += res.Ignored
		s.Baselined += res.Baselined
		for _, p := range in.Problems {
			count[p.Severity]++
			if p.Failing {
				s.Failing++
			}
		}
	}
	for _, sev := range slices.Backward(rules.Severities()) {
		s.Counts = append(s.Counts, SeverityCount{sev, count[sev]})
	}
	return s
}

func summarizeInput(res *rules.Result, failOn rules.Severity) *InputSummary {
	in := &InputSummary{File: res.File, Creator: res.Creator, Entries: res.Entries, Findings: len(res.Findings),
		Ignored: res.Ignored, Baselined: res.Baselined,
		NotEvaluated: notEvaluatedLine(res), LeftOut: leftOutNote(res), CookieArrays: cookieArraysLine(res)}
	if len(res.NotEvaluated) > 1 {
		for _, ne := range res.NotEvaluated {
			in.NotEvaluatedRules = append(in.NotEvaluatedRules, notEvaluatedRule(ne))
		}
	}
	if c := res.Cut; c != nil {
		in.Cut = c.Error()
		in.CutNote = fmt.Sprintf("%s; only the %s before that point were analysed", in.Cut, english.Count(c.Entries, "complete entry", "complete entries"))
	}
	for i, f := range res.Flows {
		in.Flows = append(in.Flows, flowHeadline(i+1, f))
	}
	for _, i := range severityOrder(res.Findings) {
		f := res.Findings[i]
		p := Problem{N: len(in.Problems) + 1, Finding: i, Rule: f.Rule, Severity: f.Severity,
			Failing: failOn != 0 && f.Severity >= failOn, Verdict: f.Message}
		if f.Why != "" {
			p.Verdict += ": " + f.Why
		}
		in.Problems = append(in.Problems, p)
		if f.Fix.Message == "" {
			continue
		}
		j := slices.IndexFunc(in.Fixes, func(x SummaryFix) bool { return x.Message == f.Fix.Message })
		if j < 0 {
			j = len(in.Fixes)
			in.Fixes = append(in.Fixes, SummaryFix{Message: f.Fix.Message})
		}
		in.Fixes[j].Problems = append(in.Fixes[j].Problems, p.N)
	}
	return in
}

// severityOrder returns the indexes of findings, most severe first; the
// stable sort keeps report order within a level.
func severityOrder(findings []rules.Finding) []int {
	idx := make([]int, len(findings))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return int(findings[b].Severity) - int(findings[a].Severity) })
	return idx
}

// Notes are the lines about what the input left out or could not show, in
// the order reports print them: cut, not evaluated, left out, cookies
// arrays.
func (in *InputSummary) Notes() []string {
	var out []string
	for _, s := range []string{in.CutNote, in.NotEvaluated, in.LeftOut, in.CookieArrays} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// CountsText renders the non-zero counts, "3 critical, 2 high" (most
// severe first); "" when there are no findings.
func (s *Summary) CountsText() string {
	var parts []string
	for _, c := range s.Counts {
		if c.Count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.Count, c.Severity))
		}
	}
	return strings.Join(parts, ", ")
}

// Headline is the run's one-line summary, in parts that a format may
// emphasise: "7 findings" (Total), "3 critical, 2 high" (Counts, "" with
// no findings), "in 3 inputs with 5 entries" (Scope), "6 rules not
// evaluated", "1 ignored by config", "2 in the baseline" (Notes) and "5 at
// or above high: failing" (Verdict, "" without a threshold).
type Headline struct {
	Total, Counts, Scope string
	Notes                []string
	Verdict              string
	Failing              bool
}

// String joins the parts: "7 findings (3 critical, 2 high) in 3 inputs
// with 5 entries, 6 rules not evaluated; 5 at or above high: failing".
func (h Headline) String() string {
	s := h.Total
	if h.Counts != "" {
		s += " (" + h.Counts + ")"
	}
	s += " " + h.Scope
	for _, n := range h.Notes {
		s += ", " + n
	}
	if h.Verdict != "" {
		s += "; " + h.Verdict
	}
	return s
}

// Headline returns the run's one-line summary.
func (s *Summary) Headline() Headline {
	h := Headline{Total: english.Count(s.Findings, "finding", "findings"), Counts: s.CountsText(),
		Scope: "in " + english.Count(len(s.Inputs), "input", "inputs") + " with " + english.Count(s.Entries, "entry", "entries")}
	if s.NotEvaluated > 0 {
		h.Notes = append(h.Notes, english.Count(s.NotEvaluated, "rule", "rules")+" not evaluated")
	}
	if s.Ignored > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%d ignored by config", s.Ignored))
	}
	if s.Baselined > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%d in the baseline", s.Baselined))
	}
	if s.FailOn != 0 {
		if s.Failing > 0 {
			h.Verdict, h.Failing = fmt.Sprintf("%d at or above %s: failing", s.Failing, s.FailOn), true
		} else {
			h.Verdict = fmt.Sprintf("none at or above %s", s.FailOn)
		}
	}
	return h
}
