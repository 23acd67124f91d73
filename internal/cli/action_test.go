package cli

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/authlint/authlint/report"
)

// TestAction checks action.yml against the CLI: every input it references
// is declared (and every declared input used), and every flag and format
// it passes to authlint exists.
func TestAction(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     *string
		}
		Runs struct {
			Using string
			Steps []struct {
				Run string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(data), -1) {
		used[m[1]] = true
	}
	for name, in := range action.Inputs {
		if !used[name] {
			t.Errorf("input %q is declared but never used", name)
		}
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %q needs a description and a default", name)
		}
	}
	for name := range used {
		if _, ok := action.Inputs[name]; !ok {
			t.Errorf("inputs.%s is used but not declared", name)
		}
	}
	var script strings.Builder
	for _, s := range action.Runs.Steps {
		script.WriteString(s.Run)
	}
	root := newRootCmd(&env{})
	for _, sub := range []string{"analyze", "probe"} {
		cmd, _, err := root.Find([]string{sub})
		if err != nil || cmd.Name() != sub {
			t.Errorf("action runs authlint %s, which does not exist", sub)
			continue
		}
		for _, m := range regexp.MustCompile(` (--[a-z-]+)`).FindAllStringSubmatch(script.String(), -1) {
			if cmd.Flags().Lookup(strings.TrimPrefix(m[1], "--")) == nil {
				t.Errorf("action passes %s, which authlint %s does not have", m[1], sub)
			}
		}
	}
	for _, m := range regexp.MustCompile(`--format "?([a-z]+)`).FindAllStringSubmatch(script.String(), -1) {
		if !slices.Contains(report.Formats(), m[1]) {
			t.Errorf("action uses format %q, which authlint does not have", m[1])
		}
	}
}
