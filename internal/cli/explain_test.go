package cli

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// TestExplainRendersRuleText: explain prints every rule's Doc and Fix as
// terminal text, not Markdown: no backticks or ** left, lines wrapped at
// explainWidth (a single word longer than that aside), and colour only
// when asked.
func TestExplainRendersRuleText(t *testing.T) {
	for _, r := range rules.All() {
		out := explain(r, false)
		if strings.Contains(out, "`") || strings.Contains(out, "**") || strings.Contains(out, "\x1b[") {
			t.Errorf("%s: explain without colour prints markup or colour:\n%s", r.ID, out)
		}
		for _, line := range strings.Split(out, "\n")[1:] { // the first is "<id>: <title>"
			if n := len([]rune(line)); n > explainWidth && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("%s: line of %d columns: %q", r.ID, n, line)
			}
		}
		if !strings.Contains(out, "\nFix:\n") {
			t.Errorf("%s: no Fix section:\n%s", r.ID, out)
		}
	}
	r, _ := rules.ByID("cached-set-cookie")
	if out := explain(r, true); !strings.Contains(out, "\x1b[36mSet-Cookie\x1b[0m") {
		t.Errorf("explain with colour does not colour code spans:\n%q", out[:min(len(out), 400)])
	}
}

// TestExplainNoColorEnv: NO_COLOR and a non-terminal stdout turn colour off.
func TestExplainNoColorEnv(t *testing.T) {
	r := runCLI(t, "", map[string]string{"NO_COLOR": "1"}, "explain", "cached-set-cookie")
	if r.code != 0 || strings.Contains(r.stdout, "\x1b[") || strings.Contains(r.stdout, "`") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
}
