// Command genhar writes large, realistic HARs for benchmarks, in the shapes
// of issue 10:
//
//   - binary (the default): a rolling-session app behind a CDN, with mostly
//     base64 response bodies (the bulk of real large HARs), session cookies
//     on every request, CDN cache headers and a few auth routes, so the
//     rules do real work on every entry;
//   - text: the same with JSON bodies, every byte of which is textual (the
//     decoder keeps a prefix of each for the rules that read bodies);
//   - mixed: the measurement of the issue: 40% small JSON API calls whose
//     responses roll the session cookie (a new value on every response,
//     sent by the next request), 60% base64 images;
//   - small: entries of about 1.7 KB (an API-heavy single-page app), every
//     response re-issuing a new session cookie, requests overlapping in
//     time; sized by -entries instead of -size.
//
// The number of entries written goes to FILE.entries beside the HAR.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

func main() {
	size := flag.Int64("size", 1<<30, "approximate output size in bytes (shapes binary, text, mixed)")
	entries := flag.Int("entries", 50000, "number of entries (shape small)")
	body := flag.Int("body", 48<<10, "average decoded body size in bytes of the large bodies (base64 grows it by 4/3)")
	out := flag.String("o", "big.har", "output file")
	shape := flag.String("shape", "binary", "binary, text, mixed or small")
	text := flag.Bool("text", false, "the same as -shape text")
	flag.Parse()
	if *text {
		*shape = "text"
	}
	g := &gen{shape: *shape, size: *size, entries: *entries, bodySize: *body}
	if err := g.write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genhar:", err)
		os.Exit(1)
	}
}

// gen is one HAR being generated.
type gen struct {
	shape    string
	size     int64
	entries  int
	bodySize int
	rng      *rand.Rand
	raw      []byte
}

func (g *gen) write(path string) error {
	switch g.shape {
	case "binary", "text", "mixed", "small":
	default:
		return fmt.Errorf("unknown shape %q (want binary, text, mixed or small)", g.shape)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	g.rng = rand.New(rand.NewPCG(1, 2))
	g.raw = make([]byte, g.bodySize*2)
	for i := range g.raw {
		g.raw[i] = byte(g.rng.Uint32())
	}
	fmt.Fprint(w, `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[`)
	start := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	var written int64
	n := 0
	for ; g.more(n, written); n++ {
		if n > 0 {
			w.WriteByte(',')
		}
		b, err := json.Marshal(g.entry(n, start.Add(time.Duration(n)*37*time.Millisecond)))
		if err != nil {
			return err
		}
		w.Write(b)
		written += int64(len(b)) + 1
	}
	fmt.Fprint(w, "]}}\n")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(path+".entries", []byte(strconv.Itoa(n)+"\n"), 0o644)
}

// more reports whether another entry is due after n entries of written
// bytes.
func (g *gen) more(n int, written int64) bool {
	if g.shape == "small" {
		return n < g.entries
	}
	return written < g.size
}

var paths = []string{"/dashboard", "/api/items", "/_next/static/chunks/main-3f2a9c1b5d6e7f80.js", "/images/hero.png", "/api/auth/session", "/api/orders?page=2"}

// apiPaths are the small JSON calls of the mixed and small shapes.
var apiPaths = []string{"/api/items?page=2", "/api/me", "/api/auth/session", "/api/orders/1234", "/api/notifications", "/api/cart"}

// session is the value of the session cookie number i.
func session(i int) string {
	return fmt.Sprintf("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtJTA2ZA.Y2lwaGVydGV4dC0lMDhk.dGFnLSUwNmQ%06d", i)
}

// entry returns entry i of the HAR, started at at.
func (g *gen) entry(i int, at time.Time) map[string]any {
	switch g.shape {
	case "text":
		n := g.bodySize/2 + g.rng.IntN(g.bodySize)
		return g.build(i, at, paths[i%len(paths)], session(i/50), session(i/50), jsonBody(g.raw[:n]), "application/json", "", true)
	case "mixed":
		if g.rng.IntN(10) < 4 {
			// The session rolls: the response sets the next value,
			// which the next request sends.
			return g.build(i, at, apiPaths[i%len(apiPaths)], session(i), session(i+1), smallJSON(g.rng), "application/json", "", true)
		}
		n := g.bodySize/2 + g.rng.IntN(g.bodySize)
		return g.build(i, at, fmt.Sprintf("/images/photo-%d.png", i%500), session(i), "", base64.StdEncoding.EncodeToString(g.raw[:n]), "image/png", "base64", false)
	case "small":
		return g.build(i, at, apiPaths[i%len(apiPaths)], session(i), session(i+1), smallJSON(g.rng), "application/json", "", false)
	}
	n := g.bodySize/2 + g.rng.IntN(g.bodySize)
	return g.build(i, at, paths[i%len(paths)], session(i/50), session(i/50), base64.StdEncoding.EncodeToString(g.raw[:n]), "application/octet-stream", "base64", true)
}

// jsonBody renders bytes as a JSON document of about the same size.
func jsonBody(raw []byte) string {
	return `{"items":["` + base64.RawURLEncoding.EncodeToString(raw[:len(raw)*3/4]) + `"],"note":"say \"hi\""}`
}

// smallJSON is the answer of an API call: about 200 bytes of JSON.
func smallJSON(rng *rand.Rand) string {
	return fmt.Sprintf(`{"id":%d,"status":"ok","items":[{"sku":"A-%04d","qty":%d},{"sku":"B-%04d","qty":%d}],"updatedAt":"2025-03-04T10:00:00Z"}`,
		rng.IntN(1e6), rng.IntN(1e4), rng.IntN(9)+1, rng.IntN(1e4), rng.IntN(9)+1)
}

// build is one entry: a GET of path sending the session cookie sent (and
// more headers when full), answered with body and, unless set is "",
// a Set-Cookie of the session cookie to set.
func (g *gen) build(i int, at time.Time, path, sent, set, body, mime, encoding string, full bool) map[string]any {
	h := func(n, v string) map[string]string { return map[string]string{"name": n, "value": v} }
	reqHeaders := []map[string]string{
		h(":authority", "app.example.com"), h(":method", "GET"), h(":path", path), h(":scheme", "https"),
		h("accept", "*/*"),
		h("cookie", "__Host-next-auth.csrf-token=9a8b7c6d5e%7C0f1e2d3c4b; __Secure-next-auth.session-token="+sent+"; _ga=GA1.1.123.456"),
	}
	respHeaders := []map[string]string{
		h("content-type", mime), h("date", at.Format(time.RFC1123)),
		h("cache-control", "private, no-cache, no-store"),
	}
	if full {
		reqHeaders = append(reqHeaders, h("accept-encoding", "gzip, deflate, br, zstd"), h("accept-language", "en-US,en;q=0.9"),
			h("referer", "https://app.example.com/dashboard"), h("sec-fetch-mode", "cors"),
			h("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
		respHeaders = append(respHeaders, h("x-cache", "Miss from cloudfront"),
			h("via", "1.1 0a1b2c3d4e5f.cloudfront.net (CloudFront)"), h("x-amz-cf-pop", "FRA56-P4"))
	} else {
		reqHeaders = append(reqHeaders, h("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
	}
	if set != "" {
		respHeaders = append(respHeaders, h("set-cookie", "__Secure-next-auth.session-token="+set+"; Path=/; Expires=Thu, 03 Apr 2025 10:00:00 GMT; HttpOnly; Secure; SameSite=Lax"))
	}
	c := map[string]any{"size": len(body), "mimeType": mime, "text": body}
	if encoding != "" {
		c["size"], c["encoding"] = len(body)*3/4, encoding
	}
	return map[string]any{
		"startedDateTime": at.Format("2006-01-02T15:04:05.000Z"),
		"time":            123.456,
		"request": map[string]any{
			"method": "GET", "url": "https://app.example.com" + path, "httpVersion": "http/2.0",
			"headers": reqHeaders, "queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": 0,
		},
		"response": map[string]any{
			"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": respHeaders, "cookies": []any{},
			"content":     c,
			"redirectURL": "", "headersSize": -1, "bodySize": len(body) * 3 / 4, "_transferSize": len(body),
		},
		"cache":         map[string]any{},
		"timings":       map[string]any{"blocked": 1.5, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 100.3, "receive": 21.4},
		"_resourceType": "fetch",
	}
}
