package rules

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/token"
)

func TestSessionSecretMismatchRule(t *testing.T) {
	tk := stTokens(t)
	// nextjs-auth0 v3 and v4 derive the same key, so the v3 token stands
	// for a __session value written with another secret.
	v4, other := tk["nextjs-auth0-v4-valid"], tk["nextjs-auth0-v3-valid"]
	v4b := tk["nextjs-auth0-v4-chunked"] // same secret as v4, another value
	at := func(s int) time.Time { return harTime("2026-11-25T12:15:00Z").Add(time.Duration(s) * time.Second) }
	set := func(v string) []string { return []string{"__session=" + v + "; Path=/; HttpOnly; SameSite=Lax"} }
	mint := func(s int, v string) testEntry {
		return testEntry{start: at(s), url: "https://app.example.com/auth/callback?code=c&state=s", status: 307, resp: [][2]string{{"Location", "/"}}, setCookies: set(v)}
	}
	api := func(s int, path string, status int, sent string, reissue string) testEntry {
		e := testEntry{start: at(s), url: "https://app.example.com" + path, status: status, cookie: "__session=" + sent, mime: "application/json", body: `{"user":"user-test-1"}`}
		if status == 401 {
			e.body = `{"error":"not signed in"}`
		}
		if reissue != "" {
			e.setCookies = set(reissue)
		}
		return e
	}
	both := append(append([]string{}, v4.Secrets...), other.Secrets...)
	tests := []struct {
		name     string
		secrets  []string
		entries  []testEntry
		want     []Severity
		contains string
	}{
		{
			name: "same value refused then accepted on one path",
			entries: []testEntry{
				mint(0, v4.Token),
				api(1, "/api/me", 401, v4.Token, ""),
				api(2, "/api/me", 200, v4.Token, v4b.Token),
			},
			want: []Severity{High}, contains: "entry 1 answered 401",
		},
		{
			name: "500 on one instance, accepted on another path: medium",
			entries: []testEntry{
				mint(0, v4.Token),
				api(1, "/api/orders", 500, v4.Token, ""),
				api(2, "/api/me", 200, v4.Token, v4b.Token),
			},
			want: []Severity{Medium}, contains: "entry 1 answered 500",
		},
		{
			name: "concurrent answers count",
			entries: []testEntry{
				mint(0, v4.Token),
				func() testEntry { e := api(5, "/api/me", 200, v4.Token, v4b.Token); e.timeMS = 300; return e }(),
				{start: at(5).Add(10 * time.Millisecond), url: "https://app.example.com/api/me?n=2", status: 401, cookie: "__session=" + v4.Token},
			},
			want: []Severity{High}, contains: "re-issued it",
		},
		{
			name: "a redirect to the login refuses; a redirect that re-issues and deletes old chunks accepts",
			entries: []testEntry{
				mint(0, v4.Token),
				{start: at(1), url: "https://app.example.com/account", status: 307, cookie: "__session=" + v4.Token, resp: [][2]string{{"Location", "/auth/login?returnTo=%2Faccount"}}},
				{start: at(2), url: "https://app.example.com/orders", status: 307, cookie: "__session=" + v4.Token, resp: [][2]string{{"Location", "/orders/1"}},
					setCookies: append(set(v4b.Token), "__session__0=; Path=/; Max-Age=0", "__session__1=; Path=/; Max-Age=0")},
			},
			want: []Severity{Medium}, contains: "(entry 2 re-issued it) and treated as signed out by 1 response (entry 1 redirected to the login)",
		},
		{
			name: "near miss: an opaque session id (the store, not the secret, may differ)",
			entries: []testEntry{
				{start: at(0), url: "https://app.example.com/login", status: 302, resp: [][2]string{{"Location", "/"}}, setCookies: []string{"connect.sid=s%3Atest-session-id.sig; Path=/; HttpOnly"}},
				{start: at(1), url: "https://app.example.com/api/me", status: 401, cookie: "connect.sid=s%3Atest-session-id.sig"},
				{start: at(2), url: "https://app.example.com/api/me", status: 200, cookie: "connect.sid=s%3Atest-session-id.sig", setCookies: []string{"connect.sid=s%3Aother-session-id.sig; Path=/; HttpOnly"}},
			},
		},
		{
			name: "near miss: refused only after the last acceptance (expiry, revocation)",
			entries: []testEntry{
				mint(0, v4.Token),
				api(1, "/api/me", 200, v4.Token, ""),
				{start: at(2), url: "https://app.example.com/auth/profile", status: 200, cookie: "__session=" + v4.Token, mime: "application/json", body: `{"sub":"user-test-1"}`},
				api(60, "/api/me", 401, v4.Token, ""),
			},
		},
		{
			name: "near miss: a logout ends the value",
			entries: []testEntry{
				mint(0, v4.Token),
				{start: at(1), url: "https://app.example.com/auth/logout", status: 307, cookie: "__session=" + v4.Token, resp: [][2]string{{"Location", "/"}}},
				api(2, "/api/me", 401, v4.Token, ""),
				api(3, "/api/me", 200, v4.Token, v4b.Token),
			},
		},
		{
			name: "near miss: a different value is refused",
			entries: []testEntry{
				mint(0, v4.Token),
				api(1, "/api/me", 401, other.Token, ""),
				api(2, "/api/me", 200, v4.Token, v4b.Token),
			},
		},
		{
			name: "near miss: a value no response of the HAR set",
			entries: []testEntry{
				api(1, "/api/me", 401, v4.Token, ""),
				api(2, "/api/me", 200, v4.Token, v4b.Token),
			},
		},
		{
			name: "near miss: the cookie's own expiry had passed",
			entries: []testEntry{
				{start: at(0), url: "https://app.example.com/auth/callback?code=c", status: 307, resp: [][2]string{{"Location", "/"}}, setCookies: []string{"__session=" + v4.Token + "; Path=/; Max-Age=3"}},
				api(1, "/api/me", 200, v4.Token, ""),
				api(10, "/api/me", 401, v4.Token, ""),
				api(11, "/api/me", 200, v4.Token, ""),
			},
		},
		{
			name:    "with secrets: two keys mint in alternation",
			secrets: both,
			entries: []testEntry{mint(0, v4.Token), mint(10, other.Token), mint(20, v4b.Token)},
			want:    []Severity{High}, contains: "written with secret #1 (entries 0 and 2) and secret #2 (entry 1); entry 2 wrote with secret #1 again",
		},
		{
			name:    "with secrets: some decrypt, others do not, interleaved",
			secrets: v4.Secrets,
			entries: []testEntry{mint(0, v4.Token), mint(10, other.Token), mint(20, v4b.Token), api(30, "/api/me", 200, other.Token, "")},
			want:    []Severity{High}, contains: "a secret not supplied (entry 1)",
		},
		{
			name:    "near miss: a rotation (the new secret takes over for good)",
			secrets: both,
			entries: []testEntry{mint(0, other.Token), mint(10, v4.Token), mint(20, v4b.Token)},
		},
		{
			name:    "near miss: values written before the supplied secret took over",
			secrets: v4.Secrets,
			entries: []testEntry{mint(0, other.Token), mint(10, v4.Token), mint(20, v4b.Token)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{SessionSecretMismatch}, Keyring: token.NewKeyring(tt.secrets...)}
			fs := testAnalyze(t, opts, tt.entries...).Findings
			if len(fs) != len(tt.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(fs), len(tt.want), fs)
			}
			for i, f := range fs {
				if f.Severity != tt.want[i] {
					t.Errorf("finding %d: severity %v, want %v", i, f.Severity, tt.want[i])
				}
				if !strings.Contains(f.Fix.Message, "AUTH0_SECRET") {
					t.Errorf("fix %q does not name AUTH0_SECRET", f.Fix.Message)
				}
				if f.Severity == Medium && f.ReliesOn == "" {
					t.Error("a medium finding must say what it relies on")
				}
			}
			if len(fs) > 0 && !strings.Contains(fs[0].Message, tt.contains) {
				t.Errorf("message %q does not contain %q", fs[0].Message, tt.contains)
			}
			stNoSecrets(t, fs, tt.secrets, v4.Token, v4b.Token, other.Token)
		})
	}
}

// TestUndecryptableLeavesMismatchToSecretMismatch checks the division of
// labour: a value no supplied secret decrypts is reported once, by
// session-secret-mismatch when the mints show two writers, else by
// undecryptable-session-cookie.
func TestUndecryptableLeavesMismatchToSecretMismatch(t *testing.T) {
	tk := stTokens(t)
	v4, other, v4b := tk["nextjs-auth0-v4-valid"], tk["nextjs-auth0-v3-valid"], tk["nextjs-auth0-v4-chunked"]
	at := func(s int) time.Time { return harTime("2026-11-25T12:15:00Z").Add(time.Duration(s) * time.Second) }
	mintSend := func(s int, v string) []testEntry {
		return []testEntry{
			{start: at(s), url: "https://app.example.com/auth/callback?code=c", status: 307, resp: [][2]string{{"Location", "/"}}, setCookies: []string{"__session=" + v + "; Path=/"}},
			{start: at(s + 1), url: "https://app.example.com/", status: 200, cookie: "__session=" + v},
		}
	}
	for _, tt := range []struct {
		name  string
		mints []string
		want  string
	}{
		{"interleaved writers", []string{v4.Token, other.Token, v4b.Token}, "session-secret-mismatch"},
		{"undecryptable before the supplied secret took over", []string{other.Token, v4.Token, v4b.Token}, "undecryptable-session-cookie"},
		{"one value accepted and refused, another instance's secret supplied", []string{other.Token}, "session-secret-mismatch"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var entries []testEntry
			for i, v := range tt.mints {
				entries = append(entries, mintSend(10*i, v)...)
			}
			if len(tt.mints) == 1 {
				v := tt.mints[0]
				entries = append(entries,
					testEntry{start: at(2), url: "https://app.example.com/api/me", status: 401, cookie: "__session=" + v},
					testEntry{start: at(3), url: "https://app.example.com/api/me", status: 200, cookie: "__session=" + v, setCookies: []string{"__session=" + v4b.Token + "; Path=/"}})
			}
			opts := Options{Rules: []*Rule{SessionSecretMismatch, UndecryptableSessionCookie}, Keyring: token.NewKeyring(v4.Secrets...)}
			fs := testAnalyze(t, opts, entries...).Findings
			if len(fs) != 1 || fs[0].Rule != tt.want {
				t.Fatalf("want one finding of %s, got %+v", tt.want, fs)
			}
		})
	}
}

func TestMintClassOf(t *testing.T) {
	noKey := fmt.Errorf("%w: tried nextjs-auth0 v4", token.ErrNoKey)
	for _, tt := range []struct {
		name      string
		t         token.Token
		secrets   int
		id, label string
	}{
		{"decrypted", token.Token{Format: token.JWE, Decrypted: true, SecretIndex: 1}, 2, "secret#1", "secret #2"},
		{"Auth.js kid without secrets", token.Token{Format: token.JWE, Kid: "Wqq_0DU88yAAAA"}, 0, "kid:Wqq_0DU88yAAAA", `the key with kid "Wqq_0DU8…"`},
		{"Auth.js kid no secret matches", token.Token{Format: token.JWE, Kid: "abc", Err: noKey}, 1, "kid:abc", `the key with kid "abc"`},
		{"JWE no secret decrypts", token.Token{Format: token.JWE, Err: noKey}, 1, mintOther, "a secret not supplied"},
		{"JWE without secrets or kid", token.Token{Format: token.JWE, Err: token.ErrNoSecrets}, 0, "", ""},
		{"malformed JWE", token.Token{Format: token.JWE, Err: errors.Join(token.ErrMalformed)}, 1, "", ""},
		{"not a JWE", token.Token{Format: token.JWS}, 1, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, label := mintClassOf(tt.t, tt.secrets)
			if id != tt.id || label != tt.label {
				t.Errorf("mintClassOf = %q, %q; want %q, %q", id, label, tt.id, tt.label)
			}
		})
	}
}

func TestDisagrees(t *testing.T) {
	t0 := harTime("2026-11-25T12:15:00Z")
	ans := func(s, ms int) answer {
		st := t0.Add(time.Duration(s) * time.Second)
		return answer{start: st, end: st.Add(time.Duration(ms) * time.Millisecond)}
	}
	for _, tt := range []struct {
		name              string
		accepted, refused []answer
		want              bool
	}{
		{"no refusal", []answer{ans(1, 50)}, nil, false},
		{"no acceptance", nil, []answer{ans(1, 50)}, false},
		{"refused before accepted", []answer{ans(2, 50)}, []answer{ans(1, 50)}, true},
		{"refused after the last acceptance", []answer{ans(1, 50)}, []answer{ans(2, 50)}, false},
		{"refusal starts while an acceptance is in flight", []answer{ans(1, 500)}, []answer{{start: t0.Add(1100 * time.Millisecond), end: t0.Add(2 * time.Second)}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := disagrees(&mintedValue{accepted: tt.accepted, refused: tt.refused}); got != tt.want {
				t.Errorf("disagrees = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSessionSecretMismatchForgetsOlderHalf(t *testing.T) {
	c := &sessionSecretMismatch{values: map[valueKey]*mintedValue{}}
	for i := range 10 {
		k := valueKey(i)
		v := &mintedValue{}
		if i == 1 {
			v.accepted, v.refused = []answer{{}}, []answer{{}}
		}
		c.values[k] = v
		c.order = append(c.order, k)
	}
	c.forgetOlder()
	want := []valueKey{1, 5, 6, 7, 8, 9}
	if fmt.Sprint(c.order) != fmt.Sprint(want) || len(c.values) != len(want) {
		t.Errorf("kept %v (%d values), want %v", c.order, len(c.values), want)
	}
}

// BenchmarkSessionSecretMismatch runs the rule over HARs in which every
// response re-issues the session cookie (a new value to track per entry)
// and reports the cost per entry, which must not grow with the HAR.
func BenchmarkSessionSecretMismatch(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		data := rollingHAR(b, n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			opts := Options{Rules: []*Rule{SessionSecretMismatch}}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				res, err := Analyze(har.NewDecoder(bytes.NewReader(data), "bench.har", har.Options{}), "bench.har", opts)
				if err != nil || res.Entries != n {
					b.Fatalf("analyze: %v (%d entries)", err, res.Entries)
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*n), "ns/entry")
		})
	}
}
