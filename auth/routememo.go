package auth

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// A routeMemo remembers the last route looked up in each of its slots, by
// a hash of the method and path: an app calls few endpoints, each many
// times, and several rules ask for the route of every entry. The slots are
// atomic, so a Catalog stays safe for concurrent use.
type routeMemo struct {
	slots [512]atomic.Pointer[routeMemoEntry]
}

// A routeMemoEntry is a look-up and its answer.
type routeMemoEntry struct {
	method, path string
	route        Route
	ok           bool
}

// routeMemoSeed is the seed of every routeMemo: a memo is per catalog, the
// hash only spreads paths over slots.
var routeMemoSeed = maphash.MakeSeed()

// route returns look(method, path), from the memo when it holds it.
func (m *routeMemo) route(method, path string, look func(method, path string) (Route, bool)) (Route, bool) {
	var h maphash.Hash
	h.SetSeed(routeMemoSeed)
	h.WriteString(method)
	h.WriteByte(0)
	h.WriteString(path)
	slot := &m.slots[h.Sum64()%uint64(len(m.slots))]
	if e := slot.Load(); e != nil && e.method == method && e.path == path {
		return e.route, e.ok
	}
	r, ok := look(method, path)
	slot.Store(&routeMemoEntry{method: strings.Clone(method), path: strings.Clone(path), route: r, ok: ok})
	return r, ok
}
