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

	"github.com/authlint/authlint/redact"
)

// A pseudonym stands for one secret value: the same value (under the same
// key) always gets the same pseudonym, different values get different ones,
// and the pseudonym says that it is one, so that a second run and --check
// leave it alone. The format, and IsPseudonym that recognises it without the
// key, belong to package redact (redact/pseudonym.go), because analyze reads
// pseudonyms too: it prints them as they are. This file makes them.

const (
	pseudonymPrefix = redact.PseudonymPrefix
	checkLen        = redact.PseudonymCheckLen
	// MinPseudonymLen is the length of the pseudonym of a short value.
	MinPseudonymLen = redact.MinPseudonymLen
	base62          = redact.PseudonymAlphabet
	supabasePrefix  = redact.SupabasePrefix
)

// IsPseudonym reports whether v is a pseudonym made by sanitize
// (redact.IsPseudonym).
func IsPseudonym(v string) bool { return redact.IsPseudonym(v) }

func isPlainPseudonym(v string) bool { return redact.IsPlainPseudonym(v) }

func checkDigits(body string) string { return redact.PseudonymCheck(body) }

func kindPrefixLen(v string) int { return redact.KindPrefixLen(v) }

func decodeB64(v string) ([]byte, *base64.Encoding, bool) { return redact.DecodeBase64(v) }

// maxMemo bounds the pseudonyms remembered to save recomputing them.
const maxMemo = 1 << 16

// pseudonymizer makes the pseudonyms of one run.
type pseudonymizer struct {
	mac  hash.Hash
	sum  [sha256.Size]byte
	memo map[string]string
	// memoB is memo for valueBytes, so that a pseudonym met again costs no
	// allocation.
	memoB map[string][]byte
	rng   *rand.ChaCha8 // reseeded for every value
}

func newPseudonymizer(key []byte) *pseudonymizer {
	return &pseudonymizer{mac: hmac.New(sha256.New, key), memo: map[string]string{}, memoB: map[string][]byte{}}
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
	if p.rng == nil {
		p.rng = rand.NewChaCha8(seed)
	} else {
		p.rng.Seed(seed) // as rand.NewChaCha8(seed), without allocating one
	}
	p.rng.Read(dst)
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

// valueBytes is value for a run in a buffer. The caller must not modify
// the result.
func (p *pseudonymizer) valueBytes(run []byte) []byte {
	if r, ok := p.memoB[string(run)]; ok {
		return r
	}
	r := []byte(p.value(string(run)))
	if len(p.memoB) >= maxMemo {
		clear(p.memoB)
	}
	p.memoB[string(run)] = r
	return r
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
		} else if d, ok := p.dotted(v); ok {
			r = d
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

// isJOSEHeaderBytes is isJOSEHeader for a header in a buffer, decoded on
// the stack when it is short (every JOSE header seen is).
func isJOSEHeaderBytes(seg []byte) bool {
	var buf [384]byte
	if !bytes.HasPrefix(seg, []byte("eyJ")) {
		return false
	}
	seg = bytes.TrimRight(seg, "=")
	if base64.RawURLEncoding.DecodedLen(len(seg)) > len(buf) {
		return isJOSEHeader(string(seg))
	}
	n, err := base64.RawURLEncoding.Decode(buf[:], seg)
	if err != nil {
		return false
	}
	return joseObject(buf[:n])
}

// joseObject reports whether a decoded header is a JSON object naming
// "alg" or "enc" (json.Valid is cheaper than decoding; a key spelled with
// escapes is not a JOSE header).
func joseObject(b []byte) bool {
	if len(b) == 0 || b[0] != '{' || !(bytes.Contains(b, []byte(`"alg"`)) || bytes.Contains(b, []byte(`"enc"`))) {
		return false
	}
	return json.Valid(b)
}

func isJOSEHeader(seg string) bool {
	if !strings.HasPrefix(seg, "eyJ") {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	return joseObject(b)
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

// object rewrites a base64 JSON object, keeping keptClaims (and, with
// urls, plain URLs) and replacing every other value.
func (p *pseudonymizer) object(seg string, urls bool) (string, bool) {
	raw, enc, ok := decodeB64(seg)
	if !ok {
		return "", false
	}
	out, ok := p.objectJSON(raw, urls)
	if !ok {
		return "", false
	}
	return enc.EncodeToString(out), true
}

// objectJSON rewrites a JSON object the way object does; ok is false when
// raw is not one.
func (p *pseudonymizer) objectJSON(raw []byte, urls bool) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var buf bytes.Buffer
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	buf.WriteByte('{')
	for first := true; dec.More(); first = false {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := t.(string)
		if !first {
			buf.WriteByte(',')
		}
		writeJSONString(&buf, name)
		buf.WriteByte(':')
		var val json.RawMessage
		if dec.Decode(&val) != nil {
			return nil, false
		}
		if redact.IsKeptClaim(name) {
			buf.Write(val)
			continue
		}
		if urls {
			var s string
			if json.Unmarshal(val, &s) == nil && redact.IsPlainURL(s) {
				buf.Write(val)
				continue
			}
		}
		p.claimValue(&buf, val)
	}
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	buf.WriteByte('}')
	return buf.Bytes(), true
}

// dotted returns the pseudonym of a dotted value that is not a JOSE value,
// such as a later chunk of an encrypted cookie ("<ciphertext>.<tag>"):
// piece by piece, so that its dots stay where they were and the joined
// chunks keep the shape of a JWE. A piece of MinPseudonymLen characters or
// more becomes its plain pseudonym, a shorter one keyed digits of its
// length; ok is false (the value becomes one plain pseudonym) when no piece
// is long enough to carry the mark.
func (p *pseudonymizer) dotted(v string) (string, bool) {
	if strings.IndexByte(v, '.') < 0 {
		return "", false
	}
	parts := strings.Split(v, ".")
	marked := false
	for _, seg := range parts {
		marked = marked || len(seg) >= MinPseudonymLen
	}
	if !marked {
		return "", false
	}
	for i, seg := range parts {
		switch {
		case seg == "":
		case len(seg) >= MinPseudonymLen:
			parts[i] = p.plain(canonical(seg), len(seg))
		default:
			b := make([]byte, len(seg))
			p.keyed(b, v+"#"+strconv.Itoa(i), 'd')
			parts[i] = string(b)
		}
	}
	return strings.Join(parts, "."), true
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
