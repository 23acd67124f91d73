package rules

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
)

// flowJWS builds an unsigned-looking compact JWS with the given header and
// claims (the signature is filler: nothing verifies it).
func flowJWS(t testing.TB, header, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + base64.RawURLEncoding.EncodeToString([]byte("filler-signature-0123456789"))
}

func flowJWE() string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"dir","enc":"A256GCM"}`))
	return h + "..aXYtMTIzNDU2Nzg5MDEy.Y2lwaGVydGV4dC1maWxsZXItMDEyMzQ1Njc4OQ.dGFnLTEyMzQ1Njc4OTAxMg"
}

func TestTokenClassify(t *testing.T) {
	at := flowJWS(t, map[string]any{"alg": "RS256", "typ": "at+jwt"}, map[string]any{"sub": "u1", "exp": 1741086000})
	scoped := flowJWS(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "u1", "scope": "read"})
	idt := flowJWS(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "u1", "nonce": "n", "aud": "c"})
	cognitoID := flowJWS(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "u1", "token_use": "id"})
	plain := flowJWS(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "u1", "room": "r"})
	anon := flowJWS(t, map[string]any{"alg": "HS256"}, map[string]any{"iss": "supabase", "role": "anon"})
	sessionValue := "s%3AabcdefghijklmnopqrstuvwxyzABCDEF.sig"
	c := newTokenInURL()
	// An unclassified cookie is not remembered; a session cookie is.
	c.learnSessions(&Exchange{Cookies: []RequestCookie{{Name: "pref", Value: "abcdefghijklmnopqrstuvwxyz0123"}}})
	c.learnSessions(&Exchange{Cookies: []RequestCookie{flowSessionCookie("connect.sid", sessionValue)}})

	tests := []struct {
		name, param, value string
		want               tokenKind
	}{
		{"refresh by name", "refresh_token", "v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k", tokenRefresh},
		{"refresh camelCase", "refreshToken", "v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k", tokenRefresh},
		{"access by name opaque", "access_token", "ya29.a0AfB_byC8xKq2mN5pQ7rS9tU1v", tokenAccess},
		{"access dashed", "access-token", "gho_16C7e42F292c6912E7710c838347Ae", tokenAccess},
		{"access JWT typed", "t", at, tokenAccess},
		{"access JWT scoped", "jwt", scoped, tokenAccess},
		{"id token by name", "id_token", idt, tokenID},
		{"id token by claims", "token", idt, tokenID},
		{"cognito id token", "x", cognitoID, tokenID},
		{"JWT of unknown purpose", "ticket", plain, tokenJWT},
		{"JWE", "s", flowJWE(), tokenJWT},
		{"session value under any name", "sess", sessionValue, tokenSession},
		{"non-session cookie value", "pref", "abcdefghijklmnopqrstuvwxyz0123", tokenNone},
		{"code is not a token", "code", "SplxlOBeZQQYbYS6WxSbIA-long-enough", tokenNone},
		{"state is not a token", "state", plain, tokenNone},
		{"id_token_hint is spec-defined", "id_token_hint", idt, tokenNone},
		{"login_hint", "login_hint", plain, tokenNone},
		{"token that is not a JWT", "token", "3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e", tokenNone},
		{"csrf token", "csrf_token", "3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e", tokenNone},
		{"short placeholder", "access_token", "TOKEN_HERE", tokenNone},
		{"template placeholder", "access_token", "{{access_token_value}}", tokenNone},
		{"redaction marker", "access_token", "[REDACTED]", tokenNone},
		{"mapbox public token", "access_token", "pk.eyJ1IjoiZXhhbXBsZSJ9.Xy7fakeSignature123", tokenNone},
		{"supabase anon key", "apikey", anon, tokenNone},
		{"clerk handshake", "__clerk_handshake", plain, tokenNone},
		{"clerk dev browser", "__clerk_db_jwt", plain, tokenNone},
		{"eyJ without dots", "data", "eyJ0eXBlIjoiY29va2llIn0", tokenNone},
		{"eyJ header without alg", "x", base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT"}`)) + ".e30.c2ln", tokenNone},
		{"eyJ with non-JSON payload", "x", base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`)) + ".bm90IGpzb24.c2ln", tokenNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := c.classify(tt.param, tt.value)
			if got != tt.want {
				t.Errorf("classify(%q, ...) = %v, want %v", tt.param, got, tt.want)
			}
		})
	}
}

// flowSessionCookie returns a request cookie classified as a session cookie.
func flowSessionCookie(name, value string) RequestCookie {
	return RequestCookie{Name: name, Value: value, Known: true, Info: auth.CookieInfo{Kind: auth.CookieSession}}
}

func TestNormParamName(t *testing.T) {
	for in, want := range map[string]string{
		"access_token": "accesstoken", "accessToken": "accesstoken", "Access-Token": "accesstoken",
		"id_token_hint": "idtokenhint", "": "",
	} {
		if got := normParamName(in); got != want {
			t.Errorf("normParamName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitParams(t *testing.T) {
	tests := []struct {
		raw  string
		want []param
	}{
		{"a=1&b=2", []param{{"a", "1"}, {"b", "2"}}},
		{"a=%20x&b", []param{{"a", " x"}}},
		{"a=&b=2", []param{{"b", "2"}}},
		{"bad=%zz", []param{{"bad", "%zz"}}},
		{"access%5Ftoken=v", []param{{"access_token", "v"}}},
		{"", nil},
	}
	for _, tt := range tests {
		got := splitParams(tt.raw)
		if len(got) != len(tt.want) {
			t.Errorf("splitParams(%q) = %v, want %v", tt.raw, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("splitParams(%q)[%d] = %v, want %v", tt.raw, i, got[i], tt.want[i])
			}
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "app.localhost": true, "127.0.0.1": true, "[::1]": true, "::1": true,
		"example.com": false, "10.0.0.1": false, "localhost.example.com": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestTokenInURLFlows(t *testing.T) {
	at := flowJWS(t, map[string]any{"alg": "RS256", "typ": "at+jwt"}, map[string]any{"sub": "u1", "scope": "read"})
	session := flowJWE()
	tests := []struct {
		name    string
		entries []testEntry
		want    []Severity
		wantMsg string
	}{
		{
			name: "implicit fragment in a redirect",
			entries: []testEntry{{url: "https://login.example.com/authorize?client_id=c&response_type=token", status: 302,
				resp: [][2]string{{"location", "https://app.example.com/cb#access_token=" + at + "&state=s"}}}},
			want: []Severity{Medium}, wantMsg: "implicit or hybrid flow",
		},
		{
			name: "token in a redirect query is reported once, not again on the next request",
			entries: []testEntry{
				{url: "https://auth.example.com/done", status: 302, resp: [][2]string{{"location", "https://app.example.com/cb?refresh_token=v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k"}}},
				{url: "https://app.example.com/cb?refresh_token=v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k"},
			},
			want: []Severity{High}, wantMsg: "refresh token",
		},
		{
			name: "session value copied into a link",
			entries: []testEntry{
				{url: "https://app.example.com/", cookie: "appSession=" + session},
				{url: "https://app.example.com/export?s=" + url.QueryEscape(session)},
			},
			want: []Severity{High}, wantMsg: `session cookie "appSession"`,
		},
		{
			name: "cross-site Referer",
			entries: []testEntry{{url: "https://tracker.example.net/p.gif",
				req: [][2]string{{"referer", "https://app.example.com/welcome?access_token=gho_16C7e42F292c6912E7710c838347Ae"}}}},
			want: []Severity{High}, wantMsg: "another site",
		},
		{
			name: "same-site Referer to another host",
			entries: []testEntry{{url: "https://api.example.com/v1/me",
				req: [][2]string{{"referer", "https://app.example.com/welcome?access_token=gho_16C7e42F292c6912E7710c838347Ae"}}}},
			want: []Severity{Medium}, wantMsg: "another host of the same site",
		},
		{
			name: "same-origin Referer is the page's own URL",
			entries: []testEntry{{url: "https://app.example.com/app.js",
				req: [][2]string{{"referer", "https://app.example.com/welcome?access_token=gho_16C7e42F292c6912E7710c838347Ae"}}}},
		},
		{
			name:    "authorization code callback",
			entries: []testEntry{{url: "https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, TokenInURL, tt.entries...)
			if len(fs) != len(tt.want) {
				var msgs []string
				for _, f := range fs {
					msgs = append(msgs, f.Message)
				}
				t.Fatalf("got %d findings %q, want %d", len(fs), msgs, len(tt.want))
			}
			for i, f := range fs {
				if f.Severity != tt.want[i] {
					t.Errorf("finding %d: severity %s, want %s (%q)", i, f.Severity, tt.want[i], f.Message)
				}
				if !strings.Contains(f.Message, tt.wantMsg) {
					t.Errorf("finding %d: %q does not mention %q", i, f.Message, tt.wantMsg)
				}
				for _, secret := range []string{at, session, url.QueryEscape(session), "gho_16C7e42F292c6912E7710c838347Ae", "v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k"} {
					if strings.Contains(f.Message, secret) || strings.Contains(f.Entries[0].URL, secret) {
						t.Errorf("finding %d leaks a token in its message or URL", i)
					}
					for _, ev := range f.Evidence {
						if strings.Contains(ev.Value, secret) {
							t.Errorf("finding %d leaks a token in evidence %+v", i, ev)
						}
					}
				}
			}
		})
	}
}

// FuzzTokenClassify checks that classification never panics, that the
// one-time parameters are never tokens, and that a reported URL never
// contains the token.
func FuzzTokenClassify(f *testing.F) {
	f.Add("access_token", "ya29.a0AfB_byC8xKq2mN5pQ7rS9tU1v")
	f.Add("token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")
	f.Add("code", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")
	f.Add("x", "eyJ0eXBlIjoiY29va2llIn0")
	f.Add("x", "eyJ.eyJ.")
	f.Add("x", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0....")
	f.Fuzz(func(t *testing.T, name, value string) {
		c := newTokenInURL()
		kind, _ := c.classify(name, value)
		switch normParamName(name) {
		case "code", "state", "idtokenhint":
			if kind != tokenNone {
				t.Fatalf("%q classified as %v", name, kind)
			}
		}
		if kind != tokenNone && len(strings.TrimSpace(value)) < 8 {
			t.Fatalf("short value %q classified as %v", value, kind)
		}
		// One classifier: every token the rule reports is a secret to
		// the redaction policy too, so no report prints it.
		if kind != tokenNone && !redact.IsSecretParam(name, strings.TrimSpace(value)) {
			t.Fatalf("%q=%q is a %v but not secret to redact", name, value, kind)
		}
		raw := "https://app.example.com/p?" + url.QueryEscape(name) + "=" + url.QueryEscape(value)
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		_ = c.tokens(u)
	})
}

// TestTokenInURLCounts: every URL that carries a token counts, and one
// finding covers the URLs of one parameter in one place, its fix naming a
// route pattern or path prefix, never one URL.
func TestTokenInURLCounts(t *testing.T) {
	at := flowJWS(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "u1", "scope": "read"})
	var calls []testEntry
	for i := range 30 {
		calls = append(calls, testEntry{url: "https://api.example.com/v1/items/" + string(rune('a'+i%26)) + "1234?token=" + at})
	}
	for range 6 {
		calls = append(calls, testEntry{url: "https://api.example.com/v1/users/me?token=" + at})
	}
	sid := "0123456789ABCDEFtestJSID"
	tests := []struct {
		name        string
		entries     []testEntry
		occurrences []int
		pattern     []string
		wantMsg     string
	}{
		{"36 API calls are one finding", calls, []int{36}, []string{"https://api.example.com/v1/*"}, "on 36 URLs"},
		{"one route keeps its template", calls[30:], []int{6}, []string{"https://api.example.com/v1/users/me)"}, "on 6 URLs"},
		{"redirect then the request to its target", []testEntry{
			{url: "https://auth.example.com/done", status: 302, resp: [][2]string{{"location", "https://app.example.com/cb?refresh_token=v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k"}}},
			{url: "https://app.example.com/cb?refresh_token=v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k"},
		}, []int{2}, []string{"https://app.example.com/cb)"}, "redirect"},
		{"jsessionid path parameter", []testEntry{
			{url: "https://shop.example.com/cart;jsessionid=" + sid},
			{url: "https://shop.example.com/cart;jsessionid=" + sid + "?add=1"},
		}, []int{2}, []string{"https://shop.example.com/cart)"}, `path parameter of the request URL (parameter "jsessionid")`},
		{"sid path parameter", []testEntry{{url: "https://app.example.com/a;sid=" + sid + "/b"}}, []int{1}, []string{"https://app.example.com/a/b)"}, `"sid"`},
		{"two parameters are two findings", []testEntry{
			{url: "https://app.example.com/x?access_token=gho_16C7e42F292c6912E7710c838347Ae"},
			{url: "https://app.example.com/y;jsessionid=" + sid},
		}, []int{1, 1}, []string{"https://app.example.com/x)", "https://app.example.com/y)"}, ""},
		{"plain path parameters are not tokens", []testEntry{{url: "https://docs.example.com/guide;v=2;lang=en/intro"}}, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, TokenInURL, tt.entries...)
			if len(fs) != len(tt.occurrences) {
				t.Fatalf("got %d findings, want %d: %+v", len(fs), len(tt.occurrences), fs)
			}
			for i, f := range fs {
				if f.Occurrences != tt.occurrences[i] {
					t.Errorf("finding %d: occurrences %d, want %d", i, f.Occurrences, tt.occurrences[i])
				}
				if want := min(tt.occurrences[i], MaxEntries); len(f.Entries) != want {
					t.Errorf("finding %d: %d entries, want the first %d", i, len(f.Entries), want)
				}
				if f.Entries[0].Index != firstIndexOf(tt.entries, f) {
					t.Errorf("finding %d: first entry %d", i, f.Entries[0].Index)
				}
				if !strings.Contains(f.Fix.Message, "every URL under "+tt.pattern[i]) {
					t.Errorf("finding %d: fix %q does not name %q", i, f.Fix.Message, tt.pattern[i])
				}
				if strings.Contains(f.Fix.Message, "?") || strings.Contains(f.Fix.Message, sid) {
					t.Errorf("finding %d: fix %q names a single URL", i, f.Fix.Message)
				}
				if !strings.Contains(f.Message, tt.wantMsg) {
					t.Errorf("finding %d: %q does not say %q", i, f.Message, tt.wantMsg)
				}
				for _, e := range f.Entries {
					if strings.Contains(e.URL, sid) || strings.Contains(e.URL, at) {
						t.Errorf("finding %d leaks the token in %q", i, e.URL)
					}
				}
			}
		})
	}
}

// firstIndexOf returns the index of the first entry whose URL the
// finding's first entry shows (its path), for TestTokenInURLCounts.
func firstIndexOf(entries []testEntry, f Finding) int {
	u, _ := url.Parse(f.Entries[0].URL)
	for i, e := range entries {
		if v, _ := url.Parse(e.url); v != nil && u != nil && PathTemplate(v.EscapedPath()) == PathTemplate(u.EscapedPath()) {
			return i
		}
	}
	return -1
}

func TestTokenInURLOneURLCountsOnce(t *testing.T) {
	fs := testFindings(t, TokenInURL, testEntry{url: "https://app.example.com/x?accessToken=gho_16C7e42F292c6912E7710c838347Ae&access-token=gho_26C7e42F292c6912E7710c838347Ae"})
	if len(fs) != 1 || fs[0].Occurrences != 1 {
		t.Fatalf("two spellings of one name in one URL: %d findings, %+v", len(fs), fs)
	}
}
