package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// junitDoc is JUnit XML as CI systems read it, declared apart from the
// writer's types so that the test checks the document, not the structs.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failures  []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Errors []struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, run *Run) junitDoc {
	t.Helper()
	var b bytes.Buffer
	if err := (&JUnit{}).Report(&b, run); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	return doc
}

// checkCounts recomputes every count from the testcases.
func checkCounts(t *testing.T, doc junitDoc) {
	t.Helper()
	var tests, failures, errs int
	for _, s := range doc.Suites {
		var f, e, sk int
		for _, c := range s.Cases {
			switch {
			case len(c.Errors) > 0:
				e++
			case len(c.Failures) > 0:
				f++
			case c.Skipped != nil:
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("suite %s: tests=%d failures=%d errors=%d skipped=%d; testcases say %d %d %d %d",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		tests += s.Tests
		failures += s.Failures
		errs += s.Errors
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errs {
		t.Errorf("testsuites: tests=%d failures=%d errors=%d; suites say %d %d %d", doc.Tests, doc.Failures, doc.Errors, tests, failures, errs)
	}
}

func TestJUnit(t *testing.T) {
	runs := goldenRuns(t)
	for name, run := range runs {
		t.Run(name, func(t *testing.T) { checkCounts(t, parseJUnit(t, run)) })
	}

	run := runs["findings"]
	doc := parseJUnit(t, run)
	if len(doc.Suites) != len(run.Results) {
		t.Fatalf("%d testsuites for %d inputs", len(doc.Suites), len(run.Results))
	}
	failing := 0
	for i, s := range doc.Suites {
		res := run.Results[i]
		if s.Name != res.File || len(s.Cases) != len(res.Rules) {
			t.Errorf("suite %d = %s with %d cases, want %s with one per rule (%d)", i, s.Name, len(s.Cases), res.File, len(res.Rules))
		}
		for j, c := range s.Cases {
			if c.Name != res.Rules[j] || c.Classname != res.File {
				t.Errorf("case %s/%s, want %s/%s", c.Classname, c.Name, res.File, res.Rules[j])
			}
			var want []rules.Finding
			for _, f := range res.Findings {
				if f.Rule == c.Name && f.Severity >= run.FailOn {
					want = append(want, f)
				}
			}
			if len(c.Failures) != len(want) {
				t.Errorf("%s/%s: %d failures, want %d", c.Classname, c.Name, len(c.Failures), len(want))
				continue
			}
			for k, f := range want {
				got := c.Failures[k]
				if got.Message != f.Message || got.Type != f.Severity.String() ||
					!strings.Contains(got.Body, "why: "+f.Why) || !strings.Contains(got.Body, "fix: "+f.Fix.Message) || !strings.Contains(got.Body, "fingerprint: "+f.Fingerprint) {
					t.Errorf("%s/%s failure %d = %+v", c.Classname, c.Name, k, got)
				}
				failing++
			}
		}
	}
	if failing != 5 {
		t.Errorf("%d failures at or above high, want 5", failing)
	}
	// Below the threshold, findings pass but are listed.
	low := false
	for _, c := range doc.Suites[2].Cases {
		if c.Name == "cacheable-authenticated-response" {
			low = true
			if len(c.Failures) != 0 || !strings.Contains(c.SystemOut, "low (below fail-on high)") {
				t.Errorf("a low finding: %+v", c)
			}
		}
	}
	if !low {
		t.Error("no case for cacheable-authenticated-response in the third suite")
	}

	cut := parseJUnit(t, runs["cut"])
	s := cut.Suites[0]
	if s.Cases[0].Name != "input" || len(s.Cases[0].Errors) != 1 || !strings.Contains(s.Cases[0].Errors[0].Message, "input cut short") ||
		s.Cases[1].Skipped == nil || !strings.Contains(s.Cases[1].Skipped.Message, "no Set-Cookie") {
		t.Errorf("cut input: %+v", s.Cases)
	}
}

// TestJUnitHostileText: control characters and "]]>" from a HAR must not
// break the document.
func TestJUnitHostileText(t *testing.T) {
	msg := "cookie \x00\x1b[31m\"sid\" <b>&amp; ]]> done \uFFFE"
	res := &rules.Result{File: "a&b<c>.har", Rules: []string{"x"}, Findings: []rules.Finding{{
		Rule: "x", Severity: rules.Critical, Message: msg, Why: "]]>]]>", File: "a&b<c>.har", Fingerprint: "f",
		Evidence: []rules.Evidence{{Entry: 0, Where: "response header", Name: "set-cookie", Value: "a=]]><x/>\x07"}},
		Entries:  []rules.EntryRef{{Index: 0, Method: "GET", URL: "https://example.com/?q=]]>"}},
	}}}
	doc := parseJUnit(t, &Run{Results: []*rules.Result{res}, FailOn: rules.High})
	checkCounts(t, doc)
	f := doc.Suites[0].Cases[0].Failures
	if doc.Suites[0].Name != "a&b<c>.har" || len(f) != 1 {
		t.Fatalf("suite %q, failures %+v", doc.Suites[0].Name, f)
	}
	if want := "cookie \uFFFD\uFFFD[31m\"sid\" <b>&amp; ]]> done \uFFFD"; f[0].Message != want {
		t.Errorf("message = %q, want %q", f[0].Message, want)
	}
	if !strings.Contains(f[0].Body, "why: ]]>]]>") || !strings.Contains(f[0].Body, "set-cookie: a=]]><x/>\uFFFD") {
		t.Errorf("body = %q", f[0].Body)
	}
}

func TestXMLSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain\ttext\r\n", "plain\ttext\r\n"},
		{"\x00\x08\x0b\x1f", "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"\uFFFE\uFFFF é 😀", "\uFFFD\uFFFD é 😀"},
		{"bad utf-8 \xff", "bad utf-8 \uFFFD"},
	} {
		if got := xmlSafe(tc.in); got != tc.want {
			t.Errorf("xmlSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
