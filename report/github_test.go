package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// runnerCommand is a workflow command as the Actions runner parses it.
type runnerCommand struct {
	name  string
	props map[string]string
	data  string
}

// parseRunnerCommand mirrors ActionCommand.TryParseV2 and its unescaping in
// actions/runner src/Runner.Common/ActionCommand.cs: the command info ends
// at the first "::" after the leading one, properties split on "," and then
// on the first "=", empty pieces are dropped, and escapes are undone in the
// order CR, LF, (":", ","), "%".
func parseRunnerCommand(line string) (runnerCommand, bool) {
	line = strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(line, "::") {
		return runnerCommand{}, false
	}
	end := strings.Index(line[2:], "::")
	if end < 0 {
		return runnerCommand{}, false
	}
	info, data := line[2:2+end], line[2+end+2:]
	name, propStr, _ := strings.Cut(info, " ")
	cmd := runnerCommand{name: name, props: map[string]string{}, data: runnerUnescape(data, false)}
	for _, p := range strings.Split(strings.TrimSpace(propStr), ",") {
		k, v, ok := strings.Cut(p, "=")
		if p == "" || !ok || k == "" || v == "" {
			continue
		}
		cmd.props[k] = runnerUnescape(v, true)
	}
	return cmd, true
}

func runnerUnescape(s string, property bool) string {
	s = strings.ReplaceAll(s, "%0D", "\r")
	s = strings.ReplaceAll(s, "%0A", "\n")
	if property {
		s = strings.ReplaceAll(s, "%3A", ":")
		s = strings.ReplaceAll(s, "%2C", ",")
	}
	return strings.ReplaceAll(s, "%25", "%")
}

func TestEscapes(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"rule: title, more", "rule: title, more", "rule%3A title%2C more"},
		{"%0A", "%250A", "%250A"},
		{"::set-env name=x::y", "::set-env name=x::y", "%3A%3Aset-env name=x%3A%3Ay"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubLevels(t *testing.T) {
	for _, tc := range []struct {
		sev, failOn rules.Severity
		want        string
	}{
		{rules.Critical, rules.High, "error"},
		{rules.High, rules.High, "error"},
		{rules.Medium, rules.High, "warning"},
		{rules.Low, rules.High, "warning"},
		{rules.Info, rules.High, "notice"},
		{rules.Info, rules.Info, "error"},
		{rules.Critical, 0, "warning"},
		{rules.Info, 0, "notice"},
	} {
		if got := ghLevel(tc.sev, tc.failOn); got != tc.want {
			t.Errorf("ghLevel(%s, %v) = %s, want %s", tc.sev, tc.failOn, got, tc.want)
		}
	}
}

// TestGitHubCommands parses the output as the runner does and checks that
// every annotation carries exactly what the finding says, even when a HAR
// value tries to inject a command.
func TestGitHubCommands(t *testing.T) {
	hostile := rules.Finding{
		Rule: "token-in-url", Severity: rules.High, Title: "a token, in a URL: bad", File: `e2e\a,b:c.har`,
		Message: "token in \"https://x.example/?a=1%0A\"\n::error file=evil::pwned\r\n",
		Fix:     rules.Fix{Message: "move it: to a header, 100%"},
		Entries: []rules.EntryRef{{Index: 3, Line: 42}},
	}
	info := rules.Finding{Rule: "x", Severity: rules.Info, Title: "t", File: "-", Message: "m"}
	run := &Run{FailOn: rules.High, Results: []*rules.Result{
		{File: hostile.File, Findings: []rules.Finding{info, hostile}, NotEvaluated: []rules.NotEvaluated{
			{Rule: "cached-set-cookie", Reason: "no Set-Cookie"}, {Rule: "cookie-not-forwarded", Reason: "no Cookie"}, {Rule: "session-cookie-race", Reason: "no Cookie"},
		}},
	}}
	var b bytes.Buffer
	if err := (&GitHub{}).Report(&b, run); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 3 commands (one notice for the rules not evaluated) and a summary:\n%s", len(lines), b.String())
	}
	want := []runnerCommand{
		{name: "error", props: map[string]string{"file": "e2e/a,b:c.har", "line": "42", "title": "token-in-url: a token, in a URL: bad"},
			data: hostile.Message + " — fix: " + hostile.Fix.Message},
		{name: "notice", props: map[string]string{"title": "x: t"}, data: "m"},
		{name: "notice", props: map[string]string{"file": "e2e/a,b:c.har", "title": "authlint: 3 rules not evaluated"}, data: "3 rules: no Set-Cookie; no Cookie"},
	}
	for i, w := range want {
		got, ok := parseRunnerCommand(lines[i])
		if !ok || got.name != w.name || got.data != w.data || len(got.props) != len(w.props) {
			t.Errorf("line %d = %q\nparsed %+v\nwant %+v", i, lines[i], got, w)
			continue
		}
		for k, v := range w.props {
			if got.props[k] != v {
				t.Errorf("line %d: %s = %q, want %q", i, k, got.props[k], v)
			}
		}
	}
	if _, ok := parseRunnerCommand(lines[3]); ok || !strings.HasPrefix(lines[3], "authlint: 2 findings") {
		t.Errorf("summary line = %q", lines[3])
	}
}

// TestGitHubTooMany: past GitHub's 10 annotations per level, the summary
// says that the rest are only in the log.
func TestGitHubTooMany(t *testing.T) {
	res := &rules.Result{File: "a.har"}
	for range 11 {
		res.Findings = append(res.Findings, rules.Finding{Rule: "r", Severity: rules.Critical, Title: "t", File: "a.har", Message: "m"})
	}
	var b bytes.Buffer
	(&GitHub{}).Report(&b, &Run{FailOn: rules.High, Results: []*rules.Result{res}})
	if !strings.Contains(b.String(), "GitHub shows only the first 10 of 11 error annotations") {
		t.Errorf("no note about the annotation limit:\n%s", b.String())
	}
}

// FuzzWorkflowCommand: whatever a HAR holds, the runner reads back exactly
// the properties and message that were written, on one line.
func FuzzWorkflowCommand(f *testing.F) {
	f.Add("cached-set-cookie: a response served from cache carries set-cookie", "e2e/login.har", "response served from cache (x-cache: \"Hit\") — fix: send \"Cache-Control: private\"")
	f.Add("a,b:c", `C:\x\y.har`, "line1\r\nline2 %0A %25 ::warning::x")
	f.Add("%3A%2C", "=", "::")
	f.Fuzz(func(t *testing.T, title, file, msg string) {
		line := workflowCommand("warning", []ghProp{{"file", file}, {"title", title}}, msg)
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("command spans lines: %q", line)
		}
		got, ok := parseRunnerCommand(line)
		if !ok || got.name != "warning" || got.data != msg {
			t.Fatalf("%q parsed as %+v", line, got)
		}
		for k, v := range map[string]string{"file": file, "title": title} {
			if v = strings.TrimSpace(v); v != "" && got.props[k] != v {
				t.Fatalf("%s = %q, want %q (line %q)", k, got.props[k], v, line)
			}
		}
	})
}
