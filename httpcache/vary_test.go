package httpcache

import (
	"testing"

	"github.com/authlint/authlint/har"
)

func hdrs(kv ...string) har.Headers {
	h := make(har.Headers, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		h = append(h, har.Header{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

func TestVaryCovers(t *testing.T) {
	tests := []struct {
		name  string
		h     har.Headers
		field string
		want  bool
	}{
		{"absent", hdrs("Cache-Control", "public"), "cookie", false},
		{"single", hdrs("Vary", "Cookie"), "cookie", true},
		{"case-insensitive", hdrs("VARY", "cookie"), "Cookie", true},
		{"list", hdrs("Vary", "Accept-Encoding, Cookie"), "cookie", true},
		{"list without spaces", hdrs("Vary", "accept-encoding,authorization"), "Authorization", true},
		{"repeated lines", hdrs("Vary", "Accept-Encoding", "Vary", "Cookie"), "cookie", true},
		{"star", hdrs("Vary", "*"), "cookie", true},
		{"star in list", hdrs("Vary", "Accept, *"), "authorization", true},
		{"other field", hdrs("Vary", "Accept-Encoding"), "cookie", false},
		{"prefix is not a match", hdrs("Vary", "Cookie2"), "cookie", false},
		{"empty members", hdrs("Vary", " , ,"), "cookie", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VaryCovers(tt.h, tt.field); got != tt.want {
				t.Errorf("VaryCovers(%v, %q) = %v, want %v", tt.h, tt.field, got, tt.want)
			}
		})
	}
	if varyStar(hdrs("Vary", "Cookie")) || !varyStar(hdrs("Vary", "Cookie", "Vary", "*")) {
		t.Errorf("varyStar is wrong")
	}
}
