package sanitize

import "bytes"

// Pass one notes, for each long response body it scrubs as text, whether
// it found a secret in it and the hashes of the runs that pass two would
// look up in the learned set (runs and dot-separated pieces of learnable
// length). When it found none and none of those hashes was learned by the
// end of pass one, pass two would leave the body as it is: it copies it
// without decoding or scanning it again. Bodies are met in the same order
// in both passes, so the notes are a queue.

const (
	// minNotedLen is the shortest body (as written, escaped) noted:
	// shorter ones cost little to scan again.
	minNotedLen = 512
	// maxNoteHashes is the most run hashes noted for one body; a body with
	// more is scanned again.
	maxNoteHashes = 64
	// maxNotes and maxNotedHashes cap the memory of the notes (about
	// 28 MiB: 12 bytes a note, 8 a hash); bodies past the cap are scanned again.
	maxNotes       = 1 << 20
	maxNotedHashes = 1 << 21
)

// bodyNote is what pass one saw in one body: hashes[start:end] of notes,
// or rescan when the body held a secret or too many runs.
type bodyNote struct {
	start, end int32
	rescan     bool
}

// notes is the queue of body notes, filled by pass one.
type notes struct {
	list   []bodyNote
	hashes []uint64
	full   bool
	next   int // the next note pass two takes
}

// noting is the state of the body being noted in pass one.
type noting struct {
	on      bool
	secrets int      // calls of scrubber.secret during the body
	hashes  []uint64 // hashes of its runs of learnable length
	over    bool     // more than maxNoteHashes
}

// beginNote starts noting a body (pass one).
func (s *scrubber) beginNote() {
	s.note.on, s.note.secrets, s.note.over = true, 0, false
	s.note.hashes = s.note.hashes[:0]
}

// endNote stores the note of the body (pass one).
func (s *scrubber) endNote() {
	s.note.on = false
	n := &s.l.notes
	if n.full || len(n.list) >= maxNotes || len(n.hashes)+len(s.note.hashes) > maxNotedHashes {
		n.full = true
		return
	}
	bn := bodyNote{start: int32(len(n.hashes)), rescan: s.note.secrets > 0 || s.note.over}
	if !bn.rescan {
		n.hashes = append(n.hashes, s.note.hashes...)
	}
	bn.end = int32(len(n.hashes))
	n.list = append(n.list, bn)
}

// noteRun notes the hashes pass two would look up for run: the run, and
// its dot-separated pieces when it is longer than MinLearnLen and dotted
// (see scrubber.text and scrubber.learnedPieces).
func (s *scrubber) noteRun(run []byte) {
	if s.note.over {
		return
	}
	s.noteHash(run)
	if len(run) <= MinLearnLen || bytes.IndexByte(run, '.') < 0 {
		return
	}
	last := 0
	for i := 0; i <= len(run); i++ {
		if i == len(run) || run[i] == '.' {
			s.noteHash(run[last:i])
			last = i + 1
		}
	}
}

func (s *scrubber) noteHash(b []byte) {
	if len(b) < MinLearnLen || len(b) > maxLearnLen {
		return
	}
	if len(s.note.hashes) >= maxNoteHashes {
		s.note.over = true
		return
	}
	s.note.hashes = append(s.note.hashes, s.l.hash(b))
}

// cleanBody takes the note of the next body (pass two) and reports whether
// the body can be copied as it is: pass one found no secret in it and no
// hash of its runs was learned.
func (l *learned) cleanBody() bool {
	n := &l.notes
	if n.next >= len(n.list) {
		n.next++
		return false
	}
	bn := n.list[n.next]
	n.next++
	if bn.rescan {
		return false
	}
	for _, h := range n.hashes[bn.start:bn.end] {
		if l.hasHash(h) {
			return false
		}
	}
	return true
}
