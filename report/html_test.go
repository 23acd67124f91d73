package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// analyzeTimeline analyses a HAR with the timeline on, as the CLI does for
// --format html.
func analyzeTimeline(t *testing.T, path string, opts rules.Options) *rules.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Timeline = true
	name := filepath.Base(path)
	res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, opts)
	if err != nil {
		var se *har.SyntaxError
		if res == nil || !errorsAs(err, &se) {
			t.Fatal(err)
		}
	}
	return res
}

func errorsAs(err error, se **har.SyntaxError) bool {
	s, ok := err.(*har.SyntaxError)
	*se = s
	return ok
}

func renderHTML(t *testing.T, results ...*rules.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := (&HTML{}).Report(&b, &Run{Tool: "authlint", Version: "dev", Results: results, Rules: rules.All(), FailOn: rules.High}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLSelfContained: the page loads nothing: no src, no stylesheet
// link, a CSP that forbids fetching, and the CSP's script hash is the hash
// of the script the page carries (else the browser would block it).
func TestHTMLSelfContained(t *testing.T) {
	// Two inputs, so that ids must be unique across them too.
	page := renderHTML(t, analyzeTimeline(t, "../testdata/sample/ticket.har", rules.Options{}),
		analyzeTimeline(t, "../testdata/hars/session-cookie-race/authjs-update-lost-no-secret.har", rules.Options{}))
	for _, bad := range []string{" src=", "<link", "@import", "url(", "<iframe", "<object", "<embed"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy meta")
	}
	policy := html.UnescapeString(csp[1])
	for _, want := range []string{"default-src 'none'", "img-src data:", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("CSP %q lacks %q", policy, want)
		}
	}
	scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d scripts, want 1", len(scripts))
	}
	sum := sha256.Sum256([]byte(scripts[0][1]))
	if want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(policy, want) {
		t.Errorf("CSP %q does not allow the page's script (%s)", policy, want)
	}
	// Every link either stays in the page or is a documentation reference
	// a reader may follow; none is loaded.
	for _, m := range regexp.MustCompile(`href="([^"#][^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "https://") {
			t.Errorf("link %q", m[1])
		}
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if ids[m[1]] {
			t.Errorf("id %q twice", m[1])
		}
		ids[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if m[1] != "_" && !ids[m[1]] {
			t.Errorf("link to #%s, which the page lacks", m[1])
		}
	}
}

// TestHTMLContent checks the documented hooks on the sample: every entry on
// the timeline, the flow's steps and the step where it broke, each finding
// with links to entry details that exist.
func TestHTMLContent(t *testing.T) {
	res := analyzeTimeline(t, "../testdata/sample/ticket.har", rules.Options{})
	page := renderHTML(t, res)
	for i := range res.Entries {
		if !strings.Contains(page, fmt.Sprintf(`<div class="row" data-entry="%d"`, i)) {
			t.Errorf("timeline lacks entry %d", i)
		}
	}
	if n := strings.Count(page, "<li data-step="); n != len(res.Flows[0].Steps) {
		t.Errorf("%d steps, want %d", n, len(res.Flows[0].Steps))
	}
	if n := strings.Count(page, " data-broke "); n != 1 {
		t.Errorf("%d broken steps, want 1", n)
	}
	for i, f := range res.Findings {
		if !strings.Contains(page, fmt.Sprintf(`id="finding-1-%d" class="finding sev-border-%s" data-finding data-rule="%s"`, i, f.Severity, f.Rule)) {
			t.Errorf("finding %d (%s) missing", i, f.Rule)
		}
		for _, e := range f.Entries {
			if !strings.Contains(page, fmt.Sprintf(`id="entry-1-%d" class="detail referenced" data-entry-detail="%d"`, e.Index, e.Index)) {
				t.Errorf("no detail for entry %d of finding %d", e.Index, i)
			}
		}
	}
	if !strings.Contains(page, `data-cookie="appSession"`) {
		t.Error("no lane for the session cookie the landing page set")
	}
	if !strings.Contains(page, "the sign-in broke here") {
		t.Error("the flow does not mark where it broke")
	}

	exp := renderHTML(t, analyzeTimeline(t, "../testdata/hars/expired-session-token/"+firstHAR("../testdata/hars/expired-session-token"), rules.Options{}))
	if !strings.Contains(exp, "token exp") || !strings.Contains(exp, "(before the first entry)") {
		t.Error("the expired token the request sent is not listed before the timeline")
	}

	none := renderHTML(t, analyzeTimeline(t, "../testdata/hars/healthy/nextauth-cloudfront-healthy.har", rules.Options{}), &rules.Result{File: "empty.har"})
	if !strings.Contains(none, "no sign-in in this HAR") {
		t.Error("an input without a sign-in does not say so")
	}
	if !strings.Contains(none, "the timeline was not recorded for this input") {
		t.Error("an input without a timeline does not say so")
	}
}

// TestHTMLEscapes: text from a HAR is escaped, never markup.
func TestHTMLEscapes(t *testing.T) {
	res := &rules.Result{File: `<b>x</b>.har`, Entries: 1, Findings: []rules.Finding{{
		Rule: "cached-set-cookie", Severity: rules.High, Message: `saw "<script>alert(1)</script>"`,
		Entries: []rules.EntryRef{{Index: 0, URL: `https://a.example/"><img src=x>`}},
		Fix:     rules.Fix{Message: "fix", Reference: "javascript:alert(1)"},
	}}}
	page := renderHTML(t, res)
	for _, bad := range []string{"<script>alert", "<img src=x>", "<b>x</b>", `href="javascript:`} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
}

// TestHTMLSize: a large HAR stays under 2 MiB plus a few KiB per entry.
func TestHTMLSize(t *testing.T) {
	const n = 3000
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	start := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	var entries []map[string]any
	for i := range n {
		hs := []nv{{"user-agent", strings.Repeat("Mozilla/5.0 ", 10)}, {"accept", "text/html"}, {"cookie", fmt.Sprintf("sid=test-session-%d; theme=dark", i)}}
		rs := []nv{{"content-type", "text/html"}, {"cache-control", "private, no-store"}, {"x-request-id", fmt.Sprint(i)}, {"set-cookie", fmt.Sprintf("sid=test-session-%d; Path=/; HttpOnly", i+1)}}
		entries = append(entries, map[string]any{
			"startedDateTime": start.Add(time.Duration(i) * 10 * time.Millisecond).Format(time.RFC3339Nano), "time": 30,
			"request":  map[string]any{"method": "GET", "url": fmt.Sprintf("https://app.example.com/page/%d?q=1", i), "httpVersion": "h2", "headers": hs, "cookies": []any{}, "queryString": []any{}, "headersSize": -1, "bodySize": 0},
			"response": map[string]any{"status": 200, "statusText": "OK", "httpVersion": "h2", "headers": rs, "cookies": []any{}, "content": map[string]any{"size": 100, "mimeType": "text/html", "text": strings.Repeat("x", 100)}, "redirectURL": "", "headersSize": -1, "bodySize": 100},
			"timings":  map[string]any{"send": 1, "wait": 28, "receive": 1},
		})
	}
	b, _ := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "test", "version": "1"}, "entries": entries}})
	res, err := rules.Analyze(har.NewDecoder(bytes.NewReader(b), "big.har", har.Options{}), "big.har", rules.Options{Timeline: true})
	if err != nil {
		t.Fatal(err)
	}
	page := renderHTML(t, res)
	if limit := 2<<20 + 4<<10*n; len(page) > limit {
		t.Errorf("%d entries make %d bytes, more than %d", n, len(page), limit)
	}
	if strings.Contains(page, strings.Repeat("x", 100)) {
		t.Error("a response body is in the page")
	}
	t.Logf("%d entries: %d KiB", n, len(page)>>10)
}
