package token

import (
	"fmt"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// Content encryptions used by the supported libraries; all use "alg": "dir".
const (
	encA256GCM      = "A256GCM"
	encA256CBCHS512 = "A256CBC-HS512"
)

// Decrypt decrypts a JWE session-cookie value with every secret of the
// keyring and every library format plausible for cookieName and the token's
// header, and reads the claims and times. cookieName may carry a chunk
// suffix; value must be the joined value of all chunks (see the package
// documentation). A cookie name known to belong to one library restricts the
// trial to that library; an unknown name tries them all, the one the header
// hints at first. An Auth.js token with a kid is decrypted only with the
// secret whose key thumbprint equals the kid, as Auth.js does. Expired
// tokens are decrypted too: expiry is reported, not enforced.
//
// Failures are recorded in Token.Err (wrapping ErrNotEncrypted, ErrMalformed,
// ErrUnsupported, ErrNoSecrets or ErrNoKey); Decrypt never panics.
func (k *Keyring) Decrypt(cookieName, value string) Token {
	t, v, size, ok := checkJWE(cookieName, value)
	if !ok {
		return t
	}
	if k.Len() == 0 {
		t.Err = ErrNoSecrets
		return t
	}
	obj, err := jose.ParseEncryptedCompact(v,
		[]jose.KeyAlgorithm{jose.DIRECT},
		[]jose.ContentEncryption{jose.A256GCM, jose.A256CBC_HS512})
	if err != nil {
		t.Err = fmt.Errorf("%w: %v", ErrMalformed, err)
		return t
	}
	base := BaseCookieName(cookieName)
	kidMissed := false
	for _, lib := range candidates(base, t.Header, t.Enc) {
		t.Tried = append(t.Tried, lib)
		specs := k.specs(lib, base, size)
		if lib == AuthJSV5 && t.Kid != "" {
			specs = k.byKid(specs, t.Kid)
			if len(specs) == 0 {
				kidMissed = true
				continue
			}
		}
		for _, spec := range specs {
			key, err := k.key(spec)
			if err != nil {
				continue
			}
			t.Attempts++
			plain, err := obj.Decrypt(key)
			if err != nil {
				continue
			}
			t.decrypted(lib, spec.secret, plain)
			return t
		}
	}
	names := make([]string, len(t.Tried))
	for i, lib := range t.Tried {
		names[i] = lib.String()
	}
	t.Err = fmt.Errorf("%w: tried %s with %d secrets", ErrNoKey, strings.Join(names, ", "), k.Len())
	if kidMissed {
		t.Err = fmt.Errorf("%w (the Auth.js kid matches no secret)", t.Err)
	}
	return t
}

// checkJWE inspects a value before decryption: ok is false, with the
// reason in t.Err, when it is not a JWE, cannot be read, or uses an alg or
// enc that no supported library uses. size is the key size of its enc.
// These checks need no secret, so every Decrypter makes them alike.
func checkJWE(cookieName, value string) (t Token, v string, size int, ok bool) {
	t, v = inspect(cookieName, value)
	if t.Format != JWE {
		if t.Err == nil {
			t.Err = fmt.Errorf("%w: format is %s", ErrNotEncrypted, t.Format)
		}
		return t, v, 0, false
	}
	if t.Err != nil {
		return t, v, 0, false
	}
	switch t.Enc {
	case encA256GCM:
		size = 32
	case encA256CBCHS512:
		size = 64
	}
	if t.Alg != "dir" || size == 0 {
		t.Err = fmt.Errorf("%w: alg %q, enc %q", ErrUnsupported, t.Alg, t.Enc)
		return t, v, 0, false
	}
	return t, v, size, true
}

// decrypted records a successful decryption.
func (t *Token) decrypted(lib Library, secret int, plain []byte) {
	t.Decrypted, t.Library, t.SecretIndex, t.Err = true, lib, secret, nil
	claims, err := decodeObject(plain)
	if err != nil {
		t.Err = fmt.Errorf("%w: decrypted payload is not a JSON object", ErrMalformed)
		return
	}
	t.Claims = claims
	t.resetTimes()
	t.setTimes(claims)
	t.setTimes(t.Header)
}

// candidates returns the libraries to try, in order.
func candidates(base string, header map[string]any, enc string) []Library {
	if enc == encA256CBCHS512 {
		// Only Auth.js writes A256CBC-HS512 (@auth/core jwt.js: enc).
		return []Library{AuthJSV5}
	}
	if lib := jweFamilyByName(base); lib != UnknownLibrary {
		return []Library{lib}
	}
	// Both nextjs-auth0 versions derive the same key: try it once, labelled
	// v3 when the header carries v3's uat.
	auth0 := NextjsAuth0V4
	if _, ok := header["uat"]; ok {
		auth0 = NextjsAuth0V3
	}
	libs := []Library{NextAuthV4, AuthJSV5, auth0}
	if hint := jweFamilyByHeader(header); hint != UnknownLibrary {
		if i := slices.Index(libs, hint); i > 0 {
			libs = append([]Library{hint}, slices.Delete(libs, i, i+1)...)
		}
	}
	return libs
}

// specs lists the keys to try for lib, one per secret (and per salt for
// Auth.js), in keyring order.
func (k *Keyring) specs(lib Library, base string, size int) []keySpec {
	var out []keySpec
	switch lib {
	case AuthJSV5:
		salts := []string{base}
		if base == "" {
			// No name (e.g. a bearer token): Auth.js getToken's defaults.
			salts = []string{authJSSessionCookie, "__Secure-" + authJSSessionCookie}
		}
		for _, salt := range salts {
			for i := range k.secrets {
				out = append(out, keySpec{secret: i, lib: AuthJSV5, salt: salt, size: size})
			}
		}
	case NextjsAuth0V3, NextjsAuth0V4:
		for i := range k.secrets {
			out = append(out, keySpec{secret: i, lib: NextjsAuth0V4, size: 32})
		}
	case NextAuthV4:
		for i := range k.secrets {
			out = append(out, keySpec{secret: i, lib: NextAuthV4, size: 32})
		}
	}
	return out
}

// byKid keeps the first spec whose Auth.js thumbprint equals kid
// (@auth/core jwt.js decode returns the first matching secret).
func (k *Keyring) byKid(specs []keySpec, kid string) []keySpec {
	for _, spec := range specs {
		if tp, err := k.thumbprint(spec); err == nil && tp == kid {
			return []keySpec{spec}
		}
	}
	return nil
}
