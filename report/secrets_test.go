package report_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/cli"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/report"
	"github.com/authlint/authlint/rules"
)

// The redaction tests read reports as an attacker would: they enumerate
// every secret-bearing value of a HAR and look for each, in every
// spelling, in every format of the reporter registry (so a format added
// later is covered without touching this file), in the baseline file and
// in error messages.

// attack is a HAR full of secret-bearing values, and the values.
type attack struct {
	har     []byte
	secrets []string
}

// b64 encodes a JSON object as base64url, for test JWTs.
func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func newAttack() attack {
	jws := func(claims map[string]any) string {
		return b64(map[string]any{"alg": "HS256", "typ": "JWT"}) + "." + b64(claims) + "." + base64.RawURLEncoding.EncodeToString([]byte("atk-signature-"+fmt.Sprint(claims["jti"])))
	}
	jwe := func(tag string) string {
		return b64(map[string]any{"alg": "dir", "enc": "A256GCM"}) + "..aXYtYXRrLTAxMjM0NTY3." + base64.RawURLEncoding.EncodeToString([]byte("ciphertext-"+tag+"-0123456789abcdef")) + ".dGFnLWF0ay0xMjM0NTY3OA"
	}
	var (
		state      = "atkState4f9c2b7e1d"
		code       = "atkCode7d2e9f1a3b"
		txnValue   = jwe("txn")
		appSession = jwe("appsession")
		session    = jwe("session")
		session2   = jwe("session-rolled")
		connectSid = "s%3AatkSessQ7vLm4Rk8Zp1Yw6Nc.Sg9hT2kLm0Pq3Rs"
		bearer     = "atkBearer9x8y7z6w5v4u3t2s1r"
		basicPass  = "atkBasicPass42x"
		basic      = base64.StdEncoding.EncodeToString([]byte("alice:" + basicPass))
		csrfHeader = "atkCsrfHdr55aa66bb77"
		jwtQuery   = jws(map[string]any{"sub": "atk-user", "jti": "q1"})
		jwtFrag    = jws(map[string]any{"sub": "atk-user", "scope": "openid", "jti": "f2"})
		state2     = "atkState2b8d1e6f0a"
		refAccess  = "atkRefAccess19xxxx"
		pathAT     = "atkPathAccess20xxxx"
		jsess      = "atkPathJsess17xxxx"
		pathSid    = "atkPathSid18xxxxxx"
		jsonToken  = "atkJsonAccess23xxxx"
	)
	named := [][2]string{
		{"accessToken", "atkQAccessToken01"}, {"access-token", "atkQAccessDash02"}, {"csrfToken", "atkQCsrfToken03"},
		{"csrf", "atkQCsrf04xxxx"}, {"_csrf", "atkQUCsrf05xxxx"}, {"sessionid", "atkQSessionId06"},
		{"sso", "atkQSso07xxxxx"}, {"bearer", "atkQBearer08xxx"}, {"pass", "atkQPass09xxxxx"},
		{"oauth_token", "atkQOauthTok10"}, {"oauth_verifier", "atkQOauthVer11"}, {"hash", "atkQHash12xxxxx"},
		{"id_token", "atkQIdToken13xx"}, {"refresh_token", "atkQRefresh14xx"}, {"client_secret", "atkQClientSec15"},
		{"password", "atkQPassword16x"}, {"code", "atkQCode21xxxxx"}, {"state", "atkQState22xxxx"},
	}
	secrets := []string{state, code, txnValue, appSession, session, session2, connectSid, bearer, basicPass, basic,
		csrfHeader, jwtQuery, jwtFrag, state2, refAccess, pathAT, jsess, pathSid, jsonToken}
	query := ""
	for _, kv := range named {
		query += "&" + kv[0] + "=" + kv[1]
		secrets = append(secrets, kv[1])
	}
	type hdr = [2]string
	entries := []map[string]any{
		// 0: login sets the transaction cookie __txn_<state> on a
		// response a shared cache may store.
		entry("https://app.example.com/auth/login?returnTo=%2Fdashboard", 302, nil,
			[]hdr{{"location", "https://idp.example.com/authorize?client_id=c1&state=" + state + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback"},
				{"cache-control", "public, max-age=300"}, {"x-cache", "Hit from cloudfront"}, {"age", "12"},
				{"set-cookie", "__txn_" + state + "=" + txnValue + "; Path=/; HttpOnly; Secure; SameSite=Lax"}}, ""),
		// 1: the callback arrives without the transaction cookie.
		entry("https://app.example.com/auth/callback?code="+code+"&state="+state, 400,
			[]hdr{{"cookie", "appSession=" + appSession}},
			[]hdr{{"content-type", "text/plain"}, {"cache-control", "public, max-age=60"}, {"x-cache", "Hit from cloudfront"}, {"age", "5"}}, "The state parameter is invalid."),
		// 2: a signed-in page served from the cache with a session cookie.
		entry("https://app.example.com/dashboard", 200,
			[]hdr{{"cookie", "appSession=" + appSession + "; connect.sid=" + connectSid + "; __session=" + session}, {"authorization", "Basic " + basic}},
			[]hdr{{"cache-control", "public, s-maxage=600"}, {"x-cache", "Hit from cloudfront"}, {"age", "30"},
				{"set-cookie", "__session=" + session2 + "; Path=/; HttpOnly; Secure; SameSite=Lax"}}, ""),
		// 3: every secret parameter name, and a JWT under an innocent name.
		entry("https://api.example.com/v1/items?t="+jwtQuery+query, 200,
			[]hdr{{"authorization", "Bearer " + bearer}, {"x-csrf-token", csrfHeader}, {"origin", "https://app.example.com"}},
			[]hdr{{"cache-control", "public, max-age=60"}}, "{}"),
		// 4: secrets seen elsewhere reappear under innocent names.
		entry("https://app.example.com/export?ref="+connectSid+"&q="+bearer+"&u="+basicPass+"&s="+url.QueryEscape(session), 200, nil, nil, "ok"),
		// 5: a secret header value reappears as a path segment, and a
		// token from entry 9's JSON body under an innocent name.
		entry("https://app.example.com/csrf/"+csrfHeader+"/x?access_token="+pathAT+"&r="+jsonToken, 200, nil, nil, "ok"),
		// 6: path parameters.
		entry("https://shop.example.com/cart;jsessionid="+jsess+"/items;sid="+pathSid, 200, nil, nil, "ok"),
		// 7: the implicit flow's fragment.
		entry("https://idp.example.com/authorize?response_type=token&client_id=c1", 302, nil,
			[]hdr{{"location", "https://app.example.com/cb#access_token=" + jwtFrag + "&state=" + state2 + "&token_type=Bearer"}}, ""),
		// 8: a Referer hands a token to another site.
		entry("https://tracker.example.net/p.gif", 200, []hdr{{"referer", "https://app.example.com/welcome?access_token=" + refAccess}}, nil, ""),
		// 9: a token endpoint returns an opaque token in JSON.
		entry("https://idp.example.com/oauth/token", 200, nil, []hdr{{"content-type", "application/json"}},
			`{"access_token": "`+jsonToken+`", "token_type": "Bearer", "expires_in": 3600}`),
	}
	entries[9]["response"].(map[string]any)["content"].(map[string]any)["mimeType"] = "application/json"
	for i, e := range entries {
		e["startedDateTime"] = fmt.Sprintf("2025-03-04T10:00:%02d.000Z", i)
	}
	doc, _ := json.MarshalIndent(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]any{"name": "WebInspector", "version": "537.36"}, "pages": []any{}, "entries": entries,
	}}, "", "  ")
	return attack{har: doc, secrets: spellings(secrets)}
}

// spellings adds the percent-encoded and decoded forms of each secret.
func spellings(secrets []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range secrets {
		d, _ := url.QueryUnescape(s)
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s), d} {
			if v != "" && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func entry(u string, status int, req, resp [][2]string, body string) map[string]any {
	headers := func(hs [][2]string) []map[string]string {
		out := []map[string]string{}
		for _, h := range hs {
			out = append(out, map[string]string{"name": h[0], "value": h[1]})
		}
		return out
	}
	return map[string]any{
		"time": 50,
		"request": map[string]any{"method": "GET", "url": u, "httpVersion": "http/2.0", "headers": headers(req),
			"queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": 0},
		"response": map[string]any{"status": status, "statusText": "", "httpVersion": "http/2.0", "headers": headers(resp),
			"cookies": []any{}, "content": map[string]any{"size": len(body), "mimeType": "text/plain", "text": body},
			"redirectURL": "", "headersSize": -1, "bodySize": len(body)},
		"cache": map[string]any{}, "timings": map[string]any{"send": 0, "wait": 40, "receive": 10},
	}
}

// cliOutputs runs "authlint analyze" over path with every format of the
// registry written to a file, and --write-baseline, and returns every
// output by name (the formats, "baseline", "stdout", "stderr").
func cliOutputs(t *testing.T, path string, extra ...string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(cfg, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"analyze", "--config", cfg, "--fail-on", "none", "--write-baseline", filepath.Join(dir, "baseline.json")}
	for _, f := range report.Formats() {
		args = append(args, "--format", f+":"+filepath.Join(dir, f+".out"))
	}
	args = append(append(args, extra...), path)
	var stdout, stderr bytes.Buffer
	cli.Main(args, strings.NewReader(""), &stdout, &stderr)
	out := map[string]string{"stdout": stdout.String(), "stderr": stderr.String()}
	for _, f := range report.Formats() {
		b, err := os.ReadFile(filepath.Join(dir, f+".out"))
		if err == nil {
			out[f] = string(b)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "baseline.json")); err == nil {
		out["baseline"] = string(b)
	}
	return out
}

// TestAttackerFindsNoSecret: no secret-bearing value of the attack HAR
// appears in any format, the baseline or the messages; with
// --show-secrets every one of them appears somewhere, so the check cannot
// pass for want of secrets in the reports.
func TestAttackerFindsNoSecret(t *testing.T) {
	a := newAttack()
	path := filepath.Join(t.TempDir(), "attack.har")
	if p := os.Getenv("AUTHLINT_ATTACK_HAR"); p != "" {
		path = p // keep the HAR to look at
	}
	if err := os.WriteFile(path, a.har, 0o600); err != nil {
		t.Fatal(err)
	}
	outs := cliOutputs(t, path)
	for _, f := range report.Formats() {
		if outs[f] == "" {
			t.Errorf("no %s report was written (stderr: %s)", f, outs["stderr"])
		}
	}
	if !strings.Contains(outs["baseline"], "fingerprint") {
		t.Errorf("no baseline written: %q", outs["baseline"])
	}
	leaks(t, outs, a.secrets)

	shown := cliOutputs(t, path, "--show-secrets")
	all := strings.Join(mapValues(shown), "\n")
	for _, s := range a.secrets {
		if !strings.Contains(all, s) && !strings.Contains(all, url.QueryEscape(s)) {
			d, _ := url.QueryUnescape(s)
			if !strings.Contains(all, d) {
				t.Errorf("--show-secrets does not show %q: the attack HAR does not exercise it", s)
			}
		}
	}
}

// TestAttackerErrorMessages: a HAR cut short in the middle of a secret,
// and one with a secret where a number belongs, fail with messages that
// hold no secret.
func TestAttackerErrorMessages(t *testing.T) {
	a := newAttack()
	doc := string(a.har)
	var cases []string
	for _, s := range []string{"atkQPassword16x", "atkBearer9x8y7z6w5v4u3t2s1r"} {
		i := strings.Index(doc, s)
		cases = append(cases, doc[:i+len(s)/2], doc[:i+len(s)])
	}
	cases = append(cases,
		strings.Replace(doc, `"status": 302`, `"status": "atkStatusSecret77x"`, 1),
		strings.Replace(doc, `"time": 50`, `"time": atkBareword88xyz`, 1),
		strings.Replace(doc, `"entries": [`, `"entries": "atkEntriesSecret99"`, 1))
	for i, c := range cases {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("broken-%d.har", i))
		if err := os.WriteFile(path, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		outs := cliOutputs(t, path)
		if i < 4 && outs["stderr"] == "" {
			t.Errorf("case %d: no error message", i)
		}
		leaks(t, outs, append(a.secrets, "atkStatusSecret77x", "atkBareword88xyz", "atkEntriesSecret99", "atkQPassw", "atkBearer9x8y"))
	}
}

// leaks fails for every secret found in an output.
func leaks(t *testing.T, outs map[string]string, secrets []string) {
	t.Helper()
	for name, out := range outs {
		for _, s := range secrets {
			if len(s) >= 8 && strings.Contains(out, s) {
				t.Errorf("%s prints the secret %q", name, s)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestNoFormatPrintsSecrets analyses every testdata HAR with every rule and
// renders it in every format: no cookie value, credential header or secret
// URL parameter of the HAR may appear in any report.
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
		res := analyze(t, path, rules.Options{Timeline: true}) // the HTML report draws every entry and its details
		run := &report.Run{Tool: "authlint", Version: "dev", Results: []*rules.Result{res}, Rules: rules.All(), FailOn: rules.High}
		for _, format := range report.Formats() {
			rep, err := report.ByName(format, report.Options{})
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

func analyze(t *testing.T, path string, opts rules.Options) *rules.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := filepath.Base(path)
	res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, opts)
	var se *har.SyntaxError
	if err != nil && !errors.As(err, &se) {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

// harSecrets returns the cookie values, credentials and secret URL
// parameter values (by name or shape, query and path parameters) of a HAR
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
		v = strings.TrimSpace(v)
		// URLs (also percent-encoded, as in Auth.js' callback-url cookie)
		// are where a login returns to, not secrets, and reappear inside
		// redirect_uri values a report may print.
		isURL := strings.Contains(v, "://") || strings.Contains(strings.ToLower(v), "%3a%2f%2f")
		if len(v) >= 16 && !seen[v] && !redact.IsPlaceholder(v) && !isURL && !strings.HasPrefix(v, "/") {
			seen[v] = true
			out = append(out, v)
		}
	}
	addURL := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		for k, vs := range u.Query() {
			for _, v := range vs {
				if redact.IsSecretParam(k, v) {
					add(v)
				}
			}
		}
		for _, kv := range redact.PathParams(u.EscapedPath()) {
			if redact.IsSecretParam(kv[0], kv[1]) {
				add(kv[1])
			}
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
			switch strings.ToLower(h.Name) {
			case "cookie":
				for _, c := range strings.Split(h.Value, ";") {
					_, v, _ := strings.Cut(c, "=")
					add(v)
				}
			case "authorization", "proxy-authorization":
				_, cred, _ := strings.Cut(h.Value, " ")
				add(cred)
			case "referer":
				addURL(h.Value)
			}
		}
		addURL(e.Request.URL)
		if e.Response != nil {
			for _, h := range e.Response.Headers {
				switch strings.ToLower(h.Name) {
				case "set-cookie":
					pair, _, _ := strings.Cut(h.Value, ";")
					name, v, _ := strings.Cut(pair, "=")
					add(v)
					if state, ok := strings.CutPrefix(strings.TrimSpace(name), "__txn_"); ok {
						add(state)
					}
				case "location":
					addURL(h.Value)
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
	res := analyze(t, path, rules.Options{ShowSecrets: true})
	rep, err := report.ByName("markdown", report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.Report(&b, &report.Run{Results: []*rules.Result{res}}); err != nil {
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
