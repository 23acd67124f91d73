package rules_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/report"
	"github.com/authlint/authlint/rules"
	"github.com/authlint/authlint/token"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata/hars")

// hars returns every fixture HAR under testdata/hars.
func hars(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("../testdata/hars/*/*.har")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures found under ../testdata/hars: %v", err)
	}
	return paths
}

// lint runs every rule over a fixture and renders the short format, with
// file names relative to the fixture directory.
func lint(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := filepath.Base(path)
	res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, rules.Options{Keyring: fixtureKeyring(t, path)})
	if err != nil {
		t.Fatalf("analyze %s: %v", path, err)
	}
	var b bytes.Buffer
	if err := (&report.Short{}).Report(&b, &report.Run{Results: []*rules.Result{res}}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fixtureKeyring returns the keyring for a fixture: the secrets in the
// <case>.secrets file next to it (one per line), or nil when there is none.
func fixtureKeyring(t *testing.T, harPath string) *token.Keyring {
	t.Helper()
	secrets, err := token.ReadSecretFile(strings.TrimSuffix(harPath, ".har") + ".secrets")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return token.NewKeyring(secrets...)
}

// TestGolden runs all rules on every fixture and compares the findings with
// the fixture's .golden file (one finding per line; a line between slashes
// is a regular expression). An empty golden file means the HAR must stay
// silent. Run `go test ./rules -update` to rewrite them, and review the diff.
func TestGolden(t *testing.T) {
	for _, path := range hars(t) {
		rel := strings.TrimPrefix(path, "../testdata/hars/")
		t.Run(rel, func(t *testing.T) {
			got := lint(t, path)
			golden := strings.TrimSuffix(path, ".har") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test ./rules -update): %v", err)
			}
			compareLines(t, string(want), got)
		})
	}
}

func compareLines(t *testing.T, want, got string) {
	t.Helper()
	wl, gl := lines(want), lines(got)
	if len(wl) != len(gl) {
		t.Fatalf("got %d findings, want %d\n--- got\n%s--- want\n%s", len(gl), len(wl), got, want)
	}
	for i := range wl {
		w := wl[i]
		if len(w) > 2 && strings.HasPrefix(w, "/") && strings.HasSuffix(w, "/") {
			if !regexp.MustCompile(w[1 : len(w)-1]).MatchString(gl[i]) {
				t.Errorf("line %d: %q does not match %s", i+1, gl[i], w)
			}
			continue
		}
		if w != gl[i] {
			t.Errorf("line %d:\n got: %s\nwant: %s", i+1, gl[i], w)
		}
	}
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// TestEveryRuleHasCases requires, for every rule, a fixture directory named
// after it with at least one HAR whose golden reports the rule and at least
// one near-miss HAR whose golden does not.
func TestEveryRuleHasCases(t *testing.T) {
	for _, r := range rules.All() {
		paths, _ := filepath.Glob(filepath.Join("../testdata/hars", r.ID, "*.golden"))
		pos, neg := 0, 0
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "["+r.ID+"]") {
				pos++
			} else {
				neg++
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s: testdata/hars/%s needs a HAR that triggers it and a near miss that does not (have %d and %d)", r.ID, r.ID, pos, neg)
		}
	}
}

// TestHealthy requires the healthy whole-session HARs (static assets cached,
// session reads no-store) to give no finding at or above medium.
func TestHealthy(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/hars/healthy/*.har")
	if len(paths) == 0 {
		t.Fatal("no healthy fixtures")
	}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := rules.Analyze(har.NewDecoder(f, path, har.Options{}), path, rules.Options{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range res.Findings {
			if fd.Severity >= rules.Medium {
				t.Errorf("%s: %s finding on a healthy HAR: %s [%s]", path, fd.Severity, fd.Message, fd.Rule)
			}
		}
	}
}
