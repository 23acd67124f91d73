package rules

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/token"
)

func TestErrorStatusSeverity(t *testing.T) {
	tests := []struct {
		status int
		want   Severity
		ok     bool
	}{
		{0, 0, false},
		{200, 0, false},
		{302, 0, false},
		{401, 0, false},
		{499, 0, false},
		{500, High, true},
		{501, High, true},
		{502, Medium, true},
		{503, Medium, true},
		{504, Medium, true},
		{520, High, true},
		{599, High, true},
		{600, 0, false},
	}
	for _, tt := range tests {
		got, ok := errorStatusSeverity(tt.status)
		if got != tt.want || ok != tt.ok {
			t.Errorf("errorStatusSeverity(%d) = %v, %v; want %v, %v", tt.status, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCutJWE(t *testing.T) {
	tk := stTokens(t)
	v4 := tk["nextjs-auth0-v4-valid"].Token
	chunk0 := tk["nextjs-auth0-v4-chunked"].Chunks[0].Value
	jws := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
	tests := []struct {
		name  string
		in    string
		parts int
		want  bool
	}{
		{"whole JWE", v4, 0, false},
		{"first chunk only", chunk0, 4, true},
		{"header only", strings.SplitN(v4, ".", 2)[0], 1, true},
		{"quoted and cut", `"` + chunk0 + `"`, 4, true},
		{"six parts", v4 + ".x", 6, true},
		{"JWS", jws, 0, false},
		{"opaque", "s%3Aabc.def", 0, false},
		{"header without enc", "eyJhbGciOiJkaXIifQ..a.b", 0, false},
		{"bad base64 header", "eyJ!!!.a.b", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := cutJWE(tt.in)
			if ok != tt.want || n != tt.parts {
				t.Errorf("cutJWE = %d, %v; want %d, %v", n, ok, tt.parts, tt.want)
			}
		})
	}
}

func FuzzCutJWE(f *testing.F) {
	f.Add("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy")
	f.Add("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn")
	f.Add(`"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0"`)
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
	f.Add("")
	f.Add("\"")
	f.Fuzz(func(t *testing.T, v string) {
		n, ok := cutJWE(v)
		if ok && (n == 5 || n < 1) {
			t.Fatalf("cutJWE(%q) = %d, true: a cut JWE has 1 to 4 or more than 5 parts", v, n)
		}
		if !ok && n != 0 {
			t.Fatalf("cutJWE(%q) = %d, false", v, n)
		}
	})
}

func TestChunkHelpers(t *testing.T) {
	tests := []struct {
		chunks  []int
		missing int
		list    string
	}{
		{[]int{0}, 1, "chunk 0"},
		{[]int{1}, 0, "chunk 1"},
		{[]int{0, 2}, 1, "chunks 0 and 2"},
		{[]int{0, 1, 3}, 2, "chunks 0, 1 and 3"},
	}
	for _, tt := range tests {
		if got := missingChunk(tt.chunks); got != tt.missing {
			t.Errorf("missingChunk(%v) = %d, want %d", tt.chunks, got, tt.missing)
		}
		if got := chunkList(tt.chunks); got != tt.list {
			t.Errorf("chunkList(%v) = %q, want %q", tt.chunks, got, tt.list)
		}
	}
}

func TestMalformedSession(t *testing.T) {
	tk := stTokens(t)
	ch := tk["nextjs-auth0-v4-chunked"].Chunks
	tests := []struct {
		name string
		in   SessionCookie
		want string // "" = not malformed
	}{
		{"whole token", SessionCookie{Name: "__session", Value: tk["nextjs-auth0-v4-valid"].Token}, ""},
		{"reassembled chunks", SessionCookie{Name: "__session", Value: ch[0].Value + ch[1].Value, Chunks: []int{0, 1}}, ""},
		{"last chunk lost", SessionCookie{Name: "__session", Value: ch[0].Value, Chunks: []int{0}}, "a JWE with only 4 of its 5 parts, as if chunks after chunk 0 were lost"},
		{"first chunk lost", SessionCookie{Name: "__session", Value: ch[1].Value, Chunks: []int{1}}, "chunk 0 is missing (sent chunk 1)"},
		{"JWE part that does not decode", SessionCookie{Name: "__session", Value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.!!!.dGFn"}, "bad JWE ciphertext encoding"},
		{"opaque id", SessionCookie{Name: "connect.sid", Value: "s%3Aabc.def"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := malformedSession(tt.in, token.Inspect(tt.in.Name, tt.in.Value))
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("malformedSession = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestFamilyOf(t *testing.T) {
	tests := []struct {
		name string
		tok  token.Token
		info auth.CookieInfo
		want sessionFamily
	}{
		{"cookie name decides", token.Token{Library: token.NextjsAuth0V3}, auth.CookieInfo{Library: auth.LibraryNextjsAuth0V4}, familyNextjsAuth0V4},
		{"token when the name is shared", token.Token{Library: token.NextjsAuth0V4}, auth.CookieInfo{}, familyNextjsAuth0V4},
		{"Auth.js", token.Token{}, auth.CookieInfo{Library: auth.LibraryAuthJSV5}, familyNextAuth},
		{"Clerk JWT", token.Token{Library: token.Clerk}, auth.CookieInfo{}, familyClerk},
		{"Supabase", token.Token{}, auth.CookieInfo{Library: auth.LibrarySupabase}, familySupabase},
		{"unknown", token.Token{}, auth.CookieInfo{Library: auth.LibraryDjango}, familyOther},
	}
	for _, tt := range tests {
		if got := familyOf(tt.tok, tt.info); got != tt.want {
			t.Errorf("%s: familyOf = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestErrorFixNamesTheReleases(t *testing.T) {
	tests := []struct {
		kind    problemKind
		version string
		pr      string
	}{
		{problemExpired, "4.9.0", "2082"},
		{problemUndecryptable, "4.14.1", "2487"},
		{problemMalformed, "4.16.2", "2546"},
	}
	for _, tt := range tests {
		f := errorFix(familyNextjsAuth0V4, tt.kind, "nextjs-auth0 v4")
		if !strings.Contains(f.Message, "@auth0/nextjs-auth0 to "+tt.version+" or later") || !strings.Contains(f.Message, "auth0.middleware(request)") {
			t.Errorf("kind %d: fix %q lacks version %s or the middleware guard", tt.kind, f.Message, tt.version)
		}
		if !strings.HasSuffix(f.Reference, "/pull/"+tt.pr) {
			t.Errorf("kind %d: reference %q, want PR %s", tt.kind, f.Reference, tt.pr)
		}
	}
	for _, fam := range []sessionFamily{familyNextjsAuth0V3, familyNextAuth, familyOther} {
		if f := errorFix(fam, problemExpired, ""); f.Message == "" || strings.Contains(f.Message, "4.9.0") {
			t.Errorf("family %d: fix %q", fam, f.Message)
		}
	}
}

func TestSessionErrorResponseRule(t *testing.T) {
	tk := stTokens(t)
	exp4, valid4, ch := tk["nextjs-auth0-v4-expired"], tk["nextjs-auth0-v4-valid"], tk["nextjs-auth0-v4-chunked"].Chunks
	authjs := tk["authjs-v5-valid"]
	nextAuth := tk["nextauth-v4-expired"]
	tests := []struct {
		name     string
		secrets  []string
		entry    testEntry
		sev      Severity // 0 = no finding
		contains string
	}{
		{"expired and 500", exp4.Secrets, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + exp4.Token}, High, "held a token that expired at 2026-11-25T10:37:18Z"},
		{"6 s past exp and 500 (nextjs-auth0 4.5.1 to 4.8.x)", exp4.Secrets, testEntry{start: harTime("2026-11-25T10:37:24Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + exp4.Token}, High, "6s before the request started; @auth0/nextjs-auth0 4.6.0 and later accept a session token up to 15 s past its exp"},
		{"NextAuth within its 15 s and 500", nextAuth.Secrets, testEntry{start: harTime("2026-11-25T10:37:28Z"), url: "https://app.example.com/", status: 500, cookie: "next-auth.session-token=" + nextAuth.Token}, Medium, "so the error may have another cause"},
		{"expired and 503", exp4.Secrets, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 503, cookie: "__session=" + exp4.Token}, Medium, "server answered 503"},
		{"expired and redirect", exp4.Secrets, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 307, cookie: "__session=" + exp4.Token}, 0, ""},
		{"expired without secret", nil, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + exp4.Token}, 0, ""},
		{"valid and 500", valid4.Secrets, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: "__session=" + valid4.Token}, 0, ""},
		{"wrong secret and 500", []string{"authlint-fake-secret-wrong-not-real"}, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: "authjs.session-token=" + authjs.Token}, High, "the supplied secret does not decrypt (tried Auth.js v5)"},
		{"lost chunk without secret", nil, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: ch[0].Name + "=" + ch[0].Value}, High, "was malformed: a JWE with only 4 of its 5 parts"},
		{"all chunks and 500", valid4.Secrets, testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/", status: 500, cookie: ch[0].Name + "=" + ch[0].Value + "; " + ch[1].Name + "=" + ch[1].Value}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{SessionErrorResponse}, Keyring: token.NewKeyring(tt.secrets...)}
			fs := testAnalyze(t, opts, pageLoads(tt.entry)...).Findings
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
			stNoSecrets(t, fs, tt.secrets, exp4.Token, authjs.Token, ch[0].Value)
		})
	}
}

func TestSessionErrorResponseHandledElsewhere(t *testing.T) {
	exp4 := stTokens(t)["nextjs-auth0-v4-expired"]
	cookie := "__session=" + exp4.Token
	tests := []struct {
		name  string
		other testEntry
		sev   Severity
	}{
		{"redirect to login", testEntry{start: harTime("2026-11-25T12:15:05Z"), url: "https://app.example.com/", status: 307, cookie: cookie, resp: [][2]string{{"location", "/auth/login?returnTo=%2F"}}}, Medium},
		{"redirect elsewhere", testEntry{start: harTime("2026-11-25T12:15:05Z"), url: "https://app.example.com/", status: 307, cookie: cookie, resp: [][2]string{{"location", "/en/"}}}, High},
		{"cookie deleted", testEntry{start: harTime("2026-11-25T12:15:05Z"), url: "https://app.example.com/", status: 200, cookie: cookie, setCookies: []string{"__session=; Path=/; Max-Age=0"}}, Medium},
		{"401 from an API", testEntry{start: harTime("2026-11-25T12:15:05Z"), url: "https://app.example.com/api/me", status: 401, cookie: cookie}, Medium},
		{"static asset", testEntry{start: harTime("2026-11-25T12:15:05Z"), url: "https://app.example.com/logo.png", status: 200, cookie: cookie}, High},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Rules: []*Rule{SessionErrorResponse}, Keyring: token.NewKeyring(exp4.Secrets...)}
			fs := testAnalyze(t, opts, pageLoads(
				testEntry{start: harTime("2026-11-25T12:15:00Z"), url: "https://app.example.com/dashboard", status: 500, cookie: cookie}, tt.other)...).Findings
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(fs), fs)
			}
			if fs[0].Severity != tt.sev {
				t.Errorf("severity %v, want %v: %s", fs[0].Severity, tt.sev, fs[0].Message)
			}
			if downgraded := strings.Contains(fs[0].Message, "entry 1 answered the same cookie as signed out"); downgraded != (tt.sev == Medium) {
				t.Errorf("message %q", fs[0].Message)
			}
		})
	}
}

func TestDeletesSession(t *testing.T) {
	const gone = "; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
	tests := []struct {
		name       string
		setCookies []string
		want       bool
	}{
		{"deletes the session", []string{"__session=" + gone}, true},
		{"deletes every chunk", []string{"__session__0=" + gone, "__session__1=" + gone}, true},
		{"re-issues the cookie and deletes the stale chunks", []string{"__session=eyJ.new; Path=/; HttpOnly", "__session__0=" + gone, "__session__1=" + gone}, false},
		{"re-issues another session cookie", []string{"appSession=abc; Path=/", "__session=" + gone}, true},
		{"sets without deleting", []string{"__session=eyJ.new; Path=/"}, false},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		x := testExchange(t, testEntry{url: "https://app.example.com/api/me", setCookies: tt.setCookies})
		if got := deletesSession(x); got != tt.want {
			t.Errorf("%s: deletesSession = %v, want %v", tt.name, got, tt.want)
		}
	}
}
