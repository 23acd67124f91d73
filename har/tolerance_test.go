package har

import (
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// decodeAll decodes a HAR with every buffer size (and a one-byte reader),
// fails unless all agree, and returns the result of the default size.
func decodeAll(t *testing.T, in string, opt Options) (*Log, []*Entry, error) {
	t.Helper()
	var (
		log0     *Log
		entries0 []*Entry
		err0     error
	)
	for i, size := range append(bufSizes[:len(bufSizes):len(bufSizes)], -1) {
		var d *Decoder
		if size < 0 {
			d = newDecoder(iotest.OneByteReader(strings.NewReader(in)), "t.har", opt, minBufSize)
		} else {
			d = newDecoder(strings.NewReader(in), "t.har", opt, size)
		}
		var entries []*Entry
		var err error
		for {
			var e *Entry
			if e, err = d.Next(); err != nil {
				break
			}
			entries = append(entries, e)
		}
		if err.Error() == "EOF" {
			err = nil
		}
		if i == 0 {
			log0, entries0, err0 = d.Log(), entries, err
			continue
		}
		if !reflect.DeepEqual(d.Log(), log0) || !reflect.DeepEqual(entries, entries0) || !reflect.DeepEqual(err, err0) {
			t.Fatalf("buffer %d disagrees with buffer %d:\n%+v %v\n%+v %v", size, bufSizes[0], entries, err, entries0, err0)
		}
	}
	return log0, entries0, err0
}

// entryOf decodes a HAR holding the one entry e.
func entryOf(t *testing.T, e string) *Entry {
	t.Helper()
	_, entries, err := decodeAll(t, `{"log":{"entries":[`+e+`]}}`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d entries", len(entries))
	}
	return entries[0]
}

func TestTolerance(t *testing.T) {
	ist := time.FixedZone("", 5*3600+1800)
	tests := []struct {
		name  string
		entry string
		check func(e *Entry) bool
	}{
		{"fractional numbers", `{"time":12.5,"timings":{"send":0.123,"wait":1e2,"receive":-1}}`,
			func(e *Entry) bool {
				return e.Time == 12.5 && e.Timings.Send == 0.123 && e.Timings.Wait == 100 && e.Timings.Receive == -1 && e.Timings.DNS == -1
			}},
		{"integral written as 0.0", `{"time":0.0,"request":{"bodySize":3.0,"headersSize":2.9}}`,
			func(e *Entry) bool { return e.Time == 0 && e.Request.BodySize == 3 && e.Request.HeadersSize == 2 }},
		{"null time", `{"time":null,"timings":{"dns":null}}`,
			func(e *Entry) bool { return e.Time == -1 && e.Timings.DNS == -1 }},
		{"missing everything", `{}`,
			func(e *Entry) bool {
				return e.Time == -1 && e.Response == nil && e.Timings == unknownTimings && e.Started.IsZero() &&
					e.Request.HeadersSize == -1 && e.Request.BodySize == -1 && e.Aborted()
			}},
		{"numbers as strings", `{"time":"12.5","request":{"headersSize":" 7 ","bodySize":"-1"},"response":{"status":"404","bodySize":"1e3"}}`,
			func(e *Entry) bool {
				return e.Time == 12.5 && e.Request.HeadersSize == 7 && e.Request.BodySize == -1 && e.Response.Status == 404 && e.Response.BodySize == 1000
			}},
		{"unreadable numbers", `{"time":"soon","timings":{"wait":"NaN","send":true,"dns":{"a":1},"ssl":[1]},"response":{"bodySize":"big","headersSize":[1]}}`,
			func(e *Entry) bool {
				return e.Time == -1 && e.Timings == unknownTimings && e.Response.BodySize == -1 && e.Response.HeadersSize == -1
			}},
		{"status as a string holding a number", `{"response":{"status":" 302 "}}`,
			func(e *Entry) bool { return e.Response.Status == 302 }},
		{"status missing", `{"response":{"statusText":"OK"}}`,
			func(e *Entry) bool { return e.Response != nil && e.Response.Status == 0 && e.Aborted() }},
		{"huge numbers", `{"request":{"bodySize":1e300,"headersSize":-1e300},"response":{"bodySize":9223372036854775807,"headersSize":"123456789012345678901234567890"}}`,
			func(e *Entry) bool {
				return e.Request.BodySize == 1<<63-1 && e.Request.HeadersSize == -1<<63 && e.Response.BodySize == 1<<63-1 && e.Response.HeadersSize == 1<<63-1
			}},
		{"status 0 and fractional", `{"response":{"status":0}}`,
			func(e *Entry) bool { return e.Response != nil && e.Response.Status == 0 && e.Aborted() }},
		{"status fractional", `{"response":{"status":200.7,"statusText":"OK"}}`,
			func(e *Entry) bool { return e.Response.Status == 200 && !e.Aborted() }},
		{"status null", `{"response":{"status":null}}`,
			func(e *Entry) bool { return e.Response.Status == 0 }},
		{"missing response", `{"request":{"method":"GET"}}`,
			func(e *Entry) bool { return e.Response == nil && e.Request.Method == "GET" }},
		{"null response", `{"response":null}`,
			func(e *Entry) bool { return e.Response == nil }},
		{"timings of the wrong type", `{"timings":"x"}`,
			func(e *Entry) bool { return e.Timings == unknownTimings }},
		{"null request", `{"request":null}`,
			func(e *Entry) bool { return e.Request.Method == "" && e.Request.HeadersSize == -1 }},
		{"missing content fields", `{"response":{"status":200}}`,
			func(e *Entry) bool {
				r := e.Response
				return r.Content.Size == -1 && r.HeadersSize == -1 && r.BodySize == -1 && r.Content.Text == ""
			}},
		{"booleans as strings", `{"response":{"cookies":[{"name":"a","httpOnly":"true","secure":"false"},{"name":"b","httpOnly":"TRUE","secure":1},{"name":"c","httpOnly":null,"secure":"yes"}]}}`,
			func(e *Entry) bool {
				c := e.Response.Cookies
				return len(c) == 3 && c[0].HTTPOnly && !c[0].Secure && c[1].HTTPOnly && c[1].Secure && !c[2].HTTPOnly && c[2].Secure
			}},
		{"cookies as one object (IE11)", `{"request":{"cookies":{"name":"previewCols","value":"url%20status"}}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Request.Cookies, []Cookie{{Name: "previewCols", Value: "url%20status"}})
			}},
		{"cookies as a name-value object", `{"request":{"cookies":{"sid":"abc","theme":"dark","n":5}}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Request.Cookies, []Cookie{{Name: "sid", Value: "abc"}, {Name: "theme", Value: "dark"}, {Name: "n", Value: "5"}})
			}},
		{"cookie fields", `{"response":{"cookies":[{"name":"sid","value":"x","path":"/","domain":".example.com","expires":"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN","httpOnly":true,"secure":true,"sameSite":"Lax","_maxAge":null,"comment":null}]}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Response.Cookies, []Cookie{{Name: "sid", Value: "x", Path: "/", Domain: ".example.com",
					Expires: "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN", HTTPOnly: true, Secure: true, SameSite: "Lax"}})
			}},
		{"cookie expires null or number", `{"response":{"cookies":[{"name":"a","expires":null},{"name":"b","expires":1714558400}]}}`,
			func(e *Entry) bool {
				return e.Response.Cookies[0].Expires == "" && e.Response.Cookies[1].Expires == "1714558400"
			}},
		{"params of any type", `{"request":{"postData":{"mimeType":"application/json","params":[
			{"name":"0","value":{"tags": ["info"], "data": {"props": null}}},{"name":"n","value":12.50},{"name":"b","value":true},{"name":"z","value":null},{"name":"s","value":"x","fileName":"f"}]}}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Request.PostData.Params, []NameValue{
					{Name: "0", Value: `{"tags":["info"],"data":{"props":null}}`}, {Name: "n", Value: "12.50"}, {Name: "b", Value: "true"}, {Name: "z"}, {Name: "s", Value: "x"}})
			}},
		{"postData", `{"request":{"postData":{"mimeType":"application/x-www-form-urlencoded","text":"a=1&b=\u00e9","params":[{"name":"a","value":"1"}]}}}`,
			func(e *Entry) bool {
				p := e.Request.PostData
				return p.MimeType == "application/x-www-form-urlencoded" && p.Text == "a=1&b=é" && !p.Truncated && len(p.Params) == 1
			}},
		{"postData null", `{"request":{"postData":null}}`,
			func(e *Entry) bool { return e.Request.PostData == nil }},
		{"query string", `{"request":{"queryString":[{"name":"q","value":"a b"},{"name":"e","value":""},"junk"]}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Request.QueryString, []NameValue{{Name: "q", Value: "a b"}, {Name: "e"}})
			}},
		{"startedDateTime Z", `{"startedDateTime":"2024-05-01T10:00:00.123Z"}`,
			func(e *Entry) bool {
				return e.Started.Equal(time.Date(2024, 5, 1, 10, 0, 0, 123e6, time.UTC)) && e.StartedRaw == "2024-05-01T10:00:00.123Z"
			}},
		{"startedDateTime 7 digits and +05:30 (Fiddler)", `{"startedDateTime":"2020-06-23T17:14:02.5961840+05:30"}`,
			func(e *Entry) bool { return e.Started.Equal(time.Date(2020, 6, 23, 17, 14, 2, 596184000, ist)) }},
		{"startedDateTime +00:00", `{"startedDateTime":"2017-06-28T09:30:49.000+00:00"}`,
			func(e *Entry) bool { return e.Started.Equal(time.Date(2017, 6, 28, 9, 30, 49, 0, time.UTC)) }},
		{"startedDateTime offset without colon", `{"startedDateTime":"2017-06-28T09:30:49.5+0530"}`,
			func(e *Entry) bool { return e.Started.Equal(time.Date(2017, 6, 28, 9, 30, 49, 5e8, ist)) }},
		{"startedDateTime without zone is UTC", `{"startedDateTime":"2017-06-28T09:30:49.25"}`,
			func(e *Entry) bool { return e.Started.Equal(time.Date(2017, 6, 28, 9, 30, 49, 25e7, time.UTC)) }},
		{"startedDateTime with a space", `{"startedDateTime":"2017-06-28 09:30:49Z"}`,
			func(e *Entry) bool { return e.Started.Equal(time.Date(2017, 6, 28, 9, 30, 49, 0, time.UTC)) }},
		{"startedDateTime garbage", `{"startedDateTime":"yesterday","time":5}`,
			func(e *Entry) bool { return e.Started.IsZero() && e.StartedRaw == "yesterday" }},
		{"startedDateTime number", `{"startedDateTime":1714558400000}`,
			func(e *Entry) bool { return e.Started.IsZero() && e.StartedRaw == "1714558400000" }},
		{"httpVersion anything", `{"request":{"httpVersion":"ori"},"response":{"httpVersion":2}}`,
			func(e *Entry) bool { return e.Request.HTTPVersion == "ori" && e.Response.HTTPVersion == "2" }},
		{"pseudo and repeated headers", `{"request":{"headers":[{"name":":authority","value":"a.example"},{"name":":path","value":"/"},{"name":"Cookie","value":"a=1"},{"name":"cookie","value":"b=2"}]},
			"response":{"headers":[{"name":"Set-Cookie","value":"a=1"},{"name":"Set-Cookie","value":"b=2"},{"name":"set-cookie","value":"c=3"}]}}`,
			func(e *Entry) bool {
				return e.Request.Headers.Get(":authority") == "a.example" && e.Request.Headers[1].Name == ":path" &&
					e.Request.Headers.Joined("cookie") == "a=1, b=2" &&
					reflect.DeepEqual(e.Response.Headers.Values("set-cookie"), []string{"a=1", "b=2", "c=3"})
			}},
		{"header values of other types", `{"response":{"headers":[{"name":"age","value":12},{"name":"x","value":{"a": [1, "b"]}},{"name":5,"value":true},{"name":"n","value":null},{"name":"e","comment":"c"},7,null]}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Response.Headers, Headers{{"age", "12"}, {"x", `{"a":[1,"b"]}`}, {"5", "true"}, {"n", ""}, {"e", ""}})
			}},
		{"headers as an object", `{"response":{"headers":{"Content-Type":"text/html","Age":3,"X-Null":null}}}`,
			func(e *Entry) bool {
				return reflect.DeepEqual(e.Response.Headers, Headers{{"Content-Type", "text/html"}, {"Age", "3"}})
			}},
		{"headers of the wrong type", `{"request":{"headers":"none"},"response":{"headers":null}}`,
			func(e *Entry) bool { return e.Request.Headers == nil && e.Response.Headers == nil }},
		{"escapes and bad UTF-8 in headers", "{\"response\":{\"headers\":[{\"name\":\"x\",\"value\":\"a\\u0000\\\"\\ud83d\\ude00 \xff\xfe\"}]}}",
			func(e *Entry) bool { return e.Response.Headers[0].Value == "a\x00\"😀 \ufffd\ufffd" }},
		{"unknown keys skipped", `{"_initiator":{"type":"script","stack":{"callFrames":[{"a":[1,2,{"b":null}]}]}},"_priority":"High","cache":{"beforeRequest":null},"_webSocketMessages":[{"type":"send","data":"x\"y"}],"time":3}`,
			func(e *Entry) bool { return e.Time == 3 }},
		{"keys ignore case like encoding/json", `{"Request":{"METHOD":"POST","URL":"https://a.example/","Headers":[{"Name":"a","VALUE":"b"}]},"TIME":2}`,
			func(e *Entry) bool {
				return e.Request.Method == "POST" && e.Request.URL == "https://a.example/" && e.Time == 2 && reflect.DeepEqual(e.Request.Headers, Headers{{"a", "b"}})
			}},
		{"exact key wins over a later folded one only by order", `{"time":1,"Time":2}`,
			func(e *Entry) bool { return e.Time == 2 }},
		{"browser fields", `{"_fromCache":"disk","_resourceType":"document","serverIPAddress":"[::1]","connection":"443","pageref":"page_1","comment":"c"}`,
			func(e *Entry) bool {
				return e.FromCache == "disk" && e.ResourceType == "document" && e.ServerIPAddress == "[::1]" && e.Connection == "443" && e.Pageref == "page_1" && e.Comment == "c"
			}},
		{"_error in response (Chrome, BrowserMob)", `{"response":{"status":0,"_error":"net::ERR_ABORTED"}}`,
			func(e *Entry) bool { return e.Error == "net::ERR_ABORTED" && e.Aborted() }},
		{"_error null does not clear", `{"_error":"x","response":{"_error":null}}`,
			func(e *Entry) bool { return e.Error == "x" }},
		{"_error object (capture-har)", `{"response":{"_error":{"message":"Max redirects exceeded","code":null}}}`,
			func(e *Entry) bool { return e.Error == `{"message":"Max redirects exceeded","code":null}` }},
		{"content", `{"response":{"content":{"size":10,"compression":-2,"mimeType":"text/plain","encoding":"base64","text":"aGVsbG8="}}}`,
			func(e *Entry) bool {
				c := e.Response.Content
				return c == Content{Size: 10, Compression: -2, MimeType: "text/plain", Encoding: "base64", Text: "aGVsbG8=", TextLen: 8}
			}},
		{"content text of another type", `{"response":{"content":{"text":{"a":1}}}}`,
			func(e *Entry) bool { return e.Response.Content.Text == `{"a":1}` && e.Response.Content.TextLen == 7 }},
		{"content null", `{"response":{"content":null,"redirectURL":null}}`,
			func(e *Entry) bool { return e.Response.Content.Text == "" && e.Response.RedirectURL == "" }},
		{"entry as an object with duplicate keys", `{"request":{"method":"GET"},"request":{"url":"u"}}`,
			func(e *Entry) bool { return e.Request.Method == "GET" && e.Request.URL == "u" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := entryOf(t, tt.entry); !tt.check(e) {
				t.Errorf("unexpected entry: %+v", e)
				if e.Response != nil {
					t.Logf("response: %+v", *e.Response)
				}
			}
		})
	}
}

// TestLogMetadata checks log members, including members after "entries".
func TestLogMetadata(t *testing.T) {
	in := `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36","x":1},"entries":[{"time":1},{"time":2}],
		"browser":{"name":"Chrome","version":"124"},"pages":[{"id":"page_1","title":"t","startedDateTime":"2024-05-01T10:00:00Z","pageTimings":{"onLoad":null}},5],"comment":"c","_x":[]}}`
	d := NewDecoder(strings.NewReader(in), "t.har", Options{})
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	if d.Log().Version != "1.2" || d.Log().Creator.Name != "WebInspector" || d.Log().Browser != nil {
		t.Errorf("log after the first entry: %+v", d.Log())
	}
	log, entries, err := decodeAll(t, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Log{Version: "1.2", Creator: Creator{Name: "WebInspector", Version: "537.36"}, Browser: &Creator{Name: "Chrome", Version: "124"},
		Pages: []Page{{ID: "page_1", Title: "t", Started: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}}, Comment: "c"}
	if !reflect.DeepEqual(log, want) || len(entries) != 2 {
		t.Errorf("got %+v with %d entries, want %+v", log, len(entries), want)
	}
}

// TestStructure checks top-level shapes that are not errors.
func TestStructure(t *testing.T) {
	tests := []struct {
		name, in string
		indexes  []int
	}{
		{"empty entries", `{"log":{"entries":[]}}`, nil},
		{"entries after the other members", `{"log":{"version":"1.2","pages":[],"entries":[{},{}]}}`, []int{0, 1}},
		{"other top-level members", `{"a":[1,{"log":5}],"log":{"entries":[{}]},"z":null}`, []int{0}},
		{"log in another case", `{"LOG":{"Entries":[{}]}}`, []int{0}},
		{"two entries arrays", `{"log":{"entries":[{}],"entries":[{}]}}`, []int{0, 1}},
		{"BOM", "\xef\xbb\xbf{\"log\":{\"entries\":[{}]}}", []int{0}},
		{"whitespace around", " \r\n\t{\"log\":{\"entries\":[ {} ]}} \n", []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, entries, err := decodeAll(t, tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, e := range entries {
				got = append(got, e.Index)
			}
			if !reflect.DeepEqual(got, tt.indexes) {
				t.Errorf("indexes %v, want %v", got, tt.indexes)
			}
		})
	}
}
