package redact

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// A pseudonym is what authlint sanitize writes in place of a secret value:
// a stand-in that keeps the value's identity (the same value, under the
// same key, always gets the same pseudonym) and its length, and that says
// it is one. Unlike a placeholder (Value), a pseudonym is not a secret and
// rules read it as a value: reports print it as it is (see Policy), and a
// second sanitize run and sanitize --check leave it alone.
//
// A plain pseudonym is PseudonymPrefix, then keyed base62 digits, then
// PseudonymCheckLen base62 check digits computed without the key from what
// precedes them (PseudonymCheck): IsPseudonym recognises it without the key,
// and a random value passes the check with probability 62^-4 after also
// starting with "zPs". It is at least MinPseudonymLen characters long and
// holds only letters and digits, so it needs no escaping in a URL, a
// cookie, a header or JSON. The structured pseudonyms (JWTs, IPv4
// addresses, Supabase sessions, base64 JSON, kind prefixes, dotted values)
// are built from plain ones; see docs/sanitize.md.

const (
	// PseudonymPrefix starts every plain pseudonym.
	PseudonymPrefix = "zPs"
	// PseudonymCheckLen is the number of check digits at the end of a
	// plain pseudonym.
	PseudonymCheckLen = 4
	// MinPseudonymLen is the length of the pseudonym of a short value.
	MinPseudonymLen = 12
	// PseudonymAlphabet holds the digits of a plain pseudonym.
	PseudonymAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	// SupabasePrefix starts an @supabase/ssr session cookie: "base64-" and
	// the base64url JSON session (token/inspect.go readSupabase).
	SupabasePrefix = "base64-"
)

// PseudonymCheck returns the check digits of a plain pseudonym's body (all
// but its last PseudonymCheckLen characters).
func PseudonymCheck(body string) string {
	sum := sha256.Sum256([]byte("authlint-pseudonym:" + body))
	var b [PseudonymCheckLen]byte
	for i := range b {
		b[i] = PseudonymAlphabet[int(sum[i])%62]
	}
	return string(b[:])
}

// IsPlainPseudonym reports whether v is a plain pseudonym.
func IsPlainPseudonym(v string) bool {
	if len(v) < MinPseudonymLen || !strings.HasPrefix(v, PseudonymPrefix) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isAlnum(v[i]) {
			return false
		}
	}
	body := v[:len(v)-PseudonymCheckLen]
	return PseudonymCheck(body) == v[len(v)-PseudonymCheckLen:]
}

// IsPseudonym reports whether v is a pseudonym made by authlint sanitize: a
// plain pseudonym; an address of 198.18.0.0/15; a JOSE value (JWS or JWE)
// one of whose parts after the header is a plain pseudonym; a Supabase
// session or a base64 JSON object whose values are kept claims, plain URLs
// or pseudonyms; a kind prefix ("sk_live_") and a pseudonym; or a dotted
// value (a chunk of an encrypted cookie) whose pieces of MinPseudonymLen
// characters or more are all plain pseudonyms, at least one of them.
func IsPseudonym(v string) bool {
	is, _ := pseudonym(v)
	return is
}

// IsMadePseudonym reports whether v is a pseudonym that holds keyed digits:
// IsPseudonym, except a base64 JSON object with nothing to replace (an
// OAuth state of {"returnTo":"/"}), which sanitize leaves as it is but
// which is the input's own value. Reports print such pseudonyms as they are.
func IsMadePseudonym(v string) bool {
	is, made := pseudonym(v)
	return is && made
}

// pseudonym reports whether v is a pseudonym, and whether it holds keyed
// digits.
func pseudonym(v string) (is, made bool) {
	if IsPlainPseudonym(v) || isPseudonymIP(v) {
		return true, true
	}
	if rest, ok := strings.CutPrefix(v, SupabasePrefix); ok {
		return pseudonymJSON(rest)
	}
	if n := KindPrefixLen(v); n > 0 {
		return pseudonym(v[n:])
	}
	if is, made := pseudonymJSON(v); is {
		return true, made
	}
	if strings.IndexByte(v, '.') < 0 {
		return false, false
	}
	if head, rest, _ := strings.Cut(v, "."); strings.HasPrefix(head, "eyJ") {
		for p := range strings.SplitSeq(rest, ".") {
			if IsPlainPseudonym(p) {
				return true, true
			}
		}
		return false, false
	}
	is = isDottedPseudonym(v)
	return is, is
}

// isDottedPseudonym reports whether the dot-separated pieces of v are a
// dotted pseudonym: every piece of MinPseudonymLen characters or more is a
// plain pseudonym, and at least one is; shorter pieces are keyed letters
// and digits.
func isDottedPseudonym(v string) bool {
	marked := false
	for p := range strings.SplitSeq(v, ".") {
		if len(p) >= MinPseudonymLen {
			if !IsPlainPseudonym(p) {
				return false
			}
			marked = true
			continue
		}
		for i := 0; i < len(p); i++ {
			if !isAlnum(p[i]) {
				return false
			}
		}
	}
	return marked
}

// KindPrefixLen returns the length of a token's kind prefix, which a
// pseudonym keeps because it says what the token is, not who it belongs
// to: "pk." (Mapbox public tokens), "sk_live_", "ghp_", "xoxb-". It is 2 to
// 10 lower-case letters and a '.', '_' or '-', at most twice, followed by
// at least MinPseudonymLen characters; 0 when there is none.
func KindPrefixLen(v string) int {
	n := 0
	for range 2 {
		i := n
		for i < len(v) && i-n < 11 && v[i] >= 'a' && v[i] <= 'z' {
			i++
		}
		if i-n < 2 || i-n > 10 || i >= len(v) || (v[i] != '.' && v[i] != '_' && v[i] != '-') {
			break
		}
		n = i + 1
	}
	if n == 0 || len(v)-n < MinPseudonymLen {
		return 0
	}
	return n
}

// isPseudonymIP reports whether v is an IPv4 address of 198.18.0.0/15, the
// range RFC 2544 reserves for benchmarking, where sanitize --pii puts the
// pseudonyms of addresses.
func isPseudonymIP(v string) bool {
	return (strings.HasPrefix(v, "198.18.") || strings.HasPrefix(v, "198.19.")) && IsIPv4(v)
}

// IsIPv4 reports whether s is a dotted-quad IPv4 address.
func IsIPv4(s string) bool {
	n, parts, digits := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || digits == 3 {
			return false
		}
		n = n*10 + int(c-'0')
		digits++
	}
	return parts == 4
}

// keptClaims are the JWT claims a pseudonym keeps as they are: times,
// audience, issuer, scopes and the token's type, which rules read and which
// identify no person. Every other claim keeps its name and gets a pseudonym
// value.
var keptClaims = map[string]bool{
	"exp": true, "iat": true, "nbf": true, "auth_time": true, "aud": true, "iss": true,
	"scope": true, "scp": true, "azp": true, "client_id": true, "typ": true, "token_use": true,
	"amr": true, "acr": true, "ver": true, "cid": true, "role": true,
	// Supabase sessions (auth-js Session): when it expires, not who.
	"expires_at": true, "expires_in": true, "token_type": true,
}

// IsKeptClaim reports whether a pseudonym keeps the value of the JWT (or
// session JSON) claim called name.
func IsKeptClaim(name string) bool { return keptClaims[name] }

// pseudonymJSON reports whether v is a base64 JSON object whose string
// values are all kept claims, plain URLs or pseudonyms, and whether one of
// them is a pseudonym.
func pseudonymJSON(v string) (is, made bool) {
	if !strings.HasPrefix(v, "eyJ") || strings.IndexByte(v, '.') >= 0 {
		return false, false
	}
	raw, _, ok := DecodeBase64(v)
	if !ok {
		return false, false
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return false, false
	}
	for k, x := range m {
		s, ok := x.(string)
		if !ok || keptClaims[k] || IsPlainURL(s) {
			continue
		}
		if !IsPseudonymText(s) {
			return false, false
		}
		made = true
	}
	return true, made
}

// IsPlainURL reports whether s is an http(s) URL or an absolute path
// without query, fragment or userinfo: an origin or return URL, which a
// pseudonymized base64 JSON object keeps.
func IsPlainURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "/")) && !strings.ContainsAny(s, "?#@")
}

// IsPseudonymText reports whether every run of s is a pseudonym (a claim
// string whose runs were replaced one by one).
func IsPseudonymText(s string) bool {
	ok := true
	ForRuns([]byte(s), func(start, end int) {
		ok = ok && IsPseudonym(s[start:end])
	})
	return ok
}

// DecodeBase64 decodes base64url or standard base64, padded or not, and
// says which encoding to write back.
func DecodeBase64(v string) ([]byte, *base64.Encoding, bool) {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			return b, enc, true
		}
	}
	return nil, nil, false
}
