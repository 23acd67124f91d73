package sanitize

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestLossless(t *testing.T) {
	// Everything that is not a secret is copied byte for byte: BOM,
	// whitespace, escapes, number spellings, unknown members, order.
	in := "\xef\xbb\xbf{ \"log\" :{\"version\":\"1.2\",\"_x\":[1.50e+3,-0,true,null,{}],\r\n\t\"pages\":[],\"entries\":[{\"_initiator\":{\"type\":\"script\",\"url\":\"https:\\/\\/a.example\\/x.js\"}," +
		"\"request\":{\"method\":\"GET\",\"url\":\"https://a.example/\\u003cb\\u003e?q=1\",\"headers\":[{\"name\":\"Accept\",\"value\":\"*\\/*\"}]}," +
		"\"response\":{\"content\":{\"mimeType\":\"text/html\",\"text\":\"<p>caf\\u00e9 \\\"quoted\\\"</p>\\n\"}},\"timings\":{\"wait\":1.25},\"comment\":\"\"}]}}\n"
	if !json.Valid([]byte(strings.TrimPrefix(in, "\xef\xbb\xbf"))) {
		t.Fatal("test input is not valid JSON")
	}
	if out := sanitizeT(t, []byte(in)); string(out) != in {
		t.Fatalf("output differs from a secret-free input:\n got %q\nwant %q", out, in)
	}
}

func TestOnlySecretsChange(t *testing.T) {
	in := `{"log":{"entries":[{"request":{"headers":[{"name":"Cookie","value":"sid=abc123def"},{"name":"X-Note","value":"caf\u00e9 \/ ok"}]}}]}}`
	out := string(sanitizeT(t, []byte(in)))
	if strings.Contains(out, "abc123def") {
		t.Fatalf("secret left: %s", out)
	}
	// The untouched string keeps its escapes exactly.
	if !strings.Contains(out, `"caf\u00e9 \/ ok"`) {
		t.Errorf("an unscrubbed string was re-encoded: %s", out)
	}
}

func TestValueBeforeName(t *testing.T) {
	in := `{"log":{"entries":[{"request":{"headers":[{"value":"Bearer opaque1","name":"Authorization"},{"value":"sid=x","name":"Cookie"}],
"cookies":{"value":"s1","name":"sid"},"queryString":[{"value":"C0de","name":"code"}]}}]}}`
	out := string(sanitizeT(t, []byte(in)))
	for _, s := range []string{"opaque1", "=x\"", `"s1"`, "C0de"} {
		if strings.Contains(out, s) {
			t.Errorf("%q is still in %s", s, out)
		}
	}
	if left, err := Check(strings.NewReader(out)); err != nil || len(left) > 0 {
		t.Errorf("Check = %v, %v", left, err)
	}
}

func TestLongStrings(t *testing.T) {
	// A body longer than a window is scrubbed in windows: a JWT and a
	// learned value across window boundaries are still found.
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4"
	var body strings.Builder
	for body.Len() < 3*windowSize {
		body.WriteString("lorem ipsum dolor sit amet \\\"consectetur\\\" ")
		if body.Len()%7 == 0 {
			body.WriteString(jwt + " Sess10nValue42 caf\\u00e9 ")
		}
	}
	body.WriteString(jwt + " Sess10nValue42")
	in := `{"log":{"entries":[{"request":{"headers":[{"name":"Cookie","value":"sid=Sess10nValue42"}]},"response":{"content":{"mimeType":"text/plain","text":"` + body.String() + `"}}}]}}`
	out := sanitizeT(t, []byte(in))
	if bytes.Contains(out, []byte("Sess10nValue42")) || bytes.Contains(out, []byte("c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4")) {
		t.Fatal("a secret is left in a long body")
	}
	if !json.Valid(out) {
		t.Fatal("output is not valid JSON")
	}
	var a, b map[string]any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	text := func(m map[string]any) string {
		e := m["log"].(map[string]any)["entries"].([]any)[0].(map[string]any)
		return e["response"].(map[string]any)["content"].(map[string]any)["text"].(string)
	}
	if strings.Count(text(a), "consectetur") != strings.Count(text(b), "consectetur") {
		t.Error("the long body lost text")
	}
}

func TestMalformed(t *testing.T) {
	for _, in := range []string{"", "[]", `"x"`, "{", `{"log":`, `{"a":1,}`, `{"a" 1}`, `{"a":"x`, `{"a":1} x`, `{"a":[1 2]}`, "{\"a\":\"\\"} {
		if _, _, err := SanitizeBytes([]byte(in), Options{Key: testKey}); err == nil {
			t.Errorf("SanitizeBytes(%q) succeeded", in)
		}
	}
}
