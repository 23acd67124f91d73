package rules

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// Decoding and the rules overlap on two cores: a goroutine decodes the
// entries of a HAR in batches ahead of the rule pass and hands them over
// through a small bounded channel; the batches are recycled, so at most
// prefetchBatches of them exist, each of at most prefetchLen entries or
// prefetchBytes bytes of kept body text. The rule pass sees the same entries
// in the same order, and the decoder's error after the last of them, as
// it would reading the decoder itself.
//
// Deriving an entry's Exchange (newExchange: parsing its cookies and cache
// headers, classifying them against the catalog) depends on the entry
// alone, so either side can do it, and whichever has time does: after
// decoding a batch the decoding goroutine derives its exchanges one by one
// until the rule pass waits for a batch, then hands the batch over, and
// the rule pass derives the rest. Which side is the longer depends on the
// HAR (long bodies load the decoder, many cookies the rules); this keeps
// both cores busy either way.

const (
	prefetchBatches = 3
	prefetchLen     = 64
	prefetchBytes   = 1 << 20
)

// A prefetchBatch is consecutive entries of the input, and the error
// that ended the input after them (nil when more follow).
type prefetchBatch struct {
	entries []*har.Entry
	xs      []*Exchange // the exchanges of entries[:len(xs)], derived ahead
	err     error
}

// prefetcher reads a *har.Decoder on its own goroutine and hands out the
// exchanges of its entries.
type prefetcher struct {
	dec  *har.Decoder
	cat  *auth.Catalog       // what newExchange classifies against
	file string              // the input's name, for a panic of the reader
	full chan *prefetchBatch // decoded batches, in input order
	free chan *prefetchBatch // batches the rule pass is done with
	done chan struct{}       // closed by stop

	cur   *prefetchBatch // the batch being handed out
	i     int            // next entry of cur
	first chan har.Log   // the log as it was after the first entry
	log   *har.Log       // set from first once the first entry arrived
	ended bool           // the decoder returned its last error: it is idle

	waiting atomic.Bool // the rule pass waits for a batch: hand it over
	noAhead bool        // derive no exchange ahead (tests; set before the first batch is decoded)
}

// prefetch starts decoding dec, which reads file, on a goroutine, deriving
// exchanges with cat. The caller must call stop when it reads no more, and
// must not use dec itself until next has returned an error.
func prefetch(dec *har.Decoder, file string, cat *auth.Catalog) *prefetcher {
	p := newPrefetcher(dec, file, cat)
	go p.decode()
	return p
}

// newPrefetcher is prefetch without starting the goroutine.
func newPrefetcher(dec *har.Decoder, file string, cat *auth.Catalog) *prefetcher {
	p := &prefetcher{
		dec:   dec,
		cat:   cat,
		file:  file,
		full:  make(chan *prefetchBatch, prefetchBatches-2),
		free:  make(chan *prefetchBatch, prefetchBatches),
		done:  make(chan struct{}),
		first: make(chan har.Log, 1),
	}
	for range prefetchBatches {
		p.free <- &prefetchBatch{entries: make([]*har.Entry, 0, prefetchLen), xs: make([]*Exchange, 0, prefetchLen)}
	}
	return p
}

// decode fills free batches from the decoder until it returns an error
// (io.EOF at the end) or stop is called.
func (p *prefetcher) decode() {
	seen := false
	for {
		var b *prefetchBatch
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		b.entries, b.xs, b.err = b.entries[:0], b.xs[:0], nil
		for size := 0; len(b.entries) < prefetchLen && size < prefetchBytes; {
			e, err := p.decodeNext()
			if err != nil {
				b.err = err
				break
			}
			if !seen {
				// Analyze reads the pages after the first entry.
				p.first <- *p.dec.Log()
				seen = true
			}
			b.entries = append(b.entries, e)
			size += bodyBytes(e)
		}
		for len(b.xs) < len(b.entries) && !p.noAhead && !p.waiting.Load() {
			x, err := p.exchange(b.entries[len(b.xs)])
			if err != nil {
				b.entries, b.err = b.entries[:len(b.xs)], err
				break
			}
			b.xs = append(b.xs, x)
		}
		select {
		case p.full <- b:
		case <-p.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// decodeNext is the decoder's Next, a panic (a bug in the reader) turned
// into an error.
func (p *prefetcher) decodeNext() (e *har.Entry, err error) {
	defer func() {
		if v := recover(); v != nil {
			e, err = nil, fmt.Errorf("%s: internal error in the HAR reader after entry %d: %v\n%s", p.file, p.dec.Entries(), v, debug.Stack())
		}
	}()
	return p.dec.Next()
}

// exchange is newExchange, a panic turned into an error naming the entry
// (on the decoding goroutine Analyze's recover would not see it; on the
// rule pass's, it would name the entry before).
func (p *prefetcher) exchange(e *har.Entry) (x *Exchange, err error) {
	defer func() {
		if v := recover(); v != nil {
			x, err = nil, fmt.Errorf("%s: internal error while analysing entry %d: %v\n%s", p.file, e.Index, v, debug.Stack())
		}
	}()
	return newExchange(e, p.cat), nil
}

// bodyBytes is the body text an entry keeps.
func bodyBytes(e *har.Entry) int {
	n := 0
	if e.Request.PostData != nil {
		n += len(e.Request.PostData.Text)
	}
	if e.Response != nil {
		n += len(e.Response.Content.Text)
	}
	return n
}

// next returns the next entry's exchange, or the decoder's error after the
// last one.
func (p *prefetcher) next() (*Exchange, error) {
	for p.cur == nil || p.i == len(p.cur.entries) {
		if p.cur != nil {
			if p.cur.err != nil {
				// The decoder's last Next happened before the receive
				// of this batch: Log may read it from now on.
				p.ended = true
				return nil, p.cur.err
			}
			p.free <- p.cur // never blocks: it holds every batch
			p.cur = nil
		}
		if len(p.full) == 0 {
			p.waiting.Store(true)
		}
		p.cur, p.i = <-p.full, 0
		p.waiting.Store(false)
	}
	var x *Exchange
	if p.i < len(p.cur.xs) {
		x = p.cur.xs[p.i]
		p.cur.xs[p.i] = nil
	} else {
		var err error
		if x, err = p.exchange(p.cur.entries[p.i]); err != nil {
			return nil, err
		}
	}
	p.cur.entries[p.i] = nil
	p.i++
	if p.log == nil {
		l := <-p.first
		p.log = &l
	}
	return x, nil
}

// Log returns the decoder's log: nil before the first entry, as it was
// after the first entry while entries are handed out, and complete once
// Next returned an error.
func (p *prefetcher) Log() *har.Log {
	if p.ended {
		return p.dec.Log()
	}
	return p.log
}

// stop ends the decoding goroutine (once it returns from the decoder's
// Next, if it is in one).
func (p *prefetcher) stop() { close(p.done) }
