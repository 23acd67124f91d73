package rules

import "testing"

func TestPolicyApply(t *testing.T) {
	mk := func(rule, u, fp string, sev Severity) Finding {
		return Finding{Rule: rule, Severity: sev, Fingerprint: fp, Entries: []EntryRef{{URL: u}}}
	}
	res := &Result{Findings: []Finding{
		mk("cached-set-cookie", "https://app.example.com/static/js/app.js?v=1", "a", High),
		mk("cached-set-cookie", "https://app.example.com/api/me", "b", Critical),
		mk("cacheable-authenticated-response", "https://api.example.com/v1/public/list", "c", Medium),
		mk("rolling-session-cookie", "https://app.example.com/", "d", Info),
		mk("token-in-url", "https://app.example.com/cb", "e", High),
	}}
	p := &Policy{
		Ignores: []*Ignore{
			{Rule: "cached-set-cookie", URL: "/static/**", Reason: "assets"},
			{Rule: "cacheable-authenticated-response", URL: "https://API.example.com/v1/public/*", Reason: "public"},
			{Rule: "token-in-url", URL: "/never/*", Reason: "stale"},
		},
		Baseline: map[string]bool{"e": true},
		Severity: map[string]Severity{"rolling-session-cookie": Low},
	}
	p.Apply(res)
	if len(res.Findings) != 2 || res.Ignored != 2 || res.Baselined != 1 {
		t.Fatalf("kept %d (want 2), ignored %d (want 2), baselined %d (want 1): %+v", len(res.Findings), res.Ignored, res.Baselined, res.Findings)
	}
	for _, f := range res.Findings {
		if f.Rule == "rolling-session-cookie" && f.Severity != Low {
			t.Errorf("severity override not applied: %s", f.Severity)
		}
	}
	unused := p.Unused()
	if len(unused) != 1 || unused[0].URL != "/never/*" {
		t.Errorf("Unused() = %v, want the /never/* ignore", unused)
	}
}

func TestGlobPath(t *testing.T) {
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{"/api/*", "/api/me", true},
		{"/api/*", "/api/me/x", false},
		{"/api/**", "/api/me/x", true},
		{"/api/**", "/api", true},
		{"**", "/anything/at/all", true},
		{"/a/*/c", "/a/b/c", true},
		{"/a/*/c", "/a/b/d", false},
		{"https://app.example.com/**", "https://app.example.com/x/y", true},
		{"https://app.example.com/**", "https://evil.example/x", false},
		{"/[", "/[", false},
	}
	for _, tt := range tests {
		if got := globPath(tt.pattern, tt.subject); got != tt.want {
			t.Errorf("globPath(%q, %q) = %v, want %v", tt.pattern, tt.subject, got, tt.want)
		}
	}
}

func TestIgnoreValidate(t *testing.T) {
	for _, ig := range []Ignore{
		{Rule: "nope", URL: "/x", Reason: "r"},
		{Rule: "cached-set-cookie", Reason: "r"},
		{Rule: "cached-set-cookie", URL: "/x", Reason: "  "},
	} {
		if ig.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", ig)
		}
	}
	ok := Ignore{Rule: "cached-set-cookie", URL: "/x", Reason: "r"}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
}
