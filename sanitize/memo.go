package sanitize

import (
	"bytes"
	"hash/maphash"
)

// Header, cookie and parameter values recur entry after entry (the same
// Cookie header on every request, the same User-Agent), and scrubbing one
// depends only on its place, its name and the value itself: in pass one
// it learns the same runs again, in pass two it makes the same output
// (the learned set and the pseudonyms are fixed by then). So the outcome
// is remembered, within a memory budget, and a value met again costs one
// map lookup. --check does not remember: it reports where each secret is.

const (
	// maxMemoValue is the longest value remembered.
	maxMemoValue = 4 << 10
	// memoBudget bounds the bytes of keys and outputs remembered; past
	// it the memo starts again empty.
	memoBudget = 4 << 20
)

// valueMemo remembers the outcomes of scrubbing structured values. A value
// is remembered the second time it is met: many are unique (a rolling
// session cookie, a Date header), and remembering those would only cost.
type valueMemo struct {
	m     map[string]memoOutcome
	bytes int
	key   []byte // scratch for the key of a lookup
	seed  maphash.Seed
	// seen holds the hashes of keys met once, one per slot.
	seen *[1 << 14]uint64
}

// memoOutcome is what scrubbing one value did: its output when it changed,
// and the kinds of the secrets it replaced (counted again on each use).
type memoOutcome struct {
	out     []byte
	changed bool
	kinds   []Kind
}

// memoKey returns the key of value v of a header, cookie or parameter
// called name, valid until the next call.
func (m *valueMemo) memoKey(r role, name string, v []byte) []byte {
	k := append(m.key[:0], byte(r))
	k = append(k, name...)
	k = append(k, 0)
	k = append(k, v...)
	m.key = k
	return k
}

// structuredMemo is scrub (the structured scrubbing of value v of a
// header, cookie or parameter called name), remembered.
func (s *scrubber) structuredMemo(r role, name string, v []byte, scrub func() ([]byte, bool)) ([]byte, bool) {
	if s.mode == modeCheck || len(v) > maxMemoValue {
		return scrub()
	}
	m := &s.memo
	k := m.memoKey(r, name, v)
	if o, ok := m.m[string(k)]; ok {
		for _, kind := range o.kinds {
			s.counts[kind]++
		}
		if !o.changed {
			return v, false
		}
		return o.out, true
	}
	if m.seen == nil {
		m.seed, m.seen = maphash.MakeSeed(), new([1 << 14]uint64)
	}
	h := maphash.Bytes(m.seed, k) | 1 // 0 is an empty slot
	if slot := &m.seen[h%uint64(len(m.seen))]; *slot != h {
		*slot = h
		return scrub()
	}
	s.replaced = s.replaced[:0]
	s.recording = true
	out, changed := scrub()
	s.recording = false
	o := memoOutcome{changed: changed}
	if changed {
		o.out = bytes.Clone(out)
	}
	if len(s.replaced) > 0 {
		o.kinds = append([]Kind(nil), s.replaced...)
	}
	if m.m == nil || m.bytes+len(k)+len(o.out) > memoBudget {
		m.m, m.bytes = map[string]memoOutcome{}, 0
	}
	m.m[string(k)] = o
	m.bytes += len(k) + len(o.out) + 16*len(o.kinds)
	return out, changed
}
