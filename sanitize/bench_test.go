package sanitize

import (
	"io"
	"os"
	"testing"
)

// BenchmarkSanitize measures both passes over the HAR named by
// AUTHLINT_BENCH_HAR (bench/genhar output), or the largest corpus HAR.
func BenchmarkSanitize(b *testing.B) {
	path := os.Getenv("AUTHLINT_BENCH_HAR")
	if path == "" {
		path = "../../shared/corpus/hars/chrome-devtools-all-status-methods.har"
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	for b.Loop() {
		if _, err := Sanitize(FileSource(path), io.Discard, Options{Key: testKey}); err != nil {
			b.Fatal(err)
		}
	}
}
