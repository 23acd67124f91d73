package rules

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
)

// parsedSetCookie parses and classifies a Set-Cookie line the way the engine
// does for an Exchange.
func parsedSetCookie(t testing.TB, line string) SetCookie {
	t.Helper()
	sc, err := cookie.ParseSetCookie(line)
	info, ok := auth.Default().ClassifyCookie(sc.Name, sc.Value)
	return SetCookie{SetCookie: sc, Info: info, Known: ok, Line: line, Err: err}
}

const (
	clerkTestJWS = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjE3NDEwODI0NjB9.c2lnbmF0dXJl"
	auth0TestJWE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVydGV4dA.dGFn"
)

func TestCookieProblems(t *testing.T) {
	type want struct {
		kind cookieProblem
		sev  Severity
	}
	tests := []struct {
		name, url, line string
		hsts            bool
		want            []want
	}{
		{"session without HttpOnly and Secure", "https://app.example.com/login", "connect.sid=s%3Aabc.def; Path=/",
			false, []want{{problemNoHTTPOnly, Medium}, {problemNoSecureOnHTTPS, Medium}}},
		{"HSTS lowers a missing Secure", "https://app.example.com/login", "sessionid=abc; Path=/; HttpOnly",
			true, []want{{problemNoSecureOnHTTPS, Low}}},
		{"a conventional name is only low", "https://accounts.example.com/", "SID=abc; Path=/; Domain=example.com",
			false, []want{{problemNoHTTPOnly, Low}, {problemNoSecureOnHTTPS, Low}}},
		{"a conventional name with HSTS stays low", "https://app.example.com/", "JSESSIONID=abc; Path=/; HttpOnly",
			true, []want{{problemNoSecureOnHTTPS, Info}}},
		{"a hardened session", "https://app.example.com/login", "sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax", false, nil},
		{"Secure over plain http", "http://app.example.com/login", "sid=abc; Path=/; HttpOnly; Secure",
			false, []want{{problemSecureOverHTTP, High}}},
		{"Secure from http://localhost", "http://localhost:3000/login", "sid=abc; Path=/; HttpOnly; Secure", false, nil},
		{"Secure from a loopback address", "http://127.0.0.1:8080/login", "sid=abc; Path=/; HttpOnly; Secure", false, nil},
		{"Secure from *.localhost", "http://app.localhost/login", "sid=abc; Path=/; HttpOnly; Secure", false, nil},
		{"a session over plain http without Secure is not a Secure problem", "http://app.example.com/login", "sid=abc; Path=/; HttpOnly", false, nil},
		{"__Host- with a Domain", "https://app.example.com/api/auth/csrf", "__Host-authjs.csrf-token=x; Path=/; Secure; HttpOnly; Domain=example.com",
			false, []want{{problemPrefix, High}}},
		{"__Host- without Path=/", "https://app.example.com/api/auth/csrf", "__Host-next-auth.csrf-token=x; Path=/api; Secure; HttpOnly",
			false, []want{{problemPrefix, High}}},
		{"__Secure- without Secure is only a prefix problem", "https://app.example.com/api/auth/session", "__Secure-next-auth.session-token=x; Path=/; HttpOnly",
			false, []want{{problemPrefix, High}}},
		{"prefixed Secure cookie over http is reported once", "http://app.example.com/api/auth/session", "__Secure-next-auth.session-token=x; Path=/; HttpOnly; Secure",
			false, []want{{problemSecureOverHTTP, High}}},
		{"SameSite=None without Secure", "https://portal.example.com/api/auth/callback", "appSession=x; Path=/; HttpOnly; SameSite=None",
			false, []want{{problemSameSiteNone, High}}},
		{"SameSite=None without Secure on a transaction cookie", "https://portal.example.com/api/auth/login", "auth_verification=x; Path=/; HttpOnly; SameSite=none",
			false, []want{{problemSameSiteNone, High}}},
		{"SameSite=None with Secure is legitimate", "https://portal.example.com/api/auth/callback", "appSession=x; Path=/; HttpOnly; Secure; SameSite=None", false, nil},
		{"Supabase auth cookie is readable by design", "https://app.example.com/auth/callback", "sb-abcdefgh-auth-token=base64-eyJ4IjoxfQ; Path=/; Secure; SameSite=lax", false, nil},
		{"Supabase chunk is readable by design", "https://app.example.com/auth/callback", "sb-abcdefgh-auth-token.0=base64-eyJ4IjoxfQ; Path=/; Secure; SameSite=lax", false, nil},
		{"Supabase without Secure", "https://app.example.com/auth/callback", "sb-abcdefgh-auth-token=base64-eyJ4IjoxfQ; Path=/; SameSite=lax",
			false, []want{{problemNoSecureOnHTTPS, Medium}}},
		{"Clerk __session JWT", "https://app.example.com/", "__session=" + clerkTestJWS + "; Path=/; Secure; SameSite=Lax", false, nil},
		{"Clerk __client_uat", "https://app.example.com/", "__client_uat=1741082400; Path=/; Secure; SameSite=Lax", false, nil},
		{"__session of unknown library without HttpOnly", "https://app.example.com/", "__session=opaque; Path=/; Secure", false, nil},
		{"nextjs-auth0 v4 __session without HttpOnly", "https://app.example.com/auth/callback", "__session=" + auth0TestJWE + "; Path=/; Secure",
			false, []want{{problemNoHTTPOnly, Medium}}},
		{"CSRF cookies are not held to session hardening", "https://app.example.com/api/auth/csrf", "authjs.csrf-token=x; Path=/", false, nil},
		{"unknown cookies are ignored", "http://app.example.com/", "theme=dark; Secure; SameSite=None", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			c := parsedSetCookie(t, tt.line)
			var got []want
			if c.Known && c.Info.Kind != auth.CookieUnknown {
				for _, p := range cookieProblems(u, c, tt.hsts) {
					got = append(got, want{p.kind, p.sev})
					if p.why == "" {
						t.Errorf("problem %s has no why", p.kind)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems = %v, want %v (classified as %v/%v)", got, tt.want, c.Info.Kind, c.Info.Library)
			}
		})
	}
}

func TestInsecureSessionCookieRule(t *testing.T) {
	t.Run("one Set-Cookie line lacking HttpOnly and Secure is one finding", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "https://api.example.com/login", setCookies: []string{"connect.sid=s%3Aabc.def; Path=/"}},
			testEntry{url: "https://api.example.com/account", setCookies: []string{"connect.sid=s%3Aabc.ghi; Path=/"}},
		)
		if len(got) != 1 {
			t.Fatalf("got %d findings, want 1 naming HttpOnly and Secure: %+v", len(got), got)
		}
		f := got[0]
		if f.Key != "connect.sid:no-httponly+no-secure" {
			t.Errorf("key = %q", f.Key)
		}
		if !strings.Contains(f.Message, "without HttpOnly and without Secure") {
			t.Errorf("message %q does not name both attributes", f.Message)
		}
		if strings.Contains(f.Evidence[0].Value, "s%3Aabc") {
			t.Errorf("evidence leaks the cookie value: %q", f.Evidence[0].Value)
		}
		for _, opt := range []string{"httpOnly", "secure: true"} {
			if !strings.Contains(f.Fix.Message, opt) {
				t.Errorf("fix %q does not name the express-session option %q", f.Fix.Message, opt)
			}
		}
		if !strings.Contains(f.Why, "HttpOnly") || !strings.Contains(f.Why, "Secure") {
			t.Errorf("why %q does not explain both", f.Why)
		}
	})
	t.Run("an attribute already reported is not reported again", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "https://api.example.com/login", setCookies: []string{"sid=abc; Path=/; Secure"}},
			testEntry{url: "https://api.example.com/account", setCookies: []string{"sid=def; Path=/"}},
		)
		if len(got) != 2 || got[0].Key != "sid:no-httponly" || got[1].Key != "sid:no-secure" {
			t.Fatalf("want no-httponly then no-secure, got %+v", got)
		}
	})
	t.Run("a generic cookie gets one Set-Cookie edit", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "https://app.example.com/login", setCookies: []string{"JSESSIONID=abc; Path=/"}},
		)
		if len(got) != 1 || got[0].Fix.Message != `add HttpOnly and Secure to the Set-Cookie line of "JSESSIONID"` {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("chunks of one cookie give one finding", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "https://portal.example.com/api/auth/callback", setCookies: []string{
				"appSession.0=abc; Path=/; Secure",
				"appSession.1=def; Path=/; Secure"}},
		)
		if len(got) != 1 || got[0].Key != "appSession:no-httponly" {
			t.Fatalf("want one no-httponly finding keyed appSession, got %+v", got)
		}
	})
	t.Run("deletions are never reported", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "http://app.example.com/logout", setCookies: []string{
				"__Secure-next-auth.session-token=; Path=/; Max-Age=0; Secure",
				"appSession=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=None",
				"sid=; Max-Age=-1"}},
		)
		if len(got) != 0 {
			t.Fatalf("want no finding for deletions, got %+v", got)
		}
	})
	t.Run("aborted entries are skipped", func(t *testing.T) {
		got := testFindings(t, InsecureSessionCookie,
			testEntry{url: "https://app.example.com/", status: -1, setCookies: []string{"sid=abc"}})
		if len(got) != 0 {
			t.Fatalf("want no finding, got %+v", got)
		}
	})
}

func TestCookieProblemFix(t *testing.T) {
	tests := []struct {
		name   string
		kind   cookieProblem
		line   string
		wantIn []string
	}{
		{"NextAuth SameSite=None", problemSameSiteNone, "next-auth.session-token=x", []string{"cookies option", "secure: true"}},
		{"NextAuth Secure over http", problemSecureOverHTTP, "__Secure-next-auth.session-token=x", []string{"useSecureCookies", "NEXTAUTH_URL"}},
		{"Auth.js missing Secure behind a proxy", problemNoSecureOnHTTPS, "authjs.session-token=x", []string{"X-Forwarded-Proto", "useSecureCookies"}},
		{"nextjs-auth0 v3 missing Secure", problemNoSecureOnHTTPS, "appSession=x", []string{"AUTH0_BASE_URL", "session.cookie.secure"}},
		{"nextjs-auth0 v3 HttpOnly", problemNoHTTPOnly, "appSession=x", []string{"session.cookie.httpOnly", "AUTH0_COOKIE_HTTP_ONLY"}},
		{"nextjs-auth0 v4 missing Secure", problemNoSecureOnHTTPS, "__session=" + auth0TestJWE, []string{"APP_BASE_URL", "session.cookie.secure"}},
		{"nextjs-auth0 v4 transaction SameSite", problemSameSiteNone, "__txn_abc=x", []string{"transactionCookie.secure"}},
		{"nextjs-auth0 v3 missing Secure: the base URL decides", problemNoSecureOnHTTPS, "appSession=x", []string{"AUTH0_BASE_URL", "AUTH0_COOKIE_SECURE=true alone is rejected"}},
		{"nextjs-auth0 v3 SameSite=None: base URL, not the flag", problemSameSiteNone, "appSession=x", []string{"https AUTH0_BASE_URL", "AUTH0_COOKIE_SAME_SITE=lax"}},
		{"nextjs-auth0 v3 transaction SameSite", problemSameSiteNone, "auth_verification=x", []string{"always adds Secure", "AUTH0_TRANSACTION_COOKIE_SAME_SITE=lax"}},
		{"nextjs-auth0 v3 transaction missing Secure", problemNoSecureOnHTTPS, "auth_verification=x", []string{"AUTH0_BASE_URL", "AUTH0_TRANSACTION_COOKIE_SECURE=false"}},
		{"nextjs-auth0 v4 transaction has no env var", problemNoSecureOnHTTPS, "__txn_abc=x", []string{"transactionCookie.secure", "no environment variable"}},
		{"nextjs-auth0 v4 Secure over http", problemSecureOverHTTP, "__session=" + auth0TestJWE + "; Secure", []string{"http URL", "since 4.16.0", "secure: false throws"}},
		{"Supabase missing Secure", problemNoSecureOnHTTPS, "sb-abcdefgh-auth-token=x", []string{"cookieOptions", "secure: true"}},
		{"Django missing Secure", problemNoSecureOnHTTPS, "sessionid=x", []string{"SESSION_COOKIE_SECURE"}},
		{"generic __Host- prefix", problemPrefix, "__Host-sid=x; Secure; Domain=example.com; Path=/app", []string{"remove the Domain attribute and set Path=/", `"__Host-sid"`}},
		{"generic __Secure- prefix", problemPrefix, "__Secure-sid=x", []string{"add Secure"}},
		{"Auth.js __Host- CSRF cookie with a Domain", problemPrefix, "__Host-authjs.csrf-token=x; Secure; Path=/; Domain=example.com", []string{"remove domain in cookies.csrfToken.options"}},
		{"NextAuth v4 Secure over http names NEXTAUTH_URL", problemSecureOverHTTP, "__Host-next-auth.csrf-token=x; Secure; Path=/", []string{"NEXTAUTH_URL starts with https://"}},
		{"generic SameSite=None", problemSameSiteNone, "sid=x", []string{"add Secure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cookieProblemFix(tt.kind, parsedSetCookie(t, tt.line))
			for _, s := range tt.wantIn {
				if !strings.Contains(f.Message, s) {
					t.Errorf("fix %q does not contain %q", f.Message, s)
				}
			}
			if f.Reference == "" || !strings.HasPrefix(f.Reference, "https://") {
				t.Errorf("fix has no reference: %q", f.Reference)
			}
		})
	}
}

func TestHasHSTS(t *testing.T) {
	tests := []struct {
		value string
		want  bool
	}{
		{"max-age=31536000; includeSubDomains", true},
		{`max-age="600"`, true},
		{"includeSubDomains; max-age=63072000; preload", true},
		{"max-age=0", false},
		{"max-age=000", false},
		{"max-age=", false},
		{"includeSubDomains", false},
		{"", false},
	}
	for _, tt := range tests {
		x := &Exchange{Entry: &har.Entry{Response: &har.Response{Status: 200,
			Headers: har.Headers{{Name: "Strict-Transport-Security", Value: tt.value}}}}}
		if got := hasHSTS(x); got != tt.want {
			t.Errorf("hasHSTS(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}

// FuzzCookieProblems checks that any Set-Cookie line and origin give at
// most one rejection, never a problem for a deletion or an unknown cookie,
// and hardening problems only for session cookies.
func FuzzCookieProblems(f *testing.F) {
	f.Add("https://app.example.com/", "sid=abc; Path=/", false)
	f.Add("http://app.example.com/", "__Secure-next-auth.session-token=x; Secure; SameSite=None", false)
	f.Add("https://app.example.com/", "__Host-authjs.csrf-token=x; Domain=example.com; Secure; Path=/", true)
	f.Add("http://localhost:3000/", "appSession=x; HttpOnly; Secure", false)
	f.Add("https://a.example/", "sb-ref-auth-token.1=base64-x; Max-Age=0", false)
	f.Fuzz(func(t *testing.T, rawURL, line string, hsts bool) {
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Skip()
		}
		c := parsedSetCookie(t, line)
		if c.Err != nil || !c.Known || c.Info.Kind == auth.CookieUnknown {
			return
		}
		probs := cookieProblems(u, c, hsts)
		rejections := 0
		for _, p := range probs {
			switch {
			case isRejection(p.kind):
				rejections++
				if p.sev != High {
					t.Fatalf("rejection %s with severity %v", p.kind, p.sev)
				}
			default:
				if c.Info.Kind != auth.CookieSession {
					t.Fatalf("hardening problem %s for a %v cookie", p.kind, c.Info.Kind)
				}
			}
		}
		if rejections > 1 || rejections == 1 && len(probs) > 1 {
			t.Fatalf("rejected cookie with problems %v", probs)
		}
		if c.Secure && c.SameSite == "None" && cookie.IsSecureOrigin(u) && c.PrefixError(u) == "" && rejections > 0 {
			t.Fatalf("SameSite=None; Secure from a secure origin rejected: %v", probs)
		}
	})
}
