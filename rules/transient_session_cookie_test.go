package rules

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/token"
)

func TestTokenLifetime(t *testing.T) {
	set := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		tok  token.Token
		want time.Duration
		ok   bool
	}{
		{"no expiry", token.Token{}, 0, false},
		{"from iat", token.Token{HasExp: true, Exp: set.Add(time.Hour), Iat: set.Add(-time.Hour)}, 2 * time.Hour, true},
		{"from the response without iat", token.Token{HasExp: true, Exp: set.Add(time.Hour)}, time.Hour, true},
		{"iat after exp", token.Token{HasExp: true, Exp: set.Add(time.Hour), Iat: set.Add(2 * time.Hour)}, time.Hour, true},
		{"already expired when set", token.Token{HasExp: true, Exp: set.Add(-time.Hour)}, 0, true},
		{"30 days", token.Token{HasExp: true, Exp: set.Add(30 * 24 * time.Hour), Iat: set}, 30 * 24 * time.Hour, true},
		{"beyond the browser cookie cap", token.Token{HasExp: true, Exp: set.Add(cookie.MaxLifetime + time.Hour), Iat: set}, 0, false},
		{"no start known", token.Token{HasExp: true, Exp: set}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := set
			if tt.name == "no start known" {
				at = time.Time{}
			}
			got, ok := tokenLifetime(tt.tok, at)
			if got != tt.want || ok != tt.ok {
				t.Errorf("tokenLifetime = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// stExchange builds an exchange whose response sets the given cookies.
func stExchange(lines ...string) *Exchange {
	e := &har.Entry{
		Started:  time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC),
		Time:     100,
		Request:  har.Request{Method: "GET", URL: "https://app.example.com/auth/callback"},
		Response: &har.Response{Status: 302},
	}
	for _, l := range lines {
		e.Response.Headers = append(e.Response.Headers, har.Header{Name: "set-cookie", Value: l})
	}
	return newExchange(e, auth.Default())
}

func TestSetSessions(t *testing.T) {
	type want struct {
		name, value string
		lines       int
		persistent  bool
	}
	tests := []struct {
		name  string
		lines []string
		want  []want
	}{
		{"one cookie", []string{"__session=abc; Path=/; HttpOnly"}, []want{{"__session", "abc", 1, false}}},
		{"persistent", []string{"appSession=abc; Path=/; Expires=Thu, 26 Nov 2026 12:00:00 GMT"}, []want{{"appSession", "abc", 1, true}}},
		{"chunks in order", []string{"__session__0=ab; Path=/", "__session__1=cd; Path=/"}, []want{{"__session", "abcd", 2, false}}},
		{"chunks out of order", []string{"appSession.1=cd; Max-Age=60", "appSession.0=ab; Max-Age=60"}, []want{{"appSession", "abcd", 2, true}}},
		{"one chunk transient", []string{"appSession.0=ab; Max-Age=60", "appSession.1=cd"}, []want{{"appSession", "abcd", 2, false}}},
		{"gap", []string{"__session__0=ab", "__session__2=ef"}, nil},
		{"only a later chunk", []string{"__session__1=cd"}, nil},
		{"unchunked wins", []string{"__session=whole; Path=/", "__session__0=ab; Path=/"}, []want{{"__session", "whole", 1, false}}},
		{"prefix kept", []string{"__Secure-authjs.session-token=abc; Path=/; Secure"}, []want{{"__Secure-authjs.session-token", "abc", 1, false}}},
		{"deletion", []string{"__session=; Path=/; Max-Age=0", "appSession=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}, nil},
		{"not a session cookie", []string{"theme=dark"}, nil},
		{"two cookies", []string{"appSession=a", "next-auth.session-token=b; Max-Age=10"}, []want{{"appSession", "a", 1, false}, {"next-auth.session-token", "b", 1, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := setSessions(stExchange(tt.lines...))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d cookies, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Name != w.name || g.Value != w.value || len(g.Lines) != w.lines || g.Persistent != w.persistent {
					t.Errorf("cookie %d = {%q %q %d lines persistent=%v}, want %+v", i, g.Name, g.Value, len(g.Lines), g.Persistent, w)
				}
			}
		})
	}
}

func FuzzSetSessions(f *testing.F) {
	f.Add("__session__0=ab; Path=/", "__session__1=cd; Max-Age=60")
	f.Add("appSession.1=x", "appSession.0=y; Expires=Thu, 26 Nov 2026 12:00:00 GMT")
	f.Add("__Secure-authjs.session-token.0=a", "__Secure-authjs.session-token.2=b")
	f.Add("__session=; Max-Age=0", "sb-abc-auth-token.0=base64-eyJ9")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range setSessions(stExchange(a, b)) {
			if s.Value == "" || len(s.Lines) == 0 || s.Name == "" {
				t.Fatalf("incomplete set session %+v", s)
			}
			joined := ""
			for i, l := range s.Lines {
				if s.Chunked() && l.Info.Chunk != i {
					t.Fatalf("chunks not contiguous from 0: %+v", s)
				}
				joined += l.Value
			}
			if joined != s.Value {
				t.Fatalf("value %q is not the joined chunks %q", s.Value, joined)
			}
		}
	})
}

func TestTransientSessionCookieRule(t *testing.T) {
	tk := stTokens(t)
	exp4, ch := tk["nextjs-auth0-v4-expired"], tk["nextjs-auth0-v4-chunked"].Chunks
	v3 := tk["nextjs-auth0-v3-valid"].Token
	tests := []struct {
		name     string
		secrets  []string
		entries  []testEntry
		sev      Severity // 0 = no finding
		contains string
	}{
		{
			name: "one-hour token in a transient cookie", secrets: exp4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T09:37:20Z"), url: "https://app.example.com/auth/callback", status: 302, setCookies: []string{"__session=" + exp4.Token + "; Path=/; HttpOnly; Secure"}},
				{start: harTime("2026-11-25T09:40:00Z"), url: "https://app.example.com/", status: 200, setCookies: []string{"__session=" + exp4.Token + "; Path=/; HttpOnly; Secure"}},
			},
			sev: Medium, contains: `expires at 2026-11-25T10:37:18Z (lifetime 59m58s); 2 responses set it so`,
		},
		{
			// NextAuth with a custom jwt.encode that signs instead of
			// encrypting: the claims are readable without a key.
			name: "30-day signed token in a transient cookie",
			entries: []testEntry{
				{start: harTime("2026-11-25T12:10:00Z"), url: "https://app.example.com/api/auth/callback/github", status: 302, setCookies: []string{"next-auth.session-token=" + stJWS(t, map[string]any{"sub": "user-123", "iat": 1795608600, "exp": 1795608600 + 30*86400}) + "; Path=/; HttpOnly"}},
				{start: harTime("2026-11-25T12:10:01Z"), url: "https://app.example.com/api/auth/session", status: 200},
			},
			sev: Low, contains: `session cookie "next-auth.session-token" (NextAuth v4) is set without Expires or Max-Age, but its token expires at 2026-12-25T12:10:00Z (lifetime 30d0h)`,
		},
		{
			name: "persistent cookie", secrets: exp4.Secrets,
			entries: []testEntry{{start: harTime("2026-11-25T09:37:20Z"), url: "https://app.example.com/auth/callback", status: 302, setCookies: []string{"__session=" + exp4.Token + "; Path=/; Max-Age=3598"}}},
		},
		{
			name:    "expiry unreadable without the secret",
			entries: []testEntry{{start: harTime("2026-11-25T09:37:20Z"), url: "https://app.example.com/auth/callback", status: 302, setCookies: []string{"__session=" + exp4.Token + "; Path=/"}}},
		},
		{
			name: "token valid until 2099", secrets: exp4.Secrets,
			entries: []testEntry{{start: harTime("2026-11-25T12:10:00Z"), url: "https://app.example.com/auth/callback", status: 302, setCookies: []string{ch[0].Name + "=" + ch[0].Value + "; Path=/", ch[1].Name + "=" + ch[1].Value + "; Path=/"}}},
		},
		{
			name:    "v3 header read without a key, until 2099",
			entries: []testEntry{{start: harTime("2026-11-25T12:10:00Z"), url: "https://app.example.com/api/auth/callback", status: 302, setCookies: []string{"appSession=" + v3 + "; Path=/"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{TransientSessionCookie}, Keyring: token.NewKeyring(tt.secrets...)}
			fs := testAnalyze(t, opts, pageLoads(tt.entries...)...).Findings
			if tt.sev == 0 {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(fs), fs)
			}
			if fs[0].Severity != tt.sev || !strings.Contains(fs[0].Message, tt.contains) {
				t.Errorf("got %v %q; want %v containing %q", fs[0].Severity, fs[0].Message, tt.sev, tt.contains)
			}
			if fs[0].Occurrences != 1 {
				t.Errorf("want one merged finding, got %d occurrences", fs[0].Occurrences)
			}
			stNoSecrets(t, fs, tt.secrets, exp4.Token)
		})
	}
}

// stJWS returns an unsigned-looking HS256 JWS of claims (fake signature).
func stJWS(t *testing.T, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(b) + "." + enc([]byte("fake-signature"))
}
