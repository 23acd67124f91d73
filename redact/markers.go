package redact

import "strings"

// redactionMarkers are values that sanitizers write in place of secrets.
// "obfuscated" is what jfromaniello/har-sanitizer writes (README: "replace
// the values of the sensitive information with the string obfuscated").
var redactionMarkers = map[string]bool{
	"redacted": true, "[redacted]": true, "<redacted>": true, "(redacted)": true, "{redacted}": true,
	"filtered": true, "[filtered]": true, "<filtered>": true, "hidden": true, "[hidden]": true,
	"<hidden>": true, "removed": true, "[removed]": true, "<removed>": true, "sanitized": true,
	"[sanitized]": true, "<sanitized>": true, "scrubbed": true, "[scrubbed]": true, "masked": true,
	"[masked]": true, "<masked>": true, "__redacted__": true, "redacted_value": true, "obfuscated": true,
}

// maxMarkerWord bounds the length of the words in redactionMarkers.
const maxMarkerWord = 16

// IsRedactionMarker reports whether a cookie or header value is a
// placeholder left by a sanitizer (or by authlint's own redaction, Value)
// rather than a real value: such a value hides what rules need, and rules
// that would read it say so instead. A pseudonym (IsPseudonym) is not a
// marker: it keeps the identity and length of the value it stands for.
func IsRedactionMarker(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) <= maxMarkerWord {
		// Lower-cased on the stack: this runs on every secret value.
		var b [maxMarkerWord]byte
		n := copy(b[:], v)
		for i := range n {
			if c := b[i]; c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		if redactionMarkers[string(b[:n])] {
			return true
		}
	}
	if IsPlaceholder(v) {
		return true
	}
	if len(v) >= 3 && (strings.Trim(v, "*") == "" || strings.Trim(v, "x") == "" || strings.Trim(v, "X") == "" || strings.Trim(v, "•") == "") {
		return true
	}
	return false
}
