package auth

import (
	"encoding/base64"
	"encoding/json"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/authlint/authlint/token"
)

// valueKind is what a cookie value alone says about the cookie.
type valueKind uint8

const (
	valueOther      valueKind = iota
	valueJOSE                 // JWS/JWE carrying exp, iat or sub (token.SessionShape)
	valueIron                 // iron seal (token.SessionShape)
	valueExpress              // express-session signed id
	valueLaravelEnc           // Laravel Encrypter payload
)

// maxValueMemo bounds the memo of value shapes: past it the memo starts
// over, since the values of the latest entries matter most.
const maxValueMemo = 4096

// valueMemo remembers the shape of the cookie values already decoded, keyed
// by a hash of the value: a HAR sends the same session cookie with every
// request, and newExchange classifies every cookie of every entry.
type valueMemo struct {
	seed maphash.Seed
	mu   sync.Mutex
	m    map[uint64]valueKind
}

func newValueMemo() *valueMemo {
	return &valueMemo{seed: maphash.MakeSeed(), m: make(map[uint64]valueKind)}
}

// kind returns the shape of v, decoding it at most once while it stays in
// the memo. Values that cannot be any of the decoded formats are answered
// without hashing.
func (m *valueMemo) kind(v string) valueKind {
	if !mayDecode(v) {
		if isExpressSignedValue(v) {
			return valueExpress
		}
		return valueOther
	}
	h := maphash.String(m.seed, v)
	m.mu.Lock()
	k, ok := m.m[h]
	m.mu.Unlock()
	if ok {
		return k
	}
	k = decodeValueKind(v)
	m.mu.Lock()
	if len(m.m) >= maxValueMemo {
		clear(m.m)
	}
	m.m[h] = k
	m.mu.Unlock()
	return k
}

// mayDecode reports whether v starts like one of the formats that need
// decoding: base64 of a JSON object ("eyJ": JOSE headers, Laravel's
// payload) or an iron seal, possibly in double quotes.
func mayDecode(v string) bool {
	v = strings.TrimPrefix(v, `"`)
	return strings.HasPrefix(v, "eyJ") || strings.HasPrefix(v, "Fe26.2*")
}

func decodeValueKind(v string) valueKind {
	switch f, ok := token.SessionShape(v); {
	case ok && f == token.IronSeal:
		return valueIron
	case ok:
		return valueJOSE
	}
	if isLaravelEncrypted(v) {
		return valueLaravelEnc
	}
	return valueOther
}

// laravelPrefix is base64 of `{"iv":`, the start of every Laravel
// Encrypter payload.
const laravelPrefix = "eyJpdiI6"

// isLaravelEncrypted matches the value Laravel's EncryptCookies middleware
// writes for every cookie it encrypts, the session cookie included:
// base64(json_encode(compact('iv', 'value', 'mac'))), with a "tag" member
// added for AEAD ciphers in later versions; the reader rejects a payload
// without iv, value and mac (laravel/framework
// src/Illuminate/Encryption/Encrypter.php encrypt and invalidPayload;
// src/Illuminate/Cookie/Middleware/EncryptCookies.php). Symfony's Cookie
// URL-encodes the value, so "=" may arrive as "%3D".
func isLaravelEncrypted(v string) bool {
	if strings.Contains(v, "%") {
		d, err := decodePercent(v)
		if err != nil {
			return false
		}
		v = d
	}
	if !strings.HasPrefix(v, laravelPrefix) {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "=")); err != nil {
			return false
		}
	}
	var p struct {
		IV    *string `json:"iv"`
		Value *string `json:"value"`
		MAC   *string `json:"mac"`
	}
	if json.Unmarshal(b, &p) != nil || p.IV == nil || p.Value == nil || p.MAC == nil {
		return false
	}
	return *p.IV != "" && *p.Value != ""
}

// notSessionWords are name parts that say a cookie holds something other
// than a session, however its value looks: an anti-CSRF token signed as a
// JWT (PayPal's "x-csrf-jwt" carries iat and exp), an OAuth state, nonce or
// PKCE verifier in a JWT, a consent record.
var notSessionWords = [...]string{"csrf", "xsrf", "state", "nonce", "pkce", "verifier", "consent"}

// namedOtherwise reports whether the cookie name (prefix removed) contains
// one of notSessionWords, ignoring case.
func namedOtherwise(base string) bool {
	n := strings.ToLower(base)
	for _, w := range notSessionWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
