package redact

import (
	"strings"
	"testing"
)

// plain makes a plain pseudonym of length n (the keyed digits are fixed
// here: recognition needs no key).
func plain(n int) string {
	body := PseudonymPrefix + strings.Repeat("Q7", n)[:n-len(PseudonymPrefix)-PseudonymCheckLen]
	return body + PseudonymCheck(body)
}

func TestIsPseudonym(t *testing.T) {
	p12, p20 := plain(12), plain(20)
	bad := p20[:len(p20)-1] + "0"
	if bad == p20 {
		bad = p20[:len(p20)-1] + "1"
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{p12, true},
		{p20, true},
		{bad, false},             // wrong check digit
		{p20[:11], false},        // too short
		{"198.18.4.7", true},     // --pii address
		{"198.20.4.7", false},    // outside 198.18.0.0/15
		{"sk_live_" + p20, true}, // kind prefix kept
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0." + p20, true},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl", false},
		{p20 + "." + p12, true},            // a dotted value: a chunk of an encrypted cookie
		{p20 + ".Ab3", true},               // short pieces are keyed digits
		{p20 + ".RealSecretValue1", false}, // a long piece that is no pseudonym
		{"GA1.1.12345.67890", false},
		{"", false},
		{"[redacted:1a2b3c4d]", false},
	} {
		if got := IsPseudonym(tt.in); got != tt.want {
			t.Errorf("IsPseudonym(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPseudonymsAreShown(t *testing.T) {
	p := plain(24)
	if got := Value(p); got != p {
		t.Errorf("Value(pseudonym) = %q, want it as it is", got)
	}
	// An OAuth state of {"returnTo":"/"} has nothing to replace: sanitize
	// leaves it (IsPseudonym), but it is the input's value, so reports
	// still hide it.
	const state = "eyJyZXR1cm5UbyI6Ii8ifQ"
	if !IsPseudonym(state) || IsMadePseudonym(state) || !IsPlaceholder(Value(state)) {
		t.Errorf("state %q: IsPseudonym %v, IsMadePseudonym %v, Value %q", state, IsPseudonym(state), IsMadePseudonym(state), Value(state))
	}
	if got := Value("s3cretValue42"); !IsPlaceholder(got) {
		t.Errorf("Value(secret) = %q, want a placeholder", got)
	}
	pol := NewPolicy(false)
	pol.Learn(p)
	pol.Learn("s3cretValue42abc")
	got := pol.Text("sid=" + p + " other=s3cretValue42abc")
	if !strings.Contains(got, p) || strings.Contains(got, "s3cretValue42abc") {
		t.Errorf("Text = %q: the pseudonym must stay, the secret go", got)
	}
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0." + plain(43)
	if got := pol.Text("token " + jwt); !strings.Contains(got, jwt) {
		t.Errorf("Text(pseudonym JWT) = %q", got)
	}
}

func TestIsRedactionMarker(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"[REDACTED]", true},
		{" redacted ", true},
		{"obfuscated", true},
		{"xxxxxxxx", true},
		{"****", true},
		{"[redacted:1a2b3c4d]", true},
		{plain(16), false}, // a pseudonym is a value
		{"abc123", false},
		{"xx", false},
	} {
		if got := IsRedactionMarker(tt.in); got != tt.want {
			t.Errorf("IsRedactionMarker(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsIPv4(t *testing.T) {
	for in, want := range map[string]bool{
		"1.2.3.4": true, "255.255.255.255": true, "256.1.1.1": false, "1.2.3": false,
		"1.2.3.4.5": false, "1..3.4": false, "1.2.3.4a": false, "1234.1.1.1": false, "": false,
	} {
		if got := IsIPv4(in); got != want {
			t.Errorf("IsIPv4(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMarkerWordsFitTheBound(t *testing.T) {
	for w := range redactionMarkers {
		if len(w) > maxMarkerWord {
			t.Errorf("marker %q is longer than maxMarkerWord", w)
		}
	}
}
