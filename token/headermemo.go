package token

import (
	"hash/maphash"
	"strings"
	"sync"
)

// headerSlots is the number of decoded JOSE headers remembered.
const headerSlots = 64

// headerMemo remembers the protected headers decoded last, by their
// base64url text: a rolling session cookie carries the same header in every
// value ({"alg":"dir","enc":"A256GCM"}), so decoding its JSON once saves an
// encoding/json pass per value. It is direct-mapped and safe for concurrent
// use. The maps it hands out are shared: Token.Header is read-only.
type headerMemo struct {
	mu    sync.Mutex
	seed  maphash.Seed
	slots [headerSlots]struct {
		raw string
		h   map[string]any
	}
}

var headers = headerMemo{seed: maphash.MakeSeed()}

// decodeHeader returns the JSON object that the base64url text raw
// encodes, as decodeObject(b64url(raw)) does.
func (m *headerMemo) decodeHeader(raw string) (map[string]any, error) {
	i := maphash.String(m.seed, raw) % headerSlots
	m.mu.Lock()
	s := m.slots[i]
	m.mu.Unlock()
	if s.h != nil && s.raw == raw {
		return s.h, nil
	}
	b, err := b64url(raw)
	if err != nil {
		return nil, err
	}
	h, err := decodeObject(b)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.slots[i].raw, m.slots[i].h = strings.Clone(raw), h // not a view into the cookie header
	m.mu.Unlock()
	return h, nil
}
