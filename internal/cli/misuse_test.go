package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// TestMisuse: selections that select nothing, outputs that would overwrite
// an input or each other, and unknown commands with --help are usage
// errors (exit 2) that leave every file as it was (issue 10).
func TestMisuse(t *testing.T) {
	data, err := os.ReadFile(cachedCallback)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.har")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.har")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, r := range rules.All() {
		all = append(all, r.ID)
	}
	cfg := filepath.Join(dir, "all.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  disable: ["+strings.Join(all, ", ")+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg2 := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(cfg2, []byte("fail-on: high\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "base.json")
	if err := os.WriteFile(base, []byte(`{"findings":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	tests := []struct {
		name string
		args []string
		err  string // stderr's first line
	}{
		{"--rule X --disable X", []string{"analyze", "--rule", "token-in-url", "--disable", "token-in-url", in},
			"authlint: no rule left to run after --rule token-in-url and --disable token-in-url"},
		{"--rule empty", []string{"analyze", "--rule", "", in}, "authlint: --rule: no rule ID given (run 'authlint rules' for the list)"},
		{"--rule=", []string{"analyze", "--rule=", in}, "authlint: --rule: no rule ID given (run 'authlint rules' for the list)"},
		{"config disables every rule", []string{"analyze", "--config", cfg, in}, "authlint: no rule left to run after rules.disable in " + cfg},
		{"-o the input", []string{"analyze", "-o", in, in}, "authlint: -o " + in + " would overwrite the input " + in + ", which this run reads"},
		{"--format json:the input", []string{"analyze", "--format", "json:" + in, in}, "authlint: --format json:" + in + " would overwrite the input " + in + ", which this run reads"},
		{"--write-baseline the input", []string{"analyze", "--write-baseline", in, in}, "authlint: --write-baseline would overwrite the input " + in + ", which this run reads"},
		{"the input through a link", []string{"analyze", "-o", link, in}, "authlint: -o " + link + " would overwrite the input " + in + ", which this run reads"},
		{"the input by another path", []string{"analyze", "-o", dir + "/./in.har", in}, "authlint: -o " + dir + "/./in.har would overwrite the input " + in + ", which this run reads"},
		{"--write-baseline the baseline", []string{"analyze", "--baseline", base, "--write-baseline", base, in}, "authlint: --write-baseline would overwrite --baseline " + base + ", which this run reads"},
		{"-o the config", []string{"analyze", "--config", cfg2, "-o", cfg2, in}, "authlint: -o " + cfg2 + " would overwrite the config " + cfg2 + ", which this run reads"},
		{"two formats to one file", []string{"analyze", "--format", "json:" + out, "--format", "sarif:" + out, in},
			"authlint: --format json:" + out + " and --format sarif:" + out + " would write to the same file " + out},
		{"two formats to -o", []string{"analyze", "-o", out, "--format", "json", "--format", "text", in},
			"authlint: -o " + out + " and -o " + out + " would write to the same file " + out},
		{"a report and the baseline", []string{"analyze", "--format", "json:" + out, "--write-baseline", out, in},
			"authlint: --format json:" + out + " and --write-baseline would write to the same file " + out},
		{"unknown command --help", []string{"scrub", "--help"}, `authlint: unknown command "scrub"`},
		{"unknown command with flags and -h", []string{"scrub", "--format", "json", "-h", in}, `authlint: unknown command "scrub"`},
		{"help for an unknown command", []string{"help", "scrub"}, `authlint: unknown command "scrub"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", nil, tt.args...)
			if r.code != ExitUsage {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitUsage, r.stdout, r.stderr)
			}
			if first, _, _ := strings.Cut(r.stderr, "\n"); first != tt.err {
				t.Errorf("stderr:\n%s\nwant:\n%s", first, tt.err)
			}
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			if got, err := os.ReadFile(in); err != nil || string(got) != string(data) {
				t.Errorf("the input changed")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written", out)
			}
		})
	}
	// Commands that exist keep working with --help.
	for _, args := range [][]string{{"--help"}, {"help"}, {"help", "analyze"}, {"analyze", "--help"}, {"completion", "bash"}} {
		if r := runCLI(t, "", nil, args...); r.code != ExitOK || r.stdout == "" {
			t.Errorf("%q: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}

// TestReportsAreWrittenWhole: report and baseline files are replaced in one
// rename, keep the mode of the file they replace, and leave no temporary
// file behind.
func TestReportsAreWrittenWhole(t *testing.T) {
	dir := t.TempDir()
	out, base := filepath.Join(dir, "out.json"), filepath.Join(dir, "base.json")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", nil, "analyze", "--format", "json:"+out, "--write-baseline", base, cachedCallback)
	if r.code != ExitFindings {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, p := range []string{out, base} {
		b, err := os.ReadFile(p)
		if err != nil || !strings.HasSuffix(string(b), "}\n") {
			t.Errorf("%s: %v %q", p, err, b[max(0, len(b)-20):])
		}
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode of the replaced report: %v %v", st.Mode(), err)
	}
	if st, err := os.Stat(base); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode of a new baseline: %v %v", st.Mode(), err)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}
	// A report through a link replaces the file it names; the link stays.
	link := filepath.Join(dir, "latest.json")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", nil, "analyze", "--format", "short", "-o", link, healthy); r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(out); strings.HasPrefix(string(b), "{") {
		t.Errorf("the file behind the link still holds the JSON report")
	}
}

// TestWriteFileAtomic: a write that fails half way (a full disk) leaves the
// old file, or no file, and no temporary file.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	full := errors.New("no space left on device")
	failing := func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("partial report ", 10000))
		return full
	}
	old := filepath.Join(dir, "old.txt")
	if err := os.WriteFile(old, []byte("complete old report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(old, 0o644, failing); !errors.Is(err, full) {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "complete old report\n" {
		t.Errorf("old report became %q...", b[:min(20, len(b))])
	}
	missing := filepath.Join(dir, "new.txt")
	if err := writeFileAtomic(missing, 0o644, failing); !errors.Is(err, full) {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a failed report was left at %s", missing)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}
	// A file that is not regular is written in place.
	if err := writeFileAtomic(os.DevNull, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Errorf("%s: %v", os.DevNull, err)
	}
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode().IsRegular() {
		t.Errorf("%s was replaced: %v %v", os.DevNull, st.Mode(), err)
	}
	// In a folder that cannot be written, nothing is written.
	if err := writeFileAtomic(filepath.Join(dir, "no", "such", "dir.txt"), 0o644, func(io.Writer) error { return nil }); err == nil {
		t.Errorf("no error for a missing folder")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1048576": 1 << 20, "64KiB": 64 << 10, "64 kib": 64 << 10, "512MiB": 512 << 20, "4GiB": 4 << 30,
		"1.5GB": 3 << 29, "2g": 2 << 30, "10k": 10 << 10, "100b": 100,
	} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1", "1 PiB", "x", "1e30", "9999999999GiB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestVersionLine(t *testing.T) {
	plat := runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"from a clone", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "ee7d3fa114a007e2a62173002a6b6a8ef3c2f00e"},
			{Key: "vcs.time", Value: "2026-12-03T08:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}, true,
			"authlint dev (revision ee7d3fa114a0, modified, 2026-12-03T08:00:00Z; go1.26.8 " + plat + ")"},
		{"clean clone", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "ee7d3fa"}, {Key: "vcs.modified", Value: "false"}}}, true,
			"authlint dev (revision ee7d3fa; go1.26.8 " + plat + ")"},
		{"no VCS stamp", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true,
			"authlint dev (no module version or VCS revision in the build info; go1.26.8 " + plat + ")"},
		{"no build info", nil, false, "authlint dev (" + runtime.Version() + " " + plat + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionLine(tt.bi, tt.ok); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// Reports keep "dev" (the goldens pin it), whatever the build info.
	if version() != "dev" {
		t.Errorf("version() = %q in tests", version())
	}
	if r := runCLI(t, "", nil, "version"); r.code != ExitOK || !strings.HasPrefix(r.stdout, "authlint dev (") || !strings.Contains(r.stdout, runtime.Version()) {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
}
