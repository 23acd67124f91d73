package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Floor is the heap goal the pacer keeps while the live heap is below half
// of it, and Limit the soft memory limit it sets meanwhile (the runtime's
// limit counts stacks and runtime metadata besides the heap).
const (
	Floor = 32 << 20
	Limit = Floor + Floor/4
)

// runtimeHeapMinimum is the runtime's smallest heap goal at GOGC=100; it
// scales with GOGC (runtime/mgcpacer.go, defaultHeapMinimum).
const runtimeHeapMinimum = 4 << 20

// percentFor returns the GOGC that gives a heap goal of about floor bytes
// for a live heap of live bytes and roots bytes of stacks and globals to
// scan. The runtime's goal is live+(live+roots)*GOGC/100, and at least
// runtimeHeapMinimum*GOGC/100, which caps GOGC at
// floor/runtimeHeapMinimum*100. It is never less than the default 100.
func percentFor(live, roots, floor uint64) int {
	if live == 0 || live*2 >= floor {
		return 100
	}
	p := float64(floor-live) / float64(live+roots) * 100
	p = math.Min(p, float64(floor)*100/runtimeHeapMinimum)
	return int(math.Max(p, 100))
}

// Start starts pacing and returns the function that stops it and restores
// the GOGC it found. It does nothing (and its stop does nothing) when the
// environment sets GOGC or GOMEMLIMIT.
func Start() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	p := &pacer{floor: Floor, percent: 100}
	prev, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	p.arm()
	return func() {
		p.stopped.Store(true)
		debug.SetGCPercent(prev)
		debug.SetMemoryLimit(prevLimit)
	}
}

// A pacer adjusts GOGC after each collection.
type pacer struct {
	floor   uint64
	percent int // last set
	large   int // readings in a row that asked for the default
	stopped atomic.Bool
	sample  [3]metrics.Sample
}

// arm registers a cleanup on a fresh object: it runs after the next
// collection finds the object unreachable, adjusts and arms again.
func (p *pacer) arm() {
	sentinel := new([16]byte) // big enough not to be a tiny allocation
	runtime.AddCleanup(sentinel, func(p *pacer) { p.collected() }, p)
}

// collected runs after a collection (on the cleanup goroutine).
func (p *pacer) collected() {
	if p.stopped.Load() {
		return
	}
	p.sample[0].Name = "/gc/heap/live:bytes"
	p.sample[1].Name = "/gc/scan/stack:bytes"
	p.sample[2].Name = "/gc/scan/globals:bytes"
	metrics.Read(p.sample[:])
	if known(p.sample[:]) {
		var pc int
		pc, p.large = decide(p.percent, p.large, p.sample[0].Value.Uint64(), p.sample[1].Value.Uint64()+p.sample[2].Value.Uint64(), p.floor)
		if pc != p.percent {
			p.set(pc)
		}
	}
	p.arm()
}

// decide returns the GOGC to set after a collection that found live bytes
// live and roots bytes of stacks and globals, given the GOGC set now and
// how many readings in a row asked for the default (large), and the new
// count.
//
// A collection that runs while the program allocates counts what it
// allocated meanwhile as live (under CPU contention, tens of MiB above
// the real live heap), so one large reading may be that: the default
// (which lifts the limit) returns after two in a row. Meanwhile the limit
// holds the heap; if the live heap really outgrew it, the collector works
// harder for those two cycles at most. Setting GOGC takes the heap lock:
// changes under 10% are skipped, the return to the default never.
func decide(percent, large int, live, roots, floor uint64) (int, int) {
	pc := percentFor(live, roots, floor)
	if pc == 100 && percent != 100 {
		if large+1 < 2 {
			return percent, large + 1
		}
		return 100, 0
	}
	if pc != 100 && pc*10 >= percent*9 && pc*10 <= percent*11 {
		return percent, 0
	}
	return pc, 0
}

// set sets GOGC to percent and, while it is above the default, a soft
// memory limit of Limit: the live heap measured after one collection can
// grow before the next, and GOGC alone would then let the heap reach
// (1+percent/100) times the new size until the pacer adjusts. The limit
// holds the heap to about Limit meanwhile; the pacer lifts it as soon as
// the live heap is too large for it (a limit below the live heap would make
// the collector run back to back).
func (p *pacer) set(percent int) {
	if percent > 100 {
		debug.SetMemoryLimit(Limit)
		debug.SetGCPercent(percent)
	} else {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(math.MaxInt64)
	}
	p.percent = percent
}

// known reports whether the runtime knows every metric of s.
func known(s []metrics.Sample) bool {
	for _, m := range s {
		if m.Value.Kind() != metrics.KindUint64 {
			return false
		}
	}
	return true
}
