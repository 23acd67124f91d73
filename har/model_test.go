package har

import (
	"strings"
	"testing"
)

func TestSameName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Set-Cookie", "set-cookie", true},
		{"SET-COOKIE", "Set-Cookie", true},
		{"Cookie", "Cookie", true},
		{"Cookie", "Cookies", false},
		{"Cookie", "Coo\u212aie", false}, // KELVIN SIGN folds to k in Unicode, not in HTTP
		{"x@y", "x`y", false},            // '@' and '`' differ by the case bit but are no letters
		{"x[y", "x{y", false},
		{"", "", true},
		{"a", "", false},
	}
	for _, tt := range tests {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if tt.want && !strings.EqualFold(tt.a, tt.b) {
			t.Errorf("sameName(%q, %q) is true where strings.EqualFold is not", tt.a, tt.b)
		}
	}
	h := Headers{{Name: "set-cookie", Value: "a=1"}, {Name: "Content-Type", Value: "text/html"}, {Name: "Set-Cookie", Value: "b=2"}}
	if got := h.Get("SET-COOKIE"); got != "a=1" {
		t.Errorf("Get = %q", got)
	}
	if got := h.Values("Set-Cookie"); len(got) != 2 || got[1] != "b=2" {
		t.Errorf("Values = %q", got)
	}
	if h.Has("content-typ") || !h.Has("content-type") || h.Index("Content-Type") != 1 {
		t.Error("Has or Index wrong")
	}
}
