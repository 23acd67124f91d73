package report

import (
	"encoding/json"
	"io"

	"github.com/authlint/authlint/rules"
)

// SchemaVersion is the version of the JSON report format (docs/json.md).
// It changes only when a field is removed or changes meaning.
const SchemaVersion = 1

// JSON writes the machine-readable report documented in docs/json.md.
type JSON struct{}

var _ Reporter = (*JSON)(nil)

type jsonReport struct {
	Schema   int             `json:"schema_version"`
	Tool     string          `json:"tool"`
	Version  string          `json:"version"`
	Inputs   []jsonInput     `json:"inputs"`
	Findings []rules.Finding `json:"findings"`
	Warnings []string        `json:"warnings"`
	Summary  jsonSummary     `json:"summary"`
}

type jsonInput struct {
	File         string               `json:"file"`
	Creator      string               `json:"creator,omitempty"`
	Entries      int                  `json:"entries"`
	Rules        []string             `json:"rules"`
	NotEvaluated []rules.NotEvaluated `json:"not_evaluated"`
	Gaps         []rules.Gap          `json:"gaps"`
	CookieArrays *rules.CookieArrays  `json:"cookie_arrays,omitempty"`
	Cut          *jsonCut             `json:"cut,omitempty"`
	Flows        []rules.Flow         `json:"flows"`
	AppSites     []string             `json:"app_sites,omitempty"`
	LeftOut      *rules.LeftOut       `json:"left_out,omitempty"`
	Notes        []string             `json:"notes"`
}

type jsonCut struct {
	Offset    int64  `json:"offset"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Entries   int    `json:"complete_entries"`
	Truncated bool   `json:"truncated"`
	Message   string `json:"message"`
}

type jsonSummary struct {
	Inputs       int            `json:"inputs"`
	Entries      int            `json:"entries"`
	Findings     int            `json:"findings"`
	Ignored      int            `json:"ignored"`
	Baselined    int            `json:"baselined"`
	NotEvaluated int            `json:"not_evaluated"`
	BySeverity   map[string]int `json:"by_severity"`
	FailOn       string         `json:"fail_on"`
	Failing      int            `json:"failing"`
	Failed       bool           `json:"failed"`
	Headline     string         `json:"headline"`
}

// Report writes run as one indented JSON document.
func (*JSON) Report(w io.Writer, run *Run) error {
	out := jsonReport{Schema: SchemaVersion, Tool: run.Tool, Version: run.Version, Findings: run.Findings()}
	if out.Findings == nil {
		out.Findings = []rules.Finding{}
	}
	out.Warnings = run.Warnings
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	sum := run.Summary()
	out.Summary = jsonSummary{Inputs: len(sum.Inputs), Entries: sum.Entries, Findings: sum.Findings, Ignored: sum.Ignored,
		Baselined: sum.Baselined, NotEvaluated: sum.NotEvaluated, BySeverity: map[string]int{}, FailOn: "none",
		Failing: sum.Failing, Failed: sum.Failing > 0, Headline: sum.Headline().String()}
	for _, c := range sum.Counts {
		out.Summary.BySeverity[c.Severity.String()] = c.Count
	}
	if sum.FailOn != 0 {
		out.Summary.FailOn = sum.FailOn.String()
	}
	out.Inputs = []jsonInput{}
	for i, res := range run.Results {
		in := jsonInput{File: res.File, Creator: res.Creator, Entries: res.Entries, Rules: res.Rules, NotEvaluated: res.NotEvaluated, Flows: res.Flows, AppSites: res.AppSites, LeftOut: res.LeftOut,
			Gaps: res.Gaps, CookieArrays: res.CookieArrays, Notes: sum.Inputs[i].Notes()}
		if in.Flows == nil {
			in.Flows = []rules.Flow{}
		}
		if in.Rules == nil {
			in.Rules = []string{}
		}
		if in.NotEvaluated == nil {
			in.NotEvaluated = []rules.NotEvaluated{}
		}
		if in.Gaps == nil {
			in.Gaps = []rules.Gap{}
		}
		if in.Notes == nil {
			in.Notes = []string{}
		}
		if c := res.Cut; c != nil {
			in.Cut = &jsonCut{Offset: c.Offset, Line: c.Line, Column: c.Column, Entries: c.Entries, Truncated: c.Truncated, Message: c.Error()}
		}
		out.Inputs = append(out.Inputs, in)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
