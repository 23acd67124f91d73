package sanitize

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"hash"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A pseudonym stands for one secret value: the same value (under the same
// key) always gets the same pseudonym, different values get different ones,
// and the pseudonym says that it is one, so that a second run and --check
// leave it alone.
//
// A plain pseudonym is "zPs", then keyed base62 digits, then 4 base62 check
// digits computed without the key from what precedes them: IsPseudonym
// recognises it without the key, and a random value passes the check with
// probability 62^-4 after also starting with "zPs". It has the length of the
// value it replaces, and at least MinPseudonymLen characters. It holds only
// letters and digits, so it needs no escaping in a URL, a cookie, a header or
// JSON.
//
// This format belongs beside redact's placeholders (redact.IsPlaceholder):
// unlike a placeholder it keeps identity and length, so rules must read a
// pseudonym as a value, never as a redaction marker.

const (
	// pseudonymPrefix starts every plain pseudonym.
	pseudonymPrefix = "zPs"
	// checkLen is the number of check digits at the end.
	checkLen = 4
	// MinPseudonymLen is the length of the pseudonym of a short value.
	MinPseudonymLen = 12
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// IsPseudonym reports whether v is a pseudonym made by sanitize: a plain
// pseudonym, or a JOSE value (JWS or JWE) whose signature or other parts
// are plain pseudonyms.
func IsPseudonym(v string) bool {
	if isPlainPseudonym(v) || isPseudonymIP(v) {
		return true
	}
	if rest, ok := strings.CutPrefix(v, supabasePrefix); ok {
		return isPseudonymJSON(rest)
	}
	if n := kindPrefixLen(v); n > 0 {
		return IsPseudonym(v[n:])
	}
	if isPseudonymJSON(v) {
		return true
	}
	if !strings.HasPrefix(v, "eyJ") || strings.IndexByte(v, '.') < 0 {
		return false
	}
	parts := strings.Split(v, ".")
	for _, p := range parts[1:] {
		if isPlainPseudonym(p) {
			return true
		}
	}
	return false
}

func isPlainPseudonym(v string) bool {
	if len(v) < MinPseudonymLen || !strings.HasPrefix(v, pseudonymPrefix) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isAlnum(v[i]) {
			return false
		}
	}
	body := v[:len(v)-checkLen]
	return checkDigits(body) == v[len(v)-checkLen:]
}

// checkDigits returns the check digits of a pseudonym's body.
func checkDigits(body string) string {
	sum := sha256.Sum256([]byte("authlint-pseudonym:" + body))
	var b [checkLen]byte
	for i := range b {
		b[i] = base62[int(sum[i])%62]
	}
	return string(b[:])
}

// maxMemo bounds the pseudonyms remembered to save recomputing them.
const maxMemo = 1 << 16

// pseudonymizer makes the pseudonyms of one run.
type pseudonymizer struct {
	mac  hash.Hash
	sum  [sha256.Size]byte
	memo map[string]string
}

func newPseudonymizer(key []byte) *pseudonymizer {
	return &pseudonymizer{mac: hmac.New(sha256.New, key), memo: map[string]string{}}
}

// keyed fills dst with keyed base62 digits derived from canon: one
// HMAC-SHA256 of the value seeds a ChaCha8 stream, so a long value costs
// one HMAC.
func (p *pseudonymizer) keyed(dst []byte, canon string, salt byte) {
	p.mac.Reset()
	p.mac.Write([]byte{salt})
	io.WriteString(p.mac, canon)
	var seed [32]byte
	copy(seed[:], p.mac.Sum(p.sum[:0]))
	rng := rand.NewChaCha8(seed)
	rng.Read(dst)
	for i, c := range dst {
		dst[i] = base62[int(c)%62]
	}
}

// plain returns the plain pseudonym of canon with length n (at least
// MinPseudonymLen).
func (p *pseudonymizer) plain(canon string, n int) string {
	n = max(n, MinPseudonymLen)
	b := make([]byte, n)
	copy(b, pseudonymPrefix)
	p.keyed(b[len(pseudonymPrefix):n-checkLen], canon, 'p')
	copy(b[n-checkLen:], checkDigits(string(b[:n-checkLen])))
	return string(b)
}

// value returns the pseudonym of one token run (see runs): a JOSE value
// keeps its header, and a JWS its public claims; any other value becomes a
// plain pseudonym of its length. A pseudonym stays as it is.
func (p *pseudonymizer) value(v string) string {
	if IsPseudonym(v) {
		return v
	}
	if r, ok := p.memo[v]; ok {
		return r
	}
	var r string
	switch n := kindPrefixLen(v); {
	case isIPv4([]byte(v)):
		r = p.ip(v)
	case strings.HasPrefix(v, supabasePrefix) && isB64JSON(v[len(supabasePrefix):]):
		j, _ := p.object(v[len(supabasePrefix):], false)
		r = supabasePrefix + j
	case n > 0:
		r = v[:n] + p.value(v[n:])
	case isJOSEValue(v):
		r = p.jose(v)
	default:
		if j, ok := p.json(v); ok {
			r = j
		} else {
			r = p.plain(canonical(v), len(v))
		}
	}
	if len(p.memo) >= maxMemo {
		clear(p.memo)
	}
	p.memo[v] = r
	return r
}

// kindPrefixLen returns the length of a token's kind prefix, kept because
// it says what the token is, not who it belongs to: "pk." (Mapbox public
// tokens), "sk_live_", "ghp_", "xoxb-". It is 2 to 10 lower-case letters
// and a '.', '_' or '-', at most twice, followed by at least
// MinPseudonymLen characters; 0 when there is none.
func kindPrefixLen(v string) int {
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

// An IPv4 pseudonym is an address of 198.18.0.0/15, the range RFC 2544
// reserves for benchmarking, which a HAR from a real network does not hold:
// keyed, so that equal addresses stay equal (2^17 of them), and still an
// address wherever one is parsed.
func (p *pseudonymizer) ip(v string) string {
	var b [3]byte
	p.mac.Reset()
	p.mac.Write([]byte{'i'})
	io.WriteString(p.mac, v)
	copy(b[:], p.mac.Sum(p.sum[:0]))
	return "198." + strconv.Itoa(18+int(b[0]&1)) + "." + strconv.Itoa(int(b[1])) + "." + strconv.Itoa(int(b[2]))
}

func isPseudonymIP(v string) bool {
	return (strings.HasPrefix(v, "198.18.") || strings.HasPrefix(v, "198.19.")) && isIPv4([]byte(v))
}

// supabasePrefix starts an @supabase/ssr session cookie: "base64-" and
// the base64url JSON session (token/inspect.go readSupabase). Its
// pseudonym keeps the prefix and the JSON's shape: expires_at, expires_in
// and token_type stay, the access token keeps its claims (see jose).
const supabasePrefix = "base64-"

// isB64JSON reports whether v is base64 of a JSON object.
func isB64JSON(v string) bool {
	if !strings.HasPrefix(v, "eyJ") {
		return false
	}
	raw, _, ok := decodeB64(v)
	return ok && json.Valid(raw) && len(raw) > 0 && raw[0] == '{'
}

// isJOSEValue reports whether v starts with a base64url JOSE header (a JSON
// object with "alg" or "enc") followed by a '.': a JWS, a JWE, or a chunk
// of one.
func isJOSEValue(v string) bool {
	h, _, ok := strings.Cut(v, ".")
	return ok && isJOSEHeader(h)
}

func isJOSEHeader(seg string) bool {
	if !strings.HasPrefix(seg, "eyJ") {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	// A JSON object naming "alg" or "enc" (json.Valid is cheaper than
	// decoding; a key spelled with escapes is not a JOSE header).
	if len(b) == 0 || b[0] != '{' || !(bytes.Contains(b, []byte(`"alg"`)) || bytes.Contains(b, []byte(`"enc"`))) {
		return false
	}
	return json.Valid(b)
}

// jose pseudonymizes a JOSE value part by part: the header stays; a JWS
// payload keeps the claims authlint reads (see keptClaims) and replaces the
// others; every other part becomes a pseudonym of its length (a plain one
// when long enough, keyed digits otherwise; an empty part stays empty).
func (p *pseudonymizer) jose(v string) string {
	parts := strings.Split(v, ".")
	out := make([]string, len(parts))
	out[0] = parts[0]
	for i := 1; i < len(parts); i++ {
		seg := parts[i]
		if i == 1 && len(parts) == 3 {
			if claims, ok := p.claims(seg); ok {
				out[i] = claims
				continue
			}
		}
		out[i] = p.segment(v, i, seg)
	}
	// The value must say it is a pseudonym: when every part was too
	// short for the pseudonym's check digits, the last part grows.
	marked := false
	for _, o := range out[1:] {
		marked = marked || isPlainPseudonym(o)
	}
	if !marked {
		for i := len(parts) - 1; i >= 1; i-- {
			if parts[i] != "" && !(i == 1 && len(parts) == 3) {
				out[i] = p.plain(parts[i]+"#"+v, len(parts[i]))
				marked = true
				break
			}
		}
	}
	if !marked {
		return p.plain(canonical(v), len(v))
	}
	return strings.Join(out, ".")
}

// segment returns the pseudonym of part i of the JOSE value v.
func (p *pseudonymizer) segment(v string, i int, seg string) string {
	switch {
	case seg == "" || isPlainPseudonym(seg):
		return seg
	case len(seg) >= MinPseudonymLen:
		return p.plain(seg, len(seg))
	}
	b := make([]byte, len(seg))
	p.keyed(b, v+"#"+string(rune('0'+i)), 's')
	return string(b)
}

// keptClaims are the JWT claims kept as they are: times, audience, issuer,
// scopes and the token's type, which rules read and which identify no
// person. Every other claim keeps its name and gets a pseudonym value.
var keptClaims = map[string]bool{
	"exp": true, "iat": true, "nbf": true, "auth_time": true, "aud": true, "iss": true,
	"scope": true, "scp": true, "azp": true, "client_id": true, "typ": true, "token_use": true,
	"amr": true, "acr": true, "ver": true, "cid": true, "role": true,
	// Supabase sessions (auth-js Session): when it expires, not who.
	"expires_at": true, "expires_in": true, "token_type": true,
}

// claims rewrites a base64url JWS payload; ok is false when it is not a
// JSON object.
func (p *pseudonymizer) claims(seg string) (string, bool) {
	return p.object(seg, false)
}

// json rewrites a value that is a base64 JSON object without a JOSE header
// (an OAuth state carrying the app's origin, as Auth.js's redirect proxy
// sends it) the way claims does, keeping URLs without a query as well: an
// origin or return URL is the app's, not a secret.
func (p *pseudonymizer) json(v string) (string, bool) {
	if !strings.HasPrefix(v, "eyJ") || strings.IndexByte(v, '.') >= 0 {
		return "", false
	}
	return p.object(v, true)
}

// isPseudonymJSON reports whether v is a base64 JSON object whose string
// values are all kept claims, plain URLs or pseudonyms.
func isPseudonymJSON(v string) bool {
	if !strings.HasPrefix(v, "eyJ") || strings.IndexByte(v, '.') >= 0 {
		return false
	}
	raw, _, ok := decodeB64(v)
	if !ok {
		return false
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	for k, x := range m {
		if s, ok := x.(string); ok && !keptClaims[k] && !isPlainURL(s) && !isPseudonymText(s) {
			return false
		}
	}
	return true
}

// isPlainURL reports whether s is an http(s) URL or an absolute path
// without query or fragment.
func isPlainURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "/")) && !strings.ContainsAny(s, "?#@")
}

// isPseudonymText reports whether every run of s is a pseudonym (text
// made by pseudonymizer.text).
func isPseudonymText(s string) bool {
	ok := true
	forRuns([]byte(s), func(start, end int) {
		ok = ok && IsPseudonym(s[start:end])
	})
	return ok
}

// decodeB64 decodes base64url or standard base64, padded or not, and says
// which encoding to write back.
func decodeB64(v string) ([]byte, *base64.Encoding, bool) {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			return b, enc, true
		}
	}
	return nil, nil, false
}

// object rewrites a base64 JSON object, keeping keptClaims (and, with
// urls, plain URLs) and replacing every other value.
func (p *pseudonymizer) object(seg string, urls bool) (string, bool) {
	raw, enc, ok := decodeB64(seg)
	if !ok {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var buf bytes.Buffer
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	buf.WriteByte('{')
	for first := true; dec.More(); first = false {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		name, _ := t.(string)
		if !first {
			buf.WriteByte(',')
		}
		writeJSONString(&buf, name)
		buf.WriteByte(':')
		var val json.RawMessage
		if dec.Decode(&val) != nil {
			return "", false
		}
		if keptClaims[name] {
			buf.Write(val)
			continue
		}
		if urls {
			var s string
			if json.Unmarshal(val, &s) == nil && isPlainURL(s) {
				buf.Write(val)
				continue
			}
		}
		p.claimValue(&buf, val)
	}
	if _, err := dec.Token(); err != nil {
		return "", false
	}
	buf.WriteByte('}')
	return enc.EncodeToString(buf.Bytes()), true
}

// claimValue writes the pseudonym of a personal claim value: strings get
// pseudonyms, numbers keyed digits of their length, objects and arrays
// the same recursively; booleans and null stay.
func (p *pseudonymizer) claimValue(buf *bytes.Buffer, val json.RawMessage) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(val))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		buf.Write(val)
		return
	}
	switch x := v.(type) {
	case string:
		writeJSONString(buf, p.text(x))
	case json.Number:
		s := x.String()
		b := make([]byte, len(s))
		p.keyed(b, s, 'n')
		for i := range b {
			b[i] = '1' + b[i]%9 // digits 1-9: no leading zero
		}
		buf.Write(b)
	case []any, map[string]any:
		// Nested values: keep the structure, pseudonymize the leaves.
		p.nested(buf, val)
	default:
		buf.Write(val)
	}
}

func (p *pseudonymizer) nested(buf *bytes.Buffer, val json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(val))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil {
		buf.Write(val)
		return
	}
	open := t.(json.Delim)
	buf.WriteRune(rune(open))
	for first := true; dec.More(); first = false {
		if !first {
			buf.WriteByte(',')
		}
		if open == '{' {
			k, _ := dec.Token()
			name, _ := k.(string)
			writeJSONString(buf, name)
			buf.WriteByte(':')
		}
		var sub json.RawMessage
		if dec.Decode(&sub) != nil {
			return
		}
		p.claimValue(buf, sub)
	}
	if open == '{' {
		buf.WriteByte('}')
	} else {
		buf.WriteByte(']')
	}
}

// text returns a claim string with every token run replaced.
func (p *pseudonymizer) text(s string) string {
	if s == "" {
		return s
	}
	var b []byte
	last := 0
	forRuns([]byte(s), func(start, end int) {
		b = append(b, s[last:start]...)
		b = append(b, p.value(s[start:end])...)
		last = end
	})
	if b == nil {
		return p.plain(s, len(s)) // only delimiters: replace it whole
	}
	return string(append(b, s[last:]...))
}

// writeJSONString writes s as a JSON string, escaping only what JSON
// requires.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	buf.Write(appendEscaped(nil, []byte(s)))
	buf.WriteByte('"')
}
