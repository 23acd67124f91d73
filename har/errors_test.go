package har

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// twoEntries is a small HAR with two entries, one per line.
const twoEntries = `{"log":{"version":"1.2","entries":[
{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":200,"headers":[{"name":"a","value":"b"}]}},
{"request":{"method":"GET","url":"https://a.example/2"},"response":{"status":200,"content":{"text":"aGVsbG8="}}}
]}}
`

func gzipped(t testing.TB, s string, level int) string {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSyntaxErrors(t *testing.T) {
	third := strings.Replace(twoEntries, "\n]}}", `,
{"request":{"method":"POST","url":"https://a.example/3","headers":[{"name":"x","val`, 1)
	third = third[:strings.LastIndex(third, `"val`)+4]
	longBody := `{"log":{"entries":[{"response":{"content":{"text":"` + strings.Repeat("QUJD", 100000)
	gz := gzipped(t, twoEntries, gzip.DefaultCompression)
	stored := gzipped(t, twoEntries, gzip.NoCompression)
	if stored[15:15+len(twoEntries)] != twoEntries {
		t.Fatal("bad test: stored gzip is not laid out as expected")
	}
	tests := []struct {
		name, in string
		entries  int // entries returned before the error
		want     SyntaxError
		text     string // want.Error()
	}{
		{
			name: "empty", in: "",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `empty input: expected a HAR (a JSON object with a "log" member)`},
			text: `t.har:1:1: offset 0: empty input: expected a HAR (a JSON object with a "log" member)`,
		},
		{
			name: "BOM only", in: "\xef\xbb\xbf",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `empty input: expected a HAR (a JSON object with a "log" member)`},
			text: `t.har:1:1: offset 0: empty input: expected a HAR (a JSON object with a "log" member)`,
		},
		{
			name: "whitespace", in: "  \n\t ",
			want: SyntaxError{Offset: 5, Line: 2, Column: 3, Entry: -1, Msg: `input is only whitespace: expected a HAR (a JSON object with a "log" member)`},
			text: `t.har:2:3: offset 5: input is only whitespace: expected a HAR (a JSON object with a "log" member)`,
		},
		{
			name: "array", in: "[]",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `not a HAR: the top level is an array, expected an object with a "log" member`},
			text: `t.har:1:1: offset 0: not a HAR: the top level is an array, expected an object with a "log" member`,
		},
		{
			name: "empty object", in: "{}",
			want: SyntaxError{Offset: 1, Line: 1, Column: 2, Entry: -1, Msg: `not a HAR: the top-level object has no "log" member`},
			text: `t.har:1:2: offset 1: not a HAR: the top-level object has no "log" member`,
		},
		{
			name: "log is a number", in: `{"log":5}`,
			want: SyntaxError{Offset: 7, Line: 1, Column: 8, Entry: -1, Msg: `not a HAR: "log" is a number, expected an object`},
			text: `t.har:1:8: offset 7: not a HAR: "log" is a number, expected an object`,
		},
		{
			name: "log is null", in: "{\n  \"log\": null\n}",
			want: SyntaxError{Offset: 11, Line: 2, Column: 10, Entry: -1, Msg: `not a HAR: "log" is null, expected an object`},
			text: `t.har:2:10: offset 11: not a HAR: "log" is null, expected an object`,
		},
		{
			name: "garbage", in: "hello world",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `expected a HAR (a JSON object with a "log" member), found 'h'`},
			text: `t.har:1:1: offset 0: expected a HAR (a JSON object with a "log" member), found 'h'`,
		},
		{
			name: "binary", in: "\x00\x01\x02\xff",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `expected a HAR (a JSON object with a "log" member), found byte 0x00`},
			text: `t.har:1:1: offset 0: expected a HAR (a JSON object with a "log" member), found byte 0x00`,
		},
		{
			name: "zip file", in: "PK\x03\x04",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `expected a HAR (a JSON object with a "log" member), found 'P'`},
			text: `t.har:1:1: offset 0: expected a HAR (a JSON object with a "log" member), found 'P'`,
		},
		{
			name: "trailing garbage", in: "{\"log\":{\"entries\":[]}}\n}",
			want: SyntaxError{Offset: 23, Line: 2, Column: 1, Entry: -1, Msg: `expected the end of the input after the top-level object, found '}'`},
			text: `t.har:2:1: offset 23: expected the end of the input after the top-level object, found '}'`,
		},
		{
			name: "second HAR after the first", in: twoEntries + twoEntries, entries: 2,
			want: SyntaxError{Offset: 273, Line: 5, Column: 1, Entry: -1, Entries: 2, Msg: `expected the end of the input after the top-level object, found '{'`},
			text: `t.har:5:1: offset 273: expected the end of the input after the top-level object, found '{'`,
		},
		{
			name: "truncated in the middle of an entry", in: third, entries: 2,
			want: SyntaxError{Offset: 353, Line: 4, Column: 84, Entry: 2, Entries: 2, Truncated: true,
				Msg: `unexpected end of input in a string: the file is cut short after 2 complete entries`},
			text: `t.har:4:84: offset 353, entry 2: unexpected end of input in a string: the file is cut short after 2 complete entries`,
		},
		{
			name: "truncated between entries", in: twoEntries[:strings.LastIndex(twoEntries, "}}}")+3], entries: 2,
			want: SyntaxError{Offset: 268, Line: 3, Column: 113, Entry: -1, Entries: 2, Truncated: true,
				Msg: `unexpected end of input in an array: the file is cut short after 2 complete entries`},
			text: `t.har:3:113: offset 268: unexpected end of input in an array: the file is cut short after 2 complete entries`,
		},
		{
			name: "truncated after entries", in: strings.TrimSuffix(twoEntries, "}}\n"), entries: 2,
			want: SyntaxError{Offset: 270, Line: 4, Column: 2, Entry: -1, Entries: 2, Truncated: true,
				Msg: `unexpected end of input in an object: the file is cut short after 2 complete entries`},
			text: `t.har:4:2: offset 270: unexpected end of input in an object: the file is cut short after 2 complete entries`,
		},
		{
			name: "truncated inside a long body", in: longBody,
			want: SyntaxError{Offset: int64(len(longBody)), Line: 1, Column: len(longBody) + 1, Entry: 0, Truncated: true,
				Msg: `unexpected end of input in a string: the file is cut short after 0 complete entries`},
			text: `t.har:1:400052: offset 400051, entry 0: unexpected end of input in a string: the file is cut short after 0 complete entries`,
		},
		{
			name: "truncated after one entry", in: `{"log":{"entries":[{},`, entries: 1,
			want: SyntaxError{Offset: 22, Line: 1, Column: 23, Entry: -1, Entries: 1, Truncated: true,
				Msg: `unexpected end of input in an array: the file is cut short after 1 complete entry`},
			text: `t.har:1:23: offset 22: unexpected end of input in an array: the file is cut short after 1 complete entry`,
		},
		{
			name: "bad escape", in: strings.Replace(twoEntries, `"value":"b"`, `"value":"a\qb"`, 1),
			want: SyntaxError{Offset: 149, Line: 2, Column: 114, Entry: 0, Msg: `invalid escape '\' followed by 'q' in string`},
			text: `t.har:2:114: offset 149, entry 0: invalid escape '\' followed by 'q' in string`,
		},
		{
			name: "bad escape in a long body", in: `{"log":{"entries":[{},{"response":{"content":{"text":"` + strings.Repeat("A", 300000) + `\x"}}}]}}`, entries: 1,
			want: SyntaxError{Offset: 300054, Line: 1, Column: 300055, Entry: 1, Entries: 1, Msg: `invalid escape '\' followed by 'x' in string`},
			text: `t.har:1:300055: offset 300054, entry 1: invalid escape '\' followed by 'x' in string`,
		},
		{
			name: "newline in a string", in: "{\"log\":{\"entries\":[{\"comment\":\"a\nb\"}]}}",
			want: SyntaxError{Offset: 32, Line: 1, Column: 33, Entry: 0, Msg: `invalid character byte 0x0a in string (control characters must be escaped)`},
			text: `t.har:1:33: offset 32, entry 0: invalid character byte 0x0a in string (control characters must be escaped)`,
		},
		{
			name: "missing comma between entries", in: `{"log":{"entries":[{} {}]}}`, entries: 1,
			want: SyntaxError{Offset: 22, Line: 1, Column: 23, Entry: -1, Entries: 1, Msg: `expected ',' or ']' after array element, found '{'`},
			text: `t.har:1:23: offset 22: expected ',' or ']' after array element, found '{'`,
		},
		{
			name: "missing colon in an entry", in: `{"log":{"entries":[{"time" 1}]}}`,
			want: SyntaxError{Offset: 27, Line: 1, Column: 28, Entry: 0, Msg: `expected ':' after object key, found '1'`},
			text: `t.har:1:28: offset 27, entry 0: expected ':' after object key, found '1'`,
		},
		{
			name: "bad member separator", in: `{"log":{"entries":[{"time":1 x}]}}`,
			want: SyntaxError{Offset: 29, Line: 1, Column: 30, Entry: 0, Msg: `expected ',' or '}' after object member, found 'x'`},
			text: `t.har:1:30: offset 29, entry 0: expected ',' or '}' after object member, found 'x'`,
		},
		{
			name: "bad number", in: `{"log":{"entries":[{"time":-x}]}}`,
			want: SyntaxError{Offset: 28, Line: 1, Column: 29, Entry: 0, Msg: `invalid number: expected a digit after '-', found 'x'`},
			text: `t.har:1:29: offset 28, entry 0: invalid number: expected a digit after '-', found 'x'`,
		},
		{
			name: "trailing comma in log", in: `{"log":{"entries":[],}}`,
			want: SyntaxError{Offset: 21, Line: 1, Column: 22, Entry: -1, Msg: `expected '"' to begin an object key, found '}'`},
			text: `t.har:1:22: offset 21: expected '"' to begin an object key, found '}'`,
		},
		{
			name: "unquoted top-level key", in: `{log:{}}`,
			want: SyntaxError{Offset: 1, Line: 1, Column: 2, Entry: -1, Msg: `expected '"' to begin an object key, or '}', found 'l'`},
			text: `t.har:1:2: offset 1: expected '"' to begin an object key, or '}', found 'l'`,
		},
		{
			name: "too deep", in: `{"log":{"entries":[{"x":` + strings.Repeat("[", maxDepth),
			want: SyntaxError{Offset: 24 + maxDepth - 4, Line: 1, Column: 24 + maxDepth - 3, Entry: 0, Msg: `exceeded maximum nesting depth of 10000`},
			text: `t.har:1:10021: offset 10020, entry 0: exceeded maximum nesting depth of 10000`,
		},
		{
			// Stored (uncompressed) deflate: 10 bytes of gzip header and
			// 5 of block header, then the text, so the cut falls at
			// offset 200 of the text, inside the second entry.
			name: "gzip cut short", in: stored[:15+200],
			want: SyntaxError{Offset: 200, Line: 3, Column: 45, Entry: 1, Entries: 1, Truncated: true,
				Msg: `unexpected end of gzip stream: the file is cut short after 1 complete entry`},
			entries: 1,
			text:    `t.har:3:45: offset 200, entry 1: unexpected end of gzip stream: the file is cut short after 1 complete entry`,
		},
		{
			name: "gzip trailer cut", in: gz[:len(gz)-2], entries: 2,
			want: SyntaxError{Offset: 273, Line: 5, Column: 1, Entry: -1, Entries: 2, Truncated: true,
				Msg: `unexpected end of gzip stream: the file is cut short after 2 complete entries`},
			text: `t.har:5:1: offset 273: unexpected end of gzip stream: the file is cut short after 2 complete entries`,
		},
		{
			name: "gzip header only", in: gz[:2],
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Truncated: true,
				Msg: `unexpected end of gzip stream: the file is cut short after 0 complete entries`},
			text: `t.har:1:1: offset 0: unexpected end of gzip stream: the file is cut short after 0 complete entries`,
		},
		{
			name: "gzip bad header", in: "\x1f\x8bxxxxxxxxxxxxxxxx",
			want: SyntaxError{Offset: 0, Line: 1, Column: 1, Entry: -1, Msg: `corrupt gzip data: gzip: invalid header`},
			text: `t.har:1:1: offset 0: corrupt gzip data: gzip: invalid header`,
		},
		{
			name: "gzip bad checksum", in: gz[:len(gz)-8] + "\x00\x00\x00\x00" + gz[len(gz)-4:], entries: 2,
			want: SyntaxError{Offset: 273, Line: 5, Column: 1, Entry: -1, Entries: 2, Msg: `corrupt gzip data: gzip: invalid checksum`},
			text: `t.har:5:1: offset 273: corrupt gzip data: gzip: invalid checksum`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, entries, err := decodeAll(t, tt.in, Options{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v (%d entries), want a *SyntaxError", err, len(entries))
			}
			want := tt.want
			want.File = "t.har"
			if *se != want {
				t.Errorf("got  %#v\nwant %#v", *se, want)
			}
			if got := se.Error(); got != tt.text {
				t.Errorf("Error() = %s\nwant      %s", got, tt.text)
			}
			if strings.Contains(se.Error(), "\n") {
				t.Errorf("Error() has a newline: %q", se.Error())
			}
			if len(entries) != tt.entries {
				t.Errorf("%d entries before the error, want %d", len(entries), tt.entries)
			}
		})
	}
}

// TestErrorIsSticky checks that Next keeps returning the first error and
// that the entries before it were returned.
func TestErrorIsSticky(t *testing.T) {
	d := NewDecoder(strings.NewReader(`{"log":{"entries":[{"time":1},{"time":2},{"time"`), "x.har", Options{})
	for i := range 2 {
		e, err := d.Next()
		if err != nil || e.Time != float64(i+1) {
			t.Fatalf("entry %d: %+v, %v", i, e, err)
		}
	}
	_, err := d.Next()
	if err == nil || err == io.EOF {
		t.Fatalf("got %v", err)
	}
	for range 3 {
		if _, err2 := d.Next(); err2 != err {
			t.Fatalf("got %v, then %v", err, err2)
		}
	}
	if d.Entries() != 2 {
		t.Errorf("Entries() = %d", d.Entries())
	}
}

// TestNotAnEmptyHAR checks that valid JSON whose entries are missing or of
// the wrong type is an error naming the file, the position, the entry and
// what was expected, never a HAR with no entries (issue 9, section 8).
func TestNotAnEmptyHAR(t *testing.T) {
	tests := []struct {
		name, in string
		entries  int // entries returned before the error
		text     string
	}{
		{"entries a string", `{"log":{"entries":"nope"}}`, 0,
			`t.har:1:19: offset 18: not a HAR: "entries" is a string, expected an array`},
		{"entries an object", `{"log":{"entries":{"a":{}}}}`, 0,
			`t.har:1:19: offset 18: not a HAR: "entries" is an object, expected an array`},
		{"entries a number", `{"log":{"entries":3}}`, 0,
			`t.har:1:19: offset 18: not a HAR: "entries" is a number, expected an array`},
		{"entries null", "{\"log\": {\n  \"entries\": null\n}}", 0,
			`t.har:2:14: offset 23: not a HAR: "entries" is null, expected an array`},
		{"entries a boolean", `{"log":{"entries":true}}`, 0,
			`t.har:1:19: offset 18: not a HAR: "entries" is a boolean, expected an array`},
		{"entries in another case, wrong type", `{"log":{"Entries":"x"}}`, 0,
			`t.har:1:19: offset 18: not a HAR: "entries" is a string, expected an array`},
		{"entries missing", `{"log":{"version":"1.2","creator":{"name":"x"}}}`, 0,
			`t.har:1:47: offset 46: not a HAR: "log" has no "entries" member`},
		{"empty log", `{"log":{}}`, 0,
			`t.har:1:9: offset 8: not a HAR: "log" has no "entries" member`},
		{"element null", `{"log":{"entries":[null]}}`, 0,
			`t.har:1:20: offset 19, entry 0: not a HAR: the entry is null, expected an object`},
		{"element an array after an entry", `{"log":{"entries":[{}, [{}]]}}`, 1,
			`t.har:1:24: offset 23, entry 1: not a HAR: the entry is an array, expected an object`},
		{"element a string", "{\"log\":{\"entries\":[\n{},\n{},\n\"x\"]}}", 2,
			`t.har:4:1: offset 28, entry 2: not a HAR: the entry is a string, expected an object`},
		{"element a number", `{"log":{"entries":[5]}}`, 0,
			`t.har:1:20: offset 19, entry 0: not a HAR: the entry is a number, expected an object`},
		{"element a boolean", `{"log":{"entries":[false]}}`, 0,
			`t.har:1:20: offset 19, entry 0: not a HAR: the entry is a boolean, expected an object`},
		{"element invalid JSON", `{"log":{"entries":[nope]}}`, 0,
			`t.har:1:21: offset 20, entry 0: invalid literal: expected "null", found 'o'`},
		{"response a string", `{"log":{"entries":[{"response":"none"}]}}`, 0,
			`t.har:1:32: offset 31, entry 0: not a HAR: "response" is a string, expected an object`},
		{"response an array", `{"log":{"entries":[{},{"response":[{"status":200}]}]}}`, 1,
			`t.har:1:35: offset 34, entry 1: not a HAR: "response" is an array, expected an object`},
		{"request a number", `{"log":{"entries":[{"request":1}]}}`, 0,
			`t.har:1:31: offset 30, entry 0: not a HAR: "request" is a number, expected an object`},
		{"status an object", `{"log":{"entries":[{"response":{"status":{"code":200}}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is an object, expected a number`},
		{"status an array", `{"log":{"entries":[{"response":{"status":[200]}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is an array, expected a number`},
		{"status a boolean", `{"log":{"entries":[{"response":{"status":true}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is a boolean, expected a number`},
		{"status a word", `{"log":{"entries":[{"response":{"status":"OK"}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is a string that is not a number, expected a number`},
		{"status an empty string", `{"log":{"entries":[{"response":{"status":""}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is a string that is not a number, expected a number`},
		{"status a long string", `{"log":{"entries":[{"response":{"Status":"` + strings.Repeat("x", 100000) + `"}}]}}`, 0,
			`t.har:1:42: offset 41, entry 0: not a HAR: "status" is a string that is not a number, expected a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !json.Valid([]byte(tt.in)) && !strings.Contains(tt.name, "invalid") {
				t.Fatalf("bad test: %s is not valid JSON", tt.in)
			}
			_, entries, err := decodeAll(t, tt.in, Options{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v (%d entries), want a *SyntaxError", err, len(entries))
			}
			if got := se.Error(); got != tt.text {
				t.Errorf("Error() = %s\nwant      %s", got, tt.text)
			}
			if se.Truncated {
				t.Errorf("Truncated is set")
			}
			if len(entries) != tt.entries || se.Entries != tt.entries {
				t.Errorf("%d entries before the error (Entries %d), want %d", len(entries), se.Entries, tt.entries)
			}
		})
	}
}
