package cli

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const loginFlow = "../../testdata/sanitize/login-flow.har"

func runSanitize(t *testing.T, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code := run(args, &env{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, getwd: os.Getwd})
	return out.String(), errb.String(), code
}

func TestSanitizeCommand(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("team key"), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := os.ReadFile(loginFlow)
	if err != nil {
		t.Fatal(err)
	}

	// File to gzip file, with a report.
	gz := filepath.Join(dir, "out.har.gz")
	stdout, stderr, code := runSanitize(t, nil, "sanitize", "--report", "--key-file", key, loginFlow, "-o", gz)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "secret values replaced by pseudonyms") || !strings.Contains(stdout, "cookie value: ") {
		t.Errorf("report = %q", stdout)
	}
	raw, err := os.ReadFile(gz)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("output is not gzip: %v", err)
	}
	fromFile, _ := io.ReadAll(zr)

	// Standard input to standard output, same key: the same bytes.
	stdout, stderr, code = runSanitize(t, bytes.NewReader(in), "sanitize", "--key-file", key, "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != string(fromFile) {
		t.Error("the same key gave different output for the same input")
	}
	// A gzip input is read as well.
	stdout, _, code = runSanitize(t, bytes.NewReader(raw), "sanitize", "--key-file", key, "-")
	if code != ExitOK || stdout != string(fromFile) {
		t.Errorf("sanitizing the gzip output: exit %d, changed=%v", code, stdout != string(fromFile))
	}
	// Without a key, pseudonyms change from run to run.
	other, _, _ := runSanitize(t, bytes.NewReader(in), "sanitize", "-")
	if other == string(fromFile) {
		t.Error("a random key gave the same output as the key file")
	}

	// --check: the input fails, the output passes.
	clean := filepath.Join(dir, "clean.har")
	if err := os.WriteFile(clean, fromFile, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runSanitize(t, nil, "sanitize", "--check", loginFlow, clean)
	if code != ExitFindings {
		t.Errorf("--check on a secret-bearing input: exit %d, want %d", code, ExitFindings)
	}
	if !strings.Contains(stdout, "[redacted:") || strings.Contains(stdout, "C0deAbc123XyZ789") || strings.Contains(stdout, "clean.har") {
		t.Errorf("--check output = %q", stdout)
	}
	if _, _, code = runSanitize(t, nil, "sanitize", "--check", clean); code != ExitOK {
		t.Errorf("--check on the sanitized file: exit %d, want 0", code)
	}

	// --pii: e-mail addresses too; --check --pii reports them.
	stdout, _, code = runSanitize(t, bytes.NewReader(in), "sanitize", "--pii", "-")
	if code != ExitOK || strings.Contains(stdout, "alice%40example.com") || !strings.Contains(stdout, "%40example.com") {
		t.Errorf("--pii: exit %d, e-mail local part left or domain lost", code)
	}
	if _, _, code = runSanitize(t, nil, "sanitize", "--check", "--pii", clean); code != ExitFindings {
		t.Errorf("--check --pii on a file sanitized without --pii: exit %d, want %d", code, ExitFindings)
	}

	// Errors.
	if _, _, code = runSanitize(t, nil, "sanitize", filepath.Join(dir, "missing.har")); code != ExitFailure {
		t.Errorf("missing input: exit %d, want %d", code, ExitFailure)
	}
	if _, _, code = runSanitize(t, strings.NewReader("{"), "sanitize", "-"); code != ExitFailure {
		t.Errorf("truncated input: exit %d, want %d", code, ExitFailure)
	}
	if _, _, code = runSanitize(t, nil, "sanitize", loginFlow, clean); code != ExitUsage {
		t.Errorf("two inputs without --check: exit %d, want %d", code, ExitUsage)
	}
	if _, _, code = runSanitize(t, nil, "sanitize", "--key-file", filepath.Join(dir, "nokey"), loginFlow); code != ExitUsage {
		t.Errorf("missing key file: exit %d, want %d", code, ExitUsage)
	}
}

// TestSanitizeWithSecrets: with --secret-file (or the environment, as for
// analyze), the output carries the annotation, and analyze on it without a
// secret reports what analyze on the input reports with the secret.
func TestSanitizeWithSecrets(t *testing.T) {
	const fixture = "../../testdata/hars/expired-session-token/nextjs-auth0-v4-6s-past-exp-low"
	dir := t.TempDir()
	out := filepath.Join(dir, "out.har")
	_, stderr, code := runSanitize(t, nil, "sanitize", "--report", "--secret-file", fixture+".secrets", fixture+".har", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"_authlint":{"version":1,"secrets":1,`)) {
		t.Fatal("no annotation in the output")
	}
	want, _, _ := runSanitize(t, nil, "analyze", "--format", "short", "--fail-on", "none", "--secret-file", fixture+".secrets", fixture+".har")
	got, _, _ := runSanitize(t, nil, "analyze", "--format", "short", "--fail-on", "none", out)
	rule := func(s string) []string {
		var ids []string
		for _, l := range strings.Split(s, "\n") {
			if i := strings.LastIndex(l, " ["); i >= 0 && strings.HasSuffix(l, "]") {
				ids = append(ids, l[i:])
			}
		}
		return ids
	}
	if w, g := rule(want), rule(got); len(w) == 0 || strings.Join(w, ",") != strings.Join(g, ",") {
		t.Errorf("analyze on the output: %v, on the input with the secret: %v", g, w)
	}
	if _, _, code := runSanitize(t, nil, "sanitize", "--secret-file", filepath.Join(dir, "none"), fixture+".har"); code != ExitUsage {
		t.Errorf("missing secret file: exit %d, want %d", code, ExitUsage)
	}
}
