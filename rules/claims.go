package rules

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
)

// Claims: what a readable session token carries, to tell a lost update from
// a refresh (session-cookie-race).

// refreshClaims change on every re-issue of the same session and are
// ignored when comparing sessions.
var refreshClaims = map[string]bool{"exp": true, "iat": true, "nbf": true, "jti": true, "uat": true, "expires_at": true, "expires_in": true}

// maxClaimDepth bounds how deep nested claims are compared one by one;
// deeper values are compared whole.
const maxClaimDepth = 3

// claimSet is the data of a readable or decrypted session token, without the
// refresh claims: a hash per claim path ("user.email") and of the whole.
type claimSet struct {
	sum    uint64
	leaves map[string]uint64
	values map[string]string // canonical JSON per path, kept only with ShowClaims
}

func newClaimSet(claims map[string]any, keepValues bool) *claimSet {
	cs := &claimSet{leaves: map[string]uint64{}}
	if keepValues {
		cs.values = map[string]string{}
	}
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			if depth == 0 && refreshClaims[k] {
				continue
			}
			path := k
			if prefix != "" {
				path = prefix + "." + k
			}
			if sub, ok := v.(map[string]any); ok && depth+1 < maxClaimDepth && len(sub) > 0 {
				walk(path, sub, depth+1)
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				b = []byte(fmt.Sprint(v))
			}
			cs.leaves[path] = claimHash(path, string(b))
			if keepValues {
				cs.values[path] = string(b)
			}
		}
	}
	walk("", claims, 0)
	paths := make([]string, 0, len(cs.leaves))
	for k := range cs.leaves {
		paths = append(paths, k)
	}
	slices.Sort(paths)
	h := fnv.New64a()
	for _, k := range paths {
		fmt.Fprintf(h, "%s\x00%x\x00", k, cs.leaves[k])
	}
	cs.sum = h.Sum64()
	return cs
}

func claimHash(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// changedPaths returns the claim paths whose values differ between a and b,
// a path present in only one of them included.
func changedPaths(a, b *claimSet) map[string]bool {
	out := map[string]bool{}
	if a.sum == b.sum {
		return out
	}
	for k, v := range a.leaves {
		if w, ok := b.leaves[k]; !ok || w != v {
			out[k] = true
		}
	}
	for k := range b.leaves {
		if _, ok := a.leaves[k]; !ok {
			out[k] = true
		}
	}
	return out
}

// lostClaims returns the claim paths that the newer value changed relative
// to the value the stale request carried and that the winning value holds
// as the stale request carried them: the update the stale write undid. A
// claim the winner changed too (two concurrent token refreshes) is a
// conflict between two new values, not a stale overwrite, and is left out.
// With showValues it also returns "path: newer -> winner" for each.
func lostClaims(newer, staleSent, winner *claimSet, showValues bool) ([]string, []string) {
	var lost []string
	for k := range changedPaths(newer, staleSent) {
		w, inWinner := winner.leaves[k]
		s, inSent := staleSent.leaves[k]
		if inWinner == inSent && w == s {
			lost = append(lost, k)
		}
	}
	slices.Sort(lost)
	var vals []string
	if showValues && newer.values != nil && winner.values != nil {
		for _, k := range lost {
			vals = append(vals, fmt.Sprintf("%s: %s -> %s", k, clipClaim(claimValueOr(newer.values, k)), clipClaim(claimValueOr(winner.values, k))))
		}
	}
	return lost, vals
}

func claimValueOr(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return "(absent)"
}

// clipClaim shortens a claim value for a message.
func clipClaim(s string) string {
	const limit = 60
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "..."
}
