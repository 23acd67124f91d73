package rules

import (
	"strings"
	"testing"
)

func TestAuthErrorResponse(t *testing.T) {
	const app = "https://app.example.com"
	v4 := "next-auth.csrf-token=test-csrf"
	v5 := "authjs.csrf-token=test-csrf"
	redirect := func(url, to, cookie string) testEntry {
		return testEntry{url: url, status: 302, cookie: cookie, resp: [][2]string{{"location", to}}}
	}
	authz := func(extra string) testEntry {
		return testEntry{url: "https://idp.example.com/authorize?client_id=c1&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback&state=st-secret-1" + extra, status: 302,
			resp: [][2]string{{"location", "https://idp.example.com/login"}}}
	}
	jwt := flowJWS(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "x"})
	tests := []struct {
		name    string
		entries []testEntry
		want    []string // substrings of the findings' messages, in order
		sev     []Severity
	}{
		{"v4 error page chain reported once",
			[]testEntry{
				redirect(app+"/api/auth/callback/github?code=c&state=s", app+"/api/auth/error?error=OAuthCallback", v4),
				redirect(app+"/api/auth/error?error=OAuthCallback", app+"/api/auth/signin?error=OAuthCallback", v4),
				{url: app + "/api/auth/signin?error=OAuthCallback", cookie: v4},
			},
			[]string{`NextAuth v4 reported error "OAuthCallback" after the callback on entry 0: NextAuth v4 failed to complete the callback`}, []Severity{High}},
		{"Auth.js sign-in page code",
			[]testEntry{{url: app + "/api/auth/signin?error=OAuthCallbackError", cookie: v5}},
			[]string{`Auth.js v5 reported error "OAuthCallbackError": Auth.js got an error from the provider`}, []Severity{High}},
		{"Auth.js Configuration names the cookie rules",
			[]testEntry{{url: app + "/api/auth/error?error=Configuration", cookie: v5, status: 500}},
			[]string{"(InvalidCheck)", "transaction-cookie-not-sent"}, []Severity{High, High}},
		{"v4 Configuration does not blame cookies",
			[]testEntry{{url: app + "/api/auth/error?error=Configuration", cookie: v4, status: 500}},
			[]string{"assertConfig"}, []Severity{High}},
		{"custom error page named by the redirect",
			[]testEntry{redirect(app+"/api/auth/callback/google?code=c&state=s", app+"/login/failed?error=AccessDenied", v4)},
			[]string{`NextAuth v4 redirected to "https://app.example.com/login/failed?error=AccessDenied" with error "AccessDenied": the app's ` + "`signIn`" + ` callback returned false`}, []Severity{Medium}},
		{"Auth.js JSON answer to signIn(redirect: false), then the page opened",
			[]testEntry{
				{method: "POST", url: app + "/api/auth/callback/credentials", cookie: v5, mime: "application/json", resp: [][2]string{{"content-type", "application/json"}},
					body: `{"url":"https://app.example.com/api/auth/signin?error=CredentialsSignin&code=credentials"}`},
				{url: app + "/api/auth/signin?error=CredentialsSignin&code=credentials", cookie: v5},
			},
			[]string{`Auth.js v5 answered with the URL "https://app.example.com/api/auth/signin?error=CredentialsSignin&code=[redacted:`, `with error "CredentialsSignin"`}, []Severity{Medium}},
		{"sign-in route without a response",
			[]testEntry{{url: app + "/api/auth/signin/github", cookie: v4, status: -1}}, nil, nil},
		{"unknown NextAuth code on its page",
			[]testEntry{{url: app + "/api/auth/error?error=TenantBlocked", cookie: v4}},
			[]string{`error "TenantBlocked": not a code NextAuth v4 or Auth.js sets itself`}, []Severity{High}},
		{"a redirect to a custom page without a NextAuth code",
			[]testEntry{redirect(app+"/api/auth/callback/google?code=c&state=s", app+"/welcome?error=none", v4)}, nil, nil},
		{"idp error then library page: one finding on the callback",
			[]testEntry{
				redirect(app+"/api/auth/callback/google?error=access_denied&state=s", app+"/api/auth/error?error=Callback", v4),
				redirect(app+"/api/auth/error?error=Callback", app+"/api/auth/signin?error=Callback", v4),
				{url: app + "/api/auth/signin?error=Callback", cookie: v4},
			},
			[]string{`the identity provider answered the login with error "access_denied": the user or the provider's policy refused the authorization (the user cancelled, or a provider rule, conditional access or app assignment denied this user); NextAuth v4 then showed error "Callback"`}, []Severity{Medium}},
		{"consent_required without prompt=none",
			[]testEntry{authz("&prompt=login"), {url: app + "/auth/callback?error=consent_required&state=st-secret-1", status: 500}},
			[]string{`error "consent_required"`, `did not ask for prompt=none (prompt "login")`}, []Severity{Medium, Medium}},
		{"interaction_required after prompt=none is info",
			[]testEntry{authz("&prompt=none"), {url: app + "/auth/callback?error=interaction_required&state=st-secret-1"}},
			[]string{"expected answer for a user without a session"}, []Severity{Info}},
		{"provider's own code, description with a token redacted",
			[]testEntry{{url: app + "/auth/callback?error=AADSTS700016&error_description=app%20not%20found%20" + jwt + "&state=st-secret-1"}},
			[]string{`error "AADSTS700016" (error_description "app not found [redacted:`, "a code of the identity provider's own"}, []Severity{High, High}},
		{"error param without state off the callback",
			[]testEntry{{url: app + "/docs?error=access_denied"}}, nil, nil},
		{"nextjs-auth0 v4.0.0 spelling",
			[]testEntry{{url: app + "/auth/callback?code=c&state=s", status: 500, body: "An error occured while trying to exchange the authorization code."}},
			[]string{`nextjs-auth0 v4 answered 500 with "An error occurred while trying to exchange the authorization code.": AuthorizationCodeGrantError`}, []Severity{High}},
		{"nextjs-auth0 v4 message on a page that is not an auth route",
			[]testEntry{{url: app + "/blog/errors", status: 500, body: "<p>The state parameter is invalid.</p>"}}, nil, nil},
		{"nextjs-auth0 v3 cause inside HTML",
			[]testEntry{{url: app + "/api/auth/callback?code=c&state=s", status: 400, body: "<html><body><pre>Callback handler failed. CAUSE: Your state cookie is not valid JSON.</pre></body></html>"}},
			[]string{`nextjs-auth0 v3 answered 400 with "Callback handler failed. CAUSE: Your state cookie is not valid JSON.": MalformedStateCookieError`}, []Severity{High}},
		{"authlint's own probe of the callback",
			[]testEntry{{url: app + "/auth/callback?code=authlint-probe-code&state=authlint-probe-state", status: 500, body: "The state parameter is invalid.",
				req: [][2]string{{"user-agent", "authlint/dev (+https://github.com/authlint/authlint)"}}}}, nil, nil},
		{"a 200 with the message is not an error",
			[]testEntry{{url: app + "/auth/callback?code=c&state=s", body: "The state parameter is invalid."}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, AuthErrorResponse, tt.entries...)
			if len(tt.want) == 0 {
				if len(fs) != 0 {
					t.Fatalf("got %d findings, want none: %s", len(fs), fs[0].Message)
				}
				return
			}
			if len(fs) != 1 {
				for _, f := range fs {
					t.Log(f.Message)
				}
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			for _, w := range tt.want {
				if !strings.Contains(fs[0].Message, w) {
					t.Errorf("message %q does not contain %q", fs[0].Message, w)
				}
			}
			if fs[0].Severity != tt.sev[0] {
				t.Errorf("severity %v, want %v", fs[0].Severity, tt.sev[0])
			}
			if strings.Contains(fs[0].Message, "st-secret-1") || strings.Contains(fs[0].Message, jwt) {
				t.Errorf("secret in message %q", fs[0].Message)
			}
			for _, e := range fs[0].Entries {
				if strings.Contains(e.URL, "st-secret-1") {
					t.Errorf("state in entry URL %q", e.URL)
				}
			}
		})
	}
}
