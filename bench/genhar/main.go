// Command genhar writes a large, realistic HAR for benchmarks: a
// rolling-session app behind a CDN, with mostly base64 response bodies (the
// bulk of real large HARs), session cookies on every request, CDN cache
// headers and a few auth routes, so the rules do real work on every entry.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

func main() {
	size := flag.Int64("size", 1<<30, "approximate output size in bytes")
	body := flag.Int("body", 48<<10, "average decoded body size in bytes (base64 grows it by 4/3)")
	out := flag.String("o", "big.har", "output file")
	text := flag.Bool("text", false, "write textual (JSON) bodies instead of base64 binary ones")
	flag.Parse()
	if err := write(*out, *size, *body, *text); err != nil {
		fmt.Fprintln(os.Stderr, "genhar:", err)
		os.Exit(1)
	}
}

func write(path string, size int64, bodySize int, text bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, bodySize*2)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	fmt.Fprint(w, `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[`)
	start := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	var written int64
	for i := 0; written < size; i++ {
		if i > 0 {
			w.WriteByte(',')
		}
		n := bodySize/2 + rng.IntN(bodySize)
		body, mime, enc := base64.StdEncoding.EncodeToString(raw[:n]), "application/octet-stream", "base64"
		if text {
			// JSON text of the same size: quotes inside need escapes.
			body, mime, enc = jsonBody(raw[:n]), "application/json", ""
		}
		b, err := entry(i, start.Add(time.Duration(i)*37*time.Millisecond), body, mime, enc)
		if err != nil {
			return err
		}
		w.Write(b)
		written += int64(len(b)) + 1
	}
	fmt.Fprint(w, "]}}\n")
	return w.Flush()
}

// content is a HAR content object; encoding "" means plain text.
func content(body, mime, encoding string) map[string]any {
	c := map[string]any{"size": len(body), "mimeType": mime, "text": body}
	if encoding != "" {
		c["size"], c["encoding"] = len(body)*3/4, encoding
	}
	return c
}

var paths = []string{"/dashboard", "/api/items", "/_next/static/chunks/main-3f2a9c1b5d6e7f80.js", "/images/hero.png", "/api/auth/session", "/api/orders?page=2"}

// jsonBody renders bytes as a JSON document of about the same size.
func jsonBody(raw []byte) string {
	return `{"items":["` + base64.RawURLEncoding.EncodeToString(raw[:len(raw)*3/4]) + `"],"note":"say \"hi\""}`
}

func entry(i int, at time.Time, body, mime, encoding string) ([]byte, error) {
	path := paths[i%len(paths)]
	session := fmt.Sprintf("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtJTA2ZA.Y2lwaGVydGV4dC0lMDhk.dGFnLSUwNmQ%06d", i/50)
	h := func(n, v string) map[string]string { return map[string]string{"name": n, "value": v} }
	reqHeaders := []map[string]string{
		h(":authority", "app.example.com"), h(":method", "GET"), h(":path", path), h(":scheme", "https"),
		h("accept", "*/*"), h("accept-encoding", "gzip, deflate, br, zstd"), h("accept-language", "en-US,en;q=0.9"),
		h("cookie", "__Host-next-auth.csrf-token=9a8b7c6d5e%7C0f1e2d3c4b; __Secure-next-auth.session-token="+session+"; _ga=GA1.1.123.456"),
		h("referer", "https://app.example.com/dashboard"), h("sec-fetch-mode", "cors"),
		h("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
	}
	respHeaders := []map[string]string{
		h("content-type", mime), h("date", at.Format(time.RFC1123)),
		h("cache-control", "private, no-cache, no-store"), h("x-cache", "Miss from cloudfront"),
		h("via", "1.1 0a1b2c3d4e5f.cloudfront.net (CloudFront)"), h("x-amz-cf-pop", "FRA56-P4"),
		h("set-cookie", "__Secure-next-auth.session-token="+session+"; Path=/; Expires=Thu, 03 Apr 2025 10:00:00 GMT; HttpOnly; Secure; SameSite=Lax"),
	}
	e := map[string]any{
		"startedDateTime": at.Format("2006-01-02T15:04:05.000Z"),
		"time":            123.456,
		"request": map[string]any{
			"method": "GET", "url": "https://app.example.com" + path, "httpVersion": "http/2.0",
			"headers": reqHeaders, "queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": 0,
		},
		"response": map[string]any{
			"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": respHeaders, "cookies": []any{},
			"content":     content(body, mime, encoding),
			"redirectURL": "", "headersSize": -1, "bodySize": len(body) * 3 / 4, "_transferSize": len(body),
		},
		"cache":         map[string]any{},
		"timings":       map[string]any{"blocked": 1.5, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 100.3, "receive": 21.4},
		"_resourceType": "fetch",
	}
	return json.Marshal(e)
}
