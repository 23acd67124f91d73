// Package gcpace paces the garbage collector of the authlint process from
// the heap it retains.
//
// The collector's default pacing (GOGC=100) sets each cycle's heap goal to
// twice the heap that survived the last one, with a floor of 4 MiB. authlint
// retains little (a few MiB for most HARs: the rules keep compact records)
// but allocates a lot (one string per kept body, parsed headers and cookies
// per entry), so with a small live heap it collects every few MiB of
// allocation: on a 500 MB HAR of JSON bodies, 20% of the run's wall time.
// A fixed memory limit is no cure: one below the live heap makes the
// collector run back to back.
//
// Start raises GOGC while the live heap is small, so that the heap goal is
// about Floor bytes, and returns to GOGC=100 as the live heap grows: the
// goal is never below twice the live heap (the default) and never above
// max(Floor, twice the live heap). Peak memory is bounded as it is without
// the pacer, by the live heap, plus at most Floor. It adjusts after every
// collection. It does nothing when the user set GOGC or GOMEMLIMIT.
package gcpace
