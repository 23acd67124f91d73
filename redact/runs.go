package redact

import (
	"encoding/binary"
)

// Text is cut into token runs: maximal spans of letters, digits, '-', '_',
// '.', '~', bytes of non-ASCII characters, and percent-escapes of those
// (a percent-escape of anything else, such as %3D or %2F, is a delimiter
// like the character it encodes). Leading and trailing dots are not part of
// a run. authlint sanitize learns, finds and replaces secrets as runs, and
// a pseudonym stands for one run, so IsPseudonym reads text the same way.

// RunChar marks the bytes that belong to a token run.
var RunChar = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c >= 0x80
	}
	return t
}()

// PctRun reports whether s[i] is '%' starting an escape of a run byte.
func PctRun(s []byte, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	h, l := Unhex(s[i+1]), Unhex(s[i+2])
	return h >= 0 && l >= 0 && RunChar[byte(h<<4|l)]
}

// Unhex returns the value of a hex digit, or -1.
func Unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// DelimLen returns the length of the delimiter at s[i]: 3 for a
// percent-escape (of a delimiter), else 1.
func DelimLen(s []byte, i int) int {
	if s[i] == '%' && i+2 < len(s) && Unhex(s[i+1]) >= 0 && Unhex(s[i+2]) >= 0 {
		return 3
	}
	return 1
}

// pairTab is 1 at the index c0|c1<<8 when both bytes c0 and c1 are run
// bytes: RunEnd tests 8 bytes with 4 lookups and one branch.
var pairTab = func() *[1 << 16]uint8 {
	var t [1 << 16]uint8
	for i := range t {
		if RunChar[byte(i)] && RunChar[byte(i>>8)] {
			t[i] = 1
		}
	}
	return &t
}()

// RunEnd returns the end of the run that starts at i (s[i] is a run byte
// or a run escape).
func RunEnd(s []byte, i int) int {
	t := pairTab
	for i < len(s) {
		// 16, then 8 bytes per step while all are run bytes.
		for ; i+16 <= len(s); i += 16 {
			x, y := binary.LittleEndian.Uint64(s[i:]), binary.LittleEndian.Uint64(s[i+8:])
			if t[uint16(x)]&t[uint16(x>>16)]&t[uint16(x>>32)]&t[uint16(x>>48)]&
				t[uint16(y)]&t[uint16(y>>16)]&t[uint16(y>>32)]&t[uint16(y>>48)] == 0 {
				break
			}
		}
		for ; i+8 <= len(s); i += 8 {
			x := binary.LittleEndian.Uint64(s[i:])
			if t[uint16(x)]&t[uint16(x>>16)]&t[uint16(x>>32)]&t[uint16(x>>48)] == 0 {
				break
			}
		}
		for _, c := range s[i:] {
			if !RunChar[c] {
				break
			}
			i++
		}
		if i < len(s) && s[i] == '%' && PctRun(s, i) {
			i += 3
			continue
		}
		break
	}
	return i
}

// ForRuns calls f with the bounds of every run of s, in order.
func ForRuns(s []byte, f func(start, end int)) {
	for i := 0; i < len(s); {
		c := s[i]
		if !RunChar[c] && !(c == '%' && PctRun(s, i)) {
			i += DelimLen(s, i)
			continue
		}
		j := RunEnd(s, i)
		start, end := TrimDots(s, i, j)
		if start < end {
			f(start, end)
		}
		i = j
	}
}

// TrimDots drops leading and trailing dots from s[i:j].
func TrimDots(s []byte, i, j int) (int, int) {
	for i < j && s[i] == '.' {
		i++
	}
	for j > i && s[j-1] == '.' {
		j--
	}
	return i, j
}
