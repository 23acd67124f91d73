package cli

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
)

const sample = "../../testdata/sample/ticket.har"

var cookieValue = regexp.MustCompile(`=([^;,\s]+)`)

// rerecord returns the HAR at path as if the same flow were recorded again:
// three days later, in another entry order, with new cookie and query values.
func rerecord(t *testing.T, path string, extra ...*har.Entry) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	log, entries, err := har.ReadAll(f, path, har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 9))
	fresh := func(string) string { return fmt.Sprintf("=v%016x", rng.Uint64()) }
	for _, e := range entries {
		e.Started = e.Started.Add(72*time.Hour + 1234*time.Millisecond)
		for i, h := range e.Request.Headers {
			if strings.EqualFold(h.Name, "cookie") {
				e.Request.Headers[i].Value = cookieValue.ReplaceAllStringFunc(h.Value, fresh)
			}
		}
		if q := strings.Index(e.Request.URL, "?"); q >= 0 {
			e.Request.URL = e.Request.URL[:q+1] + cookieValue.ReplaceAllStringFunc(e.Request.URL[q+1:], fresh)
		}
		if e.Response != nil {
			for i, h := range e.Response.Headers {
				if strings.EqualFold(h.Name, "set-cookie") {
					name, rest, _ := strings.Cut(h.Value, "=")
					_, attrs, _ := strings.Cut(rest, ";")
					e.Response.Headers[i].Value = name + fresh("") + ";" + attrs
				}
			}
		}
	}
	rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
	entries = append(entries, extra...)
	data, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": log.Creator, "entries": entries}})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rerecorded.har")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func fingerprints(t *testing.T, report string) map[string]string {
	t.Helper()
	var rep struct {
		Findings []struct {
			Rule, Fingerprint string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(report), &rep); err != nil {
		t.Fatalf("invalid JSON report: %v\n%s", err, report)
	}
	fps := map[string]string{}
	for _, f := range rep.Findings {
		fps[f.Fingerprint] = f.Rule
	}
	return fps
}

func TestFingerprintsSurviveRerecording(t *testing.T) {
	first := runCLI(t, "", nil, "analyze", "--format", "json", sample)
	again := runCLI(t, "", nil, "analyze", "--format", "json", rerecord(t, sample))
	a, b := fingerprints(t, first.stdout), fingerprints(t, again.stdout)
	if len(a) < 3 {
		t.Fatalf("the sample should have several findings, got %v", a)
	}
	for fp, rule := range a {
		if _, ok := b[fp]; !ok {
			t.Errorf("%s finding %s changed fingerprint after re-recording; second run has %v", rule, fp, b)
		}
	}
	if len(a) != len(b) {
		t.Errorf("re-recording changed the findings: %v vs %v", a, b)
	}
}

func TestBaselineGate(t *testing.T) {
	dir := t.TempDir()
	baseline := filepath.Join(dir, "baseline.json")
	r := runCLI(t, "", nil, "analyze", "--format", "short", "--write-baseline", baseline, sample)
	if r.code != 1 {
		t.Fatalf("first run: exit %d, want 1 (the sample has high findings)\n%s", r.code, r.stderr)
	}
	r = runCLI(t, "", nil, "analyze", "--format", "short", "--baseline", baseline, rerecord(t, sample))
	if r.code != 0 || strings.TrimSpace(r.stdout) != "" {
		t.Fatalf("re-recorded flow with the baseline: exit %d, want 0 and no findings\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A newly introduced problem: the session route is now answered from
	// the CDN cache.
	started, _ := time.Parse(time.RFC3339, "2025-03-07T10:01:00Z")
	newProblem := &har.Entry{
		Started: started, Time: 30,
		Request: har.Request{Method: "GET", URL: "https://portal.example.com/api/auth/me/settings", HTTPVersion: "http/2.0",
			Headers: har.Headers{{Name: "cookie", Value: "appSession=x"}}},
		Response: &har.Response{Status: 200, HTTPVersion: "http/2.0", Headers: har.Headers{
			{Name: "x-cache", Value: "Hit from cloudfront"}, {Name: "cache-control", Value: "public, max-age=60"},
			{Name: "set-cookie", Value: "appSession=y; Path=/; HttpOnly; Secure"}}},
	}
	r = runCLI(t, "", nil, "analyze", "--format", "short", "--baseline", baseline, rerecord(t, sample, newProblem))
	if r.code != 1 || !strings.Contains(r.stdout, "[cached-set-cookie]") {
		t.Fatalf("new problem must fail the gate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.Contains(line, "/api/auth/me/settings") {
			t.Errorf("baselined finding reported again: %s", line)
		}
	}
	// An earlier JSON report works as a baseline too.
	report := filepath.Join(dir, "report.json")
	runCLI(t, "", nil, "analyze", "--format", "json:"+report, sample)
	r = runCLI(t, "", nil, "analyze", "--format", "short", "--baseline", report, sample)
	if r.code != 0 {
		t.Fatalf("JSON report as baseline: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "analyze", "--baseline", filepath.Join(dir, "missing.json"), sample)
	if r.code != 2 {
		t.Fatalf("missing baseline: exit %d, want 2", r.code)
	}
}

func TestSeveralFormats(t *testing.T) {
	dir := t.TempDir()
	j, s := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.txt")
	r := runCLI(t, "", nil, "analyze", "--fail-on", "none", "--format", "short", "--format", "json:"+j, "--format", "text:"+s, sample)
	if r.code != 0 || !strings.Contains(r.stdout, "[auth-route-cache-hit]") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, p := range []string{j, s} {
		if b, err := os.ReadFile(p); err != nil || len(b) == 0 {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	r = runCLI(t, "", nil, "analyze", "--format", "short", "--format", "json", sample)
	if r.code != 2 || !strings.Contains(r.stderr, "standard output") {
		t.Errorf("two stdout formats: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestUnusedIgnoreWarns(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "cfg.yaml")
	os.WriteFile(cfg, []byte(`ignore:
  - rule: auth-route-cache-hit
    url: /api/auth/me
    reason: accepted while the CDN migration is under way
  - rule: token-in-url
    url: /never/**
    reason: fixed long ago
`), 0o644)
	r := runCLI(t, "", nil, "analyze", "--config", cfg, "--format", "json", sample)
	if !strings.Contains(r.stderr, `ignore of token-in-url on "/never/**" matched no finding`) || !strings.Contains(r.stderr, "cfg.yaml:5") {
		t.Errorf("unused ignore not reported with its line: %q", r.stderr)
	}
	var rep struct {
		Warnings []string
		Summary  struct{ Ignored int }
		Findings []struct{ Rule, Message string }
	}
	json.Unmarshal([]byte(r.stdout), &rep)
	if rep.Summary.Ignored == 0 || len(rep.Warnings) != 1 {
		t.Errorf("summary.ignored = %d, warnings %v", rep.Summary.Ignored, rep.Warnings)
	}
	for _, f := range rep.Findings {
		if f.Rule == "auth-route-cache-hit" && strings.Contains(f.Message, "/api/auth/me ") {
			t.Errorf("ignored finding still reported: %s", f.Message)
		}
	}
}
