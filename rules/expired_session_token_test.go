package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/token"
)

// stToken is one token of testdata/tokens/tokens.json, made by the real
// library (see testdata/tokens/README.md).
type stToken struct {
	ID         string   `json:"id"`
	Secrets    []string `json:"secrets"`
	CookieName string   `json:"cookie_name"`
	Token      string   `json:"token"`
	Chunks     []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"chunks"`
	Exp int64 `json:"exp"`
}

// stTokens loads the real tokens by id.
func stTokens(t *testing.T) map[string]stToken {
	t.Helper()
	b, err := os.ReadFile("../testdata/tokens/tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Tokens []stToken `json:"tokens"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]stToken{}
	for _, tk := range f.Tokens {
		out[tk.ID] = tk
	}
	return out
}

// stNoSecrets checks that no finding quotes a secret or a cookie value.
func stNoSecrets(t *testing.T, fs []Finding, secrets []string, values ...string) {
	t.Helper()
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(secrets, values...) {
		if s != "" && bytes.Contains(b, []byte(s)) {
			t.Errorf("findings quote a secret or cookie value %.12q...", s)
		}
	}
	for _, claim := range []string{"test@example.com", "Test User", "user-123", "user-456", "auth0|user-"} {
		if bytes.Contains(b, []byte(claim)) {
			t.Errorf("findings quote the claim value %q", claim)
		}
	}
}

func TestJudgeExpiry(t *testing.T) {
	exp := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	tok := token.Token{Exp: exp, HasExp: true}
	v3 := libraryTolerance(familyNextjsAuth0V3)
	v4 := libraryTolerance(familyNextjsAuth0V4)
	nextAuth := libraryTolerance(familyNextAuth)
	tests := []struct {
		name     string
		tok      token.Token
		tol      tolerance
		skew     time.Duration
		at       time.Time
		wantLate time.Duration
		want     expiry
	}{
		{"no expiry", token.Token{}, v3, 0, exp.Add(time.Hour), 0, notExpired},
		{"zero request time", tok, v3, 0, time.Time{}, 0, notExpired},
		{"before expiry", tok, v3, 0, exp.Add(-time.Minute), -time.Minute, notExpired},
		{"at expiry", tok, v3, 0, exp, 0, notExpired},
		{"v3 strict: a second late", tok, v3, 0, exp.Add(time.Second), time.Second, expired},
		{"v3 within the clock skew", tok, v3, 5 * time.Second, exp.Add(3 * time.Second), 3 * time.Second, maybeExpired},
		{"v3 past the clock skew", tok, v3, 5 * time.Second, exp.Add(6 * time.Second), 6 * time.Second, expired},
		{"v4 6 s late: 4.5.x rejects, 4.6+ accepts", tok, v4, 0, exp.Add(6 * time.Second), 6 * time.Second, maybeExpired},
		{"v4 at 15 s", tok, v4, 0, exp.Add(15 * time.Second), 15 * time.Second, maybeExpired},
		{"v4 past 15 s", tok, v4, 0, exp.Add(16 * time.Second), 16 * time.Second, expired},
		{"v4 past 15 s within skew", tok, v4, 5 * time.Second, exp.Add(18 * time.Second), 18 * time.Second, maybeExpired},
		{"nextauth within 15 s", tok, nextAuth, 0, exp.Add(15 * time.Second), 15 * time.Second, tolerated},
		{"nextauth past 15 s", tok, nextAuth, 0, exp.Add(16 * time.Second), 16 * time.Second, expired},
		{"nextauth past 15 s within skew", tok, nextAuth, 2 * time.Second, exp.Add(16 * time.Second), 16 * time.Second, maybeExpired},
		{"an hour late", tok, v4, 0, exp.Add(time.Hour), time.Hour, expired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			late, got := judgeExpiry(tt.tok, tt.at, tt.tol, tt.skew)
			if got != tt.want || (got != notExpired && late != tt.wantLate) {
				t.Errorf("judgeExpiry = %v, %v; want %v, %v", late, got, tt.wantLate, tt.want)
			}
		})
	}
}

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{1500 * time.Millisecond, "2s"},
		{45 * time.Second, "45s"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1h2m3s"},
		{47 * time.Hour, "47h0m0s"},
		{50 * time.Hour, "2d2h"},
		{400 * 24 * time.Hour, "400d0h"},
	}
	for _, tt := range tests {
		if got := humanDuration(tt.in); got != tt.want {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpiredSessionTokenRule(t *testing.T) {
	tk := stTokens(t)
	v3 := tk["nextjs-auth0-v3-expired"].Token
	v4 := tk["nextjs-auth0-v4-expired"]
	valid := tk["nextjs-auth0-v4-valid"]
	nextAuth := tk["nextauth-v4-expired"]
	tests := []struct {
		name     string
		secrets  []string
		entries  []testEntry
		want     int // findings
		sev      Severity
		contains string
	}{
		{
			name: "v3 header exp read without a key",
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/dashboard", status: 302, cookie: "appSession=" + v3},
			},
			want: 1, sev: Medium, contains: `"appSession" (nextjs-auth0 v3) with a token that expired at 2026-11-25T10:37:18Z, 1h37m42s before`,
		},
		{
			name: "one finding per token, escalated by a later 5xx",
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 302, cookie: "appSession=" + v3},
				{start: harTime("2026-11-25T12:15:01Z"), url: "https://app.example.com/api/me", status: 200, cookie: "appSession=" + v3},
				{start: harTime("2026-11-25T12:15:02Z"), url: "https://app.example.com/api/orders", status: 500, cookie: "appSession=" + v3},
			},
			want: 1, sev: High, contains: "; 3 requests sent it; entry 2 got 500",
		},
		{
			name: "v4 needs the secret",
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
			},
			want: 0,
		},
		{
			name:    "v4 decrypted",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
			},
			want: 1, sev: Medium, contains: `"__session" (nextjs-auth0 v4)`,
		},
		{
			name:    "set transient earlier in the HAR",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T09:37:20Z"), url: "https://app.example.com/auth/callback", status: 302, setCookies: []string{"__session=" + v4.Token + "; Path=/; HttpOnly; Secure"}},
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
			},
			want: 1, sev: High, contains: "entry 0 set the cookie without Expires or Max-Age",
		},
		{
			name:    "valid token",
			secrets: valid.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + valid.Token},
			},
			want: 0,
		},
		{
			name:    "v4 6 s past exp with a 500 (nextjs-auth0 4.5.1 fails on it)",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:24Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + v4.Token},
			},
			want: 1, sev: High, contains: "6s before the request started; the server answered 500; @auth0/nextjs-auth0 4.6.0 and later accept a session token up to 15 s past its exp (PR #2097), 4.5.1 to 4.5.x accept none",
		},
		{
			name:    "v4 6 s past exp without an error: low, naming the versions",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:24Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
			},
			want: 1, sev: Low, contains: "4.5.1 to 4.5.x accept none, so whether the server treated it as expired depends on the version",
		},
		{
			name:    "v4 16 s past exp: beyond every version's tolerance",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:34Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
			},
			want: 1, sev: Medium, contains: "16s before the request started",
		},
		{
			name: "v3 is strict: 2 s past exp",
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:20Z"), url: "https://app.example.com/dashboard", status: 302, cookie: "appSession=" + v3},
			},
			want: 1, sev: Medium, contains: "2s before the request started",
		},
		{
			name:    "nextauth within its 15 s: accepted",
			secrets: nextAuth.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:28Z"), url: "https://app.example.com/", status: 200, cookie: "next-auth.session-token=" + nextAuth.Token},
			},
			want: 0,
		},
		{
			name:    "nextauth within its 15 s with a 500: reported, another cause likely",
			secrets: nextAuth.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T10:37:28Z"), url: "https://app.example.com/", status: 500, cookie: "next-auth.session-token=" + nextAuth.Token},
			},
			want: 1, sev: Medium, contains: "NextAuth v4 and Auth.js accept a session token up to 15 s past its exp, so the error may have another cause",
		},
		{
			name: "entry without a start time",
			entries: []testEntry{
				{noStart: true, url: "https://app.example.com/", status: 200, cookie: "appSession=" + v3},
			},
			want: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{ExpiredSessionToken}, Keyring: token.NewKeyring(tt.secrets...)}
			fs := testAnalyze(t, opts, pageLoads(tt.entries...)...).Findings
			if len(fs) != tt.want {
				t.Fatalf("got %d findings, want %d: %+v", len(fs), tt.want, fs)
			}
			if tt.want == 0 {
				return
			}
			f := fs[0]
			if f.Severity != tt.sev {
				t.Errorf("severity %v, want %v", f.Severity, tt.sev)
			}
			if !strings.Contains(f.Message, tt.contains) {
				t.Errorf("message %q does not contain %q", f.Message, tt.contains)
			}
			stNoSecrets(t, fs, tt.secrets, v3, v4.Token)
		})
	}
}

func TestExpiredSessionTokenRefreshedLibraries(t *testing.T) {
	// A Clerk-shaped session JWT (fake signature) that expired a minute
	// before the request: routine, unless the server fails on it.
	clerk := "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc190ZXN0IiwidHlwIjoiSldUIn0." +
		"eyJleHAiOjE3OTU2MDg4NDAsImlhdCI6MTc5NTYwODc4MCwic2lkIjoic2Vzc19mYWtlIiwic3ViIjoidXNlcl9mYWtlIn0." +
		"ZmFrZS1zaWduYXR1cmU"
	for _, tt := range []struct {
		status int
		want   int
	}{{307, 0}, {500, 1}} {
		fs := testFindings(t, ExpiredSessionToken, pageLoads(testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: tt.status, cookie: "__client_uat=1795600000; __session=" + clerk})...)
		if len(fs) != tt.want {
			t.Errorf("status %d: got %d findings, want %d: %+v", tt.status, len(fs), tt.want, fs)
		}
	}
}

func TestExpiryFixNextAuthVersions(t *testing.T) {
	v4 := expiryFix(familyNextAuth, false, false, token.NextAuthV4.String())
	for _, want := range []string{"30 days unless set", "re-encodes the token with `session.maxAge`"} {
		if !strings.Contains(v4.Message, want) {
			t.Errorf("NextAuth v4 fix %q does not contain %q", v4.Message, want)
		}
	}
	v5 := expiryFix(familyNextAuth, false, false, token.AuthJSV5.String())
	if !strings.Contains(v5.Message, "it defaults to session.maxAge") || strings.Contains(v5.Message, "30 days") {
		t.Errorf("Auth.js fix %q", v5.Message)
	}
}

func TestExpiredSessionTokenVersionEvidence(t *testing.T) {
	v4 := stTokens(t)["nextjs-auth0-v4-expired"]
	// rolled is a response of the middleware writing __session, with the
	// headers it adds since 4.6.1 (or others).
	rolled := func(start string, cacheHeaders ...[2]string) testEntry {
		return testEntry{start: harTime(start), url: "https://app.example.com/account", status: 200, timeMS: 100,
			req:        [][2]string{{"user-agent", chromeUA}},
			setCookies: []string{"__session=" + v4.Token + "; Path=/; Max-Age=86400; HttpOnly; Secure"},
			resp:       append([][2]string{{"content-type", "text/html"}}, cacheHeaders...)}
	}
	sent := func(start string, status int) testEntry {
		return testEntry{start: harTime(start), url: "https://app.example.com/", status: status, timeMS: 100,
			req: [][2]string{{"user-agent", chromeUA}}, cookie: "__session=" + v4.Token,
			resp: [][2]string{{"content-type", "text/html"}, {"cache-control", "private, no-store"}}}
	}
	since461 := [][2]string{{"cache-control", "private, no-cache, no-store, must-revalidate, max-age=0"}, {"pragma", "no-cache"}, {"expires", "0"}}
	tests := []struct {
		name     string
		entries  []testEntry
		sev      Severity // 0: no finding
		contains string
	}{
		{"6 s past exp after a response of 4.6.1 or later: accepted",
			[]testEntry{rolled("2026-11-25T10:30:00Z", since461...), sent("2026-11-25T10:37:24Z", 200)}, 0, ""},
		{"the same with a 500, evidence later in the HAR: another cause likely",
			[]testEntry{sent("2026-11-25T10:37:24Z", 500), rolled("2026-11-25T10:40:00Z", since461...)}, Medium, "entry 1 shows @auth0/nextjs-auth0 4.6.1 or later"},
		{"16 s past exp: beyond 15 s", []testEntry{rolled("2026-11-25T10:30:00Z", since461...), sent("2026-11-25T10:37:34Z", 200)}, Medium, "16s before"},
		{"other cache headers prove nothing",
			[]testEntry{rolled("2026-11-25T10:30:00Z", [2]string{"cache-control", "private, no-store"}), sent("2026-11-25T10:37:24Z", 200)}, Low, "4.5.1 to 4.5.x accept none"},
		{"no Expires: 0",
			[]testEntry{rolled("2026-11-25T10:30:00Z", since461[:2]...), sent("2026-11-25T10:37:24Z", 200)}, Low, "4.5.1 to 4.5.x accept none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{ExpiredSessionToken, SessionErrorResponse}, Keyring: token.NewKeyring(v4.Secrets...)}
			var fs []Finding
			for _, f := range testAnalyze(t, opts, tt.entries...).Findings {
				switch f.Rule {
				case ExpiredSessionToken.ID:
					fs = append(fs, f)
				case SessionErrorResponse.ID:
					// Only the 500 case; the same tolerance judges it.
					if f.Severity != Medium || !strings.Contains(f.Message, "entry 1 shows @auth0/nextjs-auth0 4.6.1 or later") {
						t.Errorf("session-error-response: %v %q", f.Severity, f.Message)
					}
				}
			}
			if tt.sev == 0 {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != tt.sev || !strings.Contains(fs[0].Message, tt.contains) {
				t.Fatalf("want one %v finding containing %q, got %+v", tt.sev, tt.contains, fs)
			}
		})
	}
}
