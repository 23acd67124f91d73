package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

func TestSummary(t *testing.T) {
	fixA := rules.Fix{Message: "send Cache-Control: private"}
	fixB := rules.Fix{Message: "scope the cookie"}
	res := &rules.Result{File: "a.har", Entries: 4, Ignored: 2, Baselined: 1,
		Findings: []rules.Finding{
			{Rule: "low-one", Severity: rules.Low, Message: "seen low", Fix: fixA},
			{Rule: "crit-one", Severity: rules.Critical, Message: "seen crit", Why: "it breaks", Fix: fixB},
			{Rule: "high-one", Severity: rules.High, Message: "seen high", Fix: fixA},
		},
		Rules:        []string{"low-one", "crit-one", "high-one", "x", "y"},
		NotEvaluated: []rules.NotEvaluated{{Rule: "x", Reason: "no cookies"}, {Rule: "y", Reason: "no cookies"}},
		LeftOut:      &rules.LeftOut{Findings: 1, Responses: 2, Sites: 1},
	}
	clean := &rules.Result{File: "b.har", Entries: 1}
	tests := []struct {
		name     string
		failOn   rules.Severity
		headline string
		failing  int
	}{
		{"no threshold", 0, "3 findings (1 critical, 1 high, 1 low) in 2 inputs with 5 entries, 2 rules not evaluated, 2 ignored by config, 1 in the baseline", 0},
		{"failing", rules.High, "3 findings (1 critical, 1 high, 1 low) in 2 inputs with 5 entries, 2 rules not evaluated, 2 ignored by config, 1 in the baseline; 2 at or above high: failing", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &Run{Results: []*rules.Result{res, clean}, FailOn: tt.failOn}
			s := run.Summary()
			if got := s.Headline().String(); got != tt.headline {
				t.Errorf("headline\n got %q\nwant %q", got, tt.headline)
			}
			if s.Failing != tt.failing || run.Failing() != tt.failing {
				t.Errorf("failing %d (Run.Failing %d), want %d", s.Failing, run.Failing(), tt.failing)
			}
			var sevs []rules.Severity
			for _, c := range s.Counts {
				sevs = append(sevs, c.Severity)
			}
			if want := []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info}; !slices.Equal(sevs, want) {
				t.Errorf("counts in order %v, want %v", sevs, want)
			}
			in := s.Inputs[0]
			var order []string
			for _, p := range in.Problems {
				order = append(order, p.Rule)
			}
			if want := []string{"crit-one", "high-one", "low-one"}; !slices.Equal(order, want) {
				t.Errorf("problems %v, want %v (most severe first)", order, want)
			}
			if in.Problems[0].Verdict != "seen crit: it breaks" || in.Problems[1].Verdict != "seen high" {
				t.Errorf("verdicts %q, %q", in.Problems[0].Verdict, in.Problems[1].Verdict)
			}
			if len(in.Fixes) != 2 || in.Fixes[0].Message != fixB.Message || !slices.Equal(in.Fixes[1].Problems, []int{2, 3}) {
				t.Errorf("fixes %+v, want %q for 1 then %q for 2, 3", in.Fixes, fixB.Message, fixA.Message)
			}
			if notes := in.Notes(); len(notes) != 2 || !strings.HasPrefix(notes[0], "2 of 5 rules: no cookies") || !strings.HasPrefix(notes[1], "left out 1 finding") {
				t.Errorf("notes %q", notes)
			}
			if len(in.NotEvaluatedRules) != 2 || s.Inputs[1].Notes() != nil {
				t.Errorf("verbose lines %q, clean input notes %q", in.NotEvaluatedRules, s.Inputs[1].Notes())
			}
		})
	}
}

func TestSummaryPassing(t *testing.T) {
	run := &Run{Results: []*rules.Result{{File: "b.har", Entries: 1, Findings: []rules.Finding{{Rule: "r", Severity: rules.Low, Message: "m"}}}}, FailOn: rules.High}
	if got, want := run.Summary().Headline().String(), "1 finding (1 low) in 1 input with 1 entry; none at or above high"; got != want {
		t.Errorf("headline %q, want %q", got, want)
	}
}

// TestReportsShareTheHeadline: every format for people prints the summary's
// headline, and JSON carries it, so none of them phrases it on its own.
func TestReportsShareTheHeadline(t *testing.T) {
	for name, run := range goldenRuns(t) {
		want := run.Summary().Headline()
		for _, format := range []string{"text", "github", "html", "json", "markdown"} {
			rep, err := ByName(format, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := rep.Report(&b, run); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			switch format {
			case "json":
				var doc struct {
					Summary struct {
						Headline string `json:"headline"`
					} `json:"summary"`
				}
				if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
					t.Fatal(err)
				}
				out = doc.Summary.Headline
			case "markdown":
				out = strings.NewReplacer("**", "", `\`, "").Replace(out)
			case "html":
				out = strings.ReplaceAll(out, "&#34;", `"`)
			}
			if !strings.Contains(out, want.String()) {
				t.Errorf("%s/%s does not print the headline %q", name, format, want.String())
			}
		}
	}
}
