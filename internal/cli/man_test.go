package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", nil, "man", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "authlint-analyze.1"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{".TH AUTHLINT-ANALYZE 1", ".SH SYNOPSIS", `\-\-fail\-on`, ".SH EXAMPLES", "authlint(1)"} {
		if !strings.Contains(page, want) {
			t.Errorf("authlint-analyze.1 lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "authlint.1")); err != nil {
		t.Error(err)
	}
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, ".") && !strings.HasPrefix(line, ".TH") && !strings.HasPrefix(line, ".SH") &&
			!strings.HasPrefix(line, ".TP") && !strings.HasPrefix(line, ".B ") && !strings.HasPrefix(line, ".PP") &&
			!strings.HasPrefix(line, ".nf") && !strings.HasPrefix(line, ".fi") {
			t.Errorf("stray roff request: %q", line)
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := runCLI(t, "", nil, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "authlint") {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
		}
	}
}
