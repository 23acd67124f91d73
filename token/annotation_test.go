package token

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/redact"
)

// pseudonymOf replaces the tag of a JWE with a plain pseudonym of its
// length, as sanitize would: the header stays, so the value is still a JWE.
func pseudonymOf(jwe string) string {
	i := strings.LastIndexByte(jwe, '.')
	n := len(jwe) - i - 1
	body := redact.PseudonymPrefix + strings.Repeat("a", n-len(redact.PseudonymPrefix)-redact.PseudonymCheckLen)
	return jwe[:i+1] + body + redact.PseudonymCheck(body)
}

func annotationOf(t *testing.T, secrets int, tokens ...AnnotatedToken) string {
	t.Helper()
	b, err := json.Marshal(AnnotationJSON{Version: AnnotationVersion, Secrets: secrets, Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAnnotationReplaysDecryption: what a keyring showed of a token, once
// annotated, is what the annotation's Decrypt returns for its pseudonym.
func TestAnnotationReplaysDecryption(t *testing.T) {
	for _, f := range loadFixtures(t).Tokens {
		if f.Chunks != nil {
			continue
		}
		t.Run(f.ID, func(t *testing.T) {
			kr := NewKeyring(append([]string{"another secret of the rotation"}, f.Secrets...)...)
			want := kr.Decrypt(f.CookieName, f.Token)
			if !want.Decrypted {
				t.Skipf("the fixture does not decrypt: %v", want.Err)
			}
			p := pseudonymOf(f.Token)
			claims, _ := json.Marshal(want.Claims)
			at, ok := Annotate(f.CookieName, p, want, claims)
			if !ok {
				t.Fatal("nothing to annotate")
			}
			a, err := NewAnnotation(annotationOf(t, kr.Len(), at))
			if err != nil {
				t.Fatal(err)
			}
			got := a.Decrypt(f.CookieName, p)
			if !got.Decrypted || got.Library != want.Library || got.SecretIndex != want.SecretIndex || got.Exp != want.Exp ||
				got.Iat != want.Iat || got.HasExp != want.HasExp || !slices.Equal(got.Tried, want.Tried) ||
				got.Attempts != want.Attempts || len(got.Claims) != len(want.Claims) || a.Len() != kr.Len() {
				t.Errorf("replayed %v, decrypted %v", got, want)
			}
			if other := a.Decrypt(f.CookieName, f.Token); !errors.Is(other.Err, ErrNotRecorded) {
				t.Errorf("a value without a record: %v, want ErrNotRecorded", other.Err)
			}
		})
	}
}

// TestAnnotationReplaysFailure: a token no secret decrypted keeps its error
// text and kind.
func TestAnnotationReplaysFailure(t *testing.T) {
	f := loadFixtures(t).Tokens[0]
	kr := NewKeyring("not the app's secret", "nor this one")
	want := kr.Decrypt(f.CookieName, f.Token)
	if !errors.Is(want.Err, ErrNoKey) {
		t.Fatalf("want ErrNoKey, got %v", want.Err)
	}
	p := pseudonymOf(f.Token)
	at, ok := Annotate(f.CookieName, p, want, nil)
	if !ok {
		t.Fatal("nothing to annotate")
	}
	a, err := NewAnnotation(annotationOf(t, 2, at))
	if err != nil {
		t.Fatal(err)
	}
	got := a.Decrypt(f.CookieName, p)
	if got.Decrypted || !errors.Is(got.Err, ErrNoKey) || got.Err.Error() != want.Err.Error() || got.Attempts != want.Attempts {
		t.Errorf("replayed %v, want %v", got, want)
	}
}

func TestAnnotationMustBeWellFormed(t *testing.T) {
	f := loadFixtures(t).Tokens[0]
	p := pseudonymOf(f.Token)
	zero, two := 0, 2
	ok := AnnotatedToken{Cookie: f.CookieName, Value: p, Decrypted: true, Library: "NextAuth v4", Secret: &zero, Claims: json.RawMessage(`{"exp":1}`), Attempts: 1}
	if _, err := NewAnnotation(annotationOf(t, 1, ok)); err != nil {
		t.Fatalf("a well-formed annotation: %v", err)
	}
	for _, tt := range []struct {
		name string
		raw  string
	}{
		{"not JSON", `{"version":1,`},
		{"no version", `{"secrets":1,"tokens":[]}`},
		{"another version", `{"version":2,"secrets":1,"tokens":[]}`},
		{"no secrets", `{"version":1,"secrets":0,"tokens":[]}`},
		{"unknown member", `{"version":1,"secrets":1,"tokens":[],"x":true}`},
		{"two values", `{"version":1,"secrets":1,"tokens":[]} {}`},
		{"secret out of range", annotationOf(t, 2, func() AnnotatedToken { a := ok; a.Secret = &two; return a }())},
		{"unknown library", annotationOf(t, 1, func() AnnotatedToken { a := ok; a.Library = "Clerk"; return a }())},
		{"value not a pseudonym", annotationOf(t, 1, func() AnnotatedToken { a := ok; a.Value = f.Token; return a }())},
		{"value not a JWE", annotationOf(t, 1, func() AnnotatedToken { a := ok; a.Value = p[strings.IndexByte(p, '.')+1:]; return a }())},
		{"no claims", annotationOf(t, 1, func() AnnotatedToken { a := ok; a.Claims = nil; return a }())},
		{"failure without error", annotationOf(t, 1, AnnotatedToken{Cookie: f.CookieName, Value: p})},
		{"failure with another error", annotationOf(t, 1, AnnotatedToken{Cookie: f.CookieName, Value: p, Error: "it broke"})},
		{"failure with claims", annotationOf(t, 1, AnnotatedToken{Cookie: f.CookieName, Value: p, Error: ErrNoKey.Error(), Claims: json.RawMessage(`{}`)})},
	} {
		if _, err := NewAnnotation(tt.raw); err == nil {
			t.Errorf("%s: accepted %s", tt.name, tt.raw)
		}
	}
	a, _ := NewAnnotation(annotationOf(t, 1))
	if err := a.Add(annotationOf(t, 3, ok)); err == nil {
		t.Error("a later entry claiming another secret count was accepted")
	}
	if got := a.Decrypt(f.CookieName, p); !errors.Is(got.Err, ErrNotRecorded) {
		t.Errorf("the rejected entry's token was recorded: %v", got)
	}
}
