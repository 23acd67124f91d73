package token

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

var errNotObject = errors.New("not a JSON object")

// supabasePrefix marks a base64url-encoded Supabase session
// (supabase/ssr src/cookies.ts BASE64_PREFIX = "base64-").
const supabasePrefix = "base64-"

// ironPrefix starts an iron seal (brc-dd/iron-webcrypto src/index.ts
// macPrefix = "Fe26.2").
const ironPrefix = "Fe26.2*"

// Inspect parses a cookie value without a key: it detects the format, reads
// JWS claims, the JWE protected header, Supabase session JSON and an iron
// seal's expiry, and guesses the library from cookieName (chunk suffix
// allowed, see [BaseCookieName]) and the header. A value in double quotes is
// unquoted and a percent-encoded value is decoded first.
func Inspect(cookieName, value string) Token {
	t, _ := inspect(cookieName, value)
	return t
}

// inspect is Inspect that also returns the normalised value.
func inspect(cookieName, value string) (Token, string) {
	t := Token{SecretIndex: -1}
	v := normalizeValue(value)
	switch {
	case v == "":
		return t, v
	case strings.HasPrefix(v, ironPrefix):
		t.Format = IronSeal
		t.Err = readIronSeal(&t, v)
	case strings.HasPrefix(v, supabasePrefix):
		t.Format = SupabaseJSON
		t.Err = readSupabase(&t, v)
	case strings.HasPrefix(v, "{"):
		if readSupabase(&t, v) == nil {
			t.Format = SupabaseJSON
		} else {
			t = Token{SecretIndex: -1, Format: Opaque}
		}
	default:
		t.Format = readJOSE(&t, v)
	}
	t.Library = guessLibrary(BaseCookieName(cookieName), t.Format, t.Header, v)
	return t, v
}

// normalizeValue removes the double quotes RFC 6265 allows around a cookie
// value and decodes percent-encoding (Supabase raw JSON and express-session
// ids are stored percent-encoded, e.g. "s%3A...").
func normalizeValue(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	if strings.Contains(v, "%") {
		if d, err := url.PathUnescape(v); err == nil {
			v = d
		}
	}
	return v
}

// b64url decodes unpadded base64url (RFC 7515 section 2), the encoding of
// every JOSE compact part.
func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(s)
}

// readJOSE recognises compact JWS (3 parts) and JWE (5 parts) and returns
// the format; anything else is Opaque. A value is JOSE only when its first
// part decodes to a JSON object with a string "alg" (and "enc" for JWE), and
// for JWS its payload decodes to a JSON object, so dotted random strings stay
// Opaque.
func readJOSE(t *Token, v string) Format {
	parts := strings.Split(v, ".")
	if len(parts) != 3 && len(parts) != 5 {
		return Opaque
	}
	h, err := headers.decodeHeader(parts[0])
	if err != nil {
		return Opaque
	}
	alg, ok := h["alg"].(string)
	if !ok || alg == "" {
		return Opaque
	}
	enc, _ := h["enc"].(string)
	kid, _ := h["kid"].(string)
	if len(parts) == 3 {
		if enc != "" {
			return Opaque
		}
		pb, err := b64url(parts[1])
		if err != nil {
			return Opaque
		}
		claims, err := decodeObject(pb)
		if err != nil {
			return Opaque
		}
		t.Header, t.Alg, t.Kid, t.Claims = h, alg, kid, claims
		if !validB64url(parts[2]) {
			t.Err = errBadJWSSignature
		}
		t.setTimes(claims)
		return JWS
	}
	if enc == "" {
		return Opaque
	}
	t.Header, t.Alg, t.Enc, t.Kid = h, alg, enc, kid
	// nextjs-auth0 v3 puts iat, uat and exp in the protected header
	// (auth0/nextjs-auth0 v3 src/auth0-session/session/stateless-session.ts
	// encrypt: setProtectedHeader({ alg, enc, uat, iat, exp })).
	t.setTimes(h)
	for i, p := range parts[1:] {
		if !validB64url(p) {
			t.Err = errBadJWEPart[i]
			break
		}
	}
	return JWE
}

// The encoding errors of JOSE parts, made once: a rolling cookie with a bad
// part has it in every value.
var (
	errBadJWSSignature = fmt.Errorf("%w: bad JWS signature encoding", ErrMalformed)
	errBadJWEPart      = [4]error{
		fmt.Errorf("%w: bad JWE encrypted key encoding", ErrMalformed),
		fmt.Errorf("%w: bad JWE IV encoding", ErrMalformed),
		fmt.Errorf("%w: bad JWE ciphertext encoding", ErrMalformed),
		fmt.Errorf("%w: bad JWE tag encoding", ErrMalformed),
	}
)

// validB64url reports whether b64url(s) succeeds, without decoding: every
// byte is of the base64url alphabet (encoding/base64 skips '\r' and '\n'),
// and the count of the others is not 1 more than a multiple of 4 (a lone
// trailing character encodes no byte). Trailing bits are not checked, as the
// non-strict RawURLEncoding does not check them.
func validB64url(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			n++
		case c == '\r' || c == '\n':
		default:
			return false
		}
	}
	return n%4 != 1
}

// readSupabase reads an @supabase/ssr session: "base64-" + base64url(JSON)
// or the JSON itself (supabase/ssr src/cookies.ts decodeChunkedCookieValue).
// The JSON is an auth-js Session: access_token, refresh_token, expires_at
// (epoch seconds), expires_in, token_type, user.
func readSupabase(t *Token, v string) error {
	raw := []byte(v)
	if s, ok := strings.CutPrefix(v, supabasePrefix); ok {
		// supabase/ssr src/utils/base64url.ts writes unpadded base64url;
		// tolerate padding.
		b, err := b64url(strings.TrimRight(s, "="))
		if err != nil {
			return fmt.Errorf("%w: bad base64url after %q", ErrMalformed, supabasePrefix)
		}
		raw = b
	}
	m, err := decodeObject(raw)
	if err != nil {
		return fmt.Errorf("%w: Supabase session is not a JSON object", ErrMalformed)
	}
	_, hasAccess := m["access_token"]
	_, hasExpiresAt := m["expires_at"]
	if !hasAccess && !hasExpiresAt {
		return fmt.Errorf("%w: JSON has neither access_token nor expires_at", ErrMalformed)
	}
	t.Claims = m
	if exp, ok := numericDate(m["expires_at"]); ok {
		t.Exp, t.HasExp = exp, true
	} else if at, ok := m["access_token"].(string); ok {
		// Fall back on the exp of the access token (a Supabase JWS).
		var inner Token
		if readJOSE(&inner, at) == JWS {
			t.Exp, t.HasExp = inner.Exp, inner.HasExp
		}
	}
	return nil
}

// readIronSeal reads an iron seal:
// Fe26.2*<password id>*<enc salt>*<enc iv>*<ciphertext>*<expiration ms>*<hmac salt>*<hmac>
// (brc-dd/iron-webcrypto src/index.ts seal/unseal: 8 '*'-separated parts,
// expiration empty when there is no TTL), with iron-session's "~<version>"
// suffix (vvo/iron-session src/core.ts parseSeal splits at '~').
func readIronSeal(t *Token, v string) error {
	seal, _, _ := strings.Cut(v, "~")
	parts := strings.Split(seal, "*")
	if len(parts) != 8 {
		return fmt.Errorf("%w: iron seal has %d parts, want 8", ErrMalformed, len(parts))
	}
	if parts[5] == "" {
		return nil
	}
	exp, ok := unixMillis(parts[5])
	if !ok {
		return fmt.Errorf("%w: bad iron seal expiration", ErrMalformed)
	}
	t.Exp, t.HasExp = exp, true
	return nil
}

// SessionShape tells, without a key and whatever the cookie is called,
// whether value has the shape of a session token:
//
//   - a compact JWS whose payload carries "exp" or "iat" (NumericDates) or
//     "sub" (a non-empty string), the claims of RFC 7519 section 4.1 that an
//     identity token has and a random tracker id has not;
//   - a compact JWE whose protected header carries those (nextjs-auth0 v3
//     puts iat and exp there, see readJOSE); a JWE with a bare {alg, enc}
//     header says nothing about what it holds;
//   - an iron seal: "Fe26.2*" is iron's own mark (macPrefix), used by no
//     other format, so a seal counts even when it is malformed or cut (the
//     session rules report that); iron-session appends "~<version>".
//
// It returns the format and whether the shape is a session's. Only values
// that start like a JOSE header ("eyJ", base64url of `{"`) or an iron seal
// are decoded, so the cost on other values is a prefix comparison. A value
// in double quotes or percent-encoded is normalised first, as by [Inspect].
func SessionShape(value string) (Format, bool) {
	v := value
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	// JOSE compact parts and iron seals use only characters that
	// encodeURIComponent leaves alone, so the prefix is visible before
	// decoding.
	if !strings.HasPrefix(v, "eyJ") && !strings.HasPrefix(v, ironPrefix) {
		if v == "" {
			return UnknownFormat, false
		}
		return Opaque, false
	}
	v = normalizeValue(value)
	if strings.HasPrefix(v, ironPrefix) {
		return IronSeal, true
	}
	var t Token
	switch f := readJOSE(&t, v); f {
	case JWS:
		return JWS, t.Err == nil && hasSessionClaims(t.Claims)
	case JWE:
		return JWE, t.Err == nil && hasSessionClaims(t.Header)
	default:
		return f, false
	}
}

// hasSessionClaims reports whether m carries a NumericDate "exp" or "iat",
// or a non-empty string "sub".
func hasSessionClaims(m map[string]any) bool {
	if _, ok := numericDate(m["exp"]); ok {
		return true
	}
	if _, ok := numericDate(m["iat"]); ok {
		return true
	}
	sub, _ := m["sub"].(string)
	return sub != ""
}
