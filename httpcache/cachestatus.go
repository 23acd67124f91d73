package httpcache

import (
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// CacheStatusEntry is one member of an RFC 9211 Cache-Status field: one cache
// that handled the request, with the parameters RFC 9211 §2 defines.
type CacheStatusEntry struct {
	// Cache identifies the cache (a String or Token, RFC 9211 §2).
	Cache string
	// Hit: the request was satisfied by this cache without going forward.
	Hit bool
	// Fwd is why the request went forward: bypass, method, uri-miss,
	// vary-miss, miss, request, stale, partial (RFC 9211 §2.2); empty when
	// absent.
	Fwd string
	// FwdStatus is the next hop's status code, 0 when absent.
	FwdStatus int
	// TTL is the remaining freshness in seconds (negative when stale);
	// HasTTL says whether it was present.
	TTL    int64
	HasTTL bool
	// Stored, Collapsed, Key and Detail are the remaining parameters.
	Stored    bool
	Collapsed bool
	Key       string
	Detail    string
}

// ParseCacheStatus parses Cache-Status field lines (RFC 9211) as one RFC 8941
// List. ok is false when the combined value is not a valid List. Members whose
// identifier is not a String or Token are skipped (RFC 9211 §2: the
// identifier "MUST be a String or Token"), as are parameters of the wrong
// type. The list is ordered from the cache nearest the origin to the one
// nearest the user: "The first member represents the cache closest to the
// origin server, and the last member represents the cache closest to the
// user" (RFC 9211 §2).
func ParseCacheStatus(values ...string) ([]CacheStatusEntry, bool) {
	if len(values) == 0 {
		return nil, true
	}
	joined := values[0]
	if len(values) > 1 {
		joined = strings.Join(values, ", ")
	}
	members, ok := parseSFList(joined)
	if !ok {
		return nil, false
	}
	out := make([]CacheStatusEntry, 0, len(members))
	for _, m := range members {
		if m.inner || (m.item.kind != sfString && m.item.kind != sfToken) {
			continue
		}
		e := CacheStatusEntry{Cache: m.item.text}
		for _, p := range m.params {
			it := p.value
			switch p.key {
			case "hit":
				e.Hit = it.kind == sfBoolean && it.boolean
			case "fwd":
				if it.kind == sfToken {
					e.Fwd = ascii.Lower(it.text)
				}
			case "fwd-status":
				if it.kind == sfInteger {
					e.FwdStatus = int(it.integer)
				}
			case "ttl":
				if it.kind == sfInteger {
					e.TTL, e.HasTTL = it.integer, true
				}
			case "stored":
				e.Stored = it.kind == sfBoolean && it.boolean
			case "collapsed":
				e.Collapsed = it.kind == sfBoolean && it.boolean
			case "key":
				if it.kind == sfString {
					e.Key = it.text
				}
			case "detail":
				if it.kind == sfString || it.kind == sfToken {
					e.Detail = it.text
				}
			}
		}
		out = append(out, e)
	}
	return out, true
}

// State classifies one Cache-Status member:
//   - hit: Hit, or Stale when ttl is negative ("A stale hit just has
//     negative freshness", RFC 9211 §3);
//   - fwd=stale with fwd-status=304: Revalidated (RFC 9211 §3: "A miss that
//     successfully validated on the back-end server");
//   - fwd=uri-miss, vary-miss, miss, partial, or stale otherwise: Miss;
//   - fwd=bypass, method or request: Bypass;
//   - anything else: Other.
//
// RFC 9211 §2.3 defaults an absent fwd-status to the response's own status;
// an entry does not know that status, so fwd=stale without fwd-status is Miss.
func (c CacheStatusEntry) State() State {
	switch {
	case c.Hit:
		if c.HasTTL && c.TTL < 0 {
			return Stale
		}
		return Hit
	case c.Fwd == "stale" && c.FwdStatus == 304:
		return Revalidated
	}
	switch c.Fwd {
	case "uri-miss", "vary-miss", "miss", "partial", "stale":
		return Miss
	case "bypass", "method", "request":
		return Bypass
	}
	return Other
}
