package redact

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestSeenReplace(t *testing.T) {
	var s Seen
	sess := "s:Q2xT9vLm4Rk8Zp1Yw6Nc.sig/+x"
	s.Add(sess)
	s.Add("short")    // too short: ignored
	s.Add("abcdefgh") // the minimum length
	ph := Value(sess)
	tests := []struct{ in, want string }{
		{"GET /export?ref=" + sess, "GET /export?ref=" + ph},
		{"escaped " + url.QueryEscape(sess) + " end", "escaped " + ph + " end"},
		{"path-escaped /x/" + url.PathEscape(sess), "/x/" + ph},
		{"twice " + sess + sess, "twice " + ph + ph},
		{"inside x" + sess + "y", "inside x" + ph + "y"},
		{"short stays", "short stays"},
		{"min abcdefgh.", "min " + Value("abcdefgh") + "."},
		{"placeholder " + ph, "placeholder " + ph},
		{"", ""},
	}
	for _, tt := range tests {
		got := s.Replace(tt.in)
		if !strings.HasSuffix(got, tt.want) {
			t.Errorf("Replace(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Contains(got, sess) {
			t.Errorf("Replace(%q) = %q still holds the secret", tt.in, got)
		}
	}
	if !s.Has(sess) || !s.Has(url.QueryEscape(sess)) || s.Has("short") {
		t.Errorf("Has: wrong membership")
	}
}

func TestSeenLongestFirst(t *testing.T) {
	var s Seen
	s.Add("abcdefgh")
	s.Add("abcdefghijkl")
	if got, want := s.Replace("abcdefghijkl"), Value("abcdefghijkl"); got != want {
		t.Errorf("Replace = %q, want the longest match %q", got, want)
	}
}

func TestSeenCap(t *testing.T) {
	var s Seen
	for i := 0; s.Len() < MaxSeen; i++ {
		s.Add(fmt.Sprintf("secret-value-%08d", i))
	}
	if s.Full() {
		t.Fatal("full before the cap")
	}
	s.Add("one-value-too-many")
	if !s.Full() || s.Len() != MaxSeen || s.Has("one-value-too-many") {
		t.Errorf("past the cap: Full %v, Len %d", s.Full(), s.Len())
	}
	if got := s.Replace("x secret-value-00000001 y"); got != "x "+Value("secret-value-00000001")+" y" {
		t.Errorf("Replace after the cap = %q", got)
	}
}

func FuzzSeenReplace(f *testing.F) {
	f.Add("secret-abcdefgh", "a secret-abcdefgh b")
	f.Add("%41%42abcdefgh", "AB")
	f.Fuzz(func(t *testing.T, secret, text string) {
		var s Seen
		s.Add(secret)
		out := s.Replace(text)
		if len(secret) >= MinSeenLen && !IsPlaceholder(secret) && strings.Contains(out, secret) && !strings.Contains(Value(secret), secret) {
			// The only way to keep it is overlapping a placeholder
			// already in the text.
			if !strings.Contains(text, "[redacted:") {
				t.Fatalf("Replace(%q) with %q = %q", text, secret, out)
			}
		}
		if s.Replace(out) != out {
			t.Fatalf("Replace not idempotent on %q", text)
		}
	})
}

// TestUnreserved checks that a value unreserved says is spelled one way
// has no other spelling.
func TestUnreserved(t *testing.T) {
	for _, v := range []string{"abcXYZ019-._~", "eyJhbGciOiJIUzI1NiJ9.e30.sig", "a b", "a+b", "a%20b", "a/b", "a=b", "ä", ""} {
		one := unescape(v) == v && url.QueryEscape(v) == v && url.PathEscape(v) == v
		if unreserved(v) && !one {
			t.Errorf("unreserved(%q) but it has other spellings", v)
		}
	}
}
