package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

var (
	update      = flag.Bool("update", false, "rewrite the golden files in testdata")
	updateInput = flag.Bool("update-input", false, "rewrite testdata/results.json from fixture HARs")
)

// inputHARs feed testdata/results.json, the one input every format's golden
// is rendered from.
var inputHARs = []string{
	"../testdata/hars/auth-route-cache-hit/nextauth-callback-cloudfront-hit.har",
	"../testdata/hars/cached-set-cookie/nextjs-auth0-v3-rolling-cloudfront-hit.har",
	"../testdata/hars/cacheable-authenticated-response/heuristic-freshness.har",
}

func loadResults(t *testing.T) []*rules.Result {
	t.Helper()
	path := filepath.Join("testdata", "results.json")
	if *updateInput {
		var results []*rules.Result
		for _, p := range inputHARs {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(p)
			res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, rules.Options{})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
		}
		b, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var results []*rules.Result
	if err := json.Unmarshal(b, &results); err != nil {
		t.Fatal(err)
	}
	return results
}

// goldenRuns are the runs every format's golden files are rendered from:
// the shared results, an empty run and a run over a truncated input.
func goldenRuns(t *testing.T) map[string]*Run {
	results := loadResults(t)
	cut := &rules.Result{File: "cut.har", Entries: 2, Rules: []string{"cached-set-cookie"},
		NotEvaluated: []rules.NotEvaluated{{Rule: "cached-set-cookie", Reason: "the HAR has no Set-Cookie response headers"}},
		Cut:          &har.SyntaxError{File: "cut.har", Offset: 4096, Line: 120, Column: 9, Entry: 2, Entries: 2, Truncated: true, Msg: "unexpected end of input"}}
	return map[string]*Run{
		"findings": {Tool: "authlint", Version: "dev", Results: results, FailOn: rules.High},
		"empty":    {Tool: "authlint", Version: "dev", Results: []*rules.Result{{File: "clean.har", Entries: 3, Rules: []string{"cached-set-cookie"}}}, FailOn: rules.High},
		"cut":      {Tool: "authlint", Version: "dev", Results: []*rules.Result{cut}},
	}
}

// TestGolden renders the golden runs in every format and compares them with
// testdata/<run>.golden.<format>.
func TestGolden(t *testing.T) {
	for runName, run := range goldenRuns(t) {
		for _, format := range Formats() {
			t.Run(runName+"/"+format, func(t *testing.T) {
				rep, err := ByName(format, Options{})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := rep.Report(&b, run); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", runName+".golden."+format)
				if *update {
					if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./report -update)", err)
				}
				if !bytes.Equal(b.Bytes(), want) {
					t.Errorf("%s differs from the golden file; run go test ./report -update and review the diff\n--- got\n%s", golden, b.String())
				}
			})
		}
	}
}

func TestJSONIsValidAndComplete(t *testing.T) {
	var b bytes.Buffer
	if err := (&JSON{}).Report(&b, &Run{Tool: "authlint", Version: "dev", Results: loadResults(t), FailOn: rules.High}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
		Summary  struct {
			Findings int  `json:"findings"`
			Failed   bool `json:"failed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Findings != len(rep.Findings) || len(rep.Findings) == 0 || !rep.Summary.Failed {
		t.Fatalf("summary does not match findings: %+v", rep.Summary)
	}
	for _, f := range rep.Findings {
		for _, k := range []string{"rule", "severity", "message", "why", "entries", "fix", "fingerprint"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %q: %v", k, f)
			}
		}
	}
}

func TestTextColor(t *testing.T) {
	run := &Run{Tool: "authlint", Version: "dev", Results: loadResults(t), FailOn: rules.High}
	var plain, colored bytes.Buffer
	(&Text{}).Report(&plain, run)
	(&Text{Color: true}).Report(&colored, run)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text report contains escape codes")
	}
	if !strings.Contains(colored.String(), "\x1b[") {
		t.Error("coloured report has no escape codes")
	}
}

// TestConfirmedMarker: a finding a live probe reproduced says so in the
// formats for people.
func TestConfirmedMarker(t *testing.T) {
	f := rules.Finding{Rule: "cached-set-cookie", Severity: rules.Critical, Title: "t", Message: "m", File: "probe", Confirmed: true,
		Entries: []rules.EntryRef{{Index: 1, Method: "GET", URL: "https://app.example/api/auth/session"}}}
	run := &Run{Tool: "authlint", Version: "dev", Results: []*rules.Result{{File: "probe", Entries: 2, Findings: []rules.Finding{f}}}}
	for format, want := range map[string]string{"text": "CONFIRMED BY PROBE", "short": "(confirmed by probe)", "markdown": "confirmed by a live probe"} {
		rep, _ := ByName(format, Options{})
		var b bytes.Buffer
		if err := rep.Report(&b, run); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s report lacks %q:\n%s", format, want, b.String())
		}
	}
}
