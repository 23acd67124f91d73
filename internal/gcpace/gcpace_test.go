package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func TestDecide(t *testing.T) {
	const mib = 1 << 20
	type state struct{ percent, large int }
	tests := []struct {
		name string
		from state
		live uint64
		want state
	}{
		{"small heap: raise", state{100, 0}, 1 * mib, state{800, 0}},
		{"small heap, raised: keep", state{800, 0}, 1 * mib, state{800, 0}},
		{"a change under 10%: keep", state{300, 0}, 8*mib + 100<<10, state{300, 0}},
		{"a change over 10%: set", state{300, 0}, 4 * mib, state{700, 0}},
		{"one large reading: keep the limit", state{800, 0}, 30 * mib, state{800, 1}},
		{"two in a row: the default", state{800, 1}, 30 * mib, state{100, 0}},
		{"a small one between: start again", state{800, 1}, 1 * mib, state{800, 0}},
		{"large at the default: stay", state{100, 0}, 30 * mib, state{100, 0}},
		{"back to small from the default", state{100, 0}, 2 * mib, state{800, 0}},
	}
	for _, tt := range tests {
		p, l := decide(tt.from.percent, tt.from.large, tt.live, 0, Floor)
		if got := (state{p, l}); got != tt.want {
			t.Errorf("%s: decide(%v, %d MiB) = %v, want %v", tt.name, tt.from, tt.live>>20, got, tt.want)
		}
	}
}

func TestPercentFor(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live, roots uint64
		want        int
	}{
		{0, 0, 100},              // nothing read yet
		{1 * mib, 0, 800},        // capped: the runtime's minimum goal is 4 MiB*GOGC/100
		{4 * mib, 0, 700},        // goal 32 MiB
		{4 * mib, 4 * mib, 350},  // the roots count as heap to scan
		{8 * mib, 0, 300},        // goal 32 MiB
		{15 * mib, 0, 113},       // goal 32 MiB, just above the default
		{15 * mib, 2 * mib, 100}, // never below the default
		{16 * mib, 0, 100},       // twice the live heap is the floor
		{100 * mib, 0, 100},      // the default
		{1024, 0, 800},           // capped
	}
	for _, tt := range tests {
		if got := percentFor(tt.live, tt.roots, Floor); got != tt.want {
			t.Errorf("percentFor(%d, %d) = %d, want %d", tt.live, tt.roots, got, tt.want)
		}
	}
}

// sink keeps allocations from being optimised away.
var sink []byte

// cycles allocates n bytes of garbage in 16 KiB pieces (a kept body's
// size) and returns how many collections ran meanwhile and the highest
// heap goal seen.
func cycles(n int) (count, maxGoal uint64) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	for i := range n / (16 << 10) {
		sink = make([]byte, 16<<10)
		if i%64 == 0 {
			metrics.Read(s)
			maxGoal = max(maxGoal, s[1].Value.Uint64())
		}
	}
	metrics.Read(s)
	return s[0].Value.Uint64() - before, maxGoal
}

// TestStart checks that the pacer makes a small live heap collect several
// times less often, and that stop restores GOGC.
func TestStart(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	runtime.GC()
	without, _ := cycles(512 << 20)
	stop := Start()
	runtime.GC() // the first adjustment
	runtime.GC() // let the cleanup run
	with, goal := cycles(512 << 20)
	stop()
	t.Logf("collections for 512 MiB of garbage: %d without the pacer, %d with it (heap goal up to %d KiB)", without, with, goal>>10)
	if with*2 > without {
		t.Errorf("%d collections with the pacer, %d without: want at least 2 times fewer", with, without)
	}
	// The heap goal is not checked: under CPU contention a collection
	// that allocation outruns counts tens of MiB as live and sets its goal
	// from them, with or without the pacer (TestDecide checks the pacer's
	// side).
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after stop = %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit after stop = %d, want none", got)
	}
}

// TestStartRespectsEnvironment checks that GOGC or GOMEMLIMIT in the
// environment turn the pacer off.
func TestStartRespectsEnvironment(t *testing.T) {
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv(name, "200")
		prev := debug.SetGCPercent(77)
		stop := Start()
		runtime.GC()
		runtime.GC()
		if got := debug.SetGCPercent(77); got != 77 {
			t.Errorf("with %s set, GOGC became %d", name, got)
		}
		stop()
		debug.SetGCPercent(prev)
	}
}

// TestStartLargeHeap checks that a live heap above the limit turns the
// pacer back to the default: GOGC=100, no memory limit, and about as many
// collections as without the pacer (a limit below the live heap would
// make them run back to back).
func TestStartLargeHeap(t *testing.T) {
	for _, forced := range []bool{false, true} {
		t.Run(map[bool]string{false: "growing", true: "growing between forced collections"}[forced], func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			stop := Start()
			defer stop()
			runtime.GC()
			runtime.GC()
			var kept [][]byte
			for range (Limit + 16<<20) / (1 << 20) {
				kept = append(kept, make([]byte, 1<<20))
				if forced {
					runtime.GC()
				}
			}
			n, _ := cycles(512 << 20)
			// At GOGC=100 a live heap of 56 MiB collects about every 56 MiB.
			if n > 20 {
				t.Errorf("%d collections for 512 MiB of garbage over a %d MiB live heap, want about 9", n, len(kept))
			}
			if got := debug.SetGCPercent(100); got != 100 {
				t.Errorf("GOGC = %d over a large live heap, want 100", got)
			}
			if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
				t.Errorf("memory limit = %d over a large live heap, want none", got)
			}
			runtime.KeepAlive(kept)
		})
	}
}
