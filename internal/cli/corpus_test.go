package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir holds real HARs exported by many tools (../shared beside the
// repository, as on developer machines and in CI).
const corpusDir = "../../../shared/corpus/hars"

// TestCorpus runs `authlint analyze --format json` on every real HAR: it must
// exit 0 or 1 (never 3) and write valid JSON.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if len(files) == 0 {
		if _, err := os.Stat(corpusDir); os.IsNotExist(err) {
			t.Skipf("no corpus at %s", corpusDir)
		}
		t.Fatalf("no HARs in %s", corpusDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := runCLI(t, "", nil, "analyze", "--format", "json", f)
			if r.code != 0 && r.code != 1 {
				t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
			}
			var rep struct {
				Inputs []struct {
					Entries int `json:"entries"`
				} `json:"inputs"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("invalid JSON: %v", err)
			}
			if len(rep.Inputs) != 1 {
				t.Fatalf("want 1 input, got %d", len(rep.Inputs))
			}
		})
	}
}
