package har

import "testing"

// TestHeaderNames checks that header look-ups ignore ASCII case and only
// that (internal/ascii).
func TestHeaderNames(t *testing.T) {
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
	if (Headers{{Name: "Coo\u212aie", Value: "a=1"}}).Has("Cookie") {
		t.Error("a name with KELVIN SIGN is taken for Cookie")
	}
}
