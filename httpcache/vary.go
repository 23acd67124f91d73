package httpcache

import (
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/ascii"
)

// VaryCovers reports whether the response's Vary field (RFC 9110 §12.5.5)
// makes the stored response depend on the request field: it lists field
// (case-insensitively) or "*". Every Vary line and every comma-separated
// member counts.
func VaryCovers(h har.Headers, field string) bool {
	for _, x := range h {
		if !ascii.EqualFold(x.Name, "vary") {
			continue
		}
		found := false
		splitList(x.Value, func(m string) bool {
			if m == "*" || ascii.EqualFold(m, field) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// varyStar reports whether Vary contains "*", which never matches a later
// request (RFC 9111 §4.1).
func varyStar(h har.Headers) bool {
	return VaryCovers(h, "*")
}
