package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// validatorEnv names the SARIF validator executable: Microsoft's
// sarif-multitool (npm @microsoft/sarif-multitool), either the npm wrapper
// in node_modules/.bin or the platform binary it runs.
const validatorEnv = "AUTHLINT_SARIF_VALIDATOR"

// defaultValidator is where .ci/run installs the validator, relative to this
// package.
var defaultValidator = filepath.Join("..", ".ci", "node", "node_modules", ".bin", "sarif-multitool")

// sarifValidator returns the validator to run, skips the test when there is
// none, and fails it in CI (CI=true), where it must be installed.
func sarifValidator(t *testing.T) string {
	t.Helper()
	// The validator runs in a temporary directory: return absolute paths.
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if p := os.Getenv(validatorEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s=%s: %v", validatorEnv, p, err)
		}
		return abs(p)
	}
	if _, err := os.Stat(defaultValidator); err == nil {
		return abs(defaultValidator)
	}
	msg := "SARIF validator not found: set " + validatorEnv + " to the sarif-multitool executable, or run\n" +
		"  npm install --prefix .ci/node @microsoft/sarif-multitool@5.7.0\n" +
		"from the repository root"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (required when CI=true)")
	}
	t.Skip(msg)
	return ""
}

// TestSARIFValidates validates, with Microsoft's SARIF validator and its
// GitHub ingestion rules, the SARIF of the golden runs and of every HAR
// under testdata/hars analysed with every rule. Any error or warning fails the test.
func TestSARIFValidates(t *testing.T) {
	bin := sarifValidator(t)
	dir := t.TempDir()
	var files []string
	write := func(name string, run *Run) {
		t.Helper()
		var b bytes.Buffer
		if err := (&SARIF{}).Report(&b, run); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := filepath.Join(dir, name+".sarif")
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for name, run := range goldenRuns(t) {
		write("golden-"+name, run)
	}
	hars, err := filepath.Glob(filepath.Join("..", "testdata", "hars", "*", "*.har"))
	if err != nil || len(hars) == 0 {
		t.Fatalf("no testdata HARs (%v)", err)
	}
	// One run over every HAR, as "authlint analyze --format sarif
	// testdata/hars/*/*.har" from the repository root writes it (one file:
	// the validator takes about a quarter of a second per file). One input
	// is named by its absolute path, which becomes a file: URI.
	all := &Run{Tool: "authlint", Version: "v0.9.0", Rules: rules.All(), FailOn: rules.High}
	absDone := false
	for _, p := range hars {
		name := filepath.ToSlash(strings.TrimPrefix(p, ".."+string(filepath.Separator)))
		res := analyzeHAR(t, p, name)
		if !absDone && len(res.Findings) > 0 {
			abs, err := filepath.Abs(p)
			if err != nil {
				t.Fatal(err)
			}
			res, absDone = analyzeHAR(t, p, abs), true
		}
		all.Results = append(all.Results, res)
	}
	write("testdata-hars", all)
	// And one input alone, described only by the rules its result names,
	// as a live probe would name it.
	var probe rules.Result
	for _, res := range all.Results {
		if len(res.Findings) > 1 {
			probe = *res
		}
	}
	probe.File = "probe:https://app.example.com/"
	probe.Findings = append([]rules.Finding(nil), probe.Findings...)
	for i := range probe.Findings {
		probe.Findings[i].File = probe.File
	}
	write("probe", &Run{Tool: "authlint", Version: "1.0.0-rc.1+build.5", Results: []*rules.Result{&probe}})

	out := runValidator(t, bin, dir, files)
	problems := validatorProblems(out)
	for _, p := range problems {
		t.Error(p)
	}
	if m := scannedRE.FindStringSubmatch(out); m == nil || m[1] != strconv.Itoa(len(files)) {
		t.Errorf("validator did not report scanning %d files:\n%s", len(files), out)
	}
	if t.Failed() {
		t.Logf("validator output:\n%s", out)
	}
}

// analyzeHAR runs every rule on one testdata HAR, keeping the result of an
// input that was cut short.
func analyzeHAR(t *testing.T, path, name string) *rules.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, rules.Options{})
	var se *har.SyntaxError
	if err != nil && !errors.As(err, &se) {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

// runValidator runs "sarif-multitool validate" with the GitHub ingestion
// rules (--rule-kind "Sarif;Gh") on files. The validator exits 0 even when
// it finds errors, so the output is what counts.
func runValidator(t *testing.T, bin, dir string, files []string) string {
	t.Helper()
	args := append([]string{"validate", "--rule-kind", "Sarif;Gh"}, files...)
	if isNodeScript(bin) {
		// The npm wrapper runs the binary through a shell
		// (child_process.spawnSync with shell: true), so quote every
		// argument for sh.
		for i, a := range args {
			args[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out.String())
	}
	t.Logf("validated %d SARIF files in %s", len(files), time.Since(start).Round(time.Millisecond))
	return out.String()
}

// isNodeScript reports whether path is a script run by node (the npm
// wrapper) rather than the validator binary.
func isNodeScript(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("#!")) {
		return false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return bytes.Contains(line, []byte("node"))
}

var (
	// diagnosticRE matches the validator's diagnostics:
	// "file.sarif(9,26): warning SARIF2005: runs[0]...", and tool errors
	// such as "SARIF.MULTITOOL : error ERR997.NoValidAnalysisTargets : ...".
	diagnosticRE = regexp.MustCompile(`(?m)^(.*?)\s*:\s*(error|warning)\s+([A-Z]+\d+[\w.]*)\s*:\s*(.*)$`)
	scannedRE    = regexp.MustCompile(`Done\. (\d+) files? scanned\.`)
)

// validatorProblems returns the errors and warnings in the validator's
// output, one line each.
func validatorProblems(out string) []string {
	var problems []string
	for _, m := range diagnosticRE.FindAllStringSubmatch(out, -1) {
		problems = append(problems, m[2]+" "+m[3]+" in "+filepath.Base(m[1])+": "+m[4])
	}
	return problems
}

func TestValidatorProblems(t *testing.T) {
	out := `Analyzing...
THREADS: 2
/tmp/x/findings.sarif(9,26): warning SARIF2005: runs[0].tool.driver.version: The tool 'authlint' contains the 'version' property 'dev', which is not numeric.
/tmp/x/bad.sarif(1): error JSON1002: root: The required property 'version' is missing.
/tmp/x/bad.sarif(30,5): note SARIF2012: runs[0].tool.driver.rules[0]: consider a friendly name.
SARIF.MULTITOOL : error ERR997.NoValidAnalysisTargets : No valid analysis targets were specified.

Done. 2 files scanned.
Analysis completed successfully.
`
	got := validatorProblems(out)
	want := []string{
		"warning SARIF2005 in findings.sarif(9,26): runs[0].tool.driver.version: The tool 'authlint' contains the 'version' property 'dev', which is not numeric.",
		"error JSON1002 in bad.sarif(1): root: The required property 'version' is missing.",
		"error ERR997.NoValidAnalysisTargets in SARIF.MULTITOOL: No valid analysis targets were specified.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("validatorProblems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := scannedRE.FindStringSubmatch(out); m == nil || m[1] != "2" {
		t.Errorf("scannedRE: %v", m)
	}
}
