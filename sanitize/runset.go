package sanitize

// runSet holds the hashes of learned runs with their kinds: an
// open-addressing table with linear probing, 9 bytes a slot at a load of at
// most one half. At its cap of maxLearned runs it takes 18 MiB, where a
// map[uint64]Kind took about 66 MiB (24-byte slots, and Go's growth).
type runSet struct {
	keys  []uint64
	kinds []uint8 // index+1 in names; 0 marks an empty slot
	n     int
	names []Kind // the kinds met, in order
}

// runSetMin is the number of slots a runSet starts with.
const runSetMin = 1 << 10

// len returns the number of hashes held.
func (s *runSet) len() int { return s.n }

// get returns the kind of hash h, and false when h is not held.
func (s *runSet) get(h uint64) (Kind, bool) {
	if s.n == 0 {
		return "", false
	}
	mask := uint64(len(s.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch k := s.kinds[i]; {
		case k == 0:
			return "", false
		case s.keys[i] == h:
			return s.names[k-1], true
		}
	}
}

// add holds h as kind k, unless h is held already (the first kind stays).
func (s *runSet) add(h uint64, k Kind) {
	if 2*(s.n+1) > len(s.keys) {
		s.grow()
	}
	mask := uint64(len(s.keys) - 1)
	i := h & mask
	for ; s.kinds[i] != 0; i = (i + 1) & mask {
		if s.keys[i] == h {
			return
		}
	}
	s.keys[i], s.kinds[i] = h, s.kindIndex(k)
	s.n++
}

// kindIndex returns the index+1 of k in s.names, adding it.
func (s *runSet) kindIndex(k Kind) uint8 {
	for i, n := range s.names {
		if n == k {
			return uint8(i + 1)
		}
	}
	if len(s.names) == 255 {
		panic("sanitize: more than 255 kinds of secrets")
	}
	s.names = append(s.names, k)
	return uint8(len(s.names))
}

// grow doubles the table.
func (s *runSet) grow() {
	keys, kinds := s.keys, s.kinds
	size := max(runSetMin, 2*len(keys))
	s.keys, s.kinds = make([]uint64, size), make([]uint8, size)
	mask := uint64(size - 1)
	for j, k := range kinds {
		if k == 0 {
			continue
		}
		i := keys[j] & mask
		for s.kinds[i] != 0 {
			i = (i + 1) & mask
		}
		s.keys[i], s.kinds[i] = keys[j], k
	}
}

// each calls f with every hash held and its kind, in no particular order.
func (s *runSet) each(f func(h uint64, k Kind)) {
	for i, k := range s.kinds {
		if k != 0 {
			f(s.keys[i], s.names[k-1])
		}
	}
}
