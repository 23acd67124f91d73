package auth

import (
	"slices"
	"strings"
)

// SessionPairs returns the indexes (into names, ascending) of the cookies
// that together make a split signed session: a user-id cookie "<p>_uid" and,
// with the same prefix p, its proof "<p>_enc" or "<p>_<...sign...>" ("sign"
// anywhere after the prefix, ignoring case: "<p>_sign", "<p>_signature",
// "<p>_usign"). names are the cookies set by one response, or sent in one
// request; values are their values, in the same order.
//
// The id alone is a tracker as often as a login ("ckpf_uid", "mako_uid"), so
// a cookie counts only with its partner beside it, and the partner's value
// must be long enough for a signature or a ciphertext (16 characters or
// more) while the id's is not empty. Names a catalog rule already classifies
// are the caller's to skip. No framework documents this convention (custom
// PHP and ASP sites write it), so it is deliberately narrow.
func SessionPairs(names, values []string) []int {
	if len(names) < 2 || len(values) != len(names) {
		return nil
	}
	var out []int
	for i, n := range names {
		p, ok := uidPrefix(n)
		if !ok || values[i] == "" {
			continue
		}
		paired := false
		for j, m := range names {
			if j != i && len(values[j]) >= 16 && isUIDPartner(p, m) {
				out = append(out, j)
				paired = true
			}
		}
		if paired {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return nil
	}
	// A partner may pair with two ids.
	slices.Sort(out)
	return slices.Compact(out)
}

// uidPrefix returns p for a name "<p>_uid" (any case) with a non-empty p.
func uidPrefix(name string) (string, bool) {
	const suffix = "_uid"
	if len(name) <= len(suffix) || !strings.EqualFold(name[len(name)-len(suffix):], suffix) {
		return "", false
	}
	return name[:len(name)-len(suffix)], true
}

// isUIDPartner reports whether name is "<p>_enc" or "<p>_" followed by
// something containing "sign", ignoring case.
func isUIDPartner(p, name string) bool {
	if len(name) <= len(p)+1 || !strings.EqualFold(name[:len(p)], p) || name[len(p)] != '_' {
		return false
	}
	rest := strings.ToLower(name[len(p)+1:])
	return rest == "enc" || strings.Contains(rest, "sign")
}
