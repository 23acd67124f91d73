//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv, when set, makes the test binary run authlint with the JSON array
// of arguments it holds instead of the tests, so that a test can measure
// one run's time and peak RSS in a process of its own.
const childEnv = "AUTHLINT_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		var args []string
		if err := json.Unmarshal([]byte(v), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(99)
		}
		os.Exit(Main(args, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is the outcome of one authlint run in a child process.
type child struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // peak resident set size in bytes
}

// runChild runs authlint with args in a child process in dir and measures
// it. The child reads no config from the developer's tree: dir is a fresh
// temporary folder.
func runChild(t *testing.T, dir string, args ...string) child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(args)
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"="+string(a))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	c := child{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	c.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		c.maxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	return c
}

// within fails the test unless the run took at most d and peaked at most
// rss bytes. The bounds are generous for a loaded 2-core machine: each is
// several times what the run needs, and far below what the unbounded
// behaviour cost.
func (c child) within(t *testing.T, d time.Duration, rss int64) {
	t.Helper()
	t.Logf("%v, peak RSS %d MiB", c.elapsed.Round(time.Millisecond), c.maxRSS>>20)
	if c.elapsed > d {
		t.Errorf("took %v, want at most %v", c.elapsed.Round(time.Millisecond), d)
	}
	if c.maxRSS == 0 || c.maxRSS > rss {
		t.Errorf("peak RSS %d MiB, want at most %d MiB", c.maxRSS>>20, rss>>20)
	}
}

// writeFile writes a generated file of n lines produced by line(i).
func writeLines(t *testing.T, path string, n int, line func(i int) string) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(fh)
	for i := range n {
		w.WriteString(line(i))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}

const hostileEntry = `{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://app.example.com/api/me","headers":[{"name":"cookie","value":"sid=test"}]},` +
	`"response":{"status":200,"headers":[{"name":"x-cache","value":"Hit from cloudfront"},{"name":"cache-control","value":"public, max-age=600"},{"name":"set-cookie","value":"sid=test2; Path=/"}]}}`

// TestHostileSideFiles: side files of any size end at once with exit 2 and
// an error naming the file and the cap (issue 10).
func TestHostileSideFiles(t *testing.T) {
	dir := t.TempDir()
	har := filepath.Join(dir, "in.har")
	writeLines(t, har, 1, func(int) string { return `{"log":{"entries":[` + hostileEntry + `]}}` })
	bigConfig := filepath.Join(dir, "big.yaml")
	writeLines(t, bigConfig, 100000, func(i int) string { return fmt.Sprintf("# comment line %d of a config file far too large\n", i) })
	manyLines := filepath.Join(dir, "secrets.txt")
	writeLines(t, manyLines, 4_200_000, func(i int) string { return "s\n" })
	manySecrets := filepath.Join(dir, "rotation.txt")
	writeLines(t, manySecrets, maxSecrets+1, func(i int) string { return fmt.Sprintf("secret-number-%03d-for-rotation\n", i) })
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"config /dev/zero", []string{"analyze", "--config", "/dev/zero", har}, "authlint: /dev/zero: larger than 1 MiB, the limit for a config file\n"},
		{"config of 4.9 MB", []string{"analyze", "--config", bigConfig, har}, "authlint: " + bigConfig + ": larger than 1 MiB, the limit for a config file\n"},
		{"baseline /dev/zero", []string{"analyze", "--baseline", "/dev/zero", har}, "authlint: --baseline /dev/zero: larger than 16 MiB, the limit for a baseline\n"},
		{"secret file /dev/zero", []string{"analyze", "--secret-file", "/dev/zero", har}, "authlint: --secret-file /dev/zero: larger than 64 KiB, the limit for a secret file\n"},
		{"secret file of 4.2M lines", []string{"analyze", "--secret-file", manyLines, har}, "authlint: --secret-file " + manyLines + ": larger than 64 KiB, the limit for a secret file\n"},
		{"101 secrets", []string{"analyze", "--secret-file", manySecrets, har}, "authlint: --secret-file " + manySecrets + ": 101 secrets, more than the 100 tried on each cookie\n"},
		{"probe cookie file /dev/zero", []string{"probe", "--cookie-file", "/dev/zero", "http://127.0.0.1:9/"}, "authlint: --cookie-file /dev/zero: larger than 1 MiB, the limit for a cookie file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := runChild(t, dir, tt.args...)
			if c.code != ExitUsage {
				t.Fatalf("exit %d, want %d\n%s", c.code, ExitUsage, c.stderr)
			}
			if want := tt.err + "run 'authlint help' for usage\n"; c.stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", c.stderr, want)
			}
			c.within(t, 3*time.Second, 96<<20)
		})
	}
}

// bombFile writes a gzip-compressed HAR of n finding-rich entries, the same
// entry repeated: about 300 bytes each unpacked, 250 times less packed.
func bombFile(t *testing.T, path string, n int) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(fh, gzip.BestCompression)
	io.WriteString(zw, `{"log":{"entries":[`)
	chunk := strings.Repeat(hostileEntry+",", 1000)
	for i := 0; i < n; i += 1000 {
		io.WriteString(zw, chunk)
	}
	io.WriteString(zw, hostileEntry+`]}}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHostileGzip: a decompression bomb is refused at once with exit 3 and
// an error naming the file and the limit's flag; the size limit works the
// same way.
func TestHostileGzip(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.har.gz")
	bombFile(t, bomb, 200000) // 60 MB unpacked, 10 GB would cost the same
	c := runChild(t, dir, "analyze", "--format", "short", bomb)
	if c.code != ExitFailure || c.stdout != "" {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", c.code, ExitFailure, c.stdout, c.stderr)
	}
	if !strings.HasPrefix(c.stderr, "authlint: "+bomb+": gzip data unpacks to more than 100 times its compressed size (the limit), a decompression bomb: stopped after 1 MiB from ") ||
		!strings.HasSuffix(c.stderr, "; raise the limit with --max-ratio if the file is trusted\n") {
		t.Errorf("stderr: %s", c.stderr)
	}
	c.within(t, 5*time.Second, 128<<20)

	// The size limit, on a file of ordinary ratio.
	gz := filepath.Join(dir, "big.har.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, `{"log":{"entries":[`)
	for i := range 3000 {
		fmt.Fprintf(zw, `{"request":{"method":"GET","url":"https://app.example.com/%d/%x"},"response":{"status":200}},`, i, i*7919)
	}
	io.WriteString(zw, `{}]}}`)
	zw.Close()
	if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	c = runChild(t, dir, "analyze", "--max-unpacked", "64KiB", gz)
	if c.code != ExitFailure || !strings.Contains(c.stderr, "gzip data unpacks to more than 64 KiB (the limit)") || !strings.Contains(c.stderr, "--max-unpacked") {
		t.Errorf("exit %d\n%s", c.code, c.stderr)
	}
	if c = runChild(t, dir, "analyze", "--max-unpacked", "0", "--max-ratio", "0", "--format", "short", gz); c.code != ExitOK {
		t.Errorf("without limits: exit %d\n%s", c.code, c.stderr)
	}
}

// TestHostileValues: a 100 MB header value, a 32 MB URL and a 32 MB header
// name cost no more than short ones, and the report quotes at most
// rules.MaxEvidence lines of a response with thousands of Set-Cookie lines.
func TestHostileValues(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.har")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	block := strings.Repeat("a", 1<<20)
	repeat := func(mb int) {
		for range mb {
			w.WriteString(block)
		}
	}
	w.WriteString(`{"log":{"entries":[{"request":{"method":"GET","url":"https://app.example.com/"},"response":{"status":200,"headers":[{"name":"set-cookie","value":"sid=`)
	repeat(100)
	w.WriteString(`; Path=/"}]}},{"request":{"method":"GET","url":"https://app.example.com/?q=`)
	repeat(32)
	w.WriteString(`"},"response":{"status":200,"headers":{"x-`)
	repeat(32)
	w.WriteString(`":"v"}}},` + strings.TrimSuffix(hostileEntry, `]}}`))
	for i := range 5000 { // within har.MaxListLen
		fmt.Fprintf(w, `,{"name":"set-cookie","value":"c%d=v; Path=/"}`, i)
	}
	w.WriteString(`]}}]}}`)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	c := runChild(t, dir, "analyze", "--format", "json", path)
	if c.code != ExitFindings {
		t.Fatalf("exit %d\n%s", c.code, c.stderr)
	}
	var rep struct {
		Findings []struct {
			Rule            string            `json:"rule"`
			Evidence        []json.RawMessage `json:"evidence"`
			EvidenceOmitted int               `json:"evidence_omitted"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(c.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	capped := false
	for _, f := range rep.Findings {
		if len(f.Evidence) > 20 {
			t.Errorf("%s quotes %d pieces of evidence", f.Rule, len(f.Evidence))
		}
		capped = capped || f.EvidenceOmitted >= 5000-20
	}
	if !capped || len(c.stdout) > 256<<10 {
		t.Errorf("report of %d bytes, no finding capped its evidence", len(c.stdout))
	}
	c.within(t, 10*time.Second, 160<<20)
}

// TestHostileHeaderCount: one entry with a million Set-Cookie lines ends at
// once with exit 3 and a positioned error, after a report on the entries
// before it.
func TestHostileHeaderCount(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cookies.har")
	writeLines(t, path, 1_000_002, func(i int) string {
		switch i {
		case 0:
			return `{"log":{"entries":[` + hostileEntry + ",\n" + strings.TrimSuffix(hostileEntry, `]}}`)
		case 1_000_001:
			return "]}}]}}\n"
		}
		return fmt.Sprintf(",\n{\"name\":\"set-cookie\",\"value\":\"c%d=v; Path=/\"}", i)
	})
	c := runChild(t, dir, "analyze", "--format", "short", path)
	if c.code != ExitFailure {
		t.Fatalf("exit %d\n%s", c.code, c.stderr)
	}
	want := "authlint: " + path + ":10000:1: offset 489464, entry 1: not a HAR: more than 10000 headers in one list (Chrome refuses more than 256 KiB of response headers)\n"
	if c.stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", c.stderr, want)
	}
	if !strings.Contains(c.stdout, "cut: ") {
		t.Errorf("the report does not say where the input was cut:\n%s", c.stdout)
	}
	c.within(t, 5*time.Second, 128<<20)
}
