package report

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/rules"
)

// TestNoFormatPrintsSecrets analyses every testdata HAR with every rule and
// renders it in every format: no cookie value or secret query value of the
// HAR may appear in any report (the engine redacts them; reporters must not
// print anything else from the HAR).
func TestNoFormatPrintsSecrets(t *testing.T) {
	hars, _ := filepath.Glob(filepath.Join("..", "testdata", "hars", "*", "*.har"))
	if len(hars) == 0 {
		t.Fatal("no testdata HARs")
	}
	for _, path := range hars {
		secrets := harSecrets(t, path)
		if len(secrets) == 0 {
			continue
		}
		name := filepath.Base(path)
		res := analyzeHAR(t, path, name)
		run := &Run{Tool: "authlint", Version: "dev", Results: []*rules.Result{res}, Rules: rules.All(), FailOn: rules.High}
		for _, format := range Formats() {
			rep, err := ByName(format, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := rep.Report(&b, run); err != nil {
				t.Fatalf("%s %s: %v", name, format, err)
			}
			for _, s := range secrets {
				if strings.Contains(b.String(), s) {
					t.Errorf("%s: the %s report prints the secret %q", name, format, s)
				}
			}
		}
	}
}

// harSecrets returns the cookie values and secret query values of a HAR
// that are long enough not to appear by chance (16 bytes or more).
func harSecrets(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := har.NewDecoder(f, path, har.Options{})
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if len(v) >= 16 && !seen[v] && !redact.IsPlaceholder(v) {
			seen[v] = true
			out = append(out, v)
		}
	}
	for {
		e, err := d.Next()
		if err == io.EOF {
			break
		}
		var se *har.SyntaxError
		if errors.As(err, &se) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range e.Request.Headers {
			if strings.EqualFold(h.Name, "cookie") {
				for _, c := range strings.Split(h.Value, ";") {
					_, v, _ := strings.Cut(c, "=")
					add(strings.TrimSpace(v))
				}
			}
		}
		if e.Response != nil {
			for _, h := range e.Response.Headers {
				if strings.EqualFold(h.Name, "set-cookie") {
					pair, _, _ := strings.Cut(h.Value, ";")
					_, v, _ := strings.Cut(pair, "=")
					add(strings.TrimSpace(v))
				}
			}
		}
		if u, err := url.Parse(e.Request.URL); err == nil {
			for k, vs := range u.Query() {
				for _, v := range vs {
					if redact.IsSecretParam(k, v) {
						add(v)
					}
				}
			}
		}
	}
	return out
}

// TestSecretsCheckCanFail: with redaction off, the check above finds the
// secrets in the reports, so it is not passing for want of secrets.
func TestSecretsCheckCanFail(t *testing.T) {
	path := filepath.Join("..", "testdata", "hars", "cached-set-cookie", "nextjs-auth0-v3-rolling-cloudfront-hit.har")
	secrets := harSecrets(t, path)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := rules.Analyze(har.NewDecoder(f, "x.har", har.Options{}), "x.har", rules.Options{ShowSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (&Markdown{}).Report(&b, &Run{Results: []*rules.Result{res}}); err != nil {
		t.Fatal(err)
	}
	leaked := 0
	for _, s := range secrets {
		if strings.Contains(b.String(), s) {
			leaked++
		}
	}
	if len(secrets) == 0 || leaked == 0 {
		t.Errorf("%d secrets, %d found in an unredacted report", len(secrets), leaked)
	}
}
