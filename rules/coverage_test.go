package rules

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// covEntry is one entry of a coverage test HAR: its headers and cookies
// arrays as a recorder wrote them.
type covEntry struct {
	url                   string
	req, resp             [][2]string
	reqCookies, respCooks []map[string]any
	noResponse            bool
	fromCache             string
}

const (
	chrome131UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	chrome111UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36"
)

// covHAR renders a HAR written by creator with the given entries.
func covHAR(t *testing.T, creator string, entries ...covEntry) []byte {
	t.Helper()
	hs := func(in [][2]string) []map[string]string {
		out := []map[string]string{}
		for _, h := range in {
			out = append(out, map[string]string{"name": h[0], "value": h[1]})
		}
		return out
	}
	arr := func(in []map[string]any) []map[string]any {
		if in == nil {
			return []map[string]any{}
		}
		return in
	}
	var es []map[string]any
	for i, e := range entries {
		m := map[string]any{
			"startedDateTime": testStart.Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05.000Z"),
			"time":            50,
			"request": map[string]any{"method": "GET", "url": e.url, "httpVersion": "http/2.0",
				"headers": hs(e.req), "cookies": arr(e.reqCookies), "queryString": []any{}, "headersSize": -1, "bodySize": 0},
			"cache": map[string]any{}, "timings": map[string]any{"send": 1, "wait": 48, "receive": 1},
		}
		if !e.noResponse {
			m["response"] = map[string]any{"status": 200, "statusText": "OK", "httpVersion": "http/2.0",
				"headers": hs(e.resp), "cookies": arr(e.respCooks), "content": map[string]any{"size": 0, "mimeType": "text/html"},
				"redirectURL": "", "headersSize": -1, "bodySize": 0}
		}
		if e.fromCache != "" {
			m["_fromCache"] = e.fromCache
		}
		es = append(es, m)
	}
	name, version, _ := strings.Cut(creator, " ")
	b, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": name, "version": version}, "entries": es}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func covAnalyze(t *testing.T, doc []byte) *Result {
	t.Helper()
	res, err := Analyze(har.NewDecoder(bytes.NewReader(doc), "cov.har", har.Options{}), "cov.har", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestGapCauses(t *testing.T) {
	plain := [][2]string{{"Accept", "text/html"}}
	page := func(ua string) covEntry {
		return covEntry{url: "https://app.example.com/", req: [][2]string{{"User-Agent", ua}, {"Accept", "text/html"}}, resp: [][2]string{{"Content-Type", "text/html"}}}
	}
	tests := []struct {
		name, creator string
		entries       []covEntry
		want          []GapCause
		reason        []string // substrings of the joined reasons
	}{
		{"Chrome 131 DevTools without cookies is a sanitized export", "WebInspector 537.36",
			[]covEntry{page(chrome131UA), page(chrome131UA)},
			[]GapCause{CauseSanitizedExport}, []string{"Export HAR (sanitized)", "Allow to generate HAR with sensitive data"}},
		{"Chrome DevTools of unknown version may have sanitized", "WebInspector 537.36",
			[]covEntry{{url: "https://app.example.com/", req: plain, resp: plain}},
			[]GapCause{CauseSanitizedExport}, nil},
		{"Chrome 111 DevTools did not sanitize: the site set no cookies", "WebInspector 537.36",
			[]covEntry{page(chrome111UA)},
			[]GapCause{CauseNoCookies}, []string{"Chrome 111 DevTools exports them"}},
		{"Firefox without cookies", "Firefox 126.0",
			[]covEntry{{url: "https://app.example.com/", req: plain, resp: plain}},
			[]GapCause{CauseNoCookies}, []string{"most likely used none"}},
		{"bearer tokens and no cookies", "BrowserMob 2.1.6",
			[]covEntry{{url: "https://api.example.com/orders", req: [][2]string{{"Authorization", "Bearer abc"}}, resp: plain}},
			[]GapCause{CauseBearerTokens}, []string{"Authorization headers (1 request)", "do not apply"}},
		{"a recorder that kept no headers", "BrowserMob 2.1.6",
			[]covEntry{{url: "https://app.example.com/"}, {url: "https://app.example.com/login"}},
			[]GapCause{CauseNoHeaders}, []string{"kept no request or response headers", "captureHeaders"}},
		{"PhantomJS never shows the Cookie header", "PhantomJS 1.9.2",
			[]covEntry{{url: "https://app.example.com/", req: plain, resp: [][2]string{{"Set-Cookie", "sid=abc; Path=/"}}}},
			[]GapCause{CauseRecorderOmitsCookie}, []string{"PhantomJS records request headers before"}},
		{"cookies set but never sent back", "Firefox 126.0",
			[]covEntry{{url: "https://app.example.com/login", req: plain, resp: [][2]string{{"Set-Cookie", "sid=abc; Path=/"}}}},
			[]GapCause{CauseNoneSent}, []string{"responses set 1 cookie"}},
		{"cookies sent but never set", "Firefox 126.0",
			[]covEntry{{url: "https://app.example.com/", req: [][2]string{{"Cookie", "sid=abc"}}, resp: plain}},
			[]GapCause{CauseNoneSet}, []string{"set before the recording began"}},
		{"redacted values", "Firefox 126.0",
			[]covEntry{{url: "https://app.example.com/", req: [][2]string{{"Cookie", "sid=[REDACTED]"}}, resp: [][2]string{{"Set-Cookie", "sid=[REDACTED]; Path=/"}}}},
			[]GapCause{CauseRedacted}, []string{"redaction markers"}},
		{"complete cookies leave no gap", "Firefox 126.0",
			[]covEntry{{url: "https://app.example.com/", req: [][2]string{{"Cookie", "sid=abc"}}, resp: [][2]string{{"Set-Cookie", "sid=def; Path=/"}}}},
			nil, nil},
		{"HAR cookies arrays stand in for missing headers", "WebInspector 537.36",
			[]covEntry{{url: "https://app.example.com/", req: [][2]string{{"User-Agent", chrome131UA}},
				reqCookies: []map[string]any{{"name": "sid", "value": "abc"}},
				respCooks:  []map[string]any{{"name": "sid", "value": "def", "path": "/", "httpOnly": true, "secure": true}}}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := covAnalyze(t, covHAR(t, tt.creator, tt.entries...))
			var got []GapCause
			var reasons []string
			for _, g := range res.Gaps {
				got = append(got, g.Cause)
				reasons = append(reasons, g.Reason)
				if len(g.Rules) == 0 || g.Reason == "" || len(g.Missing) == 0 {
					t.Errorf("gap %+v lacks rules, reason or missing", g)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("causes = %v, want %v\nreasons: %q", got, tt.want, reasons)
			}
			all := strings.Join(reasons, "\n")
			for _, s := range tt.reason {
				if !strings.Contains(all, s) {
					t.Errorf("reasons do not say %q:\n%s", s, all)
				}
			}
			// Every rule left out is listed once, with the causes of its gaps.
			n := 0
			for _, ne := range res.NotEvaluated {
				if len(ne.Causes) == 0 || len(ne.Missing) == 0 || ne.Reason == "" {
					t.Errorf("not evaluated %+v lacks causes, missing or reason", ne)
				}
				n++
			}
			if (n == 0) != (len(tt.want) == 0) {
				t.Errorf("%d rules not evaluated with causes %v", n, tt.want)
			}
		})
	}
}

// TestSanitizedExportIsOneGap checks the case the issue names: a HAR with no
// cookies at all is one gap for every rule that needs them, not one reason
// per rule.
func TestSanitizedExportIsOneGap(t *testing.T) {
	res := covAnalyze(t, covHAR(t, "WebInspector 537.36", covEntry{url: "https://app.example.com/",
		req: [][2]string{{"User-Agent", chrome131UA}}, resp: [][2]string{{"Content-Type", "text/html"}}}))
	if len(res.Gaps) != 1 {
		t.Fatalf("gaps = %+v, want one", res.Gaps)
	}
	g := res.Gaps[0]
	if !slices.Equal(g.Missing, []string{"Cookie", "Authorization", "Set-Cookie"}) {
		t.Errorf("missing = %v", g.Missing)
	}
	if len(g.Rules) != len(res.NotEvaluated) || len(g.Rules) < 10 {
		t.Errorf("gap rules %v, not evaluated %d", g.Rules, len(res.NotEvaluated))
	}
	for _, ne := range res.NotEvaluated {
		r, _ := ByID(ne.Rule)
		if r.Needs&NeedsCredentials != 0 && !slices.Equal(ne.Missing, []string{"Cookie", "Authorization"}) {
			t.Errorf("%s: missing %v, want Cookie or Authorization", ne.Rule, ne.Missing)
		}
	}
}

func TestCookieArraysFallback(t *testing.T) {
	t.Run("request and response arrays feed Cookies and SetCookies", func(t *testing.T) {
		doc := covHAR(t, "Charles 4.2", covEntry{url: "https://app.example.com/account", req: [][2]string{{"Accept", "*/*"}},
			reqCookies: []map[string]any{{"name": "connect.sid", "value": "s%3Aabc.def"}},
			respCooks: []map[string]any{{"name": "connect.sid", "value": "s%3Aghi.jkl", "path": "/", "domain": ".example.com",
				"expires": "2030-01-02T03:04:05.000Z", "httpOnly": false, "secure": false}}})
		e, err := har.NewDecoder(bytes.NewReader(doc), "t.har", har.Options{}).Next()
		if err != nil {
			t.Fatal(err)
		}
		x := newExchange(e, auth.Default())
		if !x.CookiesFromHAR || len(x.Cookies) != 1 || !x.Cookies[0].FromHAR || x.Cookies[0].Name != "connect.sid" || !x.Cookies[0].Session() {
			t.Errorf("cookies = %+v (from HAR %v)", x.Cookies, x.CookiesFromHAR)
		}
		if !x.SetCookiesFromHAR || len(x.SetCookies) != 1 {
			t.Fatalf("set-cookies = %+v", x.SetCookies)
		}
		sc := x.SetCookies[0]
		if !sc.FromHAR || sc.Err != nil || sc.Path != "/" || sc.Domain != "example.com" || !sc.HasExpires || sc.Expires.Year() != 2030 || sc.HTTPOnly || sc.Secure {
			t.Errorf("set-cookie = %+v", sc)
		}
		if sc.Line != "connect.sid=s%3Aghi.jkl; Path=/; Domain=.example.com; Expires=Wed, 02 Jan 2030 03:04:05 GMT" {
			t.Errorf("line = %q", sc.Line)
		}
	})
	t.Run("headers win over arrays", func(t *testing.T) {
		doc := covHAR(t, "Firefox 126.0", covEntry{url: "https://app.example.com/",
			req: [][2]string{{"Cookie", "a=1"}}, reqCookies: []map[string]any{{"name": "b", "value": "2"}},
			resp: [][2]string{{"Set-Cookie", "c=3"}}, respCooks: []map[string]any{{"name": "d", "value": "4"}}})
		e, _ := har.NewDecoder(bytes.NewReader(doc), "t.har", har.Options{}).Next()
		x := newExchange(e, auth.Default())
		if x.CookiesFromHAR || x.SetCookiesFromHAR || len(x.Cookies) != 1 || x.Cookies[0].Name != "a" || x.SetCookies[0].Name != "c" {
			t.Errorf("cookies %+v set-cookies %+v", x.Cookies, x.SetCookies)
		}
	})
	t.Run("a browser-cache hit sent nothing", func(t *testing.T) {
		doc := covHAR(t, "WebInspector 537.36", covEntry{url: "https://app.example.com/", fromCache: "disk",
			reqCookies: []map[string]any{{"name": "sid", "value": "abc"}}})
		e, _ := har.NewDecoder(bytes.NewReader(doc), "t.har", har.Options{}).Next()
		if x := newExchange(e, auth.Default()); len(x.Cookies) != 0 {
			t.Errorf("cookies = %+v", x.Cookies)
		}
	})
	t.Run("findings from arrays say so and the result notes the limits", func(t *testing.T) {
		res := covAnalyze(t, covHAR(t, "Charles 4.2", covEntry{url: "https://app.example.com/login", req: [][2]string{{"Accept", "*/*"}},
			reqCookies: []map[string]any{{"name": "connect.sid", "value": "s%3Aabc.def"}},
			respCooks:  []map[string]any{{"name": "connect.sid", "value": "s%3Aghi.jkl", "path": "/"}}}))
		if res.CookieArrays == nil || res.CookieArrays.Requests != 1 || res.CookieArrays.Responses != 1 || !strings.Contains(res.CookieArrays.Limits, "SameSite") {
			t.Errorf("cookie arrays = %+v", res.CookieArrays)
		}
		var insecure *Finding
		for i, f := range res.Findings {
			if f.Rule == InsecureSessionCookie.ID {
				insecure = &res.Findings[i]
			}
		}
		if insecure == nil {
			t.Fatalf("no insecure-session-cookie finding from the array: %+v", res.Findings)
		}
		if insecure.Severity != Low || !strings.Contains(insecure.Message, "HAR cookies array") || insecure.ReliesOn == "" ||
			insecure.Evidence[0].Where != "response cookies array" || strings.Contains(insecure.Evidence[0].Value, "ghi") {
			t.Errorf("finding = %+v", insecure)
		}
	})
}

func TestChromeMajor(t *testing.T) {
	tests := map[string]int{
		chrome131UA: 131,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91": 120,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.6422.60 Safari/537.36":                 125,
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/111.0":                                              0,
		"": 0,
	}
	for ua, want := range tests {
		if got := chromeMajor(ua); got != want {
			t.Errorf("chromeMajor(%q) = %d, want %d", ua, got, want)
		}
	}
}

// TestArrayFindingsSayWhatTheyRelyOn checks that any rule's finding built on
// a cookie from a HAR array says so, not only insecure-session-cookie's.
func TestArrayFindingsSayWhatTheyRelyOn(t *testing.T) {
	r := &run{findings: []Finding{
		{Rule: "x", Evidence: []Evidence{{Where: "request cookies array", Name: "sid"}}},
		{Rule: "y", Evidence: []Evidence{{Where: "request cookie", Name: "sid"}}},
		{Rule: "z", ReliesOn: "its own", Evidence: []Evidence{{Where: "response cookies array"}}},
	}}
	out := r.finish()
	byRule := map[string]string{}
	for _, f := range out {
		byRule[f.Rule] = f.ReliesOn
	}
	if !strings.Contains(byRule["x"], "cookies arrays") || byRule["y"] != "" || byRule["z"] != "its own" {
		t.Errorf("relies on = %q", byRule)
	}
}

func TestEdgeDevToolsNamed(t *testing.T) {
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"
	res := covAnalyze(t, covHAR(t, "WebInspector 537.36", covEntry{url: "https://app.example.com/", req: [][2]string{{"User-Agent", ua}}, resp: [][2]string{{"Content-Type", "text/html"}}}))
	if len(res.Gaps) != 1 || res.Gaps[0].Cause != CauseSanitizedExport || !strings.Contains(res.Gaps[0].Reason, "Edge 131 DevTools' default export") {
		t.Errorf("gaps = %+v", res.Gaps)
	}
}
