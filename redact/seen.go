package redact

import (
	"crypto/sha256"
	"hash/maphash"
	"math/bits"
	"net/url"
	"slices"
)

// Seen remembers the secret values of one input by 64-bit hashes, so that a
// value seen as secret in one place (a session cookie, an Authorization
// header, a token parameter) is recognised wherever it reappears, under any
// name, without keeping the value itself. It holds at most MaxSeen hashes;
// values beyond that are not remembered (Full reports it). The zero value is
// ready to use; a Seen is not safe for concurrent use.
type Seen struct {
	added map[uint64]struct{} // maphash of the values added, to skip repeats fast
	seed  maphash.Seed
	fps   map[uint64][4]byte // hash of a spelling -> fingerprint of the value
	lens  []seenLen          // the lengths of the spellings, longest first
	bloom []uint64           // one bit per hash, to skip most map look-ups
	full  bool
}

type seenLen struct {
	n   int
	pow uint64 // base^n mod p, to take substring hashes
}

// Bounds of a Seen.
const (
	// MaxSeen caps the hashes one input remembers (each value is kept
	// as written, percent-decoded and percent-encoded: up to 4 hashes).
	MaxSeen = 1 << 16
	// MinSeenLen is the shortest value remembered: shorter ones would
	// match ordinary text by chance.
	MinSeenLen = 8
	// maxSeenLen is the longest value remembered.
	maxSeenLen = 16 << 10
	// maxAdded caps the fast-path set of values added recently.
	maxAdded  = 1 << 14
	bloomBits = 1 << 20
)

// Add remembers v as a secret, as written and in its percent-decoded and
// percent-encoded spellings. It ignores values shorter than MinSeenLen,
// placeholders, pseudonyms (IsMadePseudonym) and values past the cap.
func (s *Seen) Add(v string) {
	if len(v) < MinSeenLen || len(v) > maxSeenLen || IsPlaceholder(v) {
		return
	}
	if s.full {
		return // nothing more is remembered (see add): skip the hashing
	}
	// The same cookie comes with every request: a repeat costs one fast
	// hash, not a polynomial one and a SHA-256. added is only that fast
	// path (add skips a spelling it has), so it is cleared when full.
	if s.added == nil {
		s.added = map[uint64]struct{}{}
		s.seed = maphash.MakeSeed()
	}
	mh := maphash.String(s.seed, v)
	if _, ok := s.added[mh]; ok {
		return
	}
	if len(s.added) >= maxAdded {
		clear(s.added)
	}
	s.added[mh] = struct{}{}
	if IsMadePseudonym(v) {
		return // not a secret: reports print it as it is (see Value)
	}
	var buf [512]byte // v on the stack for SHA-256 when it fits
	sum := sha256.Sum256(append(buf[:0], v...))
	var fp [4]byte
	copy(fp[:], sum[:4])
	sps := [...]string{v, v, v, v}
	if !unreserved(v) { // most values (base64url, hex) are spelled one way
		sps = [...]string{v, unescape(v), url.QueryEscape(v), url.PathEscape(v)}
	}
	for i, sp := range sps {
		if len(sp) >= MinSeenLen && !slices.Contains(sps[:i], sp) { // most values have one spelling
			s.add(sp, fp)
		}
	}
}

// unreserved reports whether v has only RFC 3986 unreserved characters
// (ALPHA DIGIT - . _ ~): its percent-decoded, query-escaped and
// path-escaped spellings are v itself.
func unreserved(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

func (s *Seen) add(sp string, fp [4]byte) {
	if s.fps == nil {
		s.fps = map[uint64][4]byte{}
		s.bloom = make([]uint64, bloomBits/64)
	}
	h := key(hashOf(sp), len(sp))
	if _, ok := s.fps[h]; ok {
		return
	}
	if len(s.fps) >= MaxSeen {
		s.full = true
		return
	}
	s.fps[h] = fp
	s.bloom[(h%bloomBits)/64] |= 1 << (h % 64)
	i, found := slices.BinarySearchFunc(s.lens, len(sp), func(l seenLen, n int) int { return n - l.n })
	if !found {
		s.lens = slices.Insert(s.lens, i, seenLen{n: len(sp), pow: power(len(sp))})
	}
}

// Len returns how many spellings s remembers.
func (s *Seen) Len() int { return len(s.fps) }

// Full reports whether s reached MaxSeen and dropped values.
func (s *Seen) Full() bool { return s.full }

// Has reports whether v is a remembered value (in any spelling).
func (s *Seen) Has(v string) bool {
	if s == nil || len(s.fps) == 0 {
		return false
	}
	_, ok := s.fps[key(hashOf(v), len(v))]
	return ok
}

// Replace returns text with every occurrence of a remembered value
// replaced by its placeholder, longest match first, left to right.
func (s *Seen) Replace(text string) string {
	if s == nil || len(s.fps) == 0 || len(text) < MinSeenLen {
		return text
	}
	// prefix[i] is the hash of text[:i]; the hash of text[i:i+n] is
	// prefix[i+n] - prefix[i]*base^n.
	prefix := make([]uint64, len(text)+1)
	for i := 0; i < len(text); i++ {
		prefix[i+1] = addmod(mulmod(prefix[i], base), uint64(text[i])+1)
	}
	var out []byte
	last := 0
	const phLen = len("[redacted:12345678]")
	for i := 0; i < len(text); {
		if text[i] == '[' && i+phLen <= len(text) && IsPlaceholder(text[i:i+phLen]) {
			i += phLen // a placeholder stays as it is
			continue
		}
		matched := 0
		var fp [4]byte
		for _, l := range s.lens {
			if i+l.n > len(text) {
				continue
			}
			h := key(submod(prefix[i+l.n], mulmod(prefix[i], l.pow)), l.n)
			if s.bloom[(h%bloomBits)/64]&(1<<(h%64)) == 0 {
				continue
			}
			if f, ok := s.fps[h]; ok {
				matched, fp = l.n, f
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		out = append(out, text[last:i]...)
		out = append(out, "[redacted:"...)
		out = append(out, hexDigits(fp)...)
		out = append(out, ']')
		i += matched
		last = i
	}
	if out == nil {
		return text
	}
	return string(append(out, text[last:]...))
}

func hexDigits(fp [4]byte) []byte {
	const digits = "0123456789abcdef"
	b := make([]byte, 8)
	for i, c := range fp {
		b[2*i], b[2*i+1] = digits[c>>4], digits[c&15]
	}
	return b
}

// A polynomial hash modulo the Mersenne prime 2^61-1, so that the hash of
// every substring of a text comes from one pass over it.
const (
	mod  = 1<<61 - 1
	base = 0x5bd1e995 + 256
)

func hashOf(s string) uint64 {
	var h uint64
	for i := 0; i < len(s); i++ {
		h = addmod(mulmod(h, base), uint64(s[i])+1)
	}
	return h
}

// key mixes the length into a hash, so that spellings of different
// lengths never share a key.
func key(h uint64, n int) uint64 { return h ^ uint64(n)*0x9e3779b97f4a7c15 }

func power(n int) uint64 {
	p := uint64(1)
	for range n {
		p = mulmod(p, base)
	}
	return p
}

func mulmod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// a*b = hi*2^64 + lo; 2^64 = 8 (mod 2^61-1).
	r := (lo & mod) + (lo >> 61) + (hi << 3)
	r = (r & mod) + (r >> 61)
	if r >= mod {
		r -= mod
	}
	return r
}

func addmod(a, b uint64) uint64 {
	r := a + b
	if r >= mod {
		r -= mod
	}
	return r
}

func submod(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + mod - b
}
