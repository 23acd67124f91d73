package sanitize

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/rules"
)

var testKey = []byte("authlint sanitize tests")

// inputs are the HARs every property test runs on: the shared corpus of
// real exports, the rule fixtures and the login flows of testdata/sanitize.
func inputs(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../../shared/corpus/hars/*.har*", "../testdata/hars/*/*.har", "../testdata/sanitize/*.har", "../testdata/sample/*.har"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d test HARs", len(files))
	}
	return files
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sanitizeT(t testing.TB, in []byte) []byte {
	t.Helper()
	out, _, err := SanitizeBytes(in, Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// secretRuns returns every run of in that sanitize takes for a secret, as
// the check pass finds them.
func secretRuns(t testing.TB, in []byte) map[string]Kind {
	t.Helper()
	runs := map[string]Kind{}
	s := &scrubber{mode: modeCheck, found: func(k Kind, run []byte) { runs[string(run)] = k }}
	if err := newWalker(bytes.NewReader(in), nil, s).run(); err != nil {
		t.Fatal(err)
	}
	return runs
}

// tokens lists the JSON tokens of b with every string replaced by a marker,
// except object keys: the structure sanitize must keep.
func tokens(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	dec.UseNumber()
	var out []string
	var stack []bool // object?
	expectKey := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("output is not valid JSON: %v", err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, true)
				expectKey = true
			case '[':
				stack = append(stack, false)
				expectKey = false
			default:
				stack = stack[:len(stack)-1]
				expectKey = len(stack) > 0 && stack[len(stack)-1]
			}
			out = append(out, v.String())
			continue
		case string:
			if expectKey {
				out = append(out, "key:"+v)
			} else {
				out = append(out, "string")
			}
		default:
			out = append(out, fmt.Sprint(v))
		}
		if len(stack) > 0 && stack[len(stack)-1] {
			expectKey = !expectKey
		}
	}
}

// findings runs analyze's rules and returns "rule entries" for each
// finding and "not evaluated rule" for each rule the input could not feed.
func findings(t *testing.T, name string, b []byte) []string {
	t.Helper()
	res, err := rules.Analyze(har.NewDecoder(bytes.NewReader(b), name, har.Options{}), name, rules.Options{})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	var out []string
	for _, f := range res.Findings {
		var idx []int
		for _, e := range f.Entries {
			idx = append(idx, e.Index)
		}
		out = append(out, fmt.Sprintf("%s entries %v", f.Rule, idx))
	}
	for _, n := range res.NotEvaluated {
		out = append(out, "not evaluated "+n.Rule)
	}
	slices.Sort(out)
	return out
}

func TestCorpus(t *testing.T) {
	for _, path := range inputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in := gunzip(t, raw)
			out := sanitizeT(t, raw)

			// Valid JSON with the same structure, keys and scalars.
			if !slices.Equal(tokens(t, in), tokens(t, out)) {
				t.Fatal("the output's structure, keys or scalars differ from the input's")
			}
			// No secret of the input is left in the output.
			for run, k := range secretRuns(t, in) {
				if learnable([]byte(run)) && bytes.Contains(out, []byte(run)) {
					t.Errorf("%s %.12q... is still in the output", k, run)
				}
			}
			// --check passes the output.
			if left, err := Check(bytes.NewReader(out)); err != nil || len(left) > 0 {
				t.Errorf("Check(output) = %v, %v; want nothing", left, err)
			}
			// Sanitizing again changes nothing.
			if again := sanitizeT(t, out); !bytes.Equal(again, out) {
				t.Errorf("sanitizing the output changed it (%d vs %d bytes)", len(again), len(out))
			}
			// analyze reports the same rules on the same entries.
			if a, b := findings(t, path, in), findings(t, path, out); !slices.Equal(a, b) {
				t.Errorf("analyze on the output differs:\ninput:  %v\noutput: %v", a, b)
			}
		})
	}
}

func TestCheckFailsInputs(t *testing.T) {
	for _, path := range inputs(t) {
		if !strings.Contains(path, "testdata/sanitize/") {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		left, err := Check(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			t.Errorf("%s: Check found no secret", path)
		}
		for _, f := range left {
			if strings.Contains(string(raw), f.Value) {
				t.Errorf("%s: Check printed a value of the input: %q", path, f.Value)
			}
		}
	}
}

// TestKnownSecrets checks the login flows of testdata/sanitize against the
// list of their secrets written by hand beside them, not against what the
// scrubber itself finds.
func TestKnownSecrets(t *testing.T) {
	lists, _ := filepath.Glob("../testdata/sanitize/*.secrets")
	if len(lists) == 0 {
		t.Fatal("no testdata/sanitize/*.secrets")
	}
	for _, list := range lists {
		t.Run(filepath.Base(list), func(t *testing.T) {
			secrets, err := os.ReadFile(list)
			if err != nil {
				t.Fatal(err)
			}
			in, err := os.ReadFile(strings.TrimSuffix(list, ".secrets") + ".har")
			if err != nil {
				t.Fatal(err)
			}
			out := sanitizeT(t, in)
			for _, s := range strings.Split(string(secrets), "\n") {
				if s == "" || strings.HasPrefix(s, "#") {
					continue
				}
				if !bytes.Contains(in, []byte(s)) {
					t.Errorf("%q is not in the input: fix the list", s)
				}
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("%q is still in the output", s)
				}
			}
		})
	}
}

// independentSecrets enumerates the secret-bearing values of a HAR through
// the analysis reader (har.Decoder), not through the rewriter: cookie
// values (cookies[], Cookie, Set-Cookie), Authorization credentials and
// the values of secret query parameters.
func independentSecrets(t *testing.T, name string, in []byte) []string {
	t.Helper()
	dec := har.NewDecoder(bytes.NewReader(in), name, har.Options{})
	var out []string
	pair := func(p string) {
		if _, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok {
			out = append(out, strings.TrimSpace(v))
		}
	}
	for {
		e, err := dec.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		headers := e.Request.Headers
		cookies := e.Request.Cookies
		if e.Response != nil {
			headers = append(append(har.Headers(nil), headers...), e.Response.Headers...)
			cookies = append(append([]har.Cookie(nil), cookies...), e.Response.Cookies...)
		}
		for _, c := range cookies {
			out = append(out, c.Value)
		}
		for _, h := range headers {
			switch strings.ToLower(h.Name) {
			case "cookie":
				for _, p := range strings.Split(h.Value, ";") {
					pair(p)
				}
			case "set-cookie":
				for _, line := range strings.Split(h.Value, "\n") {
					first, _, _ := strings.Cut(line, ";")
					pair(first)
				}
			case "authorization", "proxy-authorization":
				_, cred, _ := strings.Cut(h.Value, " ")
				out = append(out, cred)
			}
		}
		for _, q := range e.Request.QueryString {
			if redact.IsSecretName(q.Name) {
				out = append(out, q.Value)
			}
		}
	}
}

func TestIndependentSecrets(t *testing.T) {
	for _, path := range inputs(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		in := gunzip(t, raw)
		out := sanitizeT(t, raw)
		n := 0
		for _, v := range independentSecrets(t, path, in) {
			forRuns([]byte(v), func(start, end int) {
				run := v[start:end]
				// Base64 JSON whose every value is kept (a state of
				// {"returnTo":"/"}) holds nothing to replace.
				if !learnable([]byte(run)) || keptCookieValues[v] || redact.IsPseudonym(run) {
					return
				}
				n++
				if bytes.Contains(out, []byte(run)) {
					t.Errorf("%s: %.12q... is still in the output", filepath.Base(path), run)
				}
			})
		}
		t.Logf("%s: %d secret runs checked", filepath.Base(path), n)
	}
}
