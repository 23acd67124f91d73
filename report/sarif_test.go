package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/doctext"
	"github.com/authlint/authlint/rules"
)

// sarifDoc is the part of a SARIF log the tests read.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID                   string `json:"id"`
					Name                 string `json:"name"`
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					Help                 struct{ Text, Markdown string }
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct{ Level string }
					Properties           map[string]any
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level          string
				Message        struct{ Text string }
				AssociatedRule *struct {
					ID    string
					Index int
				} `json:"associatedRule"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string `json:"ruleId"`
			RuleIndex           int    `json:"ruleIndex"`
			Level               string `json:"level"`
			Message             struct{ Text string }
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []sarifTestLocation
			RelatedLocations    []sarifTestLocation `json:"relatedLocations"`
			Properties          map[string]any
		} `json:"results"`
	} `json:"runs"`
}

type sarifTestLocation struct {
	ID               int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region struct{ StartLine int } `json:"region"`
	} `json:"physicalLocation"`
	LogicalLocations []struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	} `json:"logicalLocations"`
}

func renderSARIF(t *testing.T, run *Run) (sarifDoc, string) {
	t.Helper()
	var b bytes.Buffer
	if err := (&SARIF{}).Report(&b, run); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b.String())
	}
	if doc.Version != "2.1.0" || doc.Schema == "" || len(doc.Runs) != 1 {
		t.Fatalf("not one SARIF 2.1.0 run: version %q, schema %q, %d runs", doc.Version, doc.Schema, len(doc.Runs))
	}
	return doc, b.String()
}

// TestSARIFResults checks every result against the finding it came from.
func TestSARIFResults(t *testing.T) {
	run := &Run{Tool: "authlint", Version: "v1.4.0", Results: loadResults(t), Rules: rules.All(), FailOn: rules.High}
	doc, _ := renderSARIF(t, run)
	r := doc.Runs[0]
	if d := r.Tool.Driver; d.Name != "authlint" || d.Version != "1.4.0" || d.SemanticVersion != "1.4.0" {
		t.Errorf("driver = %q %q %q, want authlint 1.4.0 1.4.0", d.Name, d.Version, d.SemanticVersion)
	}
	all := rules.All()
	if len(r.Tool.Driver.Rules) != len(all) {
		t.Fatalf("%d rules in the table, want %d", len(r.Tool.Driver.Rules), len(all))
	}
	for i, rr := range r.Tool.Driver.Rules {
		want := all[i]
		if rr.ID != want.ID || rr.Name != camelCase(want.ID) || rr.HelpURI != RuleURL(want.ID) ||
			rr.DefaultConfiguration.Level != sarifLevel(want.Severity) || rr.Properties["security-severity"] != securitySeverity(want.Severity) {
			t.Errorf("rule %d = %+v, want %s", i, rr, want.ID)
		}
		if rr.ShortDescription.Text == "" || rr.FullDescription.Text == "" || !strings.Contains(rr.Help.Text, "Fix: ") || !strings.Contains(rr.Help.Markdown, "**Fix:**") {
			t.Errorf("rule %s lacks descriptions or help with the fix", rr.ID)
		}
	}
	findings := run.Findings()
	if len(r.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(r.Results), len(findings))
	}
	for i, res := range r.Results {
		f := findings[i]
		if res.RuleID != f.Rule || r.Tool.Driver.Rules[res.RuleIndex].ID != f.Rule {
			t.Errorf("result %d: ruleId %q, ruleIndex %d, want %q", i, res.RuleID, res.RuleIndex, f.Rule)
		}
		if res.Level != sarifLevel(f.Severity) || res.Properties["severity"] != f.Severity.String() {
			t.Errorf("result %d: level %q, severity %v, finding %s", i, res.Level, res.Properties["severity"], f.Severity)
		}
		if res.PartialFingerprints[fingerprintKey] != f.Fingerprint || f.Fingerprint == "" {
			t.Errorf("result %d: fingerprints %v, want %s", i, res.PartialFingerprints, f.Fingerprint)
		}
		if !strings.HasPrefix(res.Message.Text, f.Message) || !strings.Contains(res.Message.Text, "Fix: "+f.Fix.Message) {
			t.Errorf("result %d: message %q lacks the message or the fix", i, res.Message.Text)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		loc := res.Locations[0]
		e := f.Entries[0]
		if loc.PhysicalLocation.ArtifactLocation.URI != f.File || loc.PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
			loc.PhysicalLocation.Region.StartLine != e.Line {
			t.Errorf("result %d: location %+v, want %s line %d", i, loc.PhysicalLocation, f.File, e.Line)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Name != fmt.Sprintf("entry %d", e.Index) ||
			loc.LogicalLocations[0].FullyQualifiedName != e.Method+" "+e.URL || loc.LogicalLocations[0].Kind != "object" {
			t.Errorf("result %d: logical location %+v", i, loc.LogicalLocations)
		}
		if len(res.RelatedLocations) != len(f.Entries)-1 {
			t.Errorf("result %d: %d related locations for %d entries", i, len(res.RelatedLocations), len(f.Entries))
		}
		for j, rl := range res.RelatedLocations {
			link := fmt.Sprintf("[entry %d](%d)", f.Entries[j+1].Index, rl.ID)
			if !strings.Contains(res.Message.Text, link) || rl.PhysicalLocation.Region.StartLine != max(f.Entries[j+1].Line, 1) {
				t.Errorf("result %d: related location %d %+v not linked as %s", i, j, rl, link)
			}
		}
	}
	if inv := r.Invocations; len(inv) != 1 || !inv[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one successful", inv)
	}
}

func TestSARIFEmptyAndCut(t *testing.T) {
	runs := goldenRuns(t)
	doc, raw := renderSARIF(t, runs["empty"])
	if !strings.Contains(raw, `"results": []`) || len(doc.Runs[0].Tool.Driver.Rules) != 1 {
		t.Errorf("empty run lacks results: [] or its rules table:\n%s", raw)
	}
	doc, _ = renderSARIF(t, runs["cut"])
	inv := doc.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("a cut input left executionSuccessful true")
	}
	if len(inv.Notifications) != 2 || inv.Notifications[0].Level != "error" || !strings.Contains(inv.Notifications[0].Message.Text, "cut short at line 120, column 9") ||
		inv.Notifications[1].Level != "warning" || inv.Notifications[1].AssociatedRule == nil || inv.Notifications[1].AssociatedRule.ID != "cached-set-cookie" {
		t.Errorf("notifications = %+v", inv.Notifications)
	}
}

// TestSARIFRulesWithoutMetadata: results whose rules the run does not
// describe still get a rules table entry, so every ruleIndex is valid.
func TestSARIFRulesWithoutMetadata(t *testing.T) {
	res := &rules.Result{File: `dir\sub\x.har`, Rules: []string{"cached-set-cookie"}, Findings: []rules.Finding{{
		Rule: "future-rule", Severity: rules.Info, Title: "a rule from a newer authlint", Message: "seen [here](1) and [there]",
		File: `dir\sub\x.har`, Entries: []rules.EntryRef{{Index: 4, Line: 0, Method: "GET", URL: "https://example.com/"}}, Fingerprint: "00112233aabbccdd", Occurrences: 12,
	}}}
	doc, _ := renderSARIF(t, &Run{Version: "dev", Results: []*rules.Result{res}})
	r := doc.Runs[0]
	ids := []string{}
	for _, rr := range r.Tool.Driver.Rules {
		ids = append(ids, rr.ID)
	}
	if strings.Join(ids, ",") != "cached-set-cookie,future-rule" {
		t.Fatalf("rules = %v", ids)
	}
	got := r.Results[0]
	if got.RuleIndex != 1 || got.Level != "note" || r.Tool.Driver.Rules[1].ShortDescription.Text != "A rule from a newer authlint." {
		t.Errorf("result = %+v, rule %+v", got, r.Tool.Driver.Rules[1])
	}
	if loc := got.Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "dir/sub/x.har" || loc.Region.StartLine != 1 {
		t.Errorf("location = %+v, want dir/sub/x.har line 1 (clamped)", loc)
	}
	// The message could be read as an embedded link, so its brackets are
	// escaped; "Seen in" counts the merged occurrences.
	if want := `seen \[here\](1) and \[there\]. Seen in 12 exchanges.`; got.Message.Text != want {
		t.Errorf("message = %q, want %q", got.Message.Text, want)
	}
	if d := r.Tool.Driver; d.Version != "0.0.0-dev" || d.SemanticVersion != "0.0.0-dev" {
		t.Errorf("driver version %q %q, want 0.0.0-dev", d.Version, d.SemanticVersion)
	}
}

func TestArtifact(t *testing.T) {
	for _, tc := range []struct{ in, uri, base string }{
		{"ticket.har", "ticket.har", "%SRCROOT%"},
		{"./e2e/login.har", "e2e/login.har", "%SRCROOT%"},
		{`e2e\login.har`, "e2e/login.har", "%SRCROOT%"},
		{"../up/x.har", "../up/x.har", "%SRCROOT%"},
		{"a b/100%#1.har", "a%20b/100%25%231.har", "%SRCROOT%"},
		{"-", "stdin", "%SRCROOT%"},
		{"/tmp/run 1/x.har", "file:///tmp/run%201/x.har", ""},
		{`C:\work\x.har`, "file:///C:/work/x.har", ""},
		{"c:/work/x.har", "file:///c:/work/x.har", ""},
		{"foo:bar.har", "./foo:bar.har", "%SRCROOT%"},
		{"probe:https://app.example.com/", "probe/app.example.com/", "%SRCROOT%"},
		{"probe:https://app.example.com:8443/api/auth/session?x=1", "probe/app.example.com:8443/api/auth/session", "%SRCROOT%"},
		{"https://app.example.com/login", "https/app.example.com/login", "%SRCROOT%"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := artifact(tc.in)
			if got.URI != tc.uri || got.URIBaseID != tc.base {
				t.Errorf("artifact(%q) = %q %q, want %q %q", tc.in, got.URI, got.URIBaseID, tc.uri, tc.base)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	for _, tc := range []struct{ in, tool, semver string }{
		{"v1.2.3", "1.2.3", "1.2.3"},
		{"1.2.3-rc.1+build.7", "1.2.3-rc.1+build.7", "1.2.3-rc.1+build.7"},
		{"v0.0.0-20250304100000-abcdef012345", "0.0.0-20250304100000-abcdef012345", "0.0.0-20250304100000-abcdef012345"},
		{"dev", "0.0.0-dev", "0.0.0-dev"},
		{"", "0.0.0-dev", "0.0.0-dev"},
		{"(devel)", "0.0.0--devel-", "0.0.0--devel-"},
		{"1.2", "1.2", ""},
		{"01.2.3", "01.2.3", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			tool := toolVersion(tc.in)
			if tool != tc.tool || semanticVersion(tool) != tc.semver {
				t.Errorf("toolVersion(%q) = %q, semanticVersion %q; want %q, %q", tc.in, tool, semanticVersion(tool), tc.tool, tc.semver)
			}
		})
	}
}

func TestSARIFText(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"camel", camelCase("cached-set-cookie"), "CachedSetCookie"},
		{"camel one", camelCase("x"), "X"},
		{"first paragraph", doctext.ParseOrText("Fires when\na cache `hits`.\n\nSecond.").First().Markdown(), "Fires when\na cache `hits`."},
		{"first paragraph, plain", doctext.ParseOrText("Fires when\na cache `hits`.\n\nSecond.").First().Plain(), "Fires when a cache hits."},
		{"sentence", sentence("no period"), "no period."},
		{"sentence kept", sentence("done."), "done."},
		{"escape none", sarifEscape(`state=[redacted:1a2b] (x)`), `state=[redacted:1a2b] (x)`},
		{"escape link", sarifEscape(`a [b](c) \d`), `a \[b\](c) \\d`},
		{"limit", limit("ééé", 5), "é…"},
		{"limit mid-rune", limit("ééé", 4), "…"},
		{"limit short", limit("abc", 5), "abc"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestSARIFLevels(t *testing.T) {
	want := map[rules.Severity]string{rules.Critical: "error", rules.High: "error", rules.Medium: "warning", rules.Low: "warning", rules.Info: "note"}
	for s, level := range want {
		if got := sarifLevel(s); got != level {
			t.Errorf("sarifLevel(%s) = %s, want %s", s, got, level)
		}
	}
	// GitHub's bands: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
	// 0.1-3.9 low.
	bands := map[rules.Severity][2]float64{rules.Critical: {9.0001, 10}, rules.High: {7, 8.9}, rules.Medium: {4, 6.9}, rules.Low: {0.1, 3.9}, rules.Info: {0.1, 3.9}}
	for s, band := range bands {
		var score float64
		fmt.Sscan(securitySeverity(s), &score)
		if score < band[0] || score > band[1] {
			t.Errorf("securitySeverity(%s) = %v, outside GitHub's band %v", s, score, band)
		}
	}
}
