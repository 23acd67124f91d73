package sanitize

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/authlint/authlint/internal/ascii"
	"github.com/authlint/authlint/redact"
)

// mode is what a pass over the input does with the secrets it finds.
type mode int

const (
	// modeLearn remembers them (the first pass).
	modeLearn mode = iota
	// modeRewrite replaces them with pseudonyms (the second pass).
	modeRewrite
	// modeCheck reports them (--check).
	modeCheck
)

// scrubber decides what is secret in one string and, when rewriting,
// replaces it. All decisions go through text and the structured helpers
// below, in every mode, so that what is learned, what is replaced and what
// --check reports are the same set.
type scrubber struct {
	mode   mode
	p      *pseudonymizer
	l      *learned
	counts Counts
	found  func(k Kind, run []byte) // modeCheck
	names  map[string]Kind          // memo of kindOfName ("" for plain names)
	pii    bool                     // also e-mail addresses and IPv4 addresses
	// annot holds the "_authlint" member to add to each entry, by index
	// (modeRewrite with secrets).
	annot map[int][]byte
	// note is the body being noted (modeLearn, notes.go).
	note noting
	// memo remembers structured values (memo.go); while recording, the
	// kinds of the secrets replaced are appended to replaced.
	memo      valueMemo
	recording bool
	replaced  []Kind
}

// kindOfName is kindOfName, remembered: the same names recur on every
// entry.
func (s *scrubber) kindOfName(name []byte) (Kind, bool) {
	if k, ok := s.names[string(name)]; ok {
		return k, k != ""
	}
	k, ok := kindOfName(name)
	if s.names == nil {
		s.names = map[string]Kind{}
	}
	if len(s.names) < maxNameMemo {
		s.names[string(name)] = k
	}
	return k, ok
}

// secret handles one secret run: it returns its replacement when rewriting,
// and false when the run is not to be touched (it is a pseudonym already).
func (s *scrubber) secret(k Kind, run []byte) ([]byte, bool) {
	if s.note.on {
		s.note.secrets++
	}
	if len(run) >= len("198.18.0.0") && maybePseudonym(run) && IsPseudonym(string(run)) {
		return nil, false
	}
	if maybeMarker(run) && redact.IsRedactionMarker(string(run)) {
		// Another sanitizer's marker ("[REDACTED]", "xxxxxxxx") hides
		// nothing, and rules read it as a marker: keep it.
		return nil, false
	}
	switch s.mode {
	case modeLearn:
		s.learn(run, k)
		return nil, true
	case modeCheck:
		s.found(k, run)
		return nil, true
	}
	s.counts[k]++
	if s.recording {
		s.replaced = append(s.replaced, k)
	}
	return s.p.valueBytes(run), true
}

// maybePseudonym is a cheap test that run may be a pseudonym: every
// pseudonym holds a plain one ("zPs"), is an address of 198.18.0.0/15 or
// holds base64 JSON ("eyJ"). It saves converting every secret run to a
// string for redact.IsPseudonym.
func maybePseudonym(run []byte) bool {
	return bytes.Contains(run, []byte(pseudonymPrefix)) || bytes.Contains(run, []byte("198.1")) || bytes.Contains(run, []byte("eyJ"))
}

// maybeMarker is a cheap test that a run may be a redaction marker
// (redact.IsRedactionMarker): a short word, or a long run of 'x', 'X' or
// '•'.
func maybeMarker(run []byte) bool {
	return len(run) <= 16 || run[0] == 'x' || run[0] == 'X' || run[0] == 0xE2
}

// learn remembers a secret run and its dot-separated pieces (a value may
// reappear inside a host name or a dotted cookie), except a JOSE header,
// which is not secret.
func (s *scrubber) learn(run []byte, k Kind) {
	if learnable(run) {
		s.l.add(run, k)
	}
	if looksJOSE(run) {
		// The personal claims of a JWT (sub, email, sid) are replaced
		// inside it; learn them so that a body repeating them ("sub":
		// "user-42" in /api/me) gets the same pseudonyms.
		forClaimStrings(run, func(v string) {
			forRuns([]byte(v), func(start, end int) {
				if r := []byte(v[start:end]); learnable(r) {
					s.l.add(r, KindToken)
				}
			})
		})
	}
	if bytes.IndexByte(run, '.') < 0 {
		return
	}
	jose := looksJOSE(run)
	for i, piece := range bytes.Split(run, []byte{'.'}) {
		if jose && i == 0 || len(piece) == len(run) {
			continue
		}
		if learnable(piece) {
			s.l.add(piece, k)
		}
	}
}

// learnedPieces replaces the learned dot-separated pieces of a run.
func (s *scrubber) learnedPieces(run []byte) ([]byte, bool) {
	var out []byte // allocated at the first replacement
	last, copied := 0, 0
	for i := 0; i <= len(run); i++ {
		if i < len(run) && run[i] != '.' {
			continue
		}
		piece := run[last:i]
		if k, ok := s.l.has(piece); ok {
			if r, ok := s.secret(k, piece); ok && r != nil {
				if out == nil {
					out = make([]byte, 0, len(run)+len(r))
				}
				out = append(out, run[copied:last]...)
				out = append(out, r...)
				copied = i
			}
		}
		last = i + 1
	}
	if out == nil {
		return run, false
	}
	return append(out, run[copied:]...), true
}

// textOpts selects the checks of text beyond names, JWTs and learned runs.
type textOpts struct {
	shapes bool // replace runs that look random (URLs, parameters)
	url    bool // the string is a URL: its userinfo password is secret
	// noNames turns off "name=value" and "name: value" (code, where
	// they are assignments, not data).
	noNames bool
}

// stopChar ends an unquoted secret value (form fields, query parameters).
var stopChar = func() (t [256]bool) {
	for _, c := range []byte("&;, \t\r\n#\"'<>{}[]()\\|") {
		t[c] = true
	}
	return t
}()

// text scrubs free text: a body, a URL, a header value. A run is secret when
// it is the value of a secret name ("password=...", "\"access_token\":\"...\"",
// "<input name=\"SAMLResponse\" value=\"...\">"), a JWS or JWE, the state of a
// "__txn_<state>" cookie name, a run learned as secret elsewhere in the
// input, or (with shapes) a random-looking run. It returns the new text and
// whether it changed (only when rewriting).
func (s *scrubber) text(src []byte, o textOpts) ([]byte, bool) {
	var out []byte
	changed := false
	last := 0
	prevStart, prevEnd := -1, -1
	const (
		none = iota
		untilQuote
		untilStop
	)
	mode, quote := none, byte(0)
	var modeKind, htmlKind Kind
	html := false
	pwStart, pwEnd := -1, -1
	if o.url {
		pwStart, pwEnd = userinfoPassword(src)
	}
	replace := func(rs, re int, r []byte, quoted bool) {
		out = append(out, src[last:rs]...)
		if quoted {
			out = append(out, '"')
		}
		out = append(out, r...)
		if quoted {
			out = append(out, '"')
		}
		last = re
		changed = true
	}
	for i := 0; i < len(src); {
		c := src[i]
		if !runChar[c] && !(c == '%' && pctRun(src, i)) {
			n := delimLen(src, i)
			if n == 3 { // a percent-escaped delimiter: judge what it encodes
				c = byte(unhex(src[i+1])<<4 | unhex(src[i+2]))
			}
			switch mode {
			case untilQuote:
				if c == quote && (i == 0 || src[i-1] != '\\') {
					mode = none
				}
			case untilStop:
				if stopChar[c] {
					mode = none
				}
			}
			if c == '>' || c == '\n' {
				html = false
			}
			i += n
			continue
		}
		j := runEnd(src, i)
		rs, re := trimDots(src, i, j)
		i = j
		if rs == re {
			continue
		}
		run := src[rs:re]
		if s.note.on {
			s.noteRun(run)
		}
		var kind Kind
		secret, quoteNum := false, false
		switch {
		case mode != none:
			kind, secret = modeKind, true
		case rs >= pwStart && re <= pwEnd:
			kind, secret = KindUserinfo, true
		case prevEnd >= 0 && !o.noNames:
			sep, q, jsonKey, ok := kvSep(src[prevEnd:rs])
			if !ok || sep == ':' && q == 0 && !jsonKey {
				// "state:function" is code; "state": "x" and
				// state: 'x' are data.
				break
			}
			name := src[prevStart:prevEnd]
			if k, ok := s.kindOfName(name); ok {
				if q == 0 && isLiteral(run) {
					break
				}
				kind, secret, modeKind = k, true, k
				switch {
				case q != 0:
					mode, quote = untilQuote, q
				case sep == '=':
					mode = untilStop
				case jsonKey && isNumber(run):
					quoteNum = true
				}
			} else if lowerIn(htmlNameAttrs, name) {
				if k, ok := s.kindOfName(run); ok {
					html, htmlKind = true, k
				}
			} else if html && lowerIn(htmlValueAttrs, name) {
				kind, secret, modeKind, html = htmlKind, true, htmlKind, false
				if q != 0 {
					mode, quote = untilQuote, q
				}
			}
		}
		prevStart, prevEnd = rs, re
		if !secret {
			if len(run) > len(txnPrefix) && bytes.HasPrefix(run, []byte(txnPrefix)) {
				if r, ok := s.secret(KindTxnState, run[len(txnPrefix):]); ok && r != nil {
					replace(rs+len(txnPrefix), re, r, false)
				}
				continue
			}
			if s.pii {
				if k, ok := piiKind(src, rs, re); ok {
					if r, ok := s.secret(k, run); ok && r != nil {
						replace(rs, re, r, false)
					}
					continue
				}
			}
			switch {
			case run[0] == 'e' && looksJOSE(run):
				kind, secret = KindJWT, true
			case s.mode == modeRewrite && len(run) >= MinLearnLen:
				if k, ok := s.l.has(run); ok {
					kind, secret = k, true
				}
			}
			if !secret && o.shapes && len(run) >= redact.MinRandomLen && !hasPseudonymPiece(run) && redact.LooksRandom(string(run)) {
				kind, secret = KindRandom, true
			}
			if !secret && s.mode == modeRewrite && len(run) > MinLearnLen && bytes.IndexByte(run, '.') >= 0 {
				if r, ok := s.learnedPieces(run); ok {
					replace(rs, re, r, false)
				}
				continue
			}
		}
		if !secret {
			continue
		}
		if r, ok := s.secret(kind, run); ok && r != nil {
			replace(rs, re, r, quoteNum)
		}
	}
	if !changed {
		return src, false
	}
	return append(out, src[last:]...), true
}

// lowerIn reports whether name, lower-cased, is in m, whose keys are short
// (lower-cased on the stack: this runs for every name in a body).
func lowerIn(m map[string]bool, name []byte) bool {
	var b [16]byte
	if len(name) > len(b) {
		return false
	}
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return m[string(b[:len(name)])]
}

// looksJOSE reports whether a run has the shape of a JWS or JWE with a
// JOSE header.
func looksJOSE(run []byte) bool {
	if !bytes.HasPrefix(run, []byte("eyJ")) {
		return false
	}
	if n := bytes.Count(run, []byte{'.'}); n != 2 && n != 4 {
		return false
	}
	return isJOSEHeaderBytes(run[:bytes.IndexByte(run, '.')])
}

// kvSep reads the bytes between a name and a value: one '=' or ':',
// with quotes, spaces and backslashes (and their percent-escapes) around
// it. q is the quote that opens the value (0 if none); jsonKey reports a
// quote before the separator (a JSON member name).
func kvSep(b []byte) (sep, q byte, jsonKey, ok bool) {
	if len(b) == 0 || len(b) > 16 {
		return 0, 0, false, false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '%' && i+2 < len(b) {
			if h, l := unhex(b[i+1]), unhex(b[i+2]); h >= 0 && l >= 0 {
				c = byte(h<<4 | l)
				i += 2
			}
		}
		switch c {
		case '=', ':':
			if sep != 0 {
				return 0, 0, false, false
			}
			sep = c
			q = 0
		case '"', '\'':
			if sep == 0 {
				jsonKey = true
			} else {
				q = c
			}
		case ' ', '\t', '\\':
		default:
			return 0, 0, false, false
		}
	}
	return sep, q, jsonKey, sep != 0
}

func isLiteral(run []byte) bool {
	switch string(run) {
	case "null", "true", "false", "undefined", "None", "nil":
		return true
	}
	return false
}

func isNumber(run []byte) bool {
	for i, c := range run {
		if !(c >= '0' && c <= '9' || c == '-' && i == 0 || c == '.') {
			return false
		}
	}
	return len(run) > 0
}

// userinfoPassword returns the bounds of the password in a URL's userinfo
// ("https://user:pw@host/"), or -1, -1.
func userinfoPassword(u []byte) (int, int) {
	i := bytes.Index(u, []byte("://"))
	if i < 0 || i > 16 {
		return -1, -1
	}
	auth := u[i+3:]
	if e := bytes.IndexAny(auth, "/?#"); e >= 0 {
		auth = auth[:e]
	}
	at := bytes.LastIndexByte(auth, '@')
	if at < 0 {
		return -1, -1
	}
	colon := bytes.IndexByte(auth[:at], ':')
	if colon < 0 {
		return -1, -1
	}
	return i + 3 + colon + 1, i + 3 + at
}

// runs replaces every run of a value that is secret as a whole (a cookie
// value, credentials), keeping the delimiters between runs.
func (s *scrubber) runs(v []byte, k Kind) ([]byte, bool) {
	var out []byte
	last := 0
	changed := false
	forRuns(v, func(start, end int) {
		if r, ok := s.secret(k, v[start:end]); ok && r != nil {
			if out == nil {
				out = make([]byte, 0, len(v)+len(r))
			}
			out = append(out, v[last:start]...)
			out = append(out, r...)
			last = end
			changed = true
		}
	})
	if !changed {
		return v, false
	}
	return append(out, v[last:]...), true
}

// cookieValue scrubs one cookie value (cookies[].value, or the value of a
// Cookie or Set-Cookie pair).
func (s *scrubber) cookieValue(v []byte) ([]byte, bool) {
	if keptCookieValues[string(v)] {
		return v, false
	}
	if bytes.HasPrefix(v, []byte(ironPrefix)) {
		return s.ironSeal(v)
	}
	return s.runs(v, KindCookie)
}

// ironPrefix starts an iron seal (iron-session, @hapi/iron):
// Fe26.2*<password id>*<salt>*<iv>*<ciphertext>*<expiration ms>*<salt>*<hmac>
// (token/inspect.go readIronSeal).
const ironPrefix = "Fe26.2*"

// ironSeal scrubs an iron seal part by part, keeping its version, password
// id and expiration, which rules read.
func (s *scrubber) ironSeal(v []byte) ([]byte, bool) {
	parts := bytes.Split(v, []byte{'*'})
	changed := false
	for i, p := range parts {
		if i == 0 || i == 1 || i == 5 {
			continue
		}
		if r, ok := s.runs(p, KindCookie); ok {
			parts[i], changed = r, true
		}
	}
	if !changed {
		return v, false
	}
	return bytes.Join(parts, []byte{'*'}), true
}

// cookieHeader scrubs a Cookie header: "a=1; b=2".
func (s *scrubber) cookieHeader(v []byte) ([]byte, bool) {
	out := make([]byte, 0, len(v)+64)
	changed := false
	for len(v) > 0 {
		pair := v
		rest := []byte(nil)
		if i := bytes.IndexByte(v, ';'); i >= 0 {
			pair, rest = v[:i+1], v[i+1:]
		}
		p, c := s.cookiePair(pair)
		out = append(out, p...)
		changed = changed || c
		v = rest
	}
	return out, changed
}

// cookiePair scrubs "name=value" (possibly with a trailing ';'): the name
// as text (for "__txn_<state>"), the value as a cookie value.
func (s *scrubber) cookiePair(pair []byte) ([]byte, bool) {
	eq := bytes.IndexByte(pair, '=')
	if eq < 0 {
		return s.text(pair, textOpts{})
	}
	name, val := pair[:eq], pair[eq+1:]
	end := len(val)
	if end > 0 && val[end-1] == ';' {
		end--
	}
	lead := 0
	for lead < end && val[lead] == ' ' {
		lead++
	}
	trail := end
	for trail > lead && val[trail-1] == ' ' {
		trail--
	}
	n, c1 := s.text(name, textOpts{})
	cv, c2 := s.cookieValue(val[lead:trail])
	if !c1 && !c2 {
		return pair, false
	}
	out := make([]byte, 0, len(n)+1+len(val)-(trail-lead)+len(cv))
	out = append(out, n...)
	out = append(out, '=')
	out = append(out, val[:lead]...)
	out = append(out, cv...)
	return append(out, val[trail:]...), true
}

// setCookie scrubs Set-Cookie lines: the first pair of each line; the
// attributes stay.
func (s *scrubber) setCookie(v []byte) ([]byte, bool) {
	out := make([]byte, 0, len(v)+64)
	changed := false
	for len(v) > 0 {
		line := v
		var rest []byte
		if i := bytes.IndexByte(v, '\n'); i >= 0 {
			line, rest = v[:i+1], v[i+1:]
		}
		first, attrs := line, []byte(nil)
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			first, attrs = line[:i], line[i:]
		} else if n := len(line); n > 0 && line[n-1] == '\n' {
			first, attrs = line[:n-1], line[n-1:]
		}
		p, c := s.cookiePair(first)
		out = append(out, p...)
		out = append(out, attrs...)
		changed = changed || c
		v = rest
	}
	return out, changed
}

// authorization scrubs "Scheme credentials": the scheme stays.
func (s *scrubber) authorization(v []byte) ([]byte, bool) {
	i := bytes.IndexByte(v, ' ')
	if i < 0 {
		return s.runs(v, KindAuthorization)
	}
	r, ok := s.runs(v[i:], KindAuthorization)
	if !ok {
		return v, false
	}
	return append(append([]byte(nil), v[:i]...), r...), true
}

// header scrubs the value of header name.
func (s *scrubber) header(name string, v []byte) ([]byte, bool) {
	n := ascii.Lower(name)
	switch {
	case n == "cookie":
		return s.cookieHeader(v)
	case n == "set-cookie":
		return s.setCookie(v)
	case authHeaders[n]:
		return s.authorization(v)
	case urlHeaders[n]:
		return s.text(v, textOpts{shapes: true, url: true})
	}
	if k, ok := s.kindOfName([]byte(n)); ok {
		return s.runs(v, k)
	}
	return s.text(v, textOpts{})
}

// param scrubs the value of a query or form parameter called name.
func (s *scrubber) param(name string, v []byte) ([]byte, bool) {
	if k, ok := s.kindOfName([]byte(name)); ok {
		return s.runs(v, k)
	}
	return s.text(v, textOpts{shapes: true, url: true})
}

// learnable reports whether a secret run is distinctive enough to be
// searched for everywhere: at least MinLearnLen bytes, and letters mixed
// with digits, or random by redact.LooksRandom, or a number of 16 digits
// or more. Words and identifiers ("timeline", "domInteractiveTime") and
// short numbers (timestamps), which a cookie may hold but ordinary text
// holds too, are still replaced where their name or place says they are
// secret, but not searched for elsewhere.
func learnable(run []byte) bool {
	if len(run) < MinLearnLen {
		return false
	}
	var letters, digits int
	for _, c := range run {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		}
	}
	switch {
	case digits == len(run):
		return len(run) >= 16
	case digits > 0 && letters > 0:
		return true
	}
	return redact.LooksRandom(string(run))
}

// hasPseudonymPiece reports whether a dotted run holds a pseudonym
// ("schema.zPs..."): it was sanitized already.
func hasPseudonymPiece(run []byte) bool {
	if !bytes.Contains(run, []byte(pseudonymPrefix)) {
		return false
	}
	for _, p := range bytes.Split(run, []byte{'.'}) {
		if isPlainPseudonym(string(p)) {
			return true
		}
	}
	return false
}

// piiKind reports whether the run src[rs:re] is personal data --pii
// replaces: the local part of an e-mail address ("alice" in
// "alice@example.com"; the domain stays, it is usually the app's or the
// identity provider's) or an IPv4 address (not a version number such as
// "Chrome/131.0.0.0").
func piiKind(src []byte, rs, re int) (Kind, bool) {
	next := -1
	switch {
	case re+1 < len(src) && src[re] == '@':
		next = re + 1
	case bytes.HasPrefix(src[re:], []byte("%40")):
		next = re + 3 // "alice%40example.com" in a form or a query
	}
	if next > 0 && next < len(src) && (rs == 0 || src[rs-1] != '@') {
		j := runEnd(src, next)
		if j > next && bytes.IndexByte(src[next:j], '.') > 0 {
			return KindEmail, true
		}
	}
	if isIPv4(src[rs:re]) && (rs == 0 || src[rs-1] != '/') {
		return KindIP, true
	}
	return "", false
}

// isIPv4 reports whether b is a dotted-quad IPv4 address.
func isIPv4(b []byte) bool {
	parts := bytes.Split(b, []byte{'.'})
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if len(p) == 0 || len(p) > 3 {
			return false
		}
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return false
			}
			n = n*10 + int(c-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// forClaimStrings calls f with every string value of a JWS payload that
// the pseudonym replaces (not the kept claims), nested ones included.
func forClaimStrings(jws []byte, f func(string)) {
	parts := bytes.Split(jws, []byte{'.'})
	if len(parts) != 3 {
		return
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(string(parts[1]), "="))
	if err != nil {
		return
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return
	}
	forClaimValues(m, f)
}
