package sanitize

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlint/authlint/redact"
)

func b64json(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestPseudonymIdentity(t *testing.T) {
	p := newPseudonymizer([]byte("k1"))
	q := newPseudonymizer([]byte("k2"))
	values := []string{"a", "abc123", "s3ss10nValue0123456789", "0", "St4te9xQmZ2pLk7Wn3", "a%2Bb", "dXNlcjpwYXNzd29yZA"}
	seen := map[string]string{}
	for _, v := range values {
		got := p.value(v)
		if got != p.value(v) {
			t.Errorf("value(%q) is not stable", v)
		}
		if got == q.value(v) {
			t.Errorf("value(%q) does not depend on the key", v)
		}
		if len(got) != max(len(v), MinPseudonymLen) {
			t.Errorf("value(%q) = %q: length %d, want %d", v, got, len(got), max(len(v), MinPseudonymLen))
		}
		if !IsPseudonym(got) {
			t.Errorf("IsPseudonym(%q) = false", got)
		}
		if IsPseudonym(v) {
			t.Errorf("IsPseudonym(%q) = true for a real value", v)
		}
		if p.value(got) != got {
			t.Errorf("a pseudonym changed when pseudonymized again")
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("%q and %q share pseudonym %q", prev, v, got)
		}
		seen[got] = v
	}
}

func TestIsPseudonym(t *testing.T) {
	for in, want := range map[string]bool{
		"":                              false,
		"zPs":                           false,
		"zPsAAAAAAAAAAAAAAA":            false, // wrong check digits
		"[redacted:1a2b3c4d]":           false,
		"eyJhbGciOiJkaXIifQ..a.b.c":     false,
		"pk.abcdefghijklmnopqrstuvwxyz": false,
	} {
		if got := IsPseudonym(in); got != want {
			t.Errorf("IsPseudonym(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestPseudonymJWT(t *testing.T) {
	p := newPseudonymizer([]byte("k"))
	header := b64json(t, map[string]any{"alg": "RS256", "typ": "JWT"})
	claims := map[string]any{"iss": "https://idp.example.com/", "sub": "user-42", "aud": "app1",
		"exp": 1764835200, "iat": 1764748800, "scope": "openid email", "email": "alice@example.com",
		"org": map[string]any{"id": "org_123456"}, "n": 12345}
	sig := "c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NTY3ODkw"
	jwt := header + "." + b64json(t, claims) + "." + sig
	got := p.value(jwt)
	parts := strings.Split(got, ".")
	if len(parts) != 3 || parts[0] != header {
		t.Fatalf("value(jwt) = %q: want 3 parts with the header kept", got)
	}
	if len(parts[2]) != len(sig) || parts[2] == sig {
		t.Errorf("signature %q: want a pseudonym of length %d", parts[2], len(sig))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"iss", "aud", "exp", "iat", "scope"} {
		if b, _ := json.Marshal(out[k]); string(b) != mustJSON(t, claims[k]) {
			t.Errorf("claim %q = %s, want it kept as %s", k, b, mustJSON(t, claims[k]))
		}
	}
	for _, k := range []string{"sub", "email", "org", "n"} {
		if _, ok := out[k]; !ok {
			t.Errorf("claim name %q was dropped", k)
		}
	}
	for _, leak := range []string{"user-42", "alice", "org_123456", "12345"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("payload %s still holds %q", raw, leak)
		}
	}
	if !IsPseudonym(got) || p.value(got) != got {
		t.Errorf("the JWT pseudonym is not recognised or not stable")
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPseudonymJWE(t *testing.T) {
	p := newPseudonymizer([]byte("k"))
	header := b64json(t, map[string]any{"alg": "dir", "enc": "A256GCM"})
	jwe := header + "..aXYtMTIzNDU2Nzg5MA.Y2lwaGVydGV4dC0xMjM0NTY3ODkwLWFiY2RlZg.dGFnLTEyMzQ1Njc4OTA"
	got := p.value(jwe)
	gp, ip := strings.Split(got, "."), strings.Split(jwe, ".")
	if len(gp) != 5 || gp[0] != header || gp[1] != "" {
		t.Fatalf("value(jwe) = %q: want the header and the empty key kept", got)
	}
	for i := 2; i < 5; i++ {
		if len(gp[i]) != len(ip[i]) || gp[i] == ip[i] {
			t.Errorf("part %d = %q: want a pseudonym of the same length as %q", i, gp[i], ip[i])
		}
	}
	if !IsPseudonym(got) {
		t.Error("the JWE pseudonym is not recognised")
	}
}

func TestPseudonymKindPrefix(t *testing.T) {
	p := newPseudonymizer([]byte("k"))
	for _, v := range []string{"pk.eyJ1IjoiZXhhbXBsZSJ9.c2lnbmF0dXJlMTIz", "sk_live_51Habcdefghijklmnop", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"} {
		got := p.value(v)
		n := kindPrefixLen(v)
		if n == 0 || got[:n] != v[:n] {
			t.Errorf("value(%q) = %q: want the kind prefix kept", v, got)
		}
		if strings.Contains(got, v[n:]) || !IsPseudonym(got) {
			t.Errorf("value(%q) = %q: want the rest replaced by a recognisable pseudonym", v, got)
		}
	}
}

func TestPseudonymState(t *testing.T) {
	p := newPseudonymizer([]byte("k"))
	state := b64json(t, map[string]any{"origin": "https://preview.example.app/api/auth/callback", "random": "k3Jd9sLq0Wm2"})
	got := p.value(state)
	raw, _, ok := decodeB64(got)
	if !ok {
		t.Fatalf("value(state) = %q is not base64", got)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["origin"] != "https://preview.example.app/api/auth/callback" || m["random"] == "k3Jd9sLq0Wm2" || !IsPseudonym(m["random"]) {
		t.Errorf("state = %s: want the origin kept and the random value replaced", raw)
	}
	if !IsPseudonym(got) {
		t.Error("the state pseudonym is not recognised")
	}
}

func TestPseudonymSupabase(t *testing.T) {
	p := newPseudonymizer([]byte("k"))
	header := b64json(t, map[string]any{"alg": "HS256", "typ": "JWT"})
	access := header + "." + b64json(t, map[string]any{"sub": "u-1", "exp": 1764835200, "role": "authenticated"}) + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NTY3ODkw"
	session := map[string]any{"access_token": access, "refresh_token": "r3fr3shT0ken", "expires_at": 1764835200, "expires_in": 3600, "token_type": "bearer", "user": map[string]any{"id": "u-1", "email": "a@example.com"}}
	v := "base64-" + b64json(t, session)
	got := p.value(v)
	raw, _, ok := decodeB64(strings.TrimPrefix(got, "base64-"))
	if !strings.HasPrefix(got, "base64-") || !ok {
		t.Fatalf("value(supabase) = %q: want base64- and base64 JSON", got)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["expires_at"] != float64(1764835200) || m["token_type"] != "bearer" {
		t.Errorf("session = %s: want expires_at and token_type kept", raw)
	}
	at, _ := m["access_token"].(string)
	if !strings.HasPrefix(at, header+".") || !IsPseudonym(at) {
		t.Errorf("access_token = %q: want a JWT pseudonym", at)
	}
	for _, leak := range []string{"r3fr3shT0ken", "a@example.com", "u-1"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("session %s still holds %q", raw, leak)
		}
	}
	if !IsPseudonym(got) || p.value(got) != got {
		t.Error("the Supabase pseudonym is not recognised or not stable")
	}
}

func TestPseudonymsAreNotRedactionMarkers(t *testing.T) {
	// Rules switch off on redaction markers; pseudonyms keep identity, so
	// they must not look like markers.
	p := newPseudonymizer([]byte("k"))
	for _, v := range []string{"x", "s3ss10nValue0123456789", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn"} {
		if got := p.value(v); redact.IsRedactionMarker(got) {
			t.Errorf("redact.IsRedactionMarker(%q) = true", got)
		}
	}
}
