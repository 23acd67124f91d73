package har

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
)

// genHAR writes a Chrome-like HAR (two-space indentation, realistic
// request and response headers, fractional timings) of about size bytes.
// Response bodies are base64 of bodyMin to bodyMax bytes.
func genHAR(size, bodyMin, bodyMax int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, bodyMax)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	var b bytes.Buffer
	b.WriteString(`{
  "log": {
    "version": "1.2",
    "creator": {
      "name": "WebInspector",
      "version": "537.36"
    },
    "pages": [
      {
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "id": "page_1",
        "title": "https://app.example.com/",
        "pageTimings": {
          "onContentLoad": 812.5,
          "onLoad": 1210.25
        }
      }
    ],
    "entries": [`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		n := bodyMin + rng.IntN(bodyMax-bodyMin+1)
		body := base64.StdEncoding.EncodeToString(raw[:n])
		fmt.Fprintf(&b, `
      {
        "_initiator": {
          "type": "script",
          "stack": {
            "callFrames": [
              {
                "functionName": "load",
                "scriptId": "17",
                "url": "https://app.example.com/static/js/main.4f1c2.js",
                "lineNumber": 0,
                "columnNumber": 81234
              }
            ]
          }
        },
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
          "method": "GET",
          "url": "https://app.example.com/api/v1/items/%d?expand=owner&limit=50",
          "httpVersion": "http/2.0",
          "headers": [
            {
              "name": ":authority",
              "value": "app.example.com"
            },
            {
              "name": ":method",
              "value": "GET"
            },
            {
              "name": ":path",
              "value": "/api/v1/items/%d?expand=owner&limit=50"
            },
            {
              "name": ":scheme",
              "value": "https"
            },
            {
              "name": "accept",
              "value": "application/json, text/plain, */*"
            },
            {
              "name": "accept-encoding",
              "value": "gzip, deflate, br"
            },
            {
              "name": "accept-language",
              "value": "en-US,en;q=0.9"
            },
            {
              "name": "authorization",
              "value": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNzE0NTU4NDAwfQ.sig%d"
            },
            {
              "name": "cookie",
              "value": "sid=s%%3A%d.abcdefghijklmnop; _ga=GA1.2.1234567890.1714558400; theme=dark"
            },
            {
              "name": "referer",
              "value": "https://app.example.com/dashboard"
            },
            {
              "name": "user-agent",
              "value": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
            }
          ],
          "queryString": [
            {
              "name": "expand",
              "value": "owner"
            },
            {
              "name": "limit",
              "value": "50"
            }
          ],
          "cookies": [
            {
              "name": "sid",
              "value": "s%%3A%d.abcdefghijklmnop",
              "path": "/",
              "domain": "app.example.com",
              "expires": "2024-05-02T10:00:00.000Z",
              "httpOnly": true,
              "secure": true,
              "sameSite": "Lax"
            }
          ],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 200,
          "statusText": "",
          "httpVersion": "http/2.0",
          "headers": [
            {
              "name": "age",
              "value": "%d"
            },
            {
              "name": "cache-control",
              "value": "public, max-age=300, s-maxage=600"
            },
            {
              "name": "content-encoding",
              "value": "br"
            },
            {
              "name": "content-type",
              "value": "application/octet-stream"
            },
            {
              "name": "date",
              "value": "Wed, 01 May 2024 10:00:%02d GMT"
            },
            {
              "name": "set-cookie",
              "value": "sid=s%%3A%d.qrstuvwxyz; Path=/; HttpOnly; Secure; SameSite=Lax"
            },
            {
              "name": "vary",
              "value": "Accept-Encoding, Authorization"
            },
            {
              "name": "x-cache",
              "value": "Hit from cloudfront"
            },
            {
              "name": "x-amz-cf-id",
              "value": "Zx9%dAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh=="
            }
          ],
          "cookies": [],
          "content": {
            "size": %d,
            "mimeType": "application/octet-stream",
            "text": "%s",
            "encoding": "base64"
          },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": %d,
          "_transferSize": %d,
          "_error": null
        },
        "serverIPAddress": "203.0.113.7",
        "startedDateTime": "2024-05-01T10:00:%02d.%03dZ",
        "time": %.15g,
        "timings": {
          "blocked": %.15g,
          "dns": -1,
          "ssl": -1,
          "connect": -1,
          "send": 0.123,
          "wait": %.15g,
          "receive": %.15g,
          "_blocked_queueing": 1.2340000000000001
        }
      }`, i, i, i, i, i, rng.IntN(600), i%60, i, i, n, body, n, n+400, i%60, i%1000,
			rng.Float64()*500, rng.Float64()*10, rng.Float64()*300, rng.Float64()*50)
	}
	b.WriteString(`
    ]
  }
}
`)
	return b.Bytes()
}

var (
	bigHAROnce, smallHAROnce sync.Once
	bigHAR, smallHAR         []byte
)

// benchDecode decodes data b.N times and checks the entry count.
func benchDecode(b *testing.B, data []byte, opt Options) {
	b.Helper()
	_, entries, err := ReadAll(bytes.NewReader(data), "bench", opt)
	if err != nil {
		b.Fatal(err)
	}
	want := len(entries)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d := NewDecoder(bytes.NewReader(data), "bench", opt)
		n := 0
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != want {
			b.Fatalf("%d entries, want %d", n, want)
		}
	}
	b.ReportMetric(float64(want), "entries/op")
}

// BenchmarkDecoder decodes a 64 MB HAR that is mostly base64 bodies of
// 20-200 KB: the case the streaming body scan is for.
func BenchmarkDecoder(b *testing.B) {
	bigHAROnce.Do(func() { bigHAR = genHAR(64<<20, 20<<10, 200<<10) })
	benchDecode(b, bigHAR, Options{})
}

// BenchmarkDecoderSmallBodies decodes a 16 MB HAR of entries with small
// bodies, where headers, keys and numbers dominate.
func BenchmarkDecoderSmallBodies(b *testing.B) {
	smallHAROnce.Do(func() { smallHAR = genHAR(16<<20, 100, 600) })
	benchDecode(b, smallHAR, Options{})
}

// BenchmarkBaselineEncodingJSON is the yardstick: encoding/json's Decoder,
// Token up to log.entries, then Decode of each entry into the same model
// (which works on the generated HAR, whose numbers all fit the model).
func BenchmarkBaselineEncodingJSON(b *testing.B) {
	for _, bench := range []struct {
		name string
		once *sync.Once
		data *[]byte
		gen  func() []byte
	}{
		{"Bodies", &bigHAROnce, &bigHAR, func() []byte { return genHAR(64<<20, 20<<10, 200<<10) }},
		{"SmallBodies", &smallHAROnce, &smallHAR, func() []byte { return genHAR(16<<20, 100, 600) }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			bench.once.Do(func() { *bench.data = bench.gen() })
			data := *bench.data
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				dec := json.NewDecoder(bytes.NewReader(data))
				for {
					tok, err := dec.Token()
					if err != nil {
						b.Fatal(err)
					}
					if tok == "entries" {
						break
					}
				}
				if _, err := dec.Token(); err != nil { // '['
					b.Fatal(err)
				}
				for dec.More() {
					var e Entry
					if err := dec.Decode(&e); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkCtrlIndex measures the control-character check every string's
// contents go through.
func BenchmarkCtrlIndex(b *testing.B) {
	buf := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz"), 80)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		if ctrlIndex(buf) != -1 {
			b.Fatal("found a control character")
		}
	}
}
