package jar

import (
	"crypto/sha256"
	"encoding/hex"
)

// ID returns a compact identifier of a cookie value for [Line.Compact] and
// [Exchange.Sent]: the first 8 bytes of its SHA-256, as a string. An empty
// value (a deletion) keeps the empty ID. Eight bytes keep collisions out of
// reach for any HAR (the 4-byte fingerprints of package redact, fine for
// reading a report, are expected to collide once a HAR holds some 80,000
// distinct values).
func ID(value string) string {
	if value == "" {
		return ""
	}
	var buf [512]byte // the value on the stack when it fits: no copy on the heap
	sum := sha256.Sum256(append(buf[:0], value...))
	return string(sum[:8])
}

// Fingerprint returns the fingerprint that package redact shows for the
// value whose ID is id (redact.Fingerprint(value)): the first 4 bytes of the
// SHA-256 in hex. It returns "" for an empty or malformed ID.
func Fingerprint(id string) string {
	if len(id) != 8 {
		return ""
	}
	return hex.EncodeToString([]byte(id[:4]))
}
