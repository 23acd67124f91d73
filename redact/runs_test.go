package redact

import (
	"math/rand/v2"
	"testing"
)

// runEndBytewise is RunEnd one byte at a time.
func runEndBytewise(s []byte, i int) int {
	for i < len(s) {
		if RunChar[s[i]] {
			i++
			continue
		}
		if s[i] == '%' && PctRun(s, i) {
			i += 3
			continue
		}
		break
	}
	return i
}

func TestRunEnd(t *testing.T) {
	const alphabet = "aZ09-_.~%2D%2F/=\"\\ \x80\xff\x00\x7f{}"
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = "abcXYZ019-_"[r.IntN(11)]
			}
		}
		for i := range b {
			if got, want := RunEnd(b, i), runEndBytewise(b, i); got != want {
				t.Fatalf("RunEnd(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}

func BenchmarkRunEnd(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	s := make([]byte, 48<<10)
	for i := range s {
		s[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"[r.IntN(64)]
	}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		RunEnd(s, 0)
	}
}
