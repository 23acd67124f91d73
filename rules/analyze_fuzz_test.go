package rules

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/token"
)

// FuzzAnalyze runs every rule over arbitrary HAR bytes, seeded with the
// fixture HARs: whatever the input, Analyze returns findings or a
// *har.SyntaxError, never panics (the engine would turn a rule's panic into
// an internal error) and reports well-formed findings.
func FuzzAnalyze(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/hars/*/*.har")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	kr := token.NewKeyring("a-test-secret-that-is-long-enough-for-hkdf")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []Options{{}, {Keyring: kr}} {
			res, err := Analyze(har.NewDecoder(bytes.NewReader(data), "f.har", har.Options{}), "f.har", opts)
			if err != nil {
				if _, ok := err.(*har.SyntaxError); !ok {
					t.Fatalf("Analyze failed: %v", err)
				}
				continue
			}
			for _, fd := range res.Findings {
				if fd.Rule == "" || fd.Severity < Info || fd.Severity > Critical || fd.Message == "" || len(fd.Entries) == 0 || fd.Fingerprint == "" {
					t.Fatalf("malformed finding: %+v", fd)
				}
			}
		}
	})
}
