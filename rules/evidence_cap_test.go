package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
)

// TestEvidenceCap: a finding quotes at most MaxEvidence pieces of evidence
// and counts the rest, however many lines triggered it.
func TestEvidenceCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"log":{"entries":[{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://app.example.com/api/me","headers":[{"name":"cookie","value":"sid=test"}]},` +
		`"response":{"status":200,"headers":[{"name":"x-cache","value":"Hit from cloudfront"},{"name":"cache-control","value":"public, max-age=600"}`)
	const n = 500
	for i := range n {
		fmt.Fprintf(&b, `,{"name":"set-cookie","value":"c%d=v; Path=/"}`, i)
	}
	b.WriteString(`]}}]}}`)
	res, err := Analyze(har.NewDecoder(strings.NewReader(b.String()), "t.har", har.Options{}), "t.har", Options{})
	if err != nil {
		t.Fatal(err)
	}
	capped := false
	for _, f := range res.Findings {
		if len(f.Evidence) > MaxEvidence || f.EvidenceOmitted > 0 && len(f.Evidence) != MaxEvidence {
			t.Errorf("%s: %d pieces of evidence, %d omitted", f.Rule, len(f.Evidence), f.EvidenceOmitted)
		}
		if f.Rule == "cached-set-cookie" {
			capped = len(f.Evidence)+f.EvidenceOmitted >= n
		}
	}
	if !capped {
		t.Errorf("no cached-set-cookie finding counted the %d Set-Cookie lines: %+v", n, res.Findings)
	}
}
