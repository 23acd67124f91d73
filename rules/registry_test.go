package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// TestRegistry plays go/analysis' Validate: every rule is well formed, so
// docs, explain and report formats can rely on its metadata.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	all := All()
	if len(all) == 0 {
		t.Fatal("no rules registered")
	}
	for i, r := range all {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("rule %q: ID must be kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule %q registered twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("All() is not sorted by ID at %q", r.ID)
		}
		switch r.Category {
		case CategoryCache, CategorySession, CategoryConfig:
		default:
			t.Errorf("rule %s: unknown category %q", r.ID, r.Category)
		}
		if r.Severity < Info || r.Severity > Critical {
			t.Errorf("rule %s: invalid severity %d", r.ID, r.Severity)
		}
		if r.Title == "" || len(r.Title) > 60 || strings.HasSuffix(r.Title, ".") || strings.ToLower(r.Title[:1]) != r.Title[:1] {
			t.Errorf("rule %s: title %q must be a lower-case phrase of at most 60 characters without a final period", r.ID, r.Title)
		}
		if strings.TrimSpace(r.Doc) == "" || strings.TrimSpace(r.Fix) == "" || r.Since == "" {
			t.Errorf("rule %s: Doc, Fix and Since must be set", r.ID)
		}
		if (r.Check == nil) == (r.Start == nil) {
			t.Errorf("rule %s: set exactly one of Check and Start", r.ID)
		}
		if st, err := os.Stat(filepath.Join("../testdata/hars", r.ID)); err != nil || !st.IsDir() {
			t.Errorf("rule %s: missing fixture directory testdata/hars/%s", r.ID, r.ID)
		}
		file := strings.ReplaceAll(r.ID, "-", "_") + ".go"
		if _, err := os.Stat(file); err != nil {
			t.Errorf("rule %s: expected its code in rules/%s", r.ID, file)
		}
	}
}
