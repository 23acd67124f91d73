package token

import (
	"errors"
	"testing"
)

// fuzzSeeds returns realistic cookie names and values: every fixture token
// and a few hand-made values of the other formats.
func fuzzSeeds(f *testing.F) []fixture {
	ff := loadFixtures(f)
	for _, fx := range ff.Tokens {
		f.Add(fx.CookieName, fx.Token)
		for _, c := range fx.Chunks {
			f.Add(c.Name, c.Value)
		}
	}
	f.Add("__session", signedJWT(f, map[string]any{"sub": "user_1", "exp": 1700000000}))
	f.Add("sb-abc-auth-token", "base64-"+b64json(f, map[string]any{"access_token": "x", "expires_at": 1700000000}))
	f.Add("sb-abc-auth-token", `{"access_token":"x","expires_at":1700000000}`)
	f.Add("my-session", "Fe26.2*1*a*b*c*1700000000000*d*e~2")
	f.Add("connect.sid", "s%3Aabc.def")
	f.Add("session", "abc.def.ghi")
	f.Add("session", "a.b.c.d.e")
	f.Add("", "")
	f.Add("x", `"quoted"`)
	f.Add("x", "%zz")
	return ff.Tokens
}

func FuzzInspect(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, name, value string) {
		tok := Inspect(name, value)
		if tok.Format < UnknownFormat || tok.Format > Opaque {
			t.Fatalf("Format out of range: %d", tok.Format)
		}
		if (normalizeValue(value) == "") != (tok.Format == UnknownFormat) {
			t.Errorf("Format = %s for a value of %d bytes", tok.Format, len(value))
		}
		if tok.Decrypted || tok.Tried != nil || tok.Attempts != 0 || tok.SecretIndex != -1 {
			t.Error("Inspect decrypted or tried keys")
		}
		switch tok.Format {
		case JWS:
			if tok.Header == nil || tok.Claims == nil || tok.Alg == "" {
				t.Error("JWS without header, claims or alg")
			}
		case JWE:
			if tok.Header == nil || tok.Alg == "" || tok.Enc == "" || tok.Claims != nil {
				t.Error("JWE without header, alg or enc, or with claims")
			}
		case SupabaseJSON:
			if (tok.Claims == nil) == (tok.Err == nil) {
				t.Error("Supabase JSON: claims and error must be exclusive")
			}
		case Opaque, UnknownFormat:
			if tok.Header != nil || tok.Claims != nil || tok.HasExp || tok.Err != nil {
				t.Error("opaque value with header, claims, expiry or error")
			}
		}
		if tok.HasExp == tok.Exp.IsZero() {
			t.Errorf("HasExp = %v with Exp zero = %v", tok.HasExp, tok.Exp.IsZero())
		}
		_ = tok.String()
	})
}

func FuzzDecrypt(f *testing.F) {
	var secrets []string
	for _, fx := range fuzzSeeds(f) {
		secrets = append(secrets, fx.Secrets...)
	}
	kr := NewKeyring(secrets...)
	f.Fuzz(func(t *testing.T, name, value string) {
		tok := kr.Decrypt(name, value)
		if !tok.Decrypted {
			if tok.Err == nil {
				t.Fatal("not decrypted and no error")
			}
			if tok.Claims != nil && tok.Format == JWE {
				t.Error("claims from an undecrypted JWE")
			}
			return
		}
		if tok.Format != JWE {
			t.Errorf("decrypted a %s", tok.Format)
		}
		if tok.SecretIndex < 0 || tok.SecretIndex >= kr.Len() || tok.Attempts < 1 || len(tok.Tried) == 0 {
			t.Errorf("SecretIndex = %d, Attempts = %d, Tried = %v", tok.SecretIndex, tok.Attempts, tok.Tried)
		}
		switch tok.Library {
		case NextAuthV4, AuthJSV5, NextjsAuth0V3, NextjsAuth0V4:
		default:
			t.Errorf("decrypted as %s", tok.Library)
		}
		if tok.Err != nil && !errors.Is(tok.Err, ErrMalformed) {
			t.Errorf("decrypted with error %v", tok.Err)
		}
	})
}
