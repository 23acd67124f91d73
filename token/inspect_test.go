package token

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

func TestInspectFixtures(t *testing.T) {
	for _, f := range loadFixtures(t).Tokens {
		t.Run(f.ID, func(t *testing.T) {
			tok := Inspect(f.CookieName, f.Token)
			if tok.Format != JWE || tok.Err != nil {
				t.Fatalf("Format = %s, Err = %v; want JWE", tok.Format, tok.Err)
			}
			if want := f.library(t); tok.Library != want {
				t.Errorf("Library = %s, want %s (guessed from the name)", tok.Library, want)
			}
			if keys := diffKeys(tok.Header, f.Header); len(keys) > 0 {
				t.Errorf("header differs in %q", keys)
			}
			if tok.Alg != "dir" || tok.Enc != f.Header["enc"] {
				t.Errorf("Alg, Enc = %q, %q", tok.Alg, tok.Enc)
			}
			if kid, _ := f.Header["kid"].(string); tok.Kid != kid {
				t.Errorf("Kid = %q, want %q", tok.Kid, kid)
			}
			if tok.Claims != nil || tok.Decrypted || tok.Tried != nil {
				t.Error("Inspect must not decrypt")
			}
			// Only nextjs-auth0 v3 carries its expiry in the protected header.
			_, headerExp := f.Header["exp"]
			if tok.HasExp != headerExp {
				t.Errorf("HasExp = %v, want %v", tok.HasExp, headerExp)
			}
			if headerExp && !tok.Exp.Equal(time.Unix(f.Exp, 0)) {
				t.Errorf("Exp = %v, want %v", tok.Exp, time.Unix(f.Exp, 0).UTC())
			}
		})
	}
}

func TestInspectNextjsAuth0V3HeaderWithoutKey(t *testing.T) {
	f := fixtureByID(t, "nextjs-auth0-v3-expired")
	tok := Inspect("appSession.0", f.Token)
	if tok.Library != NextjsAuth0V3 || !tok.HasExp {
		t.Fatalf("Library = %s, HasExp = %v", tok.Library, tok.HasExp)
	}
	if !tok.Expired(time.Now()) {
		t.Error("expired v3 token not reported expired from its header")
	}
	if iat, _ := f.Header["iat"].(float64); !tok.Iat.Equal(time.Unix(int64(iat), 0)) {
		t.Errorf("Iat = %v, want the header iat", tok.Iat)
	}
	// Without the cookie name, the header's uat still points to v3.
	if got := Inspect("", f.Token).Library; got != NextjsAuth0V3 {
		t.Errorf("Library without name = %s, want %s", got, NextjsAuth0V3)
	}
}

func TestInspectJWS(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]any{
		"sub": "user_123", "sid": "sess_123", "iss": "https://clerk.example.com",
		"exp": 4070908800, "iat": 1700000000, "nbf": 1699999990,
	}
	tests := []struct {
		name    string
		cookie  string
		key     jose.SigningKey
		headers map[jose.HeaderKey]any
		wantLib Library
	}{
		{"clerk __session ES256 with kid", "__session", jose.SigningKey{Algorithm: jose.ES256, Key: ecKey},
			map[jose.HeaderKey]any{"kid": "ins_test"}, Clerk},
		{"clerk suffixed", "__session_Abc123", jose.SigningKey{Algorithm: jose.HS256, Key: hmacTestKey}, nil, Clerk},
		{"unknown cookie", "token", jose.SigningKey{Algorithm: jose.HS256, Key: hmacTestKey}, nil, UnknownLibrary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := signedJWTWith(t, tt.key, claims, tt.headers)
			tok := Inspect(tt.cookie, v)
			if tok.Format != JWS || tok.Err != nil {
				t.Fatalf("Format = %s, Err = %v; want JWS", tok.Format, tok.Err)
			}
			if tok.Library != tt.wantLib {
				t.Errorf("Library = %s, want %s", tok.Library, tt.wantLib)
			}
			if tok.Alg != string(tt.key.Algorithm) {
				t.Errorf("Alg = %q, want %q", tok.Alg, tt.key.Algorithm)
			}
			if kid, _ := tt.headers["kid"].(string); tok.Kid != kid {
				t.Errorf("Kid = %q, want %q", tok.Kid, kid)
			}
			if tok.Claims["sub"] != "user_123" || tok.Claims["sid"] != "sess_123" {
				t.Error("claims not read")
			}
			if !tok.HasExp || !tok.Exp.Equal(time.Unix(4070908800, 0)) {
				t.Errorf("Exp = %v", tok.Exp)
			}
			if !tok.Iat.Equal(time.Unix(1700000000, 0)) || !tok.Nbf.Equal(time.Unix(1699999990, 0)) {
				t.Errorf("Iat, Nbf = %v, %v", tok.Iat, tok.Nbf)
			}
		})
	}

	t.Run("no exp", func(t *testing.T) {
		tok := Inspect("__session", signedJWT(t, map[string]any{"sub": "x"}))
		if tok.Format != JWS || tok.HasExp || !tok.Exp.IsZero() {
			t.Errorf("Format = %s, HasExp = %v", tok.Format, tok.HasExp)
		}
	})
	t.Run("fractional and out-of-range exp", func(t *testing.T) {
		tok := Inspect("t", signedJWT(t, map[string]any{"exp": 1700000000.5, "iat": 1e300}))
		if !tok.Exp.Equal(time.Unix(1700000000, 5e8)) || !tok.Iat.IsZero() {
			t.Errorf("Exp = %v, Iat = %v", tok.Exp, tok.Iat)
		}
		tok = Inspect("t", signedJWT(t, map[string]any{"exp": "4070908800"}))
		if tok.HasExp {
			t.Error("string exp accepted")
		}
	})
}

func TestInspectSupabase(t *testing.T) {
	accessToken := signedJWT(t, map[string]any{"sub": "u-1", "exp": 1700003600, "role": "authenticated"})
	session := map[string]any{
		"access_token":  accessToken,
		"token_type":    "bearer",
		"expires_in":    3600,
		"expires_at":    1700003600,
		"refresh_token": "fake-refresh",
		"user":          map[string]any{"id": "u-1"},
	}
	b64 := "base64-" + b64json(t, session)
	raw := strings.TrimPrefix(string(mustDecode(t, b64json(t, session))), "")
	noExpiresAt := map[string]any{"access_token": signedJWT(t, map[string]any{"exp": 1700009999})}
	tests := []struct {
		name    string
		in      string
		wantExp int64
	}{
		{"base64url", b64, 1700003600},
		{"base64url with padding", b64 + strings.Repeat("=", (4-len(b64json(t, session))%4)%4), 1700003600},
		{"raw JSON", raw, 1700003600},
		{"percent-encoded raw JSON", url.PathEscape(raw), 1700003600},
		{"exp from access_token", "base64-" + b64json(t, noExpiresAt), 1700009999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := Inspect("sb-abcdefgh-auth-token", tt.in)
			if tok.Format != SupabaseJSON || tok.Err != nil {
				t.Fatalf("Format = %s, Err = %v; want Supabase JSON", tok.Format, tok.Err)
			}
			if tok.Library != Supabase || tok.Claims == nil {
				t.Errorf("Library = %s, Claims nil = %v", tok.Library, tok.Claims == nil)
			}
			if !tok.HasExp || !tok.Exp.Equal(time.Unix(tt.wantExp, 0)) {
				t.Errorf("Exp = %v, want %v", tok.Exp, time.Unix(tt.wantExp, 0).UTC())
			}
		})
	}

	bad := []struct{ name, in string }{
		{"garbled base64", "base64-!!!not-base64"},
		{"base64 of non-JSON", "base64-" + base64.RawURLEncoding.EncodeToString([]byte("hello"))},
		{"base64 of unrelated JSON", "base64-" + b64json(t, map[string]any{"theme": "dark"})},
		{"truncated chunk", b64[:len(b64)/2]},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			tok := Inspect("sb-abcdefgh-auth-token.0", tt.in)
			if tok.Format != SupabaseJSON || !errors.Is(tok.Err, ErrMalformed) || tok.HasExp {
				t.Errorf("Format = %s, Err = %v, HasExp = %v; want Supabase JSON with ErrMalformed", tok.Format, tok.Err, tok.HasExp)
			}
		})
	}
}

func mustDecode(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInspectIronSeal(t *testing.T) {
	const body = "Fe26.2*1*5f3c2c9e7a0b*hTq2bWf4Zr8kL0aP-xYz_Q*Zm9vYmFyYmF6cXV4*%s*9a8b7c6d*c2lnbmF0dXJlLWZha2U"
	tests := []struct {
		name    string
		in      string
		wantLib Library
		wantExp time.Time
		hasExp  bool
		wantErr error
	}{
		{"iron-session with ttl", strings.Replace(body, "%s", "1700000000123", 1) + "~2", IronSession, time.UnixMilli(1700000000123), true, nil},
		{"no ttl", strings.Replace(body, "%s", "", 1) + "~2", IronSession, time.Time{}, false, nil},
		{"plain iron seal", strings.Replace(body, "%s", "4070908800000", 1), UnknownLibrary, time.UnixMilli(4070908800000), true, nil},
		{"bad expiration", strings.Replace(body, "%s", "12ab", 1), UnknownLibrary, time.Time{}, false, ErrMalformed},
		{"seven parts", "Fe26.2*1*a*b*c*1700000000000*d", UnknownLibrary, time.Time{}, false, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := Inspect("my-app-session", tt.in)
			if tok.Format != IronSeal {
				t.Fatalf("Format = %s, want iron seal", tok.Format)
			}
			if !errors.Is(tok.Err, tt.wantErr) || (tt.wantErr == nil) != (tok.Err == nil) {
				t.Errorf("Err = %v, want %v", tok.Err, tt.wantErr)
			}
			if tok.Library != tt.wantLib {
				t.Errorf("Library = %s, want %s", tok.Library, tt.wantLib)
			}
			if tok.HasExp != tt.hasExp || !tok.Exp.Equal(tt.wantExp) {
				t.Errorf("Exp = %v (HasExp %v), want %v (%v)", tok.Exp, tok.HasExp, tt.wantExp, tt.hasExp)
			}
		})
	}
}

func TestFormatDetection(t *testing.T) {
	jws := signedJWT(t, map[string]any{"sub": "x"})
	jwe := fixtureByID(t, "nextauth-v4-valid").Token
	hdr := b64json(t, map[string]any{"alg": "HS256", "typ": "JWT"})
	jweHdr := b64json(t, map[string]any{"alg": "dir", "enc": "A256GCM"})
	tests := []struct {
		name    string
		cookie  string
		in      string
		want    Format
		wantLib Library
	}{
		{"empty", "sid", "", UnknownFormat, UnknownLibrary},
		{"uuid", "sessionid", "3f2c1a9e-5b7d-4c21-9e8f-0a1b2c3d4e5f", Opaque, UnknownLibrary},
		{"hex id", "PHPSESSID", "9f86d081884c7d659a2feaa0c55ad015", Opaque, UnknownLibrary},
		{"express-session encoded", "connect.sid", "s%3AZ9u0cM2a8qKp1y2x.3QfVYl4Yk3n%2Bq7w8r9s0t1u2v3w4x5y6z7A8B9C0D1E", Opaque, ExpressSession},
		{"express-session custom name", "sid", "s:Z9u0cM2a8qKp1y2x.3QfVYl4Yk3nq7w8r9s0t", Opaque, ExpressSession},
		{"random with two dots", "session", "abc.def.ghi", Opaque, UnknownLibrary},
		{"random with four dots", "session", "a1b2.c3d4.e5f6.g7h8.i9j0", Opaque, UnknownLibrary},
		{"base64url parts, not JSON", "session", "aGVsbG8.d29ybGQ.Zm9v", Opaque, UnknownLibrary},
		{"JWS header, non-JSON payload", "session", hdr + ".aGVsbG8." + "c2ln", Opaque, UnknownLibrary},
		{"JWS header, array payload", "session", hdr + "." + b64json(t, []int{1}) + ".c2ln", Opaque, UnknownLibrary},
		{"header without alg", "session", b64json(t, map[string]any{"typ": "JWT"}) + "." + b64json(t, map[string]any{"a": 1}) + ".c2ln", Opaque, UnknownLibrary},
		{"five parts, header without enc", "session", hdr + "..aaaa.bbbb.cccc", Opaque, UnknownLibrary},
		{"three parts, header with enc", "session", jweHdr + "." + b64json(t, map[string]any{"a": 1}) + ".c2ln", Opaque, UnknownLibrary},
		{"better-auth signed token", "better-auth.session_token", "k3J9x2LmQ8vN4pR7.Yk3n%2Bq7w8r9s0t1u2v3w4x5y6z7A8B9C0D1E%3D", Opaque, UnknownLibrary},
		{"django signed cookie", "sessionid", ".eJxVjEEOgjAQRe8ya0NoKS1l6d4zNDOdqaCmJZREE-PdJSEu3P733v-ACiGRsNUZtSIT:1s2Qa1:Zk3nq7w8r9s0t", Opaque, UnknownLibrary},
		{"rails encrypted cookie", "_app_session", "Zm9vYmFy--YmF6cXV4--dGFn", Opaque, UnknownLibrary},
		{"clerk client_uat", "__client_uat", "1700000000", Opaque, UnknownLibrary},
		{"nextjs-auth0 v4 legacy signed", "appSession", "eyJzdWIiOiIxIn0.c2lnbmF0dXJl", Opaque, UnknownLibrary},
		{"JSON without session fields", "prefs", `{"theme":"dark"}`, Opaque, UnknownLibrary},
		{"JSON null", "prefs", "null", Opaque, UnknownLibrary},
		{"JSON array", "prefs", `["a","b"]`, Opaque, UnknownLibrary},
		{"JWS", "__session", jws, JWS, Clerk},
		{"quoted JWS", "__session", `"` + jws + `"`, JWS, Clerk},
		{"JWE next-auth", "__Secure-next-auth.session-token", jwe, JWE, NextAuthV4},
		{"JWE next-auth chunk", "next-auth.session-token.1", jwe, JWE, NextAuthV4},
		{"JWE no name no hint", "", jwe, JWE, UnknownLibrary},
		{"JWE under __session", "__session", jwe, JWE, NextjsAuth0V4},
		{"JWE under v4 chunk name", "__session__3", jwe, JWE, NextjsAuth0V4},
		{"JWE under Auth.js name", "__Secure-authjs.session-token.0", jwe, JWE, AuthJSV5},
		{"supabase", "sb-xyz-auth-token", "base64-" + b64json(t, map[string]any{"expires_at": 1}), SupabaseJSON, Supabase},
		{"iron", "s", "Fe26.2*1*a*b*c**d*e~2", IronSeal, IronSession},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := Inspect(tt.cookie, tt.in)
			if tok.Format != tt.want {
				t.Errorf("Format = %s, want %s", tok.Format, tt.want)
			}
			if tok.Library != tt.wantLib {
				t.Errorf("Library = %s, want %s", tok.Library, tt.wantLib)
			}
			if tok.Format == Opaque && (tok.Header != nil || tok.Claims != nil || tok.HasExp) {
				t.Error("opaque value has header, claims or expiry")
			}
		})
	}
}

func TestInspectMalformedJOSE(t *testing.T) {
	jws := signedJWT(t, map[string]any{"sub": "x"})
	jwe := fixtureByID(t, "nextauth-v4-valid").Token
	tests := []struct {
		name string
		in   string
		want Format
	}{
		{"JWS bad signature encoding", jws + "!", JWS},
		{"JWE bad iv encoding", strings.Replace(jwe, "..", "..!", 1), JWE},
		{"JWE bad tag encoding", jwe[:len(jwe)-1] + "*", JWE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := Inspect("session", tt.in)
			if tok.Format != tt.want || !errors.Is(tok.Err, ErrMalformed) {
				t.Errorf("Format = %s, Err = %v; want %s with ErrMalformed", tok.Format, tok.Err, tt.want)
			}
		})
	}
}

func TestBaseCookieName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"authjs.session-token", "authjs.session-token"},
		{"authjs.session-token.0", "authjs.session-token"},
		{"__Secure-authjs.session-token.12", "__Secure-authjs.session-token"},
		{"next-auth.session-token.1", "next-auth.session-token"},
		{"appSession", "appSession"},
		{"appSession.3", "appSession"},
		{"__session", "__session"},
		{"__session__0", "__session"},
		{"__session__10", "__session"},
		{"sb-abc-auth-token.1", "sb-abc-auth-token"},
		{"__0", "__0"},
		{".1", ".1"},
		{"123", "123"},
		{"session2", "session2"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := BaseCookieName(tt.in); got != tt.want {
				t.Errorf("BaseCookieName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	libs := []struct {
		in   Library
		want string
	}{
		{UnknownLibrary, "unknown"},
		{NextAuthV4, "NextAuth v4"},
		{AuthJSV5, "Auth.js v5"},
		{NextjsAuth0V3, "nextjs-auth0 v3"},
		{NextjsAuth0V4, "nextjs-auth0 v4"},
		{Clerk, "Clerk"},
		{Supabase, "Supabase"},
		{IronSession, "iron-session"},
		{ExpressSession, "express-session"},
		{Library(99), "unknown"},
		{Library(-1), "unknown"},
	}
	for _, tt := range libs {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Library(%d).String() = %q, want %q", int(tt.in), got, tt.want)
		}
	}
	formats := []struct {
		in   Format
		want string
	}{
		{UnknownFormat, "unknown"},
		{JWS, "JWS"},
		{JWE, "JWE"},
		{SupabaseJSON, "Supabase JSON"},
		{IronSeal, "iron seal"},
		{Opaque, "opaque"},
		{Format(42), "unknown"},
	}
	for _, tt := range formats {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Format(%d).String() = %q, want %q", int(tt.in), got, tt.want)
		}
	}
}

func TestTokenStringHidesClaims(t *testing.T) {
	f := fixtureByID(t, "nextauth-v4-valid")
	tok := NewKeyring(f.Secrets...).Decrypt(f.CookieName, f.Token)
	s := tok.String()
	for _, secretish := range []string{"test@example.com", "Test User", "user-123", f.Secrets[0]} {
		if strings.Contains(s, secretish) {
			t.Errorf("Token.String() shows a claim value or secret")
		}
	}
	for _, want := range []string{"JWE", "A256GCM", "NextAuth v4", "decrypted", "exp 2099-01-01T00:00:00Z"} {
		if !strings.Contains(s, want) {
			t.Errorf("Token.String() = %q, missing %q", s, want)
		}
	}
}

func TestSessionShape(t *testing.T) {
	key := make([]byte, 32)
	jwe := encryptDir(t, key, jose.A256GCM, nil, []byte(`{"sub":"u"}`))
	v3 := encryptDir(t, key, jose.A256GCM, map[jose.HeaderKey]any{"iat": 1764756000, "uat": 1764756000, "exp": 1764842400}, []byte(`{}`))
	tests := []struct {
		name, value string
		format      Format
		session     bool
	}{
		{"sub", signedJWT(t, map[string]any{"sub": "user_1"}), JWS, true},
		{"exp", signedJWT(t, map[string]any{"exp": 1764759600}), JWS, true},
		{"iat", signedJWT(t, map[string]any{"iat": 1764756000.5}), JWS, true},
		{"quoted", `"` + signedJWT(t, map[string]any{"sub": "u"}) + `"`, JWS, true},
		{"percent-encoded", strings.Replace(signedJWT(t, map[string]any{"sub": "u"}), ".", "%2E", 1), JWS, true},
		{"no claims", signedJWT(t, map[string]any{"uuid": "4f765a09", "v": 2}), JWS, false},
		{"empty sub", signedJWT(t, map[string]any{"sub": ""}), JWS, false},
		{"string exp", signedJWT(t, map[string]any{"exp": "1764759600"}), JWS, false},
		{"huge exp", signedJWT(t, map[string]any{"exp": 1e300}), JWS, false},
		{"bad signature encoding", signedJWT(t, map[string]any{"sub": "u"}) + "!", JWS, false},
		{"JWE header with times", v3, JWE, true},
		{"JWE bare header", jwe, JWE, false},
		{"iron seal", "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy*1716000000000*aG1hYw*bWFj~2", IronSeal, true},
		{"iron seal without TTL", "Fe26.2**c2FsdA*aXY*Y2lwaGVy**aG1hYw*bWFj", IronSeal, true},
		{"iron seal cut", "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy", IronSeal, true},
		{"older iron version", "Fe26.1*1*c2FsdA*aXY*Y2lwaGVy*1*aG1hYw*bWFj", Opaque, false},
		{"dotted base64 JSON", "eyJhIjoxfQ.eyJzdWIiOiJ1In0.c2ln", Opaque, false}, // header without alg
		{"random id", "4f765a09-89a9-4600-8a3e-850d5de08900", Opaque, false},
		{"empty", "", UnknownFormat, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := SessionShape(tt.value)
			if f != tt.format || ok != tt.session {
				t.Errorf("SessionShape = %s, %v; want %s, %v", f, ok, tt.format, tt.session)
			}
		})
	}
}
