package token

import (
	"hash/maphash"
	"maps"
	"testing"
)

func TestValidB64url(t *testing.T) {
	for _, s := range []string{"", "a", "ab", "abc", "abcd", "abcde", "ab\ncd", "ab\r\nc", "a\n", "a=", "ab==", "a+b/", "a.b", "-_-_", "Zm9v\nYmFy\n", "\n\n\n", "abcde\n"} {
		_, err := b64url(s)
		if got := validB64url(s); got != (err == nil) {
			t.Errorf("validB64url(%q) = %v, b64url error %v", s, got, err)
		}
	}
}

func FuzzValidB64url(f *testing.F) {
	f.Add("eyJhbGciOiJkaXIifQ")
	f.Add("ab\ncde")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := b64url(s); validB64url(s) != (err == nil) {
			t.Fatalf("validB64url(%q) = %v, b64url error %v", s, !(err == nil), err)
		}
	})
}

func TestHeaderMemo(t *testing.T) {
	m := headerMemo{seed: maphash.MakeSeed()}
	for _, tc := range []struct {
		raw string
		ok  bool
	}{
		{"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0", true},
		{"eyJhbGciOiJIUzI1NiJ9", true},
		{"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0", true}, // from the memo
		{"WzFd", false}, // [1]: not an object
		{"not base64!", false},
	} {
		b, berr := b64url(tc.raw)
		var want map[string]any
		if berr == nil {
			want, berr = decodeObject(b)
		}
		got, err := m.decodeHeader(tc.raw)
		if (err == nil) != tc.ok || (berr == nil) != tc.ok {
			t.Fatalf("decodeHeader(%q) error %v, direct error %v, want ok=%v", tc.raw, err, berr, tc.ok)
		}
		if !maps.Equal(got, want) {
			t.Errorf("decodeHeader(%q) = %v, want %v", tc.raw, got, want)
		}
	}
}
