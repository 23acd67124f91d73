// Package redact hides secret values in reports while keeping them
// comparable: a value is replaced by a short, stable fingerprint, so a reader
// can see that two cookies carried the same (or a different) value without
// seeing either.
package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Fingerprint returns 8 lower-case hex digits of the SHA-256 of v. The same
// value always gives the same fingerprint, in every run and every format.
func Fingerprint(v string) string {
	var buf [512]byte // v on the stack when it fits: no copy on the heap
	sum := sha256.Sum256(append(buf[:0], v...))
	return hex.EncodeToString(sum[:4])
}

// Value returns the placeholder that stands for v in reports:
// "[redacted:1a2b3c4d]". An empty value stays empty: there is nothing to hide
// and "empty" is itself evidence (a deletion cookie). A pseudonym
// (IsMadePseudonym) stays as it is too: it hides nothing, and a report on a
// sanitized HAR then names the values that are in the file.
func Value(v string) string {
	if v == "" || IsMadePseudonym(v) {
		return v
	}
	return "[redacted:" + Fingerprint(v) + "]"
}

// IsPlaceholder reports whether s is a placeholder made by Value.
func IsPlaceholder(s string) bool {
	return strings.HasPrefix(s, "[redacted:") && strings.HasSuffix(s, "]") && len(s) == len("[redacted:]")+8
}
