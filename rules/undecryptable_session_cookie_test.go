package rules

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/token"
)

// stTamper changes one character in the middle of a JWE's ciphertext.
func stTamper(jwe string) string {
	parts := strings.Split(jwe, ".")
	c := []byte(parts[3])
	if c[len(c)/2] == 'A' {
		c[len(c)/2] = 'B'
	} else {
		c[len(c)/2] = 'A'
	}
	parts[3] = string(c)
	return strings.Join(parts, ".")
}

func TestUndecryptableReason(t *testing.T) {
	tk := stTokens(t)
	authjs, v4, v3 := tk["authjs-v5-valid"], tk["nextjs-auth0-v4-valid"], tk["nextjs-auth0-v3-valid"]
	ch := tk["nextjs-auth0-v4-chunked"].Chunks
	wrong := []string{"authlint-fake-secret-wrong-not-real"}
	tests := []struct {
		name    string
		cookie  SessionCookie
		secrets []string
		why     string
		cause   undecryptableCause // 0 = not reported
	}{
		{"decrypts", SessionCookie{Name: "__session", Value: v4.Token}, v4.Secrets, "", 0},
		{"wrong secret, Auth.js kid unknown", SessionCookie{Name: "authjs.session-token", Value: authjs.Token}, wrong,
			"the supplied secret does not decrypt it as Auth.js v5: its kid is not the kid of any supplied secret's key", causeOtherKey},
		{"tampered, Auth.js kid matches", SessionCookie{Name: "authjs.session-token", Value: stTamper(authjs.Token)}, authjs.Secrets,
			"the supplied secret does not decrypt it as Auth.js v5, although its kid names the key of a supplied secret: the value was altered after it was written", causeAltered},
		{"tampered GCM", SessionCookie{Name: "__session", Value: stTamper(v4.Token)}, v4.Secrets,
			"the supplied secret does not decrypt it as nextjs-auth0 v4", causeOtherKey},
		{"another secret, two supplied", SessionCookie{Name: "__session", Value: v3.Token}, append(append([]string{}, v4.Secrets...), wrong...),
			"none of the 2 supplied secrets decrypts it as nextjs-auth0 v4", causeOtherKey},
		{"cut chunk", SessionCookie{Name: "__session", Value: ch[0].Value, Chunks: []int{0}}, v4.Secrets,
			"it is a JWE with only 4 of its 5 parts, as if chunks after chunk 0 were lost", causeMalformed},
		{"JWE part that does not decode", SessionCookie{Name: "__session", Value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.!!!.dGFn"}, v4.Secrets,
			"it is not a well-formed JWE (bad JWE ciphertext encoding)", causeMalformed},
		{"unsupported algorithm", SessionCookie{Name: "__session", Value: "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn"}, v4.Secrets, "", 0},
		{"signed JWT", SessionCookie{Name: "__session", Value: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"}, v4.Secrets, "", 0},
		{"opaque id", SessionCookie{Name: "connect.sid", Value: "s%3Aabc.def"}, v4.Secrets, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := token.NewKeyring(tt.secrets...)
			tok := kr.Decrypt(tt.cookie.Name, tt.cookie.Value)
			if tok.Err != nil && !tok.Decrypted && tok.Format != token.JWE {
				tok = token.Inspect(tt.cookie.Name, tt.cookie.Value)
			}
			if tok.Decrypted {
				if tt.cause != 0 {
					t.Fatalf("token decrypted, want cause %d", tt.cause)
				}
				return
			}
			why, cause, ok := undecryptableReason(tt.cookie, tok, kr.Len())
			if ok != (tt.cause != 0) || cause != tt.cause || why != tt.why {
				t.Errorf("undecryptableReason = %q, %d, %v\nwant %q, %d", why, cause, ok, tt.why, tt.cause)
			}
		})
	}
}

func TestNearbySuccesses(t *testing.T) {
	base := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }
	successes := []decryptedAt{
		{key: "__session", at: at(-600), entry: 0, secret: 0},
		{key: "__session", at: at(-100), entry: 1, secret: 0},
		{key: "appSession", at: at(-5), entry: 2, secret: 1},
		{key: "__session", at: at(30), entry: 4, secret: 1},
		{key: "__session", at: at(400), entry: 5, secret: 2},
	}
	tests := []struct {
		name    string
		key     string
		at      time.Time
		entry   int // -1 = none
		secrets []int
	}{
		{"closest after", "__session", at(0), 4, []int{0, 1}},
		{"other cookie", "appSession", at(0), 2, []int{1}},
		{"nothing in the window", "__session", at(1000), -1, nil},
		{"unknown cookie", "sid", at(0), -1, nil},
		{"no time", "__session", time.Time{}, -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			near, secrets := nearbySuccesses(successes, tt.key, tt.at)
			if (near == nil) != (tt.entry < 0) || near != nil && near.entry != tt.entry {
				t.Fatalf("nearest = %+v, want entry %d", near, tt.entry)
			}
			if len(secrets) != len(tt.secrets) {
				t.Fatalf("secrets = %v, want %v", secrets, tt.secrets)
			}
			for i := range secrets {
				if secrets[i] != tt.secrets[i] {
					t.Fatalf("secrets = %v, want %v", secrets, tt.secrets)
				}
			}
		})
	}
}

func TestRecordSuccessThins(t *testing.T) {
	c := &undecryptableSessionCookie{runs: map[runKey]successRun{}}
	base := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for i := range 600 { // a rolling cookie decrypted every second for ten minutes
		c.recordSuccess(decryptedAt{key: "__session", at: base.Add(time.Duration(i) * time.Second), entry: i, secret: 0})
	}
	c.recordSuccess(decryptedAt{key: "__session", at: base.Add(time.Second), entry: 600, secret: 1})
	c.recordSuccess(decryptedAt{key: "__session", entry: 601}) // no time: dropped
	if n := len(c.successes); n != 21 {
		t.Errorf("kept %d successes, want 21: the first and the latest of each of ten minutes, and the other secret", n)
	}
	near, _ := nearbySuccesses(sortedSuccesses(c.successes), "__session", base.Add(599*time.Second+500*time.Millisecond))
	if near == nil || near.entry != 599 {
		t.Errorf("nearest success to the end = %+v, want entry 599", near)
	}
}

func TestListHelpers(t *testing.T) {
	if got := secretList([]int{0}); got != "secret #1" {
		t.Errorf("secretList = %q", got)
	}
	if got := secretList([]int{0, 1, 3}); got != "secrets #1, #2 and #4" {
		t.Errorf("secretList = %q", got)
	}
	if got := orList([]token.Library{token.NextAuthV4, token.AuthJSV5, token.NextjsAuth0V4}); got != "NextAuth v4, Auth.js v5 or nextjs-auth0 v4" {
		t.Errorf("orList = %q", got)
	}
	if got := relativeTime(-90 * time.Second); got != "1m30s earlier" {
		t.Errorf("relativeTime = %q", got)
	}
	if got := relativeTime(20 * time.Second); got != "20s later" {
		t.Errorf("relativeTime = %q", got)
	}
}

func TestUndecryptableSessionCookieRule(t *testing.T) {
	tk := stTokens(t)
	authjs, v4, v3 := tk["authjs-v5-valid"], tk["nextjs-auth0-v4-valid"], tk["nextjs-auth0-v3-valid"]
	tampered := stTamper(v4.Token)
	tests := []struct {
		name     string
		secrets  []string
		entries  []testEntry
		want     []Severity
		contains string
	}{
		{
			name:    "never without secrets",
			entries: []testEntry{{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + tampered}},
		},
		{
			name:    "nothing decrypts: medium, relies on the secret",
			secrets: []string{"authlint-fake-secret-wrong-not-real"},
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "authjs.session-token=" + authjs.Token},
				{start: harTime("2026-11-25T12:15:01Z"), url: "https://app.example.com/api/me", status: 200, cookie: "authjs.session-token=" + authjs.Token},
			},
			want: []Severity{Medium}, contains: "; 2 requests sent it",
		},
		{
			name:    "one finding per distinct value",
			secrets: v4.Secrets,
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
				{start: harTime("2026-11-25T12:15:20Z"), url: "https://app.example.com/orders", status: 307, cookie: "__session=" + v3.Token},
				{start: harTime("2026-11-25T12:15:21Z"), url: "https://app.example.com/orders", status: 307, cookie: "__session=" + v3.Token},
				{start: harTime("2026-11-25T12:15:40Z"), url: "https://app.example.com/account", status: 307, cookie: "__session=" + tampered},
			},
			want: []Severity{High, High}, contains: "entry 0, 20s earlier, sent a value that decrypted with secret #1",
		},
		{
			name:    "instances with different secrets",
			secrets: append(append([]string{}, v4.Secrets...), tk["nextjs-auth0-v3-valid"].Secrets...),
			entries: []testEntry{
				{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 200, cookie: "__session=" + v4.Token},
				{start: harTime("2026-11-25T12:15:10Z"), url: "https://app.example.com/a", status: 200, cookie: "__session=" + v3.Token},
				{start: harTime("2026-11-25T12:15:20Z"), url: "https://app.example.com/b", status: 307, cookie: "__session=" + tampered},
			},
			want: []Severity{High}, contains: "values around it decrypted with secrets #1 and #2: the app's instances encrypt with different secrets",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{UndecryptableSessionCookie}, Keyring: token.NewKeyring(tt.secrets...)}
			fs := testAnalyze(t, opts, pageLoads(tt.entries...)...).Findings
			if len(fs) != len(tt.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(fs), len(tt.want), fs)
			}
			for i, f := range fs {
				if f.Severity != tt.want[i] {
					t.Errorf("finding %d: severity %v, want %v", i, f.Severity, tt.want[i])
				}
			}
			if len(fs) > 0 && !strings.Contains(fs[0].Message, tt.contains) {
				t.Errorf("message %q does not contain %q", fs[0].Message, tt.contains)
			}
			if len(fs) > 0 && fs[0].Severity == Medium && fs[0].ReliesOn == "" {
				t.Error("a medium finding must say it relies on the supplied secrets")
			}
			stNoSecrets(t, fs, tt.secrets, authjs.Token, v4.Token, v3.Token, tampered)
		})
	}
}

func sortedSuccesses(s []decryptedAt) []decryptedAt {
	out := append([]decryptedAt{}, s...)
	slices.SortStableFunc(out, func(a, b decryptedAt) int { return a.at.Compare(b.at) })
	return out
}
