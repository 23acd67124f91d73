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
	Inputs     int            `json:"inputs"`
	Entries    int            `json:"entries"`
	Findings   int            `json:"findings"`
	Ignored    int            `json:"ignored"`
	Baselined  int            `json:"baselined"`
	BySeverity map[string]int `json:"by_severity"`
	FailOn     string         `json:"fail_on"`
	Failed     bool           `json:"failed"`
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
	out.Summary.BySeverity = map[string]int{}
	for _, s := range rules.Severities() {
		out.Summary.BySeverity[s.String()] = 0
	}
	for _, res := range run.Results {
		in := jsonInput{File: res.File, Creator: res.Creator, Entries: res.Entries, Rules: res.Rules, NotEvaluated: res.NotEvaluated, Flows: res.Flows, AppSites: res.AppSites, LeftOut: res.LeftOut}
		if in.Flows == nil {
			in.Flows = []rules.Flow{}
		}
		if in.Rules == nil {
			in.Rules = []string{}
		}
		if in.NotEvaluated == nil {
			in.NotEvaluated = []rules.NotEvaluated{}
		}
		in.Gaps, in.CookieArrays = res.Gaps, res.CookieArrays
		if in.Gaps == nil {
			in.Gaps = []rules.Gap{}
		}
		if c := res.Cut; c != nil {
			in.Cut = &jsonCut{Offset: c.Offset, Line: c.Line, Column: c.Column, Entries: c.Entries, Truncated: c.Truncated, Message: c.Error()}
		}
		out.Inputs = append(out.Inputs, in)
		out.Summary.Entries += res.Entries
		out.Summary.Ignored += res.Ignored
		out.Summary.Baselined += res.Baselined
	}
	if out.Inputs == nil {
		out.Inputs = []jsonInput{}
	}
	out.Summary.Inputs = len(run.Results)
	out.Summary.Findings = len(out.Findings)
	for _, f := range out.Findings {
		out.Summary.BySeverity[f.Severity.String()]++
	}
	out.Summary.Failed = run.Failing() > 0
	out.Summary.FailOn = "none"
	if run.FailOn != 0 {
		out.Summary.FailOn = run.FailOn.String()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
