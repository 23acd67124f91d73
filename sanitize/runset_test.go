package sanitize

import (
	"maps"
	"math/rand/v2"
	"testing"
)

// setOf returns the contents of s as a map.
func setOf(s *runSet) map[uint64]Kind {
	m := map[uint64]Kind{}
	s.each(func(h uint64, k Kind) { m[h] = k })
	return m
}

// TestRunSet: a runSet holds what a map would, first kind winning, through
// its growths, with hashes that collide in their low bits.
func TestRunSet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	kinds := []Kind{KindCookie, KindToken, KindJWT, KindPassword}
	var s runSet
	want := map[uint64]Kind{}
	for i := range 50000 {
		h := r.Uint64()
		if i%3 == 0 {
			h <<= 20 // low bits zero: long probe runs
		}
		if i%5 == 0 && len(want) > 0 {
			for k := range want { // an existing hash again, with another kind
				h = k
				break
			}
		}
		k := kinds[r.IntN(len(kinds))]
		s.add(h, k)
		if _, ok := want[h]; !ok {
			want[h] = k
		}
		if i%997 == 0 {
			if got, ok := s.get(r.Uint64() | 1<<63); ok {
				t.Fatalf("get of a hash never added = %q", got)
			}
		}
	}
	if s.len() != len(want) {
		t.Fatalf("len = %d, want %d", s.len(), len(want))
	}
	for h, k := range want {
		if got, ok := s.get(h); !ok || got != k {
			t.Fatalf("get(%x) = %q, %v; want %q", h, got, ok, k)
		}
	}
	if got := setOf(&s); !maps.Equal(got, want) {
		t.Fatal("each does not list what was added")
	}
}

// TestRunSetSize: at the cap of learned runs the table has the fewest
// slots that keep its load at most one half (18 MiB).
func TestRunSetSize(t *testing.T) {
	if testing.Short() {
		t.Skip("adds a million hashes")
	}
	r := rand.New(rand.NewPCG(5, 6))
	var s runSet
	for s.len() < maxLearned {
		s.add(r.Uint64(), KindToken)
	}
	if len(s.keys) != 2*maxLearned || len(s.kinds) != 2*maxLearned {
		t.Errorf("%d runs take %d slots, want %d", s.len(), len(s.keys), 2*maxLearned)
	}
}
