package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// TestEvidenceOmitted: a finding whose evidence was capped at
// rules.MaxEvidence says how much was left out, in every format that quotes
// evidence.
func TestEvidenceOmitted(t *testing.T) {
	f := rules.Finding{Rule: "cached-set-cookie", Severity: rules.Critical, Title: "t", Message: "m", File: "big.har", Occurrences: 1,
		Entries: []rules.EntryRef{{Index: 0, Method: "GET", URL: "https://app.example.com/api/me"}}, EvidenceOmitted: 999982}
	for i := range rules.MaxEvidence {
		f.Evidence = append(f.Evidence, rules.Evidence{Entry: 0, Where: "set-cookie", Name: "c" + strings.Repeat("x", i), Value: "[redacted:00000000]"})
	}
	run := &Run{Tool: "authlint", Version: "dev", Results: []*rules.Result{{File: "big.har", Entries: 1, Findings: []rules.Finding{f}}}}
	for format, want := range map[string]string{
		"text": "and 999982 more evidence lines", "markdown": "and 999982 more evidence lines", "junit": "and 999982 more evidence lines",
		"json": `"evidence_omitted": 999982`, "sarif": `"evidenceOmitted": 999982`,
	} {
		rep, err := ByName(format, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := rep.Report(&b, run); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s report lacks %q:\n%s", format, want, b.String())
		}
	}
}
