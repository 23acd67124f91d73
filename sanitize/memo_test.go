package sanitize

import (
	"maps"
	"testing"
)

// memoCases are structured values as the walker meets them: place, name
// and value.
var memoCases = []struct {
	role        role
	name, value string
}{
	{roleHeader, "Cookie", "sid=Sess10nValue42; theme=dark; __txn_abcdefgh1234=x"},
	{roleHeader, "set-cookie", "sid=abc123def; Path=/; HttpOnly\nb=v2v2v2v2v2; Secure"},
	{roleHeader, "Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4"},
	{roleHeader, "Location", "https://app.example.com/cb?code=abc&state=xyz"},
	{roleHeader, "Cache-Control", "private, no-store"},
	{roleCookie, "sid", "Sess10nValue42"},
	{roleParam, "code", "SplxlOBeZQQYbYS6WxSbIA"},
	{roleParam, "q", "hello world"},
}

// scrubStructured is walker.structured without the memo.
func scrubStructured(s *scrubber, r role, name string, v []byte) ([]byte, bool) {
	switch r {
	case roleHeader:
		return s.header(name, v)
	case roleCookie:
		return s.cookieValue(v)
	}
	return s.param(name, v)
}

// TestMemoSameOutcome: a value scrubbed through the memo gives the same
// output and counts, and learns the same runs, as scrubbed afresh each
// time; from its third sighting it is not scrubbed again.
func TestMemoSameOutcome(t *testing.T) {
	for _, tc := range memoCases {
		v := []byte(tc.value)
		memo, plain := rewriter(), rewriter()
		memo.l.add([]byte("Sess10nValue42"), KindCookie)
		plain.l.add([]byte("Sess10nValue42"), KindCookie)
		calls := 0
		for i := range 4 {
			got, gotChanged := memo.structuredMemo(tc.role, tc.name, v, func() ([]byte, bool) {
				calls++
				return scrubStructured(memo, tc.role, tc.name, v)
			})
			want, wantChanged := scrubStructured(plain, tc.role, tc.name, v)
			if string(got) != string(want) || gotChanged != wantChanged {
				t.Fatalf("%s %q, sighting %d: %q %v, want %q %v", tc.name, tc.value, i+1, got, gotChanged, want, wantChanged)
			}
			if !maps.Equal(memo.counts, plain.counts) {
				t.Fatalf("%s %q, sighting %d: counts %v, want %v", tc.name, tc.value, i+1, memo.counts, plain.counts)
			}
		}
		if calls != 2 {
			t.Errorf("%s %q: scrubbed %d times in 4 sightings, want 2 (remembered from the second)", tc.name, tc.value, calls)
		}

		learnMemo := &scrubber{mode: modeLearn, l: newLearned()}
		learnPlain := &scrubber{mode: modeLearn, l: newLearned()}
		learnPlain.l.seed = learnMemo.l.seed
		for range 3 {
			learnMemo.structuredMemo(tc.role, tc.name, v, func() ([]byte, bool) {
				return scrubStructured(learnMemo, tc.role, tc.name, v)
			})
		}
		scrubStructured(learnPlain, tc.role, tc.name, v)
		if got, want := setOf(&learnMemo.l.set), setOf(&learnPlain.l.set); !maps.Equal(got, want) {
			t.Errorf("%s %q: learned %v through the memo, %v without", tc.name, tc.value, got, want)
		}
	}
}

// TestMemoCheckMode: --check reports every sighting, so it does not
// remember.
func TestMemoCheckMode(t *testing.T) {
	n := 0
	s := &scrubber{mode: modeCheck, found: func(Kind, []byte) { n++ }}
	v := []byte("sid=Sess10nValue42")
	for range 3 {
		s.structuredMemo(roleHeader, "Cookie", v, func() ([]byte, bool) { return s.header("Cookie", v) })
	}
	if n != 3 {
		t.Errorf("check mode found %d secrets in 3 sightings, want 3", n)
	}
}

// TestMemoBudget: the memo never holds more than its budget.
func TestMemoBudget(t *testing.T) {
	s := rewriter()
	v := make([]byte, maxMemoValue)
	for i := range 3 * memoBudget / maxMemoValue {
		copy(v, []byte{byte(i), byte(i >> 8), byte(i >> 16)})
		for range 2 {
			s.structuredMemo(roleHeader, "X-Big", v, func() ([]byte, bool) { return s.header("X-Big", v) })
		}
		if s.memo.bytes > memoBudget {
			t.Fatalf("memo holds %d bytes, over its budget of %d", s.memo.bytes, memoBudget)
		}
	}
}

// TestIntern: intern returns the key it is given, and a key met before
// costs no allocation, colliding keys of its table included.
func TestIntern(t *testing.T) {
	w := &walker{}
	var keys [][]byte
	for _, k := range []string{"name", "value", "headers", "cookies", "text", "mimeType", "size", "nome", "vaaue", "_webSocketMessages", "a"} {
		keys = append(keys, []byte(k))
	}
	for _, k := range keys {
		if got := w.intern(k); got != string(k) {
			t.Fatalf("intern(%q) = %q", k, got)
		}
	}
	if w.intern(nil) != "" {
		t.Fatal("intern(nil) is not empty")
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, k := range keys {
			if w.intern(k) != string(k) {
				t.Fatalf("intern(%q) changed", k)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("interning known keys allocates %v times", allocs)
	}
}
