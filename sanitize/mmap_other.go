//go:build !linux

package sanitize

import (
	"io"
	"os"
)

// mapping is not used outside Linux: files are read.
type mapping struct{ inPlace }

// mapFile reports that the file is to be read instead.
func mapFile(*os.File, int64) (*mapping, bool) { return nil, false }

// streamOf returns r.
func streamOf(r io.Reader) io.Reader { return r }
