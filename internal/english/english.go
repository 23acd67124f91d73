// Package english holds the small pieces of English that reports and error
// messages share.
package english

import "strconv"

// Count returns n and the noun for it: "1 entry", "3 entries".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
