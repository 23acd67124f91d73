package sanitize

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestNotedBodies checks the bodies pass two copies without scanning: a
// long body holding, as plain text, a value that only a later entry shows
// to be secret (whole, or as a dotted piece) is still scrubbed, and a long
// body with nothing secret is copied byte for byte.
func TestNotedBodies(t *testing.T) {
	const secret = "tok9f8e7d6c5b4a3921"
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 40)
	body := func(s string) string {
		return fmt.Sprintf(`{\"note\":\"%s\",\"v\":\"see %s here\"}`, filler, s)
	}
	entry := func(text, cookie string) string {
		return fmt.Sprintf(`{"request":{"method":"GET","url":"https://example.com/","headers":[{"name":"Cookie","value":"%s"}]},`+
			`"response":{"status":200,"headers":[],"content":{"mimeType":"application/json","text":"%s"}}}`, cookie, text)
	}
	for _, tc := range []struct {
		name, value string
		secret      bool
	}{
		{"whole run", secret, true},
		{"dotted piece", "x1." + secret + ".y2", true},
		{"unrelated", "tok0000000011111111", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clean := body("nothing")
			in := `{"log":{"version":"1.2","entries":[` + entry(body(tc.value), "a=b") + "," +
				entry(clean, "sid="+secret) + `]}}`
			out := sanitizeT(t, []byte(in))
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("the secret is still in the output:\n%s", out)
			}
			if got := bytes.Contains(out, []byte(body(tc.value))); got == tc.secret {
				t.Errorf("first body kept as it was: %v, want %v", got, !tc.secret)
			}
			if !bytes.Contains(out, []byte(clean)) {
				t.Errorf("the clean body changed:\n%s", out)
			}
		})
	}
}

// TestNoteRun checks the hashes noted for a run: the run and, when it is
// dotted, its pieces of learnable length.
func TestNoteRun(t *testing.T) {
	s := &scrubber{mode: modeLearn, l: newLearned()}
	for _, tc := range []struct {
		run  string
		want []string
	}{
		{"short", nil},
		{"abcdefgh", []string{"abcdefgh"}},
		{"abcdefgh.ij.klmnopqr", []string{"abcdefgh.ij.klmnopqr", "abcdefgh", "klmnopqr"}},
		{strings.Repeat("a", maxLearnLen+1), nil},
	} {
		s.beginNote()
		s.noteRun([]byte(tc.run))
		var want []uint64
		for _, w := range tc.want {
			want = append(want, s.l.hash([]byte(w)))
		}
		if fmt.Sprint(s.note.hashes) != fmt.Sprint(want) {
			t.Errorf("noteRun(%q): %d hashes, want those of %q", tc.run, len(s.note.hashes), tc.want)
		}
		s.endNote()
	}
}
