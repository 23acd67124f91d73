package rules

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// The rule tests describe the traffic they need as testEntry values, render
// it as a HAR 1.2 document with testHAR and run rules over it with
// testAnalyze or testFindings, so that every rule sees its input the way it
// sees a real file: through har.Decoder and Analyze.

// testEntry is one exchange of an in-memory test HAR. The zero value is a GET
// answered by an empty 200 text/html response.
type testEntry struct {
	method string // GET when empty
	url    string
	// status is the response status: 200 when zero; a negative status means
	// the request got no response (status 0 in the HAR).
	status int
	// req and resp are the request and response headers, in order. cookie
	// adds a Cookie request header after req (none when empty), and each
	// line of setCookies a Set-Cookie response header after resp.
	req, resp  [][2]string
	cookie     string
	setCookies []string
	// start is startedDateTime and timeMS the total "time" in milliseconds
	// (-1: unknown). An entry with a zero start is timed by its index i: it
	// starts i seconds after testStart and, unless timeMS is set, takes
	// 50 ms. noStart writes an empty startedDateTime instead.
	start   time.Time
	noStart bool
	timeMS  float64
	// mime, body and encoding are the response content: mime is text/html
	// when empty, encoding is "base64" or empty.
	mime, body, encoding string
	redirectURL          string // response.redirectURL
	// resourceType and fromCache are Chrome's _resourceType and _fromCache,
	// written only when set.
	resourceType, fromCache string
}

// testStart is when the first untimed entry of a test HAR starts.
var testStart = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

// harTime parses an RFC 3339 time, for the start of a test entry.
func harTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// chromeUA is the User-Agent of the browser in the test HARs.
const chromeUA = "Mozilla/5.0 Chrome/131.0.0.0"

// fetchCalls returns entries as Chrome records fetch() calls to a JSON API
// (the traffic of the session-timeline tests): a User-Agent and an Accept
// header before the request headers, a JSON Content-Type and an uncacheable
// Cache-Control before the response headers, a "{}" body, and resource type
// "fetch", unless the entry sets its own content or resource type.
func fetchCalls(entries ...testEntry) []testEntry {
	out := make([]testEntry, 0, len(entries))
	for _, e := range entries {
		e.req = append([][2]string{{"user-agent", chromeUA}, {"accept", "*/*"}}, e.req...)
		e.resp = append([][2]string{{"content-type", "application/json"}, {"cache-control", "private, no-cache, no-store, must-revalidate, max-age=0"}}, e.resp...)
		if e.mime == "" && e.body == "" {
			e.mime, e.body = "application/json", "{}"
		}
		if e.resourceType == "" {
			e.resourceType = "fetch"
		}
		out = append(out, e)
	}
	return out
}

// pageLoads returns entries as a browser records the pages of an app that
// keeps its session in cookies (the traffic of the session-token tests): a
// User-Agent header before the request headers, an HTML Content-Type and
// Cache-Control: private, no-store before the response headers, and 100 ms
// for each entry that sets no time.
func pageLoads(entries ...testEntry) []testEntry {
	out := make([]testEntry, 0, len(entries))
	for _, e := range entries {
		e.req = append([][2]string{{"user-agent", chromeUA}}, e.req...)
		e.resp = append([][2]string{{"content-type", "text/html"}, {"cache-control", "private, no-store"}}, e.resp...)
		if e.timeMS == 0 {
			e.timeMS = 100
		}
		out = append(out, e)
	}
	return out
}

// testHAR renders entries as a HAR 1.2 document.
func testHAR(t testing.TB, entries ...testEntry) []byte {
	t.Helper()
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	headers := func(hs [][2]string, name string, values ...string) []nv {
		out := []nv{}
		for _, h := range hs {
			out = append(out, nv{h[0], h[1]})
		}
		for _, v := range values {
			out = append(out, nv{name, v})
		}
		return out
	}
	es := []map[string]any{}
	for i, e := range entries {
		if e.method == "" {
			e.method = "GET"
		}
		switch {
		case e.status == 0:
			e.status = 200
		case e.status < 0:
			e.status = 0 // no response
		}
		if e.mime == "" {
			e.mime = "text/html"
		}
		started := ""
		if !e.noStart {
			if e.start.IsZero() {
				e.start = testStart.Add(time.Duration(i) * time.Second)
				if e.timeMS == 0 {
					e.timeMS = 50
				}
			}
			started = e.start.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		var cookies []string
		if e.cookie != "" {
			cookies = []string{e.cookie}
		}
		m := map[string]any{
			"startedDateTime": started,
			"time":            e.timeMS,
			"request": map[string]any{
				"method": e.method, "url": e.url, "httpVersion": "http/2.0",
				"headers": headers(e.req, "cookie", cookies...), "queryString": []any{}, "cookies": []any{},
				"headersSize": -1, "bodySize": 0,
			},
			"response": map[string]any{
				"status": e.status, "statusText": "", "httpVersion": "http/2.0",
				"headers": headers(e.resp, "set-cookie", e.setCookies...), "cookies": []any{},
				"content":     map[string]any{"size": len(e.body), "mimeType": e.mime, "text": e.body, "encoding": e.encoding},
				"redirectURL": e.redirectURL, "headersSize": -1, "bodySize": -1,
			},
			"cache": map[string]any{},
			"timings": map[string]any{
				"blocked": 1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": max(e.timeMS-2, 0), "receive": 0.9,
			},
		}
		if e.resourceType != "" {
			m["_resourceType"] = e.resourceType
		}
		if e.fromCache != "" {
			m["_fromCache"] = e.fromCache
		}
		es = append(es, m)
	}
	b, err := json.Marshal(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]any{"name": "test", "version": "1"}, "entries": es,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testAnalyze runs Analyze with opts (every rule when opts.Rules is nil) over
// the HAR of entries and returns the result; any error fails the test.
func testAnalyze(t testing.TB, opts Options, entries ...testEntry) *Result {
	t.Helper()
	doc := testHAR(t, entries...)
	res, err := Analyze(har.NewDecoder(bytes.NewReader(doc), "test.har", har.Options{}), "test.har", opts)
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	return res
}

// testFindings runs rule alone over the HAR of entries and returns its
// findings.
func testFindings(t testing.TB, rule *Rule, entries ...testEntry) []Finding {
	t.Helper()
	return testAnalyze(t, Options{Rules: []*Rule{rule}}, entries...).Findings
}

// testExchange builds the Exchange of e as Analyze would, from a one-entry
// HAR.
func testExchange(t testing.TB, e testEntry) *Exchange {
	t.Helper()
	entry, err := har.NewDecoder(bytes.NewReader(testHAR(t, e)), "test.har", har.Options{}).Next()
	if err != nil {
		t.Fatal(err)
	}
	return newExchange(entry, auth.Default())
}
