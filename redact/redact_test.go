package redact

import "testing"

func TestValue(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty stays empty", "", ""},
		{"jwe", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi", "[redacted:" + Fingerprint("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi") + "]"},
		{"short", "x", "[redacted:2d711642]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Value(tt.in)
			if got != tt.want {
				t.Fatalf("Value(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.in != "" && !IsPlaceholder(got) {
				t.Fatalf("IsPlaceholder(%q) = false", got)
			}
		})
	}
	if Fingerprint("a") == Fingerprint("b") {
		t.Fatal("different values must not share a fingerprint")
	}
	if IsPlaceholder("[redacted:xyz]") {
		t.Fatal("a short placeholder-like string is not a placeholder")
	}
}
