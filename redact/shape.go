package redact

import (
	"math"
	"net/url"
	"strings"
)

// IsSecretValue reports whether v is secret by its shape alone, whatever
// name carries it: a compact JWS or JWE, or a long random string (see
// LooksRandom). A percent-encoded value is judged decoded.
func IsSecretValue(v string) bool {
	if strings.Contains(v, "%") {
		if d, err := url.QueryUnescape(v); err == nil {
			v = d
		}
	}
	return LooksLikeJWT(v) || LooksRandom(v)
}

// LooksLikeJWT reports whether v has the shape of a compact JWS or JWE: a
// base64url header starting with "eyJ" (a JSON object), then 2 or 4 more
// dot-separated base64url parts (a JWE's key part may be empty).
func LooksLikeJWT(v string) bool {
	if !strings.HasPrefix(v, "eyJ") {
		return false
	}
	n := strings.Count(v, ".")
	if n != 2 && n != 4 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isB64URL(c) && c != '.' && c != '=' {
			return false
		}
	}
	return true
}

// MinRandomLen is the shortest value LooksRandom takes for a generated
// secret; hex needs MinHexLen digits.
const (
	MinRandomLen = 20
	MinHexLen    = 32
)

// LooksRandom reports whether v looks like a generated secret: an opaque
// token, a session identifier, an API key, a signature. It needs at least
// MinRandomLen characters of the base64, base64url or hex alphabets (with
// '.', '~' and '=' allowed, as in "v1.AbC..." tokens), letters and
// digits interleaved the way random text interleaves them, and high
// entropy. Ordinary words, slugs ("how-to-fix-login-2024"), paths, numbers,
// dates, e-mail addresses and UUIDs are not secret by shape: a UUID is as
// often a page or request ID as a session ID, so it is redacted only under a
// secret name or when it was seen as a secret elsewhere in the input.
// Hex strings need MinHexLen digits (a 128-bit value).
func LooksRandom(v string) bool {
	n := len(v)
	if n < MinRandomLen || n > 8192 || IsPlaceholder(v) || IsUUID(v) {
		return false
	}
	if v[0] == '/' || strings.Contains(v, "//") {
		return false // a path
	}
	var lower, upper, digit, other int
	var pairs, transitions, run, longest int
	hexLower, hexUpper := true, true
	prev := -1
	for i := 0; i < n; i++ {
		c := v[i]
		class := -1
		switch {
		case c >= 'a' && c <= 'z':
			lower++
			class = 0
			hexUpper = false
			if c > 'f' {
				hexLower = false
			}
		case c >= 'A' && c <= 'Z':
			upper++
			class = 1
			hexLower = false
			if c > 'F' {
				hexUpper = false
			}
		case c >= '0' && c <= '9':
			digit++
			class = 2
		case strings.IndexByte("-_.~+/=:", c) >= 0:
			other++
			hexLower, hexUpper = false, false
		default:
			return false
		}
		// Count changes of class between adjacent letters and digits
		// of one run (separators end a run), and the longest run.
		switch {
		case class < 0:
			run = 0
		case prev >= 0:
			pairs++
			run++
			if class != prev {
				transitions++
			}
		default:
			run = 1
		}
		longest = max(longest, run)
		prev = class
	}
	if digit == n || strings.Contains(v, "://") {
		return false // a number, a timestamp, a URL
	}
	if hexLower || hexUpper {
		// 0-9a-f: a digest or a random ID, if long enough and mixed.
		return n >= MinHexLen && digit >= 4 && n-digit >= 4
	}
	letters := lower + upper
	if digit < 2 || letters < 4 || other > n/4 || longest < 12 {
		return false
	}
	// Random text changes between lower case, upper case and digits at
	// most characters; words, slugs and version strings change rarely.
	if float64(transitions) < 0.3*float64(pairs) {
		return false
	}
	return entropy(v) >= 3.5
}

// IsUUID reports whether v is a UUID in its canonical 8-4-4-4-12 hex form.
func IsUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := v[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// entropy returns the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h, n := 0.0, float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

func isB64URL(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
