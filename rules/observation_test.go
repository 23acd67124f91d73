package rules

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
)

// TestObservations covers the observation stage: an observation no rule
// covers becomes a finding of its rule; one on an entry with a finding
// confirms it (a cross-user leak raises it to the rule's highest severity,
// unless the policy sets the rule's severity); a rule left out reports
// nothing.
func TestObservations(t *testing.T) {
	const sid = "sid=v-0123456789abcdef0123456789abcdef"
	// Entry 0 signs in and is given the session; entry 1, anonymous, gets
	// the same Set-Cookie from a cache that says nothing about it.
	quiet := []testEntry{
		{url: "https://app.example.com/account", cookie: sid, setCookies: []string{sid + "; Path=/; HttpOnly; Secure"},
			resp: [][2]string{{"Cache-Control", "public, max-age=300"}}},
		{url: "https://app.example.com/account", setCookies: []string{sid + "; Path=/; HttpOnly; Secure"},
			resp: [][2]string{{"Cache-Control", "public, max-age=300"}}},
	}
	leak := Observation{Kind: LeakedSetCookie, Entry: 1, Source: 0, Cookie: "sid", CookieKind: auth.CookieSession, Value: strings.TrimPrefix(sid, "sid=")}

	t.Run("reported when no rule covers it", func(t *testing.T) {
		res := testAnalyze(t, Options{Rules: []*Rule{CachedSetCookie}, Observations: []Observation{leak}}, quiet...)
		if len(res.Findings) != 1 {
			t.Fatalf("%d findings, want 1: %+v", len(res.Findings), res.Findings)
		}
		f := res.Findings[0]
		if f.Rule != CachedSetCookie.ID || !f.Confirmed || !strings.Contains(f.Message, `anonymous request received cookie "sid"`) || len(f.Entries) != 2 || f.Entries[1].Index != 0 {
			t.Errorf("finding %+v", f)
		}
		if f.Severity != CachedSetCookie.Severity {
			t.Errorf("severity %v, want the rule's highest, %v", f.Severity, CachedSetCookie.Severity)
		}
		for _, ev := range f.Evidence {
			if strings.Contains(ev.Value, "0123456789abcdef") {
				t.Errorf("evidence shows the cookie value: %+v", ev)
			}
		}
	})
	t.Run("rule left out", func(t *testing.T) {
		res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}, Observations: []Observation{leak}}, quiet...)
		for _, f := range res.Findings {
			if f.Rule == CachedSetCookie.ID {
				t.Errorf("a finding of a rule left out: %+v", f)
			}
		}
	})
	t.Run("confirms the findings on its entry", func(t *testing.T) {
		res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}, Observations: []Observation{leak}}, quiet...)
		found := false
		for _, f := range res.Findings {
			if refsHave(f.Entries, 1) {
				found = true
				if !f.Confirmed || f.Severity != CacheableSetCookie.Severity {
					t.Errorf("finding on the observed entry not confirmed and raised: %+v", f)
				}
			}
		}
		if !found {
			t.Skip("cacheable-set-cookie reports nothing on entry 1 of this HAR")
		}
	})
	t.Run("the policy's severity stands", func(t *testing.T) {
		pol := &Policy{Severity: map[string]Severity{CachedSetCookie.ID: Low}}
		res := testAnalyze(t, Options{Rules: []*Rule{CachedSetCookie}, Observations: []Observation{leak}, Policy: pol}, quiet...)
		if len(res.Findings) != 1 || res.Findings[0].Severity != Low {
			t.Errorf("findings %+v, want one at the policy's low", res.Findings)
		}
	})
}
