package auth

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// b64j is base64url (unpadded) of the JSON of v.
func b64j(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// testJWS builds a compact JWS with the given payload (the signature is not
// checked by classification).
func testJWS(t testing.TB, payload any) string {
	return b64j(t, map[string]any{"alg": "HS256", "typ": "JWT"}) + "." + b64j(t, payload) + ".c2lnbmF0dXJlLWJ5dGVz"
}

// testJWE builds a compact JWE ("dir": empty encrypted key) with the given
// protected header.
func testJWE(t testing.TB, header map[string]any) string {
	return b64j(t, header) + "..aXYtYnl0ZXMtMTI.Y2lwaGVydGV4dA.dGFnLWJ5dGVzLTE2"
}

// laravelValue is a Laravel Encrypter payload as EncryptCookies writes it
// (standard base64 of {"iv","value","mac","tag"}, "=" URL-encoded).
func laravelValue(t testing.TB) string {
	b, err := json.Marshal(map[string]string{
		"iv":    "q0RV1Wk2n3u6Nq2rD0m8xA==",
		"value": "dGVzdCBjaXBoZXJ0ZXh0IGJ5dGVzIGZvciB0aGUgc2Vzc2lvbiBpZA==",
		"mac":   "3f1e9c0a7b5d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
		"tag":   "",
	})
	if err != nil {
		t.Fatal(err)
	}
	return url.QueryEscape(base64.StdEncoding.EncodeToString(b))
}

func TestClassifyCookieByValue(t *testing.T) {
	const iat = 1764756000 // 2025-12-03T10:00:00Z
	var (
		jwtSub     = testJWS(t, map[string]any{"sub": "user_1"})
		jwtExp     = testJWS(t, map[string]any{"exp": iat + 3600})
		jwtIat     = testJWS(t, map[string]any{"iat": iat, "name": "test"})
		jwtNone    = testJWS(t, map[string]any{"uuid": "4f765a09-89a9-4600-8a3e-850d5de08900", "v": 2})
		jwtStrExp  = testJWS(t, map[string]any{"exp": "1764759600", "sub": ""})
		paypalCSRF = testJWS(t, map[string]any{"type": "cookie", "uuid": "07de10b0-3201-11e8-8ea4-d946764ef646", "iat": iat, "exp": iat + 1200})
		jweTimes   = testJWE(t, map[string]any{"alg": "dir", "enc": "A256GCM", "iat": iat, "uat": iat, "exp": iat + 86400})
		jweBare    = testJWE(t, map[string]any{"alg": "dir", "enc": "A256GCM"})
		iron       = "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy*1716000000000*aG1hYw*bWFj"
		laravel    = laravelValue(t)
	)
	tests := []struct {
		name, value string
		ok          bool
		kind        CookieKind
		lib         Library
	}{
		// JWT session cookies under any name
		{"token", jwtExp, true, CookieSession, LibraryUnknown},
		{"jwt", jwtSub, true, CookieSession, LibraryUnknown},
		{"auth-token", jwtIat, true, CookieSession, LibraryUnknown},
		{"access_token", jwtSub, true, CookieSession, LibraryUnknown},
		{"__Secure-id_token", jwtSub, true, CookieSession, LibraryUnknown},
		{"token", `"` + jwtExp + `"`, true, CookieSession, LibraryUnknown},
		{"auth", jweTimes, true, CookieSession, LibraryUnknown},
		// near misses: a JWT-looking value without session claims
		{"token", jwtNone, false, CookieUnknown, LibraryUnknown},
		{"uuid", jwtNone, false, CookieUnknown, LibraryUnknown},
		{"token", jwtStrExp, false, CookieUnknown, LibraryUnknown},
		{"auth", jweBare, false, CookieUnknown, LibraryUnknown},
		{"token", "eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln", false, CookieUnknown, LibraryUnknown},
		{"token", "eyJ0eXAiOiJKV1QifQ.e30.c2ln", false, CookieUnknown, LibraryUnknown}, // no alg
		{"token", jwtSub[:len(jwtSub)-5] + "!!!!!", false, CookieUnknown, LibraryUnknown},
		// near misses: names that say what else the JWT is
		{"x-csrf-jwt", paypalCSRF, false, CookieUnknown, LibraryUnknown},
		{"XSRF-JWT", jwtIat, false, CookieUnknown, LibraryUnknown},
		{"oauth_state", jwtExp, false, CookieUnknown, LibraryUnknown},
		{"login_nonce", jwtExp, false, CookieUnknown, LibraryUnknown},
		{"pkce_verifier", jwtExp, false, CookieUnknown, LibraryUnknown},
		{"cookie_consent", jwtIat, false, CookieUnknown, LibraryUnknown},
		// iron seals
		{"my-app-session", iron, true, CookieSession, LibraryIronSession},
		{"app", iron + "~2", true, CookieSession, LibraryIronSession},
		{"app", "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy*1716000000000*aG1hYw", true, CookieSession, LibraryIronSession}, // cut seal: still iron's
		{"app", "Fe26.1*1*c2FsdA*aXY*Y2lwaGVy*1*aG1hYw*bWFj", false, CookieUnknown, LibraryUnknown},
		{"oauth_state", iron, false, CookieUnknown, LibraryUnknown},
		// express-session signed ids
		{"sess", "s%3AQ8bL1sJx0v4zV7rK9mWcT2yHn5dLpA3e.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", true, CookieSession, LibraryExpressSession},
		{"sess", "s:j:%7B%22cart%22%3A1%7D.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", false, CookieUnknown, LibraryUnknown},
		{"sess", "s:short.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", false, CookieUnknown, LibraryUnknown},
		// frameworks by name, with the value when it says more
		{"connect.sid", "s%3AQ8bL1sJx0v4zV7rK9mWcT2yHn5dLpA3e.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", true, CookieSession, LibraryExpressSession},
		{"connect.sid", "opaque", true, CookieSession, LibraryExpressSession},
		{"_myapp_session", "bG9uZyBlbmNyeXB0ZWQ--aXYtYnl0ZXM--dGFnLWJ5dGVz", true, CookieSession, LibraryRails},
		{"sessionid", "k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i9", true, CookieSession, LibraryDjango},
		{"laravel_session", laravel, true, CookieSession, LibraryLaravel},
		{"my_shop_session", laravel, true, CookieSession, LibraryLaravel},
		{"my_shop_session", "a1b2c3d4e5f6a7b8c9d0", true, CookieSession, LibraryGeneric},
		{"ci_session", "a1b2c3d4e5f6a7b8c9d0", true, CookieSession, LibraryGeneric},
		{"remember_web", laravel, false, CookieUnknown, LibraryUnknown}, // Laravel encrypts every cookie
		{"JSESSIONID", "8F2A0C5E1B7D3F9A4C6E8B0D2F4A6C8E", true, CookieSession, LibraryGeneric},
		{"PHPSESSID", "ntk20l55nhr11v45vbrmqo45aa", true, CookieSession, LibraryGeneric},
		{"ASP.NET_SessionId", "ntk20l55nhr11v45vbrmqo45", true, CookieSession, LibraryGeneric},
		{".AspNetCore.Cookies", "chunks-2", true, CookieSession, LibraryASPNETCore},
		{".AspNetCore.CookiesC1", "CfDJ8Ab3", true, CookieSession, LibraryASPNETCore},
		// ad and tracker cookies of the corpus, with values of their shape
		{"_ga", "GA1.2.1234567890.1515916349", false, CookieUnknown, LibraryUnknown},
		{"uuid", "4f765a09-89a9-4600-8a3e-850d5de08900", false, CookieUnknown, LibraryUnknown},
		{"IDE", "AHWqTUkXdH3sB0Fy2ZqVg7Lw_8dK0xj2h9v1", false, CookieUnknown, LibraryUnknown},
		{"test_cookie", "CheckForPermission", false, CookieUnknown, LibraryUnknown},
		{"fr", "0ZxMRuGWW2tjS7mZ2..BaWwxN...1.0.BaWwxN.", false, CookieUnknown, LibraryUnknown},
		{"obuid", "086aaed2-45f5-4082-8669-d20bd6e2f4df", false, CookieUnknown, LibraryUnknown},
		{"KADUSERCOOKIE", "2F4F7B3C-6A1D-4E8B-9C0F-1A2B3C4D5E6F", false, CookieUnknown, LibraryUnknown},
		{"WMF-Last-Access", "03-Dec-2026", false, CookieUnknown, LibraryUnknown},
		{"WMF-Uniq", "Zq1wX9kLm3nBv8cT7yR2uA", false, CookieUnknown, LibraryUnknown},
		{"GeoIP", "US:CA:San_Francisco:37.77:-122.42:v4", false, CookieUnknown, LibraryUnknown},
		{"__cf_bm", "Ab3dEfGh1jKlMnOpQrStUvWxYz0123456789aBcDeF-1700000000-1.0.1.1-AbCdEf0123456789", false, CookieUnknown, LibraryUnknown},
		{"mako_uid", "15fb542f006-43360000010f7cd2", false, CookieUnknown, LibraryUnknown},
		{"theme", "", false, CookieUnknown, LibraryUnknown},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value[:min(len(tt.value), 12)], func(t *testing.T) {
			got, ok := c.ClassifyCookie(tt.name, tt.value)
			if ok != tt.ok || got.Kind != tt.kind || got.Library != tt.lib {
				t.Errorf("ClassifyCookie(%q, %.24q) = %v %v %v; want %v %v %v", tt.name, tt.value, got.Kind, got.Library, ok, tt.kind, tt.lib, tt.ok)
			}
			// The memo must answer the same the second time.
			again, ok2 := c.ClassifyCookie(tt.name, tt.value)
			if ok2 != ok || again != got {
				t.Errorf("second ClassifyCookie = %+v %v, first %+v %v", again, ok2, got, ok)
			}
		})
	}
}

func TestClassifyCookieConfigExcludesByValue(t *testing.T) {
	c, err := Default().With(nil, []CookieRule{{Name: "token", Kind: CookieUnknown}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.ClassifyCookie("token", testJWS(t, map[string]any{"sub": "u"})); ok {
		t.Error("a cookie the configuration declares not an auth cookie was classified by its value")
	}
}

func TestValueMemoBounded(t *testing.T) {
	m := newValueMemo()
	for i := range maxValueMemo + 10 {
		m.kind(testJWS(t, map[string]any{"sub": strings.Repeat("u", 1+i%7), "n": i}))
		if len(m.m) > maxValueMemo {
			t.Fatalf("memo holds %d values, bound %d", len(m.m), maxValueMemo)
		}
	}
}

func TestValueMemoDecodesOnce(t *testing.T) {
	c := Default()
	v := testJWS(t, map[string]any{"sub": "once", "exp": 1764759600})
	c.ClassifyCookie("token", v)
	allocs := testing.AllocsPerRun(50, func() { c.ClassifyCookie("token", v) })
	if allocs != 0 {
		t.Errorf("classifying a value already decoded allocates %v times, want 0", allocs)
	}
	plain := "4f765a09-89a9-4600-8a3e-850d5de08900"
	if allocs := testing.AllocsPerRun(50, func() { c.ClassifyCookie("uuid", plain) }); allocs != 0 {
		t.Errorf("classifying a value that cannot be a token allocates %v times, want 0", allocs)
	}
}

func TestSessionPairs(t *testing.T) {
	const sig = "9c2f0e1d4b7a6c5e8f3a2b1c0d9e8f7a"
	tests := []struct {
		names, values []string
		want          []int
	}{
		{[]string{"km_uid", "km_enc"}, []string{"1842", sig}, []int{0, 1}},
		{[]string{"theme", "km_uid", "km_sign"}, []string{"dark", "1842", sig}, []int{1, 2}},
		{[]string{"KM_UID", "km_Signature"}, []string{"1842", sig}, []int{0, 1}},
		{[]string{"km_uid", "km_usign", "km_enc"}, []string{"1842", sig, sig}, []int{0, 1, 2}},
		// near misses
		{[]string{"km_uid"}, []string{"1842"}, nil},
		{[]string{"km_uid", "xy_enc"}, []string{"1842", sig}, nil},                // other prefix
		{[]string{"km_uid", "km_enc"}, []string{"1842", "1"}, nil},                // too short for a proof
		{[]string{"km_uid", "km_enc"}, []string{"", sig}, nil},                    // empty id
		{[]string{"_uid", "_enc"}, []string{"1842", sig}, nil},                    // no prefix
		{[]string{"ckpf_uid", "mako_uid"}, []string{"63f2ae9c658d", "15fb"}, nil}, // trackers
		{[]string{"km_uid", "km_design"}, []string{"1842", sig}, []int{0, 1}},     // "sign" anywhere after the prefix
		{[]string{"km_uid", "km_encoding"}, []string{"1842", sig}, nil},
		{[]string{"km_uid", "km_enc"}, []string{"1842"}, nil}, // mismatched lengths
	}
	for _, tt := range tests {
		got := SessionPairs(tt.names, tt.values)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SessionPairs(%q) = %v, want %v", tt.names, got, tt.want)
		}
	}
}

// BenchmarkClassifyCookie classifies the cookies of one typical request
// (trackers, a known session name, a JWT under an unknown name), as
// newExchange does for every entry: after the first entry the JWT is
// answered from the memo.
func BenchmarkClassifyCookie(b *testing.B) {
	c := Default()
	cookies := [][2]string{
		{"_ga", "GA1.2.1234567890.1515916349"},
		{"_gid", "GA1.2.987654321.1515916349"},
		{"uuid", "4f765a09-89a9-4600-8a3e-850d5de08900"},
		{"__cf_bm", "Ab3dEfGh1jKlMnOpQrStUvWxYz0123456789aBcDeF-1700000000-1.0.1.1-AbCdEf0123456789"},
		{"JSESSIONID", "8F2A0C5E1B7D3F9A4C6E8B0D2F4A6C8E"},
		{"token", testJWS(b, map[string]any{"sub": "user_1", "exp": 1764759600})},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, kv := range cookies {
			c.ClassifyCookie(kv[0], kv[1])
		}
	}
}
