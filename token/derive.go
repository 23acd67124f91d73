package token

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
)

// Key derivations. Every library derives its JWE content key ("alg": "dir")
// from the app secret with HKDF-SHA256 (RFC 5869) via @panva/hkdf; the secret
// and salt strings are UTF-8 encoded. An empty salt equals HashLen zero
// bytes, as crypto/hkdf does for a nil salt.
//
// NextAuth v4: salt "", info "NextAuth.js Generated Encryption Key", 32 bytes,
// enc A256GCM. Source: next-auth@4.24.15 jwt/index.js getDerivedEncryptionKey
// (info gets " (<salt>)" appended only when encode/decode are called with a
// salt, which next-auth itself never does), encode setProtectedHeader
// {alg: "dir", enc: "A256GCM"}.
//
// Auth.js v5: salt = the session cookie's full name ("__Secure-" kept),
// info "Auth.js Generated Encryption Key (<salt>)", 64 bytes for
// A256CBC-HS512 (what encode writes) or 32 for A256GCM (decode accepts
// both). kid = RFC 7638 thumbprint of {"k": base64url(key), "kty": "oct"}
// with SHA-512 for 64-byte keys and SHA-256 for 32-byte keys
// (`sha${byteLength << 3}`). Source: @auth/core@0.41.3 jwt.js (encode,
// decode, getDerivedEncryptionKey) = nextauthjs/next-auth
// packages/core/src/jwt.ts; salt = options.cookies.sessionToken.name in
// lib/actions/callback/handle-login.js.
//
// nextjs-auth0 v3 and v4: salt "", info "JWE CEK", 32 bytes, enc A256GCM.
// Sources: @auth0/nextjs-auth0@3.8.0 dist/auth0-session/utils/hkdf.js
// (ENCRYPTION_INFO = 'JWE CEK', BYTE_LENGTH = 32) and
// session/stateless-session.js (v3 secret may be an array: the first
// encrypts, all are tried); @auth0/nextjs-auth0@4.30.0 dist/server/cookies.js
// encrypt/decrypt = auth0/nextjs-auth0 src/server/cookies.ts.
const (
	nextAuthInfo = "NextAuth.js Generated Encryption Key"
	authJSInfo   = "Auth.js Generated Encryption Key (%s)"
	auth0Info    = "JWE CEK"
)

// keySpec names one derived key.
type keySpec struct {
	secret int     // index in the keyring
	lib    Library // NextjsAuth0V4 stands for both nextjs-auth0 versions
	salt   string  // Auth.js only
	size   int     // bytes
}

// derive computes the key for spec from secret.
func derive(secret string, spec keySpec) ([]byte, error) {
	var salt []byte
	var info string
	switch spec.lib {
	case NextAuthV4:
		info = nextAuthInfo
	case AuthJSV5:
		salt, info = []byte(spec.salt), fmt.Sprintf(authJSInfo, spec.salt)
	case NextjsAuth0V3, NextjsAuth0V4:
		info = auth0Info
	default:
		return nil, fmt.Errorf("no key derivation for %s", spec.lib)
	}
	return hkdf.Key(sha256.New, []byte(secret), salt, info, spec.size)
}

// octThumbprint is the RFC 7638 JWK thumbprint of a symmetric key, hashed
// with SHA-512 for 64-byte keys and SHA-256 otherwise, base64url without
// padding, as jose's calculateJwkThumbprint computes it for Auth.js kids
// (required members of an "oct" JWK: k and kty, in lexicographic order).
func octThumbprint(key []byte) string {
	in := []byte(`{"k":"` + base64.RawURLEncoding.EncodeToString(key) + `","kty":"oct"}`)
	var sum []byte
	if len(key) == 64 {
		s := sha512.Sum512(in)
		sum = s[:]
	} else {
		s := sha256.Sum256(in)
		sum = s[:]
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}
