package ascii

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct {
		s, sub                          string
		equal, prefix, suffix, contains bool
	}{
		{"CF-Ray", "cf-ray", true, true, true, true},
		{"Hit from CloudFront", "from cloudfront", false, false, true, true},
		{"Hit from Cloud", "from cloudfront", false, false, false, false},
		{"cache-fra1", "cache-", false, true, false, true},
		{"x@y", "x`y", false, false, false, false},            // '@' and '`' differ by the case bit but are no letters
		{"Coo\u212aie", "cookie", false, false, false, false}, // KELVIN SIGN is not ASCII k
		{"__\u017fecure-x", "__secure-", false, false, false, false},
		{"", "", true, true, true, true},
		{"abc", "", false, true, true, true},
	}
	for _, tt := range tests {
		if got := EqualFold(tt.s, tt.sub); got != tt.equal {
			t.Errorf("EqualFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if got := HasPrefixFold(tt.s, tt.sub); got != tt.prefix {
			t.Errorf("HasPrefixFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if got := HasSuffixFold(tt.s, tt.sub); got != tt.suffix {
			t.Errorf("HasSuffixFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if got := ContainsFold(tt.s, tt.sub); got != tt.contains {
			t.Errorf("ContainsFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
	}
	for in, want := range map[string]string{"Set-Cookie": "set-cookie", "lower": "lower", "ÄB": "Äb", "": ""} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzFold checks the folds against strings.ToLower on ASCII input, and
// that non-ASCII bytes only ever equal themselves.
func FuzzFold(f *testing.F) {
	f.Add("Hit from CloudFront", "from cloudfront")
	f.Add("x@y", "x`y")
	f.Add("Coo\u212aie", "cookie")
	f.Fuzz(func(t *testing.T, s, sub string) {
		if !isASCII(s) || !isASCII(sub) {
			if EqualFold(s, sub) && Lower(s) != Lower(sub) {
				t.Errorf("EqualFold(%q, %q) but they differ beyond ASCII case", s, sub)
			}
			return
		}
		ls, lsub := strings.ToLower(s), strings.ToLower(sub)
		if got, want := EqualFold(s, sub), ls == lsub; got != want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
		if got, want := ContainsFold(s, sub), strings.Contains(ls, lsub); got != want {
			t.Errorf("ContainsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
		if got := Lower(s); got != ls {
			t.Errorf("Lower(%q) = %q, want %q", s, got, ls)
		}
	})
}
