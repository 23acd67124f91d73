package rules

import "hash/maphash"

// A valueKey identifies a cookie value, with its name, in a rule's maps of
// values seen: a 64-bit hash, keyed per process, so a map keeps no secret
// and costs no SHA-256 per entry. (Printed fingerprints are
// redact.Fingerprint's.)
type valueKey uint64

// valueSeed keys every valueKey of the process.
var valueSeed = maphash.MakeSeed()

// keyOf returns the key of the value of cookie name (name may be empty for
// a value on its own).
func keyOf(name, value string) valueKey {
	var h maphash.Hash
	h.SetSeed(valueSeed)
	h.WriteString(name)
	h.WriteByte(0)
	h.WriteString(value)
	return valueKey(h.Sum64())
}
