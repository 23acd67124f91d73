package redact

import (
	"fmt"
	"strings"
	"testing"
)

func TestPolicyText(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
	sess := "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7"
	p := NewPolicy(false)
	p.LearnCookie("connect.sid", sess, true)
	p.LearnHeader("Authorization", "Basic "+"dXNlcjpodW50ZXIyMjI=") // user:hunter222
	p.LearnURL("https://app.example/a;jsessionid=JSID1234567/b?q=1#access_token=frag-token-1")
	tests := []struct {
		name, in  string
		forbidden []string
	}{
		{"session under an innocent name", "GET https://app.example/export?ref=" + sess, []string{sess}},
		{"session in free text", "the value " + sess + " again", []string{sess}},
		{"relative URL with a short code", "callback /cb?code=ab12&state=xy9", []string{"ab12", "xy9"}},
		{"jwt anywhere", "token " + jwt + ".", []string{jwt}},
		{"basic password", "sent hunter222 in a form", []string{"hunter222"}},
		{"basic credential", "Basic dXNlcjpodW50ZXIyMjI=", []string{"dXNlcjpodW50ZXIyMjI="}},
		{"path parameter value reused", "?x=JSID1234567", []string{"JSID1234567"}},
		{"fragment token reused", "frag-token-1 in a body", []string{"frag-token-1"}},
		{"txn cookie name", `cookie "__txn_af0ifjsldkjA2B3" was not sent`, []string{"af0ifjsldkjA2B3"}},
	}
	for _, tt := range tests {
		got := p.Text(tt.in)
		for _, f := range tt.forbidden {
			if strings.Contains(got, f) {
				t.Errorf("%s: Text(%q) = %q still holds %q", tt.name, tt.in, got, f)
			}
		}
		if again := p.Text(got); again != got {
			t.Errorf("%s: Text not idempotent: %q then %q", tt.name, got, again)
		}
	}
	// Prose around a URL keeps its punctuation.
	if got, want := p.Text("(see https://app.example/cb?code=abc123)."), "(see https://app.example/cb?code="+Value("abc123")+")."; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	// Ordinary text is left alone.
	for _, s := range []string{
		"response sets cookie \"sid\" but was served from cache (x-cache: \"Hit from cloudfront\")",
		"GET https://app.example/api/items/550e8400-e29b-41d4-a716-446655440000?page=2&token_type=Bearer",
		"cookies such as __txn_* and __txn_<state>",
		"[redacted:1a2b3c4d]",
	} {
		if got := p.Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestPolicyShow(t *testing.T) {
	p := NewPolicy(true)
	p.LearnCookie("sid", "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7", true)
	in := "https://app.example/x?code=abc&ref=Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7 __txn_abcdef"
	if got := p.Text(in); got != in {
		t.Errorf("show: Text = %q", got)
	}
	if p.URL(in) != in || p.Value("x") != "x" || p.CookieName("__txn_abc") != "__txn_abc" {
		t.Error("show: something was redacted")
	}
}

func TestPolicyCookieNameAndKey(t *testing.T) {
	var p *Policy // nil: name and shape only
	if got, want := p.CookieName("__txn_abc123"), "__txn_"+Value("abc123"); got != want {
		t.Errorf("CookieName = %q, want %q", got, want)
	}
	if got := p.CookieName("__session"); got != "__session" {
		t.Errorf("CookieName(__session) = %q", got)
	}
	if a, b := p.Key("__txn_abc123"), p.Key("__txn_zzz999"); a != "__txn_*" || a != b {
		t.Errorf("Key is not stable across states: %q, %q", a, b)
	}
}

func TestLearnCookie(t *testing.T) {
	p := NewPolicy(false)
	p.LearnCookie("returnTo", "/dashboard/settings", false)
	p.LearnCookie("theme", "dark-mode-on", false)
	p.LearnCookie("prefs", "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7", false) // random: secret by shape
	p.LearnCookie("appSession", "not-random-but-session", true)
	p.LearnCookie("x-auth-state", "plain-words-here", false)
	for v, want := range map[string]bool{
		"/dashboard/settings": false, "dark-mode-on": false, "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7": true,
		"not-random-but-session": true, "plain-words-here": true,
	} {
		if got := p.Seen().Has(v); got != want {
			t.Errorf("learned %q: %v, want %v", v, got, want)
		}
	}
}

func FuzzPolicyText(f *testing.F) {
	f.Add("secretvalue1", "x ?code=abc&ref=secretvalue1 __txn_st eyJa.b.c https://u:p@h/p;sid=1?t=2")
	f.Fuzz(func(t *testing.T, secret, s string) {
		p := NewPolicy(false)
		p.Learn(secret)
		out := p.Text(s)
		if p.Text(out) != out {
			t.Fatalf("Text not idempotent on %q: %q then %q", s, out, p.Text(out))
		}
		// A learned secret never survives, unless it could be made of
		// placeholder text.
		if p.Seen().Has(strings.TrimSpace(secret)) && strings.Contains(out, strings.TrimSpace(secret)) &&
			!strings.ContainsAny(secret, "[]:") && !strings.Contains(s, "[redacted:") {
			t.Fatalf("Text(%q) = %q keeps the secret %q", s, out, secret)
		}
	})
}

func TestLearnJSON(t *testing.T) {
	p := NewPolicy(false)
	p.LearnJSON(`{"access_token":"opaque-token-1234","token_type":"Bearer","user":{"password": "hunter2222"},"name":"plain words here","id":"Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7"}`)
	for v, want := range map[string]bool{
		"opaque-token-1234": true, "hunter2222": true, "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7": true,
		"Bearer": false, "plain words here": false,
	} {
		if got := p.Seen().Has(v); got != want {
			t.Errorf("LearnJSON: learned %q %v, want %v", v, got, want)
		}
	}
}

// TestLearnJSONGate covers where the hint words and the first pair sit:
// the hint is read over the whole body, the pairs from the first one on.
func TestLearnJSONGate(t *testing.T) {
	const id = "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7" // secret by shape, holds no hint word
	for _, tc := range []struct {
		name, body string
		want       bool
	}{
		{"hint before the first pair", `[["ticket"], {"id":"` + id + `"}]`, true},
		{"hint after the last pair", `[{"id":"` + id + `"}, "jwt"]`, true},
		{"hint inside the pair", `{"csrf":"` + id + `"}`, true},
		{"no hint anywhere", `[{"id":"` + id + `"}, "plain"]`, false},
		{"hint but no pair", `["token", "` + id + `"]`, false},
		{"escaped value is no pair", `{"token":"` + id + `\"x"}`, false},
		{"name longer than 64 bytes", `{"` + strings.Repeat("x", 62) + "key" + `":"` + id + `"}`, false},
		{"name of 64 bytes", `{"` + strings.Repeat("x", 61) + "key" + `":"` + id + `"}`, true},
	} {
		if !jsonHint.MatchString(tc.body) && tc.want {
			t.Fatalf("%s: bad case, the body has no hint word", tc.name)
		}
		p := NewPolicy(false)
		p.LearnJSON(tc.body)
		if got := p.Seen().Has(id); got != tc.want {
			t.Errorf("%s: LearnJSON(%s) learned the id: %v, want %v", tc.name, tc.body, got, tc.want)
		}
	}
}

// TestNameMemo checks that remembered verdicts are the computed ones and
// that names past the cap are still judged.
func TestNameMemo(t *testing.T) {
	var m nameMemo
	for i := range maxMemoNames + 10 {
		name := fmt.Sprintf("X-Api-Key-%d", i)
		if i%2 == 1 {
			name = fmt.Sprintf("X-Request-%d", i)
		}
		for range 2 { // computed, then remembered (or not, past the cap)
			if got, want := m.verdict(name, headerVerdict), headerVerdict(name); got != want {
				t.Fatalf("verdict(%q) = %v, want %v", name, got, want)
			}
		}
	}
	if len(m) != maxMemoNames {
		t.Errorf("memo holds %d names, want the cap %d", len(m), maxMemoNames)
	}
	for name, want := range map[string]nameVerdict{
		"Authorization": nameAuthorization, "proxy-authorization": nameAuthorization,
		"Set-Cookie": nameCookieHeader, "x-csrf-token": nameSecret, "X-Auth-User": nameSecret,
		"Content-Type": namePlain,
	} {
		if got := headerVerdict(name); got != want {
			t.Errorf("headerVerdict(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]nameVerdict{
		"__Secure-next-auth.session-token": nameSecret, "appSession": nameSecret, "__txn_abc": nameSecret,
		"access_token": nameSecret, "theme": namePlain, "_ga": namePlain,
	} {
		if got := cookieVerdict(name); got != want {
			t.Errorf("cookieVerdict(%q) = %v, want %v", name, got, want)
		}
	}
}
