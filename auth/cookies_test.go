package auth

import "testing"

func TestCookie(t *testing.T) {
	type want struct {
		base, prefix string
		chunk        int
		kind         CookieKind
		lib          Library
	}
	tests := []struct {
		name string
		ok   bool
		want want
	}{
		// NextAuth v4
		{"next-auth.session-token", true, want{"next-auth.session-token", "", -1, CookieSession, LibraryNextAuthV4}},
		{"__Secure-next-auth.session-token", true, want{"next-auth.session-token", "__Secure-", -1, CookieSession, LibraryNextAuthV4}},
		{"__Secure-next-auth.session-token.0", true, want{"next-auth.session-token", "__Secure-", 0, CookieSession, LibraryNextAuthV4}},
		{"next-auth.session-token.12", true, want{"next-auth.session-token", "", 12, CookieSession, LibraryNextAuthV4}},
		{"__Host-next-auth.csrf-token", true, want{"next-auth.csrf-token", "__Host-", -1, CookieCSRF, LibraryNextAuthV4}},
		{"next-auth.csrf-token", true, want{"next-auth.csrf-token", "", -1, CookieCSRF, LibraryNextAuthV4}},
		{"__Secure-next-auth.callback-url", true, want{"next-auth.callback-url", "__Secure-", -1, CookieCallbackURL, LibraryNextAuthV4}},
		{"next-auth.state", true, want{"next-auth.state", "", -1, CookieState, LibraryNextAuthV4}},
		{"__Secure-next-auth.pkce.code_verifier", true, want{"next-auth.pkce.code_verifier", "__Secure-", -1, CookiePKCE, LibraryNextAuthV4}},
		{"next-auth.nonce", true, want{"next-auth.nonce", "", -1, CookieNonce, LibraryNextAuthV4}},
		// Auth.js v5
		{"authjs.session-token", true, want{"authjs.session-token", "", -1, CookieSession, LibraryAuthJSV5}},
		{"__Secure-authjs.session-token.1", true, want{"authjs.session-token", "__Secure-", 1, CookieSession, LibraryAuthJSV5}},
		{"__Host-authjs.csrf-token", true, want{"authjs.csrf-token", "__Host-", -1, CookieCSRF, LibraryAuthJSV5}},
		{"authjs.callback-url", true, want{"authjs.callback-url", "", -1, CookieCallbackURL, LibraryAuthJSV5}},
		{"__Secure-authjs.state", true, want{"authjs.state", "__Secure-", -1, CookieState, LibraryAuthJSV5}},
		{"authjs.pkce.code_verifier", true, want{"authjs.pkce.code_verifier", "", -1, CookiePKCE, LibraryAuthJSV5}},
		{"authjs.nonce", true, want{"authjs.nonce", "", -1, CookieNonce, LibraryAuthJSV5}},
		{"__Secure-authjs.challenge", true, want{"authjs.challenge", "__Secure-", -1, CookieNonce, LibraryAuthJSV5}},
		// prefixes matched ignoring case, reported canonically
		{"__SECURE-authjs.session-token", true, want{"authjs.session-token", "__Secure-", -1, CookieSession, LibraryAuthJSV5}},
		{"__host-authjs.csrf-token", true, want{"authjs.csrf-token", "__Host-", -1, CookieCSRF, LibraryAuthJSV5}},
		// nextjs-auth0
		{"appSession", true, want{"appSession", "", -1, CookieSession, LibraryNextjsAuth0V3}},
		{"appSession.0", true, want{"appSession", "", 0, CookieSession, LibraryNextjsAuth0V3}},
		{"appSession.3", true, want{"appSession", "", 3, CookieSession, LibraryNextjsAuth0V3}},
		{"auth_verification", true, want{"auth_verification", "", -1, CookieTransaction, LibraryNextjsAuth0V3}},
		{"a0:session", true, want{"a0:session", "", -1, CookieSession, LibraryNextjsAuth0V0}},
		{"a0:state", true, want{"a0:state", "", -1, CookieState, LibraryNextjsAuth0V0}},
		{"a0:redirectTo", true, want{"a0:redirectTo", "", -1, CookieCallbackURL, LibraryNextjsAuth0V0}},
		{"__session", true, want{"__session", "", -1, CookieSession, LibraryUnknown}},
		{"__session__0", true, want{"__session", "", 0, CookieSession, LibraryNextjsAuth0V4}},
		{"__session__11", true, want{"__session", "", 11, CookieSession, LibraryNextjsAuth0V4}},
		{"__txn_Yx3kq9LmPa", true, want{"__txn_Yx3kq9LmPa", "", -1, CookieTransaction, LibraryNextjsAuth0V4}},
		// Clerk
		{"__client_uat", true, want{"__client_uat", "", -1, CookieSession, LibraryClerk}},
		{"__client_uat_xW3oPq9a", true, want{"__client_uat_xW3oPq9a", "", -1, CookieSession, LibraryClerk}},
		{"__session_xW3oPq9a", true, want{"__session_xW3oPq9a", "", -1, CookieSession, LibraryClerk}},
		{"__session_a1-b2_c3", true, want{"__session_a1-b2_c3", "", -1, CookieSession, LibraryClerk}},
		{"__refresh", true, want{"__refresh", "", -1, CookieSession, LibraryClerk}},
		{"__refresh_xW3oPq9a", true, want{"__refresh_xW3oPq9a", "", -1, CookieSession, LibraryClerk}},
		{"__clerk_db_jwt", true, want{"__clerk_db_jwt", "", -1, CookieSession, LibraryClerk}},
		{"__clerk_handshake", true, want{"__clerk_handshake", "", -1, CookieTransaction, LibraryClerk}},
		// Supabase
		{"sb-abcdefghijklmnop-auth-token", true, want{"sb-abcdefghijklmnop-auth-token", "", -1, CookieSession, LibrarySupabase}},
		{"sb-abcdefghijklmnop-auth-token.0", true, want{"sb-abcdefghijklmnop-auth-token", "", 0, CookieSession, LibrarySupabase}},
		{"sb-127-auth-token.1", true, want{"sb-127-auth-token", "", 1, CookieSession, LibrarySupabase}},
		{"sb-my-proj-auth-token-code-verifier", true, want{"sb-my-proj-auth-token-code-verifier", "", -1, CookiePKCE, LibrarySupabase}},
		// Better Auth
		{"better-auth.session_token", true, want{"better-auth.session_token", "", -1, CookieSession, LibraryBetterAuth}},
		{"__Secure-better-auth.session_token", true, want{"better-auth.session_token", "__Secure-", -1, CookieSession, LibraryBetterAuth}},
		{"better-auth.session_data", true, want{"better-auth.session_data", "", -1, CookieSession, LibraryBetterAuth}},
		{"better-auth.session_data.1", true, want{"better-auth.session_data", "", 1, CookieSession, LibraryBetterAuth}},
		{"better-auth.account_data.0", true, want{"better-auth.account_data", "", 0, CookieSession, LibraryBetterAuth}},
		{"better-auth.oauth_state", true, want{"better-auth.oauth_state", "", -1, CookieState, LibraryBetterAuth}},
		{"myapp.session_token", true, want{"myapp.session_token", "", -1, CookieSession, LibraryBetterAuth}},
		{"myapp.session_data.2", true, want{"myapp.session_data", "", 2, CookieSession, LibraryBetterAuth}},
		// frameworks
		{"connect.sid", true, want{"connect.sid", "", -1, CookieSession, LibraryExpressSession}},
		{"sessionid", true, want{"sessionid", "", -1, CookieSession, LibraryDjango}},
		{"csrftoken", true, want{"csrftoken", "", -1, CookieCSRF, LibraryDjango}},
		{"_gitlab_session", true, want{"_gitlab_session", "", -1, CookieSession, LibraryRails}},
		{"_myapp_session", true, want{"_myapp_session", "", -1, CookieSession, LibraryRails}},
		{"laravel_session", true, want{"laravel_session", "", -1, CookieSession, LibraryLaravel}},
		{"my_shop_session", true, want{"my_shop_session", "", -1, CookieSession, LibraryGeneric}},
		{"ci_session", true, want{"ci_session", "", -1, CookieSession, LibraryGeneric}},
		{"XSRF-TOKEN", true, want{"XSRF-TOKEN", "", -1, CookieCSRF, LibraryLaravel}},
		{".AspNetCore.Cookies", true, want{".AspNetCore.Cookies", "", -1, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.CookiesC1", true, want{".AspNetCore.Cookies", "", 1, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.CookiesC12", true, want{".AspNetCore.Cookies", "", 12, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.Identity.Application", true, want{".AspNetCore.Identity.Application", "", -1, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.Identity.ApplicationC2", true, want{".AspNetCore.Identity.Application", "", 2, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.Session", true, want{".AspNetCore.Session", "", -1, CookieSession, LibraryASPNETCore}},
		{".AspNetCore.Correlation.Ab3xY", true, want{".AspNetCore.Correlation.Ab3xY", "", -1, CookieState, LibraryASPNETCore}},
		{".AspNetCore.OpenIdConnect.Nonce.CfDJ8abc", true, want{".AspNetCore.OpenIdConnect.Nonce.CfDJ8abc", "", -1, CookieNonce, LibraryASPNETCore}},
		{".AspNetCore.Antiforgery.9fXoN4", true, want{".AspNetCore.Antiforgery.9fXoN4", "", -1, CookieCSRF, LibraryASPNETCore}},
		{"_oauth2_proxy", true, want{"_oauth2_proxy", "", -1, CookieSession, LibraryOAuth2Proxy}},
		{"_oauth2_proxy_1", true, want{"_oauth2_proxy", "", 1, CookieSession, LibraryOAuth2Proxy}},
		{"__Host-_oauth2_proxy_0", true, want{"_oauth2_proxy", "__Host-", 0, CookieSession, LibraryOAuth2Proxy}},
		{"_oauth2_proxy_csrf", true, want{"_oauth2_proxy_csrf", "", -1, CookieTransaction, LibraryOAuth2Proxy}},
		{"_oauth2_proxy_a1b2_csrf", true, want{"_oauth2_proxy_a1b2_csrf", "", -1, CookieTransaction, LibraryOAuth2Proxy}},
		{"AppServiceAuthSession", true, want{"AppServiceAuthSession", "", -1, CookieSession, LibraryAzureAppService}},
		// generic names, any case
		{"session", true, want{"session", "", -1, CookieSession, LibraryGeneric}},
		{"SESSION", true, want{"SESSION", "", -1, CookieSession, LibraryGeneric}},
		{"sid", true, want{"sid", "", -1, CookieSession, LibraryGeneric}},
		{"JSESSIONID", true, want{"JSESSIONID", "", -1, CookieSession, LibraryGeneric}},
		{"jsessionid", true, want{"jsessionid", "", -1, CookieSession, LibraryGeneric}},
		{"PHPSESSID", true, want{"PHPSESSID", "", -1, CookieSession, LibraryGeneric}},
		{"ASP.NET_SessionId", true, want{"ASP.NET_SessionId", "", -1, CookieSession, LibraryGeneric}},
		{".ASPXAUTH", true, want{".ASPXAUTH", "", -1, CookieSession, LibraryGeneric}},
		{"__Host-session", true, want{"session", "__Host-", -1, CookieSession, LibraryGeneric}},
		{"_csrf", true, want{"_csrf", "", -1, CookieCSRF, LibraryGeneric}},
		{"__RequestVerificationToken", true, want{"__RequestVerificationToken", "", -1, CookieCSRF, LibraryGeneric}},
		{"SSESS0123456789abcdef0123456789abcdef", true, want{"SSESS0123456789abcdef0123456789abcdef", "", -1, CookieSession, LibraryGeneric}},
		{"SESS0123456789abcdef0123456789abcdef", true, want{"SESS0123456789abcdef0123456789abcdef", "", -1, CookieSession, LibraryGeneric}},

		// near misses
		{"next-auth.session-token-foo", false, want{}},
		{"next-auth.session-token.", false, want{}},
		{"next-auth.session-token.01", false, want{}},
		{"next-auth.session-token.x", false, want{}},
		{"next-auth.session-token__0", false, want{}},
		{"next-auth.csrf-token.0", false, want{}},
		{"Next-Auth.Session-Token", false, want{}},
		{"_ga", false, want{}},
		{"_ga.1", false, want{}},
		{"_ga_ABC123.1", false, want{}},
		{"_gid", false, want{}},
		{"sessionid2", false, want{}},
		{"session.1", false, want{}},
		{"sid_1", false, want{}},
		{"appSession__0", false, want{}},
		{"appSessionX", false, want{}},
		{"__session.0", false, want{}},
		{"__session_abc", false, want{}},
		{"__session__x", false, want{}},
		{"__txn_", false, want{}},
		{"sb--auth-token", false, want{}},
		{"sb-ref-auth-token.x", false, want{}},
		{"sb-ref.x-auth-token", false, want{}},
		{".AspNetCore.CookiesC0x", false, want{}},
		{".AspNetCore.Correlation.", false, want{}},
		{"__session_session", false, want{}},
		{"_session", false, want{}},
		{"__Secure-", false, want{}},
		{"SESS0123", false, want{}},
		{"cf_use_ob", false, want{}},
		{"WMF-Uniq", false, want{}},
		{"", false, want{}},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.Cookie(tt.name)
			if ok != tt.ok {
				t.Fatalf("Cookie(%q) ok = %v, want %v (got %+v)", tt.name, ok, tt.ok, got)
			}
			if got.Name != tt.name {
				t.Errorf("Name = %q, want %q", got.Name, tt.name)
			}
			if !ok {
				return
			}
			w := tt.want
			if got.Base != w.base || got.Prefix != w.prefix || got.Chunk != w.chunk || got.Kind != w.kind || got.Library != w.lib {
				t.Errorf("Cookie(%q) = base %q prefix %q chunk %d kind %v lib %v; want base %q prefix %q chunk %d kind %v lib %v",
					tt.name, got.Base, got.Prefix, got.Chunk, got.Kind, got.Library, w.base, w.prefix, w.chunk, w.kind, w.lib)
			}
		})
	}
}

func TestClassifyCookie(t *testing.T) {
	const (
		jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..c2l4dGVlbmJ5dGVz.Y2lwaGVy.dGFn"
		jws = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yIn0.eyJzdWIiOiJ1c2VyXzEifQ.c2ln"
	)
	tests := []struct {
		name, value string
		ok          bool
		kind        CookieKind
		lib         Library
	}{
		{"__session", jwe, true, CookieSession, LibraryNextjsAuth0V4},
		{"__session", jws, true, CookieSession, LibraryClerk},
		{"__session", "", true, CookieSession, LibraryUnknown},
		{"__session", "opaque-firebase-value", true, CookieSession, LibraryUnknown},
		{"__session", "a.b.c", true, CookieSession, LibraryUnknown},
		{"__session", "h..iv..tag", true, CookieSession, LibraryUnknown},
		{"__Secure-__session", jws, true, CookieSession, LibraryClerk},
		{"__session__0", "eyJhbGciOi", true, CookieSession, LibraryNextjsAuth0V4},
		{"appSession", jwe, true, CookieSession, LibraryNextjsAuth0V3},
		{"my-app-session", "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy*1716000000000*aG1hYw*bWFj~2", true, CookieSession, LibraryIronSession},
		{"sess", "s%3AQ8bL1sJx0v4zV7rK.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", true, CookieSession, LibraryExpressSession},
		{"sess", "s:Q8bL1sJx0v4zV7rK.abcdefghijklmnopqrstuvwxyzABCDEFGHIJ%2BLMN%2FPQ", true, CookieSession, LibraryExpressSession},
		{"sess", "s:Q8bL1sJx0v4zV7rK.short", false, CookieUnknown, LibraryUnknown},
		{"sess", "s:nodot", false, CookieUnknown, LibraryUnknown},
		{"theme", "dark", false, CookieUnknown, LibraryUnknown},
		{"theme", "Fe26.1*old", false, CookieUnknown, LibraryUnknown},
	}
	for _, tt := range tests {
		got, ok := ClassifyCookie(tt.name, tt.value)
		if ok != tt.ok || got.Kind != tt.kind || got.Library != tt.lib {
			t.Errorf("ClassifyCookie(%q, %.20q) = %v %v %v; want %v %v %v", tt.name, tt.value, got.Kind, got.Library, ok, tt.kind, tt.lib, tt.ok)
		}
	}
}

func TestParseChunk(t *testing.T) {
	tests := []struct {
		name  string
		base  string
		index int
		ok    bool
	}{
		{"__Secure-next-auth.session-token.0", "__Secure-next-auth.session-token", 0, true},
		{"__SECURE-authjs.session-token.2", "__SECURE-authjs.session-token", 2, true},
		{"appSession.1", "appSession", 1, true},
		{"__session__3", "__session", 3, true},
		{"sb-ref-auth-token.0", "sb-ref-auth-token", 0, true},
		{".AspNetCore.CookiesC1", ".AspNetCore.Cookies", 1, true},
		{"_oauth2_proxy_2", "_oauth2_proxy", 2, true},
		{"next-auth.session-token", "", 0, false},
		{"_ga_ABC.1", "", 0, false},
		{"app.v1.2", "", 0, false},
		{"jquery-3.7.1", "", 0, false},
		{"appSession.007", "", 0, false},
		{"appSession.1234567", "", 0, false},
		{"session.0", "", 0, false},
	}
	for _, tt := range tests {
		base, index, ok := ParseChunk(tt.name)
		if base != tt.base || index != tt.index || ok != tt.ok {
			t.Errorf("ParseChunk(%q) = %q, %d, %v; want %q, %d, %v", tt.name, base, index, ok, tt.base, tt.index, tt.ok)
		}
	}
}

func TestCookieAllocations(t *testing.T) {
	c := Default()
	names := []string{"__Secure-next-auth.session-token.3", "_ga_ABC123", "JSESSIONID", "sb-ref-auth-token.1"}
	allocs := testing.AllocsPerRun(100, func() {
		for _, n := range names {
			c.Cookie(n)
		}
	})
	if allocs != 0 {
		t.Errorf("Cookie allocates %v times per 4 lookups, want 0", allocs)
	}
}
