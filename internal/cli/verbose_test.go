package cli

import (
	"strings"
	"testing"
)

// TestVerboseNotEvaluated checks that analyze prints one line per input for
// the rules it could not evaluate, and the list with --verbose.
func TestVerboseNotEvaluated(t *testing.T) {
	// A Chrome 131 DevTools export with no Cookie, Set-Cookie or
	// Authorization: the sanitized default.
	doc := `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2025-03-04T10:00:00.000Z","time":10,
 "request":{"method":"GET","url":"https://app.example.com/","httpVersion":"h2","headers":[{"name":"user-agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
 "response":{"status":200,"statusText":"","httpVersion":"h2","headers":[{"name":"content-type","value":"text/html"}],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},
 "cache":{},"timings":{"send":1,"wait":8,"receive":1}}]}}`
	path := writeTemp(t, "sanitized.har", []byte(doc))

	plain := runCLI(t, "", nil, "analyze", "--no-color", "--fail-on", "none", path)
	if plain.code != 0 {
		t.Fatalf("exit %d: %s", plain.code, plain.stderr)
	}
	if n := strings.Count(plain.stdout, "Export HAR (sanitized)"); n != 1 {
		t.Errorf("the cause is printed %d times, want once:\n%s", n, plain.stdout)
	}
	if strings.Contains(plain.stdout, "cookie-not-forwarded") || !strings.Contains(plain.stdout, "--verbose lists them") {
		t.Errorf("without --verbose the rules are not listed, and the line says how to list them:\n%s", plain.stdout)
	}

	verbose := runCLI(t, "", nil, "analyze", "--no-color", "--fail-on", "none", "--verbose", path)
	if !strings.Contains(verbose.stdout, "  cookie-not-forwarded: no Cookie headers (sanitized-export)\n") {
		t.Errorf("--verbose does not list the rules:\n%s", verbose.stdout)
	}
	short := runCLI(t, "", nil, "analyze", "--format", "short", "--fail-on", "none", "-v", path)
	if !strings.Contains(short.stdout, ": not evaluated: cookie-not-forwarded: no Cookie headers (sanitized-export)\n") {
		t.Errorf("-v does not list the rules in the short format:\n%s", short.stdout)
	}
}
