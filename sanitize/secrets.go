package sanitize

import (
	"bytes"
	"hash/maphash"
	"sort"
)

// Kind says what a scrubbed value was.
type Kind string

// The kinds of secret values, as --report and --check name them.
const (
	KindCookie        Kind = "cookie value"
	KindTxnState      Kind = "state in a cookie name"
	KindAuthorization Kind = "authorization credentials"
	KindCode          Kind = "oauth code"
	KindState         Kind = "oauth state"
	KindNonce         Kind = "nonce"
	KindVerifier      Kind = "pkce verifier"
	KindToken         Kind = "token"
	KindClientSecret  Kind = "client secret"
	KindPassword      Kind = "password"
	KindOneTime       Kind = "one-time code"
	KindAPIKey        Kind = "api key"
	KindSignature     Kind = "signature"
	KindSAML          Kind = "saml message"
	KindSession       Kind = "session id"
	KindCSRF          Kind = "csrf token"
	KindCredential    Kind = "credential"
	KindJWT           Kind = "jwt"
	KindRandom        Kind = "random id"
	KindUserinfo      Kind = "url password"
	KindEmail         Kind = "e-mail address" // with --pii
	KindIP            Kind = "ip address"     // with --pii
)

// Bounds of what one run learns.
const (
	// MinLearnLen is the shortest run that is found again anywhere once
	// learned: shorter runs match ordinary text by chance, so they are
	// scrubbed only where their name or place says they are secret.
	MinLearnLen = 8
	// maxLearnLen is the longest run learned.
	maxLearnLen = 16 << 10
	// maxLearned caps the runs learned (8 bytes each, plus the filter).
	maxLearned = 1 << 20
	filterBits = 1 << 23
)

// learned holds the hashes of the secret runs of one input.
type learned struct {
	seed   maphash.Seed
	set    runSet
	filter []uint64
	full   bool
	// names are the names of header, cookie and parameter objects whose
	// value came before their name, by ordinal, so that the rewriting
	// pass knows the name when it meets the value.
	names map[int]string
	// annotated is set when an entry of the input has an "_authlint"
	// member already (it was sanitized with secrets): it is kept, and no
	// other is added.
	annotated bool
	// notes are what pass one saw in long bodies (notes.go).
	notes notes
}

// maxNames caps learned.names.
const maxNames = 1 << 20

func newLearned() *learned {
	return &learned{seed: maphash.MakeSeed(), filter: make([]uint64, filterBits/64), names: map[int]string{}}
}

func (l *learned) nameAt(ord int, name string) {
	if len(l.names) < maxNames {
		l.names[ord] = name
	}
}

func (l *learned) hash(run []byte) uint64 {
	return maphash.Bytes(l.seed, run)
}

// add learns one run (as written and percent-decoded).
func (l *learned) add(run []byte, k Kind) {
	if len(run) < MinLearnLen || len(run) > maxLearnLen {
		return
	}
	l.put(l.hash(run), k)
	if bytes.IndexByte(run, '%') < 0 {
		return
	}
	if c := canonical(string(run)); len(c) != len(run) && len(c) >= MinLearnLen {
		l.put(l.hash([]byte(c)), k)
	}
}

func (l *learned) put(h uint64, k Kind) {
	if _, ok := l.set.get(h); ok {
		return
	}
	if l.set.len() >= maxLearned {
		l.full = true
		return
	}
	l.set.add(h, k)
	b := h % filterBits
	l.filter[b/64] |= 1 << (b % 64)
}

// has reports whether run was learned, and as what.
func (l *learned) has(run []byte) (Kind, bool) {
	if len(run) < MinLearnLen || len(run) > maxLearnLen || l.set.len() == 0 {
		return "", false
	}
	h := l.hash(run)
	b := h % filterBits
	if l.filter[b/64]&(1<<(b%64)) == 0 {
		return "", false
	}
	return l.set.get(h)
}

// hasHash reports whether a run of learnable length with hash h was
// learned: has, for a hash noted earlier.
func (l *learned) hasHash(h uint64) bool {
	if l.set.len() == 0 {
		return false
	}
	b := h % filterBits
	if l.filter[b/64]&(1<<(b%64)) == 0 {
		return false
	}
	_, ok := l.set.get(h)
	return ok
}

// Counts are what one sanitize run scrubbed, by kind.
type Counts map[Kind]int

// Total returns the number of values scrubbed.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Kinds returns the kinds in c, most frequent first, then by name.
func (c Counts) Kinds() []Kind {
	ks := make([]Kind, 0, len(c))
	for k := range c {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if c[ks[i]] != c[ks[j]] {
			return c[ks[i]] > c[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks
}
