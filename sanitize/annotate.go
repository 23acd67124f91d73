package sanitize

import (
	"encoding/json"
	"strings"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/rules"
	"github.com/authlint/authlint/token"
)

// With the app's secrets, sanitize records what decrypting each encrypted
// session cookie showed in an "_authlint" member of the entry that first
// carries it (token.AnnotationJSON; docs/sanitize.md), so that analyze on
// the sanitized file, without any secret, reads the same tokens as on the
// original with them.
//
// The values to record are exactly those analyze decrypts: sanitize runs
// the analysis over the original input with a Decrypter that decrypts with
// the keyring and records each value the first time it is asked, with the
// entry being analysed. The record is keyed by the value's pseudonym: a
// whole cookie is sanitized as one cookie value, and a chunked one as the
// pseudonyms of its chunks joined, found by splitting the joined value into
// the chunk values of the entry.

// maxAnnotation bounds the JSON of one entry's annotation below the
// analysis reader's limit for a member it keeps as JSON text
// (har.MaxValueLen): tokens past it are left out (analyze reads them
// without a key).
const maxAnnotation = har.MaxValueLen - 1024

// maxRecorded bounds the values recorded in one run.
const maxRecorded = 1 << 16

// recorder is the Decrypter of the recording analysis.
type recorder struct {
	kr    *token.Keyring
	s     *scrubber // rewriting cookie values, as the rewriting pass will
	l     *learned
	entry int
	pairs []cookiePair // of the current entry
	seen  map[string]bool
	out   map[int][]token.AnnotatedToken
	size  map[int]int
}

// cookiePair is one cookie name and value of an entry.
type cookiePair struct{ name, value string }

func (r *recorder) Len() int { return r.kr.Len() }

func (r *recorder) Decrypt(cookieName, value string) token.Token {
	t := r.kr.Decrypt(cookieName, value)
	k := cookieName + "\x00" + value
	if r.entry < 0 || r.seen[k] || len(r.seen) >= maxRecorded {
		return t
	}
	r.seen[k] = true
	sv, ok := r.sanitized(cookieName, value)
	if !ok {
		return t
	}
	var claims json.RawMessage
	if t.Decrypted {
		claims = r.claims(t.Claims)
	}
	at, ok := token.Annotate(cookieName, sv, t, claims)
	if !ok {
		return t
	}
	b, _ := json.Marshal(at)
	if r.size[r.entry]+len(b) > maxAnnotation {
		return t
	}
	r.size[r.entry] += len(b) + 1
	r.out[r.entry] = append(r.out[r.entry], at)
	return t
}

// claims returns the decrypted claims with their personal values replaced
// by pseudonyms, as a JWS payload's are, and learns those values so that
// the rewriting pass replaces them wherever they reappear (a body that
// repeats the session's sub or email).
func (r *recorder) claims(m map[string]any) json.RawMessage {
	if m == nil {
		return json.RawMessage("null")
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return json.RawMessage("null")
	}
	forClaimValues(m, func(v string) {
		forRuns([]byte(v), func(start, end int) {
			if run := []byte(v[start:end]); learnable(run) {
				r.l.add(run, KindToken)
			}
		})
	})
	out, ok := r.s.p.objectJSON(raw, false)
	if !ok {
		return json.RawMessage("null")
	}
	return out
}

// sanitized returns the sanitized form of the (joined) value of the cookie
// name: the value as the rewriting pass writes a cookie value when it is
// one of the entry's cookie values, else the sanitized chunk values it
// joins.
func (r *recorder) sanitized(name, value string) (string, bool) {
	var chunks []string
	for _, c := range r.pairs {
		if c.name == name && c.value == value {
			return r.cookieValue(value), true
		}
		if c.name != name && token.BaseCookieName(c.name) == name && c.value != "" {
			chunks = append(chunks, c.value)
		}
	}
	parts, ok := split(value, chunks, 0)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(r.cookieValue(p))
	}
	return b.String(), true
}

func (r *recorder) cookieValue(v string) string {
	out, _ := r.s.cookieValue([]byte(v))
	return string(out)
}

// split cuts v into a sequence of the chunk values, or reports that it is
// not one. depth bounds the search (a cookie has at most a few dozen
// chunks).
func split(v string, chunks []string, depth int) ([]string, bool) {
	if v == "" {
		return nil, true
	}
	if depth > 64 {
		return nil, false
	}
	for _, c := range chunks {
		if strings.HasPrefix(v, c) {
			if rest, ok := split(v[len(c):], chunks, depth+1); ok {
				return append([]string{c}, rest...), true
			}
		}
	}
	return nil, false
}

// entryPairs returns the cookie names and values of an entry: the pairs of
// its Cookie headers and cookies array, the first pairs of its Set-Cookie
// headers and its response's cookies array.
func entryPairs(e *har.Entry) []cookiePair {
	var out []cookiePair
	add := func(pair string) {
		if n, v, ok := strings.Cut(pair, "="); ok {
			out = append(out, cookiePair{strings.TrimSpace(n), strings.Trim(v, " ")})
		}
	}
	for _, h := range e.Request.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			for p := range strings.SplitSeq(h.Value, ";") {
				add(p)
			}
		}
	}
	for _, c := range e.Request.Cookies {
		out = append(out, cookiePair{c.Name, c.Value})
	}
	if e.Response != nil {
		for _, h := range e.Response.Headers {
			if strings.EqualFold(h.Name, "set-cookie") {
				for line := range strings.SplitSeq(h.Value, "\n") {
					first, _, _ := strings.Cut(line, ";")
					add(first)
				}
			}
		}
		for _, c := range e.Response.Cookies {
			out = append(out, cookiePair{c.Name, c.Value})
		}
	}
	return out
}

// watched is the input of the recording analysis: it tells the recorder
// which entry is being analysed.
type watched struct {
	*har.Decoder
	r *recorder
}

func (w watched) Next() (*har.Entry, error) {
	e, err := w.Decoder.Next()
	if e != nil {
		w.r.entry, w.r.pairs = e.Index, entryPairs(e)
	}
	return e, err
}

// annotations returns the "_authlint" member of every entry that gets one,
// by entry index: the first entry always (it says how many secrets were
// tried), the others when they carry a value first. It runs the analysis
// over the input read from src with kr, and learns the personal claims of
// the tokens into l.
func annotations(src Source, kr *token.Keyring, p *pseudonymizer, l *learned) (map[int][]byte, error) {
	in, err := src()
	if err != nil {
		return nil, err
	}
	defer in.Close()
	r := &recorder{
		kr: kr, l: l, entry: -1,
		s:    &scrubber{mode: modeRewrite, l: l, p: p, counts: Counts{}},
		seen: map[string]bool{}, out: map[int][]token.AnnotatedToken{}, size: map[int]int{},
	}
	dec := har.NewDecoder(streamOf(in), "", har.Options{})
	if _, err := rules.Analyze(watched{dec, r}, "", rules.Options{Keyring: r, Timeline: true}); err != nil {
		return nil, err
	}
	out := map[int][]byte{}
	if dec.Entries() == 0 {
		return out, nil
	}
	if _, ok := r.out[0]; !ok {
		r.out[0] = []token.AnnotatedToken{}
	}
	for i, tokens := range r.out {
		b, err := json.Marshal(token.AnnotationJSON{Version: token.AnnotationVersion, Secrets: kr.Len(), Tokens: tokens})
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// forClaimValues calls f with every string of the claims that a pseudonym
// replaces (not the kept claims), nested ones included.
func forClaimValues(m map[string]any, f func(string)) {
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			f(x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for k, v := range m {
		if !redact.IsKeptClaim(k) {
			walk(v)
		}
	}
}
