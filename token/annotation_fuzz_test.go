package token

import (
	"encoding/json"
	"testing"
)

// FuzzAnnotation: no input makes NewAnnotation or Add panic, and an
// accepted annotation replays only well-formed results.
func FuzzAnnotation(f *testing.F) {
	fx := loadFixtures(f).Tokens[0]
	p := pseudonymOf(fx.Token)
	zero := 0
	ok, _ := json.Marshal(AnnotationJSON{Version: AnnotationVersion, Secrets: 1, Tokens: []AnnotatedToken{
		{Cookie: fx.CookieName, Value: p, Decrypted: true, Library: "NextAuth v4", Secret: &zero, Claims: json.RawMessage(`{"exp":1,"sub":"x"}`), Tried: []string{"NextAuth v4"}, Attempts: 1},
		{Cookie: "b", Value: p, Error: "no secret decrypts the token: tried NextAuth v4 with 1 secrets", Attempts: 1},
	}})
	f.Add(string(ok), fx.CookieName, p)
	f.Add(`{"version":1,"secrets":1,"tokens":[]}`, "a", "b")
	f.Fuzz(func(t *testing.T, raw, name, value string) {
		a, err := NewAnnotation(raw)
		if err != nil {
			return
		}
		a.Add(raw)
		if a.Len() < 1 || a.Len() > maxAnnotatedSecrets {
			t.Fatalf("Len = %d", a.Len())
		}
		for _, v := range []string{value, p} {
			tok := a.Decrypt(name, v)
			if tok.Decrypted && (tok.SecretIndex < 0 || tok.SecretIndex >= a.Len() || tok.Format != JWE) {
				t.Errorf("replayed %v", tok)
			}
			if !tok.Decrypted && tok.Err == nil {
				t.Error("not decrypted and no error")
			}
		}
	})
}
