package token

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const wrongSecret = "authlint-fake-wrong-secret-not-real"

func TestDecryptFixtures(t *testing.T) {
	now := time.Now()
	for _, f := range loadFixtures(t).Tokens {
		t.Run(f.ID, func(t *testing.T) {
			tok := NewKeyring(f.Secrets...).Decrypt(f.CookieName, f.Token)
			if !tok.Decrypted || tok.Err != nil {
				t.Fatalf("Decrypted = %v, Err = %v; want decrypted", tok.Decrypted, tok.Err)
			}
			if want := f.library(t); tok.Library != want {
				t.Errorf("Library = %s, want %s", tok.Library, want)
			}
			if tok.Format != JWE {
				t.Errorf("Format = %s, want JWE", tok.Format)
			}
			if keys := diffKeys(tok.Claims, f.Payload); len(keys) > 0 {
				t.Errorf("claims differ from the library's decoded payload in %q", keys)
			}
			for k, v := range f.ClaimsIn {
				if !reflect.DeepEqual(tok.Claims[k], v) {
					t.Errorf("claim %q put in by the generator is missing or changed", k)
				}
			}
			if keys := diffKeys(tok.Header, f.Header); len(keys) > 0 {
				t.Errorf("header differs in %q", keys)
			}
			if !tok.HasExp || !tok.Exp.Equal(time.Unix(f.Exp, 0)) {
				t.Errorf("Exp = %v (HasExp %v), want %v", tok.Exp, tok.HasExp, time.Unix(f.Exp, 0).UTC())
			}
			if f.Iat != nil && !tok.Iat.Equal(time.Unix(*f.Iat, 0)) {
				t.Errorf("Iat = %v, want %v", tok.Iat, time.Unix(*f.Iat, 0).UTC())
			}
			if got := tok.Expired(now); got != f.Expired {
				t.Errorf("Expired(now) = %v, want %v", got, f.Expired)
			}
			if tok.SecretIndex != 0 {
				t.Errorf("SecretIndex = %d, want 0", tok.SecretIndex)
			}
			if !slices.Equal(tok.Tried, []Library{f.library(t)}) {
				t.Errorf("Tried = %v, want [%s]", tok.Tried, f.library(t))
			}
		})
	}
}

func TestDecryptChunked(t *testing.T) {
	f := fixtureByID(t, "nextjs-auth0-v4-chunked")
	if len(f.Chunks) < 2 {
		t.Fatalf("fixture has %d chunks, want at least 2", len(f.Chunks))
	}
	var joined strings.Builder
	for i, c := range f.Chunks {
		if BaseCookieName(c.Name) != f.CookieName {
			t.Errorf("chunk %d name %q: base is %q, want %q", i, c.Name, BaseCookieName(c.Name), f.CookieName)
		}
		joined.WriteString(c.Value)
	}
	if joined.String() != f.Token {
		t.Fatal("joining the chunks in index order does not give the token")
	}
	kr := NewKeyring(f.Secrets...)
	if tok := kr.Decrypt(f.Chunks[0].Name, joined.String()); !tok.Decrypted || tok.Library != NextjsAuth0V4 {
		t.Errorf("Decrypt(%q, joined) = %v", f.Chunks[0].Name, tok)
	}
	var reversed strings.Builder
	for _, c := range slices.Backward(f.Chunks) {
		reversed.WriteString(c.Value)
	}
	if tok := kr.Decrypt(f.CookieName, reversed.String()); tok.Decrypted || tok.Err == nil {
		t.Errorf("chunks joined out of order: Decrypted = %v, Err = %v; want an error", tok.Decrypted, tok.Err)
	}
	if tok := kr.Decrypt(f.CookieName, f.Chunks[0].Value); tok.Decrypted || tok.Err == nil {
		t.Errorf("first chunk only: Decrypted = %v, Err = %v; want an error", tok.Decrypted, tok.Err)
	}
}

func TestDecryptWrongSecret(t *testing.T) {
	for _, f := range loadFixtures(t).Tokens {
		t.Run(f.ID, func(t *testing.T) {
			tok := NewKeyring(wrongSecret).Decrypt(f.CookieName, f.Token)
			if tok.Decrypted || !errors.Is(tok.Err, ErrNoKey) {
				t.Fatalf("Decrypted = %v, Err = %v; want ErrNoKey", tok.Decrypted, tok.Err)
			}
			if !slices.Equal(tok.Tried, []Library{f.library(t)}) {
				t.Errorf("Tried = %v, want [%s]", tok.Tried, f.library(t))
			}
			if !strings.Contains(tok.Err.Error(), f.library(t).String()) {
				t.Errorf("error %q does not name the format tried", tok.Err)
			}
			if tok.Claims != nil || tok.SecretIndex != -1 {
				t.Errorf("Claims set or SecretIndex = %d after a failure", tok.SecretIndex)
			}
			if tok.Library != f.library(t) {
				t.Errorf("Library = %s, want the guess %s", tok.Library, f.library(t))
			}
		})
	}
}

func TestDecryptUnknownCookieNameTriesEveryFormat(t *testing.T) {
	tests := []struct {
		id        string
		wantTried []Library
	}{
		// No header hint: fixed order, NextAuth v4 first.
		{"nextauth-v4-valid", []Library{NextAuthV4}},
		{"nextjs-auth0-v4-valid", []Library{NextAuthV4, AuthJSV5, NextjsAuth0V4}},
		// v3's header carries uat: nextjs-auth0 v3 is tried first.
		{"nextjs-auth0-v3-valid", []Library{NextjsAuth0V3}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			f := fixtureByID(t, tt.id)
			tok := NewKeyring(f.Secrets...).Decrypt("custom-session", f.Token)
			if !tok.Decrypted {
				t.Fatalf("Err = %v; want decrypted", tok.Err)
			}
			if !slices.Equal(tok.Tried, tt.wantTried) {
				t.Errorf("Tried = %v, want %v", tok.Tried, tt.wantTried)
			}
			if tok.Library != f.library(t) {
				t.Errorf("Library = %s, want %s", tok.Library, f.library(t))
			}
		})
	}
	f := fixtureByID(t, "nextauth-v4-valid")
	tok := NewKeyring(wrongSecret).Decrypt("custom-session", f.Token)
	want := []Library{NextAuthV4, AuthJSV5, NextjsAuth0V4}
	if tok.Decrypted || !slices.Equal(tok.Tried, want) {
		t.Errorf("wrong secret, unknown name: Decrypted = %v, Tried = %v; want %v", tok.Decrypted, tok.Tried, want)
	}
}

func TestDecryptRotation(t *testing.T) {
	for _, f := range loadFixtures(t).Tokens {
		t.Run(f.ID, func(t *testing.T) {
			tok := NewKeyring(wrongSecret, f.Secrets[0]).Decrypt(f.CookieName, f.Token)
			if !tok.Decrypted {
				t.Fatalf("Err = %v; want decrypted with the second secret", tok.Err)
			}
			if tok.SecretIndex != 1 {
				t.Errorf("SecretIndex = %d, want 1", tok.SecretIndex)
			}
		})
	}
}

func TestDecryptAuthJSKid(t *testing.T) {
	f := fixtureByID(t, "authjs-v5-valid")
	if f.Header["kid"] == nil {
		t.Fatal("Auth.js fixture has no kid")
	}
	kr := NewKeyring(wrongSecret, "authlint-fake-other-secret", f.Secrets[0])
	tok := kr.Decrypt(f.CookieName, f.Token)
	if !tok.Decrypted || tok.SecretIndex != 2 {
		t.Fatalf("Decrypted = %v, SecretIndex = %d, Err = %v; want secret 2", tok.Decrypted, tok.SecretIndex, tok.Err)
	}
	if tok.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1: the kid picks the secret", tok.Attempts)
	}

	// The kid is the SHA-512 thumbprint of the 64-byte key (SHA-256 of the
	// 32-byte key for A256GCM).
	for _, id := range []string{"authjs-v5-valid", "authjs-v5-secure-valid", "authjs-v5-a256gcm"} {
		f := fixtureByID(t, id)
		size := 64
		if f.Header["enc"] == encA256GCM {
			size = 32
		}
		key, err := derive(f.Secrets[0], keySpec{lib: AuthJSV5, salt: f.CookieName, size: size})
		if err != nil {
			t.Fatal(err)
		}
		if got := octThumbprint(key); got != f.Header["kid"] {
			t.Errorf("%s: thumbprint of the derived key does not equal the kid", id)
		}
	}

	// No secret matches the kid: no trial decryption at all.
	tok = NewKeyring(wrongSecret, "authlint-fake-other-secret").Decrypt(f.CookieName, f.Token)
	if tok.Decrypted || tok.Attempts != 0 || !errors.Is(tok.Err, ErrNoKey) || !strings.Contains(tok.Err.Error(), "kid") {
		t.Errorf("Decrypted = %v, Attempts = %d, Err = %v; want ErrNoKey naming the kid, 0 attempts", tok.Decrypted, tok.Attempts, tok.Err)
	}

	// Auth.js's own rotation: encoded with secrets[0] of [new, old].
	r := fixtureByID(t, "authjs-v5-rotated")
	tok = NewKeyring(r.Secrets[1], r.Secrets[0]).Decrypt(r.CookieName, r.Token)
	if !tok.Decrypted || tok.SecretIndex != 1 || tok.Attempts != 1 {
		t.Errorf("rotated: Decrypted = %v, SecretIndex = %d, Attempts = %d; want secret 1 in one attempt", tok.Decrypted, tok.SecretIndex, tok.Attempts)
	}
}

func TestDecryptAuthJSSaltIsFullCookieName(t *testing.T) {
	f := fixtureByID(t, "authjs-v5-secure-valid")
	if !strings.HasPrefix(f.CookieName, "__Secure-") {
		t.Fatalf("fixture cookie %q has no __Secure- prefix", f.CookieName)
	}
	kr := NewKeyring(f.Secrets...)
	if tok := kr.Decrypt(f.CookieName+".0", f.Token); !tok.Decrypted {
		t.Errorf("with chunk suffix: Err = %v; want decrypted", tok.Err)
	}
	// Without the prefix the salt differs, so no key matches the kid.
	tok := kr.Decrypt(strings.TrimPrefix(f.CookieName, "__Secure-"), f.Token)
	if tok.Decrypted || !errors.Is(tok.Err, ErrNoKey) {
		t.Errorf("without prefix: Decrypted = %v, Err = %v; want ErrNoKey", tok.Decrypted, tok.Err)
	}
}

func TestDecryptCorrupted(t *testing.T) {
	swap := func(v string, i, j int) string {
		p := strings.Split(v, ".")
		p[i], p[j] = p[j], p[i]
		return strings.Join(p, ".")
	}
	dropAt := func(v string, i int) string { return v[:i] + v[i+1:] }
	// partStart returns the index of the first character of part n.
	partStart := func(v string, n int) int {
		i := 0
		for range n {
			i += strings.IndexByte(v[i:], '.') + 1
		}
		return i
	}
	for _, f := range loadFixtures(t).Tokens {
		v := f.Token
		cases := []struct{ name, in string }{
			{"empty", ""},
			{"drop first char", v[1:]},
			{"drop last char", v[:len(v)-1]},
			{"drop char in iv", dropAt(v, partStart(v, 2)+3)},
			{"drop char in ciphertext", dropAt(v, partStart(v, 3)+5)},
			{"drop char in tag", dropAt(v, partStart(v, 4)+1)},
			{"cut in half", v[:len(v)/2]},
			{"cut last chunk", v[:min(len(v), 3500)-40]},
			{"swap iv and tag", swap(v, 2, 4)},
			{"swap iv and ciphertext", swap(v, 2, 3)},
			{"swap header and ciphertext", swap(v, 0, 3)},
			{"doubled", v + v},
			{"extra part", v + ".AAAA"},
			{"flip ciphertext char", flipChar(v, partStart(v, 3)+2)},
			{"flip header char", flipChar(v, 5)},
		}
		kr := NewKeyring(f.Secrets...)
		for _, c := range cases {
			t.Run(f.ID+"/"+c.name, func(t *testing.T) {
				tok := kr.Decrypt(f.CookieName, c.in)
				if tok.Decrypted || tok.Err == nil {
					t.Errorf("Decrypted = %v, Err = %v; want an error", tok.Decrypted, tok.Err)
				}
				if tok.Claims != nil {
					t.Error("Claims set for a corrupted token")
				}
			})
		}
	}
}

// flipChar replaces the base64url character at i by another one.
func flipChar(v string, i int) string {
	c := byte('A')
	if v[i] == 'A' {
		c = 'B'
	}
	return v[:i] + string(c) + v[i+1:]
}

func TestDecryptErrors(t *testing.T) {
	f := fixtureByID(t, "nextauth-v4-valid")
	jws := signedJWT(t, map[string]any{"sub": "user-1", "exp": 4070908800})
	tests := []struct {
		name    string
		kr      *Keyring
		cookie  string
		in      string
		wantErr error
	}{
		{"JWS is not encrypted", NewKeyring(wrongSecret), "__session", jws, ErrNotEncrypted},
		{"opaque", NewKeyring(wrongSecret), "connect.sid", "s%3Aabc.def", ErrNotEncrypted},
		{"empty", NewKeyring(wrongSecret), "appSession", "", ErrNotEncrypted},
		{"empty keyring", NewKeyring(), f.CookieName, f.Token, ErrNoSecrets},
		{"nil keyring", nil, f.CookieName, f.Token, ErrNoSecrets},
		{"only empty secrets", NewKeyring("", ""), f.CookieName, f.Token, ErrNoSecrets},
		{"alg A256KW", NewKeyring(wrongSecret), f.CookieName, withHeader(t, f.Token, map[string]any{"alg": "A256KW", "enc": "A256GCM"}), ErrUnsupported},
		{"enc A128GCM", NewKeyring(wrongSecret), f.CookieName, withHeader(t, f.Token, map[string]any{"alg": "dir", "enc": "A128GCM"}), ErrUnsupported},
		{"bad base64 in tag", NewKeyring(f.Secrets...), f.CookieName, f.Token + "!", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := tt.kr.Decrypt(tt.cookie, tt.in)
			if tok.Decrypted || !errors.Is(tok.Err, tt.wantErr) {
				t.Errorf("Decrypted = %v, Err = %v; want %v", tok.Decrypted, tok.Err, tt.wantErr)
			}
		})
	}
}

func TestDecryptedPayloadNotJSON(t *testing.T) {
	secret := "authlint-fake-secret-payload"
	key, err := derive(secret, keySpec{lib: NextAuthV4, size: 32})
	if err != nil {
		t.Fatal(err)
	}
	v := encryptDir(t, key, "A256GCM", nil, []byte(`["not", "an", "object"]`))
	tok := NewKeyring(secret).Decrypt("next-auth.session-token", v)
	if !tok.Decrypted || !errors.Is(tok.Err, ErrMalformed) || tok.Claims != nil {
		t.Errorf("Decrypted = %v, Err = %v; want decrypted with ErrMalformed and no claims", tok.Decrypted, tok.Err)
	}
}
