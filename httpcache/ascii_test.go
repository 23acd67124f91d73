package httpcache

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct {
		s, sub                  string
		equal, prefix, contains bool
	}{
		{"CF-Ray", "cf-ray", true, true, true},
		{"x-cache", "X-CACHE", true, true, true},
		{"Hit from CloudFront", "from cloudfront", false, false, true},
		{"Hit from Cloud", "from cloudfront", false, false, false},
		{"cache-fra1", "cache-", false, true, true},
		{"1.1 varnish (Varnish/6.0)", "VARNISH", false, false, true},
		{"x@y", "x`y", false, false, false},      // '@' and '`' differ by the case bit but are no letters
		{"\u212aey", "key", false, false, false}, // KELVIN SIGN is not ASCII k
		{"", "", true, true, true},
		{"abc", "", false, true, true},
	}
	for _, tt := range tests {
		if got := equalFold(tt.s, tt.sub); got != tt.equal {
			t.Errorf("equalFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if got := hasPrefixFold(tt.s, tt.sub); got != tt.prefix {
			t.Errorf("hasPrefixFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if got := containsFold(tt.s, tt.sub); got != tt.contains {
			t.Errorf("containsFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
		if isASCII(tt.s) && isASCII(tt.sub) {
			if want := strings.Contains(strings.ToLower(tt.s), strings.ToLower(tt.sub)); tt.contains != want {
				t.Errorf("bad case %q %q: contains %v, strings says %v", tt.s, tt.sub, tt.contains, want)
			}
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

// FuzzFold checks the ASCII folds against lower-casing, on ASCII input.
func FuzzFold(f *testing.F) {
	f.Add("Hit from CloudFront", "from cloudfront")
	f.Add("x@y", "x`y")
	f.Fuzz(func(t *testing.T, s, sub string) {
		if !isASCII(s) || !isASCII(sub) {
			return
		}
		ls, lsub := strings.ToLower(s), strings.ToLower(sub)
		if got, want := equalFold(s, sub), ls == lsub; got != want {
			t.Errorf("equalFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
		if got, want := containsFold(s, sub), strings.Contains(ls, lsub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	})
}
