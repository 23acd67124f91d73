package har

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleEntries() []*Entry {
	t0 := time.Date(2025, 3, 4, 10, 0, 0, 123456789, time.UTC)
	return []*Entry{
		{
			Started: t0,
			Time:    12.5,
			Request: Request{
				Method: "GET", URL: "https://app.example/api/auth/session?x=1", HTTPVersion: "HTTP/1.1",
				Headers:     Headers{{"Host", "app.example"}, {"Cookie", "next-auth.session-token=abc"}},
				Cookies:     []Cookie{{Name: "next-auth.session-token", Value: "abc"}},
				QueryString: []NameValue{{"x", "1"}},
				HeadersSize: -1, BodySize: 0,
			},
			Response: &Response{
				Status: 200, StatusText: "OK", HTTPVersion: "HTTP/1.1",
				Headers: Headers{{"Cache-Control", "private, no-store"}, {"Set-Cookie", "a=1; Path=/"}, {"Set-Cookie", "b=2"}},
				Cookies: []Cookie{
					{Name: "a", Value: "1", Path: "/", Expires: "Wed, 21 Oct 2015 07:28:00 GMT", HTTPOnly: true},
					{Name: "b", Value: "2", Expires: "NaN-NaN-NaNTNaN:NaN:NaN.NaNZ"},
				},
				Content:     Content{Size: 27, MimeType: "application/json", Text: `{"user":{"name":"<Alice>"}}`},
				HeadersSize: -1, BodySize: 27,
			},
			Timings:         Timings{Blocked: 1, DNS: -1, Connect: -1, Send: 0.5, Wait: 10, Receive: 1, SSL: -1},
			ServerIPAddress: "127.0.0.1",
			Comment:         "anonymous-1",
		},
		{
			// A failed request: no response at all in the model.
			Started: t0.Add(time.Second),
			Time:    -1,
			Request: Request{Method: "GET", URL: "https://app.example/auth/profile", HTTPVersion: "HTTP/1.1", HeadersSize: -1, BodySize: -1},
			Timings: unknownTimings,
			Error:   "net::ERR_CONNECTION_REFUSED",
		},
		{
			Started: t0.Add(2 * time.Second),
			Time:    3,
			Request: Request{
				Method: "POST", URL: "https://app.example/api/auth/session", HTTPVersion: "h2",
				PostData: &PostData{MimeType: "application/json", Text: `{"data":1}`}, HeadersSize: -1, BodySize: 10,
			},
			Response: &Response{Status: 302, StatusText: "Found", RedirectURL: "/login",
				Content: Content{Size: -1, MimeType: "image/png", Encoding: "base64", Text: "iVBORw0KGgo="}, HeadersSize: -1, BodySize: -1},
			Timings:      Timings{Blocked: -1, DNS: -1, Connect: -1, Send: 0, Wait: 3, Receive: 0, SSL: -1},
			ResourceType: "fetch",
			FromCache:    "disk",
		},
	}
}

func TestWriteReadBack(t *testing.T) {
	log := &Log{
		Creator: Creator{Name: "authlint", Version: "dev"},
		Pages:   []Page{{ID: "page_1", Title: "probe https://app.example", Started: time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)}},
		Comment: "recorded by a test",
	}
	in := sampleEntries()
	var buf bytes.Buffer
	if err := Write(&buf, log, in); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("output is not valid JSON:\n%s", buf.String())
	}
	gotLog, got, err := ReadAll(bytes.NewReader(buf.Bytes()), "out.har", Options{})
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, buf.String())
	}
	if gotLog.Version != "1.2" || gotLog.Creator != log.Creator || gotLog.Comment != log.Comment ||
		len(gotLog.Pages) != 1 || gotLog.Pages[0] != log.Pages[0] {
		t.Errorf("log = %+v, want %+v with version 1.2", gotLog, log)
	}
	if len(got) != len(in) {
		t.Fatalf("read %d entries, want %d", len(got), len(in))
	}
	for i := range in {
		want := normalizeForCompare(in[i])
		g := normalizeForCompare(got[i])
		if i == 1 {
			// A missing response is written as status 0: still aborted.
			if !got[i].Aborted() || got[i].Error != in[i].Error {
				t.Errorf("entry 1: aborted=%v error=%q, want an aborted entry with %q", got[i].Aborted(), got[i].Error, in[i].Error)
			}
			g.Response = nil
		}
		if i == 0 {
			// An expiry DevTools cannot read is dropped; an HTTP date is
			// converted to RFC 3339.
			want.Response.Cookies[0].Expires = "2015-10-21T07:28:00Z"
			want.Response.Cookies[1].Expires = ""
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("entry %d read back as\n%+v\nwant\n%+v", i, g, want)
		}
	}
}

// normalizeForCompare clears what depends on the position in a file and
// gives nil slices their decoded form.
func normalizeForCompare(e *Entry) *Entry {
	c := *e
	c.Index, c.Offset, c.Line, c.StartedRaw = 0, 0, 0, ""
	c.Request.Headers = nonNil(c.Request.Headers)
	c.Request.Cookies = nonNil(c.Request.Cookies)
	c.Request.QueryString = nonNil(c.Request.QueryString)
	if c.Request.PostData != nil {
		p := *c.Request.PostData
		p.Params = nonNil(p.Params)
		c.Request.PostData = &p
	}
	if c.Response != nil {
		r := *c.Response
		r.Headers = nonNil(r.Headers)
		r.Cookies = append([]Cookie{}, r.Cookies...)
		r.Content.TextLen = int64(len(r.Content.Text))
		c.Response = &r
	}
	return &c
}

func TestWriteDevToolsRequirements(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, &Log{Creator: Creator{Name: "authlint", Version: "dev"}, Pages: []Page{{ID: "p"}}}, sampleEntries()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Log struct {
			Version string `json:"version"`
			Creator *struct {
				Name    *string `json:"name"`
				Version *string `json:"version"`
			} `json:"creator"`
			Pages []map[string]any `json:"pages"`
			// Entries are kept raw to check types.
			Entries []map[string]any `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Log.Creator == nil || doc.Log.Creator.Name == nil || doc.Log.Creator.Version == nil {
		t.Error("creator.name and creator.version are required")
	}
	for _, p := range doc.Log.Pages {
		if _, ok := p["pageTimings"].(map[string]any); !ok {
			t.Errorf("page %v has no pageTimings object", p)
		}
	}
	num := func(where string, m map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := m[k].(float64); !ok {
				t.Errorf("%s.%s = %#v, want a number", where, k, m[k])
			}
		}
	}
	arr := func(where string, m map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := m[k].([]any); !ok {
				t.Errorf("%s.%s = %#v, want an array", where, k, m[k])
			}
		}
	}
	for i, e := range doc.Log.Entries {
		where := "entries[" + string(rune('0'+i)) + "]"
		if _, err := time.Parse(time.RFC3339Nano, e["startedDateTime"].(string)); err != nil {
			t.Errorf("%s.startedDateTime: %v", where, err)
		}
		num(where, e, "time")
		req, _ := e["request"].(map[string]any)
		resp, _ := e["response"].(map[string]any)
		timings, _ := e["timings"].(map[string]any)
		if req == nil || resp == nil || timings == nil {
			t.Fatalf("%s lacks request, response or timings", where)
		}
		if _, ok := e["cache"].(map[string]any); !ok {
			t.Errorf("%s has no cache object", where)
		}
		num(where+".request", req, "headersSize", "bodySize")
		arr(where+".request", req, "headers", "cookies", "queryString")
		num(where+".response", resp, "status", "headersSize", "bodySize")
		arr(where+".response", resp, "headers", "cookies")
		content, _ := resp["content"].(map[string]any)
		if content == nil {
			t.Fatalf("%s.response has no content", where)
		}
		num(where+".response.content", content, "size")
		num(where+".timings", timings, "send", "wait", "receive")
		for _, c := range resp["cookies"].([]any) {
			if exp, ok := c.(map[string]any)["expires"].(string); ok {
				if _, err := time.Parse(time.RFC3339Nano, exp); err != nil {
					t.Errorf("%s cookie expires %q is not a date", where, exp)
				}
			}
		}
	}
	if !strings.Contains(buf.String(), `"_error": "net::ERR_CONNECTION_REFUSED"`) {
		t.Error("response._error not written")
	}
	if strings.Contains(buf.String(), `\u003c`) {
		t.Error("HTML characters escaped in bodies")
	}
}

func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	l, es, err := ReadAll(&buf, "empty.har", Options{})
	if err != nil || len(es) != 0 || l.Version != "1.2" {
		t.Fatalf("ReadAll = %+v, %d entries, %v", l, len(es), err)
	}
}

func TestEncoderErrors(t *testing.T) {
	enc := NewEncoder(&bytes.Buffer{}, nil)
	if err := enc.Encode(nil); err == nil {
		t.Error("Encode(nil) succeeded")
	}
	if err := enc.Close(); err == nil {
		t.Error("Close after a failed Encode succeeded")
	}
	enc = NewEncoder(failWriter{}, nil)
	if err := enc.Encode(sampleEntries()[0]); err == nil {
		if err := enc.Close(); err == nil {
			t.Error("writing to a failing writer succeeded")
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestWriteCorpusRoundTrip reads every HAR of the repository's test data,
// writes it and reads it back: the entries must be the same.
func TestWriteCorpusRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../testdata/hars/*/*.har")
	if len(files) == 0 {
		t.Skip("no test HARs")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		l, in, err := ReadAll(bytes.NewReader(data), f, Options{})
		if err != nil {
			continue // malformed fixtures are not the writer's business
		}
		var buf bytes.Buffer
		if err := Write(&buf, l, in); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		_, out, err := ReadAll(&buf, f, Options{})
		if err != nil {
			t.Fatalf("%s: read back: %v", f, err)
		}
		if len(out) != len(in) {
			t.Fatalf("%s: %d entries read back, want %d", f, len(out), len(in))
		}
		for i := range in {
			a, b := normalizeForCompare(in[i]), normalizeForCompare(out[i])
			if in[i].Response == nil {
				b.Response = nil
			}
			for _, x := range []*Entry{a, b} {
				if x.Response != nil {
					for j := range x.Response.Cookies {
						x.Response.Cookies[j].Expires = ""
					}
				}
				x.Request.Cookies = nil
			}
			if in[i].Started.IsZero() {
				a.Started, b.Started = time.Time{}, time.Time{}
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s entry %d changed:\n%+v\n%+v", f, i, a, b)
			}
		}
	}
}
