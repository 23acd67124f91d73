package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/rules"
)

// JUnit writes JUnit XML for CI test report views: one testsuite per input,
// one testcase per rule (name = rule ID, classname = input file), a failure
// for each finding at or above Run.FailOn, skipped for rules that could not
// be evaluated, and a testcase named "input" with an error when the input
// was cut short. Findings below the threshold are listed in the testcase's
// system-out, so the test passes but the finding stays visible.
//
// The element and attribute names follow the Jenkins JUnit schema
// (jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd),
// which allows several failure elements per testcase; counts are of
// testcases, as in that schema: failures is the number of testcases that
// failed, not the number of failure elements.
type JUnit struct{}

var _ Reporter = (*JUnit)(nil)

// junitSuites is the document root. The xml tags are shared with the tests,
// which parse the output back into these types.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Skipped   *junitMessage  `xml:"skipped"`
	Errors    []junitMessage `xml:"error"`
	Failures  []junitMessage `xml:"failure"`
	SystemOut *junitText     `xml:"system-out"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",cdata"`
}

// junitText is an element holding only text, written as CDATA so that
// multi-line text stays readable.
type junitText struct {
	Text string `xml:",cdata"`
}

// Report writes run as one JUnit XML document.
func (*JUnit) Report(w io.Writer, run *Run) error {
	tool := run.Tool
	if tool == "" {
		tool = "authlint"
	}
	doc := junitSuites{Name: tool}
	for _, res := range run.Results {
		s := junitInput(run, res)
		doc.Suites = append(doc.Suites, s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitInput renders one input as a testsuite.
func junitInput(run *Run, res *rules.Result) junitSuite {
	s := junitSuite{Name: res.File}
	failOn := "none"
	if run.FailOn != 0 {
		failOn = run.FailOn.String()
	}
	s.Properties = []junitProperty{
		{Name: "entries", Value: fmt.Sprint(res.Entries)},
		{Name: "fail_on", Value: failOn},
	}
	if res.Creator != "" {
		s.Properties = append(s.Properties, junitProperty{Name: "creator", Value: res.Creator})
	}
	if run.Version != "" {
		s.Properties = append(s.Properties, junitProperty{Name: "authlint_version", Value: run.Version})
	}
	if c := res.Cut; c != nil {
		what := "input malformed"
		if c.Truncated {
			what = "input cut short"
		}
		s.Cases = append(s.Cases, junitCase{Name: "input", Classname: res.File, Errors: []junitMessage{{
			Message: what + ": " + c.Error(),
			Type:    "cut",
			Body:    xmlSafe(fmt.Sprintf("only the %s before that point were analysed", english.Count(c.Entries, "complete entry", "complete entries"))),
		}}})
	}
	// One testcase per rule that ran, in the order they ran, then any rule
	// that reported without being listed (results from elsewhere).
	ids := append([]string(nil), res.Rules...)
	for _, f := range res.Findings {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	for _, ne := range res.NotEvaluated {
		if !slices.Contains(ids, ne.Rule) {
			ids = append(ids, ne.Rule)
		}
	}
	for _, id := range ids {
		c := junitCase{Name: id, Classname: res.File}
		var below []string
		for _, f := range res.Findings {
			if f.Rule != id {
				continue
			}
			if run.FailOn != 0 && f.Severity >= run.FailOn {
				c.Failures = append(c.Failures, junitMessage{Message: f.Message, Type: f.Severity.String(), Body: xmlSafe(junitBody(f))})
			} else {
				below = append(below, fmt.Sprintf("%s (below fail-on %s): %s\n%s", f.Severity, failOn, f.Message, junitBody(f)))
			}
		}
		if len(c.Failures) == 0 {
			for _, ne := range res.NotEvaluated {
				if ne.Rule == id {
					c.Skipped = &junitMessage{Message: "not evaluated: " + ne.Reason}
					break
				}
			}
		}
		if len(below) > 0 {
			c.SystemOut = &junitText{Text: xmlSafe(strings.Join(below, "\n"))}
		}
		s.Cases = append(s.Cases, c)
	}
	for _, c := range s.Cases {
		s.Tests++
		switch {
		case len(c.Errors) > 0:
			s.Errors++
		case len(c.Failures) > 0:
			s.Failures++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	return s
}

// junitBody is the text of a failure: the entries with their evidence, why,
// fix and fingerprint, in the text format's layout.
func junitBody(f rules.Finding) string {
	var b strings.Builder
	for _, e := range f.Entries {
		fmt.Fprintf(&b, "%s\n", entryLine(e))
		for _, ev := range f.Evidence {
			if ev.Entry == e.Index {
				fmt.Fprintf(&b, "    %s %s: %s\n", ev.Where, ev.Name, ev.Value)
			}
		}
	}
	if f.EvidenceOmitted > 0 {
		fmt.Fprintf(&b, "    and %d more evidence lines\n", f.EvidenceOmitted)
	}
	if f.Occurrences > len(f.Entries) {
		fmt.Fprintf(&b, "and %d more occurrences\n", f.Occurrences-len(f.Entries))
	}
	if f.Why != "" {
		fmt.Fprintf(&b, "why: %s\n", f.Why)
	}
	if f.Fix.Message != "" {
		fmt.Fprintf(&b, "fix: %s\n", f.Fix.Message)
		for _, h := range f.Fix.Headers {
			fmt.Fprintf(&b, "    %s\n", h.String())
		}
		if f.Fix.Reference != "" {
			fmt.Fprintf(&b, "    see %s\n", f.Fix.Reference)
		}
	}
	if f.ReliesOn != "" {
		fmt.Fprintf(&b, "relies on: %s\n", f.ReliesOn)
	}
	fmt.Fprintf(&b, "fingerprint: %s", f.Fingerprint)
	return b.String()
}

// xmlSafe replaces the characters XML 1.0 does not allow (most control
// characters, lone surrogates, U+FFFE and U+FFFF) with U+FFFD. encoding/xml
// does this for attributes and character data but not inside CDATA.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
