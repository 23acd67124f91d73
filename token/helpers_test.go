package token

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// hmacTestKey signs test JWS; it is not a secret of any fixture.
var hmacTestKey = []byte("authlint-fake-hmac-key-for-tests-only-32b")

// signedJWT returns a compact HS256 JWS of claims, made with go-jose.
func signedJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	return signedJWTWith(t, jose.SigningKey{Algorithm: jose.HS256, Key: hmacTestKey}, claims, nil)
}

func signedJWTWith(t testing.TB, key jose.SigningKey, claims map[string]any, headers map[jose.HeaderKey]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	for k, v := range headers {
		opts = opts.WithHeader(k, v)
	}
	signer, err := jose.NewSigner(key, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// encryptDir returns a compact JWE ("alg": "dir") of plaintext, made with
// go-jose.
func encryptDir(t testing.TB, key []byte, enc jose.ContentEncryption, headers map[jose.HeaderKey]any, plaintext []byte) string {
	t.Helper()
	opts := &jose.EncrypterOptions{}
	for k, v := range headers {
		opts = opts.WithHeader(k, v)
	}
	e, err := jose.NewEncrypter(enc, jose.Recipient{Algorithm: jose.DIRECT, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := e.Encrypt(plaintext)
	if err != nil {
		t.Fatal(err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// withHeader replaces the protected header of a compact token.
func withHeader(t testing.TB, tok string, h map[string]any) string {
	t.Helper()
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(tok, ".")
	return base64.RawURLEncoding.EncodeToString(b) + "." + rest
}

func b64json(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
