package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	cachedCallback = "../../testdata/hars/auth-route-cache-hit/nextauth-callback-cloudfront-hit.har"
	healthy        = "../../testdata/hars/healthy/nextauth-cloudfront-healthy.har"
)

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs authlint in process with a clean environment.
func runCLI(t *testing.T, stdin string, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return vars[k] },
		getwd:  func() (string, error) { return t.TempDir(), nil },
	}
	code := run(args, e)
	return result{code, out.String(), errb.String()}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantOut    string // substring of stdout
		wantErr    string // substring of stderr
		emptyOut   bool
		singleLine bool // stderr is exactly one line
	}{
		{name: "findings at default fail-on", args: []string{"analyze", cachedCallback}, wantCode: 1, wantOut: "auth-route-cache-hit"},
		{name: "fail-on none", args: []string{"analyze", "--fail-on", "none", cachedCallback}, wantCode: 0, wantOut: "auth-route-cache-hit"},
		{name: "fail-on critical still fails", args: []string{"analyze", "--fail-on=critical", cachedCallback}, wantCode: 1},
		{name: "healthy passes", args: []string{"analyze", healthy}, wantCode: 0},
		{name: "rule selection", args: []string{"analyze", "--rule", "token-in-url", cachedCallback}, wantCode: 0},
		{name: "disable", args: []string{"analyze", "--disable", "auth-route-cache-hit,cached-set-cookie,cookie-not-forwarded", "--fail-on", "critical", cachedCallback}, wantCode: 0},
		{name: "unknown rule", args: []string{"analyze", "--rule", "nope", cachedCallback}, wantCode: 2, wantErr: `unknown rule "nope"`},
		{name: "bad fail-on", args: []string{"analyze", "--fail-on", "severe", cachedCallback}, wantCode: 2, wantErr: "--fail-on"},
		{name: "bad format", args: []string{"analyze", "--format", "xml", cachedCallback}, wantCode: 2, wantErr: `unknown format "xml"`},
		{name: "unknown flag", args: []string{"analyze", "--frobnicate", cachedCallback}, wantCode: 2, wantErr: "unknown flag"},
		{name: "no files", args: []string{"analyze"}, wantCode: 2},
		{name: "unknown command", args: []string{"analyse", "x.har"}, wantCode: 2, wantErr: "unknown command"},
		{name: "missing file", args: []string{"analyze", "/nonexistent/ticket.har"}, wantCode: 3, wantErr: "/nonexistent/ticket.har", emptyOut: true},
		{name: "empty stdin", args: []string{"analyze", "-"}, wantCode: 3, wantErr: "-:1:1: offset 0", emptyOut: true, singleLine: true},
		{name: "garbage stdin", args: []string{"analyze", "-"}, stdin: "PK\x03\x04 not a har", wantCode: 3, wantErr: "offset 0", emptyOut: true, singleLine: true},
		{name: "not a har", args: []string{"analyze", "-"}, stdin: `{"foo": 1}`, wantCode: 3, wantErr: "log", emptyOut: true, singleLine: true},
		{name: "version", args: []string{"version"}, wantCode: 0, wantOut: "authlint "},
		{name: "rules", args: []string{"rules"}, wantCode: 0, wantOut: "cached-set-cookie"},
		{name: "explain", args: []string{"explain", "cached-set-cookie"}, wantCode: 0, wantOut: "Fix:"},
		{name: "explain unknown", args: []string{"explain", "nope"}, wantCode: 2, wantErr: `unknown rule "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantOut, r.stdout)
			}
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantErr, r.stderr)
			}
			if tt.emptyOut && r.stdout != "" {
				t.Errorf("stdout should be empty, got:\n%s", r.stdout)
			}
			if tt.singleLine && strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 {
				t.Errorf("stderr should be one line, got:\n%s", r.stderr)
			}
		})
	}
}

func TestStdinAndGzip(t *testing.T) {
	data, err := os.ReadFile(cachedCallback)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	gzPath := writeTemp(t, "ticket.har.gz", gz.Bytes())
	want := runCLI(t, "", nil, "analyze", "--format", "short", cachedCallback)
	for name, r := range map[string]result{
		"stdin": runCLI(t, string(data), nil, "analyze", "--format", "short", "-"),
		"gzip":  runCLI(t, "", nil, "analyze", "--format", "short", gzPath),
	} {
		if r.code != want.code || lineCount(r.stdout) != lineCount(want.stdout) || lineCount(want.stdout) == 0 {
			t.Errorf("%s: code %d and %d findings, want %d and %d\n%s%s", name, r.code, lineCount(r.stdout), want.code, lineCount(want.stdout), r.stdout, r.stderr)
		}
	}
}

func lineCount(s string) int { return strings.Count(s, "\n") }

func TestTruncated(t *testing.T) {
	data, err := os.ReadFile(healthy)
	if err != nil {
		t.Fatal(err)
	}
	// Cut the file in the middle of its last entry.
	cut := bytes.LastIndex(data, []byte(`"startedDateTime"`)) + 40
	path := writeTemp(t, "cut.har", data[:cut])
	r := runCLI(t, "", nil, "analyze", "--format", "json", path)
	if r.code != 3 {
		t.Fatalf("exit %d, want 3; stderr: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "cut.har:") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("want one error line naming the file, got %q", r.stderr)
	}
	var rep struct {
		Inputs []struct {
			Entries int `json:"entries"`
			Cut     *struct {
				Truncated bool `json:"truncated"`
				Entries   int  `json:"complete_entries"`
			} `json:"cut"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, r.stdout)
	}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Cut == nil || !rep.Inputs[0].Cut.Truncated || rep.Inputs[0].Entries == 0 || rep.Inputs[0].Cut.Entries != rep.Inputs[0].Entries {
		t.Fatalf("report should cover the complete entries and say where it was cut: %s", r.stdout)
	}
	r = runCLI(t, "", nil, "analyze", "--allow-truncated", path)
	if r.code != 0 || !strings.Contains(r.stdout, "input cut short") {
		t.Fatalf("--allow-truncated: exit %d, want 0 and a note in the report\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestColor(t *testing.T) {
	// Output to a buffer is never a terminal: no escape codes, whatever
	// NO_COLOR says.
	r := runCLI(t, "", nil, "analyze", cachedCallback)
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour escape codes written to a non-terminal")
	}
	if colorAllowed(&env{getenv: func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }}, os.Stdout) {
		t.Error("NO_COLOR must disable colour")
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("fail-on: none\nrules:\n  disable: [cached-set-cookie]\n"), 0o644)
	r := runCLI(t, "", nil, "analyze", "--config", good, cachedCallback)
	if r.code != 0 || strings.Contains(r.stdout, "cached-set-cookie ") {
		t.Errorf("config fail-on/disable not applied: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("fail-on: none\nrulez:\n  disable: []\n"), 0o644)
	r = runCLI(t, "", nil, "analyze", "--config", bad, cachedCallback)
	if r.code != 2 || !strings.Contains(r.stderr, "bad.yaml:2") {
		t.Errorf("typo'd key: exit %d, want 2 and file:line; stderr %q", r.code, r.stderr)
	}
}

func TestJSONReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	r := runCLI(t, "", nil, "analyze", "--format", "json", "-o", out, cachedCallback, healthy)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d (want 1), stdout %q", r.code, r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if rep["schema_version"] != float64(1) || len(rep["inputs"].([]any)) != 2 {
		t.Errorf("unexpected report header: %v", rep)
	}
	if strings.Contains(string(data), "ZmFrZS1jaXBoZXJ0ZXh0") {
		t.Error("a cookie value leaked into the report")
	}
}

// TestNotAnEmptyHAR checks that a file whose entries are missing or of the
// wrong type exits 3 with one line naming the file and the position, and
// never reports "0 entries, no findings" (issue 9, section 8).
func TestNotAnEmptyHAR(t *testing.T) {
	const entry = `{"request":{"method":"GET","url":"https://app.example.com/"},"response":{"status":200}}`
	tests := []struct {
		name, in string
		err      string // the whole of stderr, after "authlint: "
		partial  bool   // a report on the entries before the error is written
	}{
		{"entries a string", `{"log":{"entries":"nope"}}`, `-:1:19: offset 18: not a HAR: "entries" is a string, expected an array`, false},
		{"entries an object", `{"log":{"entries":{}}}`, `-:1:19: offset 18: not a HAR: "entries" is an object, expected an array`, false},
		{"entries a number", `{"log":{"entries":0}}`, `-:1:19: offset 18: not a HAR: "entries" is a number, expected an array`, false},
		{"entries null", `{"log":{"entries":null}}`, `-:1:19: offset 18: not a HAR: "entries" is null, expected an array`, false},
		{"entries missing", `{"log":{"version":"1.2"}}`, `-:1:24: offset 23: not a HAR: "log" has no "entries" member`, false},
		{"element null", `{"log":{"entries":[null]}}`, `-:1:20: offset 19, entry 0: not a HAR: the entry is null, expected an object`, false},
		{"element an array", `{"log":{"entries":[[]]}}`, `-:1:20: offset 19, entry 0: not a HAR: the entry is an array, expected an object`, false},
		{"element a string after an entry", `{"log":{"entries":[` + entry + `,"x"]}}`, `-:1:108: offset 107, entry 1: not a HAR: the entry is a string, expected an object`, true},
		{"status an object", `{"log":{"entries":[{"response":{"status":{}}}]}}`, `-:1:42: offset 41, entry 0: not a HAR: "status" is an object, expected a number`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.in, nil, "analyze", "--format", "json", "-")
			if r.code != ExitFailure {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFailure, r.stdout, r.stderr)
			}
			if want := "authlint: " + tt.err + "\n"; r.stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, want)
			}
			if !tt.partial {
				if r.stdout != "" {
					t.Errorf("stdout should be empty, got:\n%s", r.stdout)
				}
				return
			}
			// The report on the entries before the error says where it
			// stopped.
			var rep struct {
				Inputs []struct {
					Entries int `json:"entries"`
					Cut     *struct {
						Message string `json:"message"`
					} `json:"cut"`
				} `json:"inputs"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			if len(rep.Inputs) != 1 || rep.Inputs[0].Entries != 1 || rep.Inputs[0].Cut == nil || rep.Inputs[0].Cut.Message != tt.err {
				t.Errorf("report: %s", r.stdout)
			}
		})
	}
}
