package rules

import (
	"strings"
	"testing"
)

// TestTxnStateRedactedAndStable: the OAuth state in "__txn_<state>" never
// appears in a finding, and re-recordings with another state keep the
// fingerprint.
func TestTxnStateRedactedAndStable(t *testing.T) {
	run := func(state string) Finding {
		res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}}, testEntry{
			url:        "https://app.example.com/auth/login",
			status:     302,
			resp:       [][2]string{{"cdn-cache-control", "max-age=60"}, {"location", "https://idp.example.com/authorize?state=" + state}},
			setCookies: []string{"__txn_" + state + "=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn; Path=/; HttpOnly; Secure; SameSite=Lax"},
		})
		if len(res.Findings) != 1 {
			t.Fatalf("want 1 finding, got %+v", res.Findings)
		}
		f := res.Findings[0]
		for _, s := range findingStrings(f) {
			if strings.Contains(s, state) {
				t.Errorf("the state %q is printed: %q", state, s)
			}
		}
		if !strings.Contains(f.Message, "__txn_[redacted:") {
			t.Errorf("message %q does not name the cookie as __txn_[redacted:...]", f.Message)
		}
		return f
	}
	a, b := run("stateAAAA1111"), run("stateBBBB2222")
	if a.Fingerprint != b.Fingerprint {
		t.Errorf("fingerprints differ across states: %s, %s", a.Fingerprint, b.Fingerprint)
	}
}

// TestSecretSeenElsewhereRedacted: a session cookie's value that reappears
// under an innocent name, in any rule's finding, is redacted there too.
func TestSecretSeenElsewhereRedacted(t *testing.T) {
	session := "s%3AQ2xT9vLm4Rk8Zp1Yw6Nc3Hb7.sig"
	res := testAnalyze(t, Options{Rules: []*Rule{CacheableAuthenticatedResponse}},
		testEntry{url: "https://app.example.com/", cookie: "connect.sid=" + session},
		testEntry{url: "https://app.example.com/export?ref=" + session + "&page=2", cookie: "connect.sid=" + session,
			resp: [][2]string{{"cache-control", "public, max-age=600"}}},
	)
	if len(res.Findings) == 0 {
		t.Fatal("no finding to check")
	}
	for _, f := range res.Findings {
		for _, s := range findingStrings(f) {
			if strings.Contains(s, session) || strings.Contains(s, "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7") {
				t.Errorf("%s prints the session in %q", f.Rule, s)
			}
		}
		if !strings.Contains(f.Entries[0].URL, "page=2") {
			t.Errorf("innocent parameters must stay: %q", f.Entries[0].URL)
		}
	}
	shown := testAnalyze(t, Options{Rules: []*Rule{CacheableAuthenticatedResponse}, ShowSecrets: true},
		testEntry{url: "https://app.example.com/export?ref=" + session, cookie: "connect.sid=" + session,
			resp: [][2]string{{"cache-control", "public, max-age=600"}}})
	if len(shown.Findings) == 0 || !strings.Contains(shown.Findings[0].Entries[0].URL, session) {
		t.Errorf("ShowSecrets must show the value: %+v", shown.Findings)
	}
}

// findingStrings returns every string of f a report prints.
func findingStrings(f Finding) []string {
	out := []string{f.Message, f.Why, f.ReliesOn, f.Fix.Message, f.Fingerprint}
	for _, e := range f.Entries {
		out = append(out, e.URL)
	}
	for _, ev := range f.Evidence {
		out = append(out, ev.Name, ev.Value)
	}
	for _, h := range f.Fix.Headers {
		out = append(out, h.Value)
	}
	return out
}

// TestFinishRedactsEveryRule: whatever a rule writes, finish redacts it: a
// rule that prints a transaction cookie's name and a secret value as is,
// with the cookie name as its key, still yields a finding without them
// and with a fingerprint that does not change with the state.
func TestFinishRedactsEveryRule(t *testing.T) {
	careless := &Rule{ID: "careless", Title: "prints values as is", Severity: High,
		Check: func(p *Pass, x *Exchange) {
			for _, c := range x.Cookies {
				p.Report(Finding{
					Message:  "cookie " + c.Name + "=" + c.Value + " seen at " + x.Request.URL,
					Evidence: []Evidence{{Entry: x.Index, Where: "request header", Name: "cookie", Value: c.Name + "=" + c.Value}},
					Fix:      Fix{Message: "stop sending " + c.Name, Headers: []HeaderEdit{{Op: "set", Name: "X-Debug", Value: c.Value}}},
					Entries:  []EntryRef{p.Ref(x, "")},
					Key:      c.Name,
				})
			}
		}}
	fingerprint := func(state, value string) string {
		res := testAnalyze(t, Options{Rules: []*Rule{careless}},
			testEntry{url: "https://app.example.com/auth/callback?code=abc12345&state=" + state, cookie: "__txn_" + state + "=" + value})
		if len(res.Findings) != 1 {
			t.Fatalf("want 1 finding, got %d", len(res.Findings))
		}
		for _, s := range findingStrings(res.Findings[0]) {
			if strings.Contains(s, state) || strings.Contains(s, value) || strings.Contains(s, "abc12345") {
				t.Errorf("finding prints a secret: %q", s)
			}
		}
		return res.Findings[0].Fingerprint
	}
	if a, b := fingerprint("stateAAAA1111", "valueAAAA11112222"), fingerprint("stateBBBB2222", "valueBBBB33334444"); a != b {
		t.Errorf("fingerprint changes with the state: %s, %s", a, b)
	}
}
