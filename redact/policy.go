package redact

import (
	"encoding/base64"
	"regexp"
	"strings"
)

// A Policy is the one redaction policy of a run: it decides what is secret
// (by name, by shape, and by having been seen as secret anywhere in the
// input) and replaces it with a placeholder in every string a report
// prints. A nil *Policy hides secrets by name and shape but knows no values
// of the input. A Policy is not safe for concurrent use.
type Policy struct {
	show bool
	seen Seen
	// What LearnHeader and LearnCookie decide from a name alone, by the
	// name as written: the same few names come with every entry.
	headerNames, cookieNames nameMemo
}

// A nameVerdict is what a name alone says about its value (0: not known).
type nameVerdict uint8

const (
	namePlain         nameVerdict = iota + 1
	nameSecret                    // the value is secret
	nameAuthorization             // Authorization, Proxy-Authorization
	nameCookieHeader              // Cookie, Set-Cookie: learned by the caller
)

// nameMemo remembers the verdicts on up to maxMemoNames names.
type nameMemo map[string]nameVerdict

const maxMemoNames = 1024

// verdict returns the verdict on name, computing it with of once.
func (m *nameMemo) verdict(name string, of func(string) nameVerdict) nameVerdict {
	if v, ok := (*m)[name]; ok {
		return v
	}
	v := of(name)
	if *m == nil {
		*m = nameMemo{}
	}
	if len(*m) < maxMemoNames {
		(*m)[strings.Clone(name)] = v
	}
	return v
}

// headerVerdict is what LearnHeader does with a header by its name.
func headerVerdict(name string) nameVerdict {
	switch n := NormName(name); {
	case n == "authorization" || n == "proxyauthorization":
		return nameAuthorization
	case n == "cookie" || n == "setcookie":
		return nameCookieHeader
	case IsSecretName(name) || strings.HasPrefix(n, "xauth") || strings.HasSuffix(n, "key"):
		return nameSecret
	}
	return namePlain
}

// cookieVerdict is whether a cookie's name alone makes its value secret:
// the name is secret or mentions a session, auth, a token or a
// transaction.
func cookieVerdict(name string) nameVerdict {
	n := NormName(name)
	if IsSecretName(name) || strings.Contains(n, "sess") || strings.Contains(n, "auth") || strings.Contains(n, "token") || strings.HasPrefix(n, "txn") {
		return nameSecret
	}
	return namePlain
}

// NewPolicy returns a policy for one input; show turns redaction off
// (--show-secrets).
func NewPolicy(show bool) *Policy { return &Policy{show: show} }

// Shows reports whether the policy shows secrets (redaction is off).
func (p *Policy) Shows() bool { return p != nil && p.show }

// Seen returns the secret values the policy remembers.
func (p *Policy) Seen() *Seen {
	if p == nil {
		return nil
	}
	return &p.seen
}

// Learn remembers v as a secret of the input, so that it is redacted
// wherever it reappears. URLs and paths (a callback-url or returnTo
// cookie) are not remembered unless they are JWTs: their secret parts are
// redacted by URL, and remembering them whole would blank out the URLs of
// every finding.
func (p *Policy) Learn(v string) {
	if p == nil || p.show {
		return
	}
	v = strings.TrimSpace(v)
	if d := unescape(v); !LooksLikeJWT(d) && (strings.HasPrefix(d, "/") || strings.Contains(d, "://")) {
		return
	}
	p.seen.Add(v)
}

// LearnParams remembers the secret values (by name or shape) of a query,
// fragment or form body.
func (p *Policy) LearnParams(q string) {
	if p == nil || p.show || q == "" {
		return
	}
	for part := range strings.SplitSeq(q, "&") {
		name, value, ok := strings.Cut(part, "=")
		if ok && value != "" {
			p.LearnParam(unescape(name), unescape(value))
		}
	}
}

// LearnParam remembers value when the parameter is secret by its name or
// its value's shape.
func (p *Policy) LearnParam(name, value string) {
	if IsSecretParam(name, value) {
		p.Learn(value)
	}
}

// LearnURL remembers the secret parameters of a URL: query, fragment and
// path parameters.
func (p *Policy) LearnURL(raw string) {
	if p == nil || p.show || raw == "" {
		return
	}
	rest, frag, _ := strings.Cut(raw, "#")
	path, query, _ := strings.Cut(rest, "?")
	p.LearnParams(query)
	if strings.Contains(frag, "=") {
		p.LearnParams(frag)
	}
	for _, kv := range PathParams(path) {
		if kv[0] == "" {
			if IsSecretValue(kv[1]) {
				p.Learn(kv[1])
			}
			continue
		}
		p.LearnParam(kv[0], kv[1])
	}
}

// LearnHeader remembers the credential of a request or response header:
// the credentials of Authorization and Proxy-Authorization (and, for Basic,
// the password), and the whole value of a header with a secret name
// (X-Api-Key, X-CSRF-Token, X-Auth-Token, ...).
func (p *Policy) LearnHeader(name, value string) {
	if p == nil || p.show || value == "" {
		return
	}
	switch p.headerNames.verdict(name, headerVerdict) {
	case nameAuthorization:
		scheme, cred, ok := strings.Cut(strings.TrimSpace(value), " ")
		if !ok {
			p.Learn(value)
			return
		}
		cred = strings.TrimSpace(cred)
		p.Learn(cred)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
				if _, pass, ok := strings.Cut(string(dec), ":"); ok {
					p.Learn(pass)
				}
			}
		}
	case nameCookieHeader:
		// Cookie values are learned by the caller, which knows which
		// cookies hold sessions.
	case nameSecret:
		p.Learn(value)
	}
}

// jsonHint is the test for bodies that may hold a secret member;
// hasJSONHint runs it without the NFA (see jsonscan.go).
var jsonHint = regexp.MustCompile(`(?i)token|secret|passw|pwd|sess|sid|csrf|xsrf|key|code|jwt|auth|sig|ticket|assertion|bearer`)

// LearnJSON remembers the string values of the secret members of a JSON
// body (a token endpoint's "access_token", a login's "password"), by name
// or shape, so that they are redacted where they reappear.
func (p *Policy) LearnJSON(body string) {
	if p == nil || p.show || len(body) < MinSeenLen {
		return
	}
	// The first pair is looked for before the hint: a body without one (an
	// array of strings, say) teaches nothing, and finding that out reads
	// the body at IndexByte's speed where the hint words are read a byte
	// at a time. Matches are leftmost, so the pairs from the first one on
	// are the pairs of the body.
	first, _, _, _, ok := nextJSONPair(body, 0)
	if !ok || !hasJSONHint(body) {
		return
	}
	jsonPairs(body[first:], 256, p.LearnParam)
}

// LearnCookie remembers a cookie's value when it is secret: a session or
// other auth cookie (session says so), a cookie whose name is secret or
// mentions auth, or a value secret by its shape.
func (p *Policy) LearnCookie(name, value string, session bool) {
	if p == nil || p.show || len(value) < MinSeenLen {
		return
	}
	if session || p.cookieNames.verdict(name, cookieVerdict) == nameSecret || IsSecretValue(value) {
		p.Learn(value)
	}
}

// Value returns the placeholder for a secret value (and remembers it), or v
// itself when the policy shows secrets.
func (p *Policy) Value(v string) string {
	if p.Shows() {
		return v
	}
	p.Learn(v)
	return Value(v)
}

// URL returns raw with its secret parts redacted (see URL) and any value
// seen as secret in the input replaced, or raw itself when the policy shows
// secrets.
func (p *Policy) URL(raw string) string {
	if p.Shows() {
		return raw
	}
	return p.Text(URL(raw))
}

// CookieName returns a cookie name safe to print: nextjs-auth0 v4 names
// its transaction cookies "__txn_" + the OAuth state of the login, so the
// state is replaced by its placeholder ("__txn_[redacted:1a2b3c4d]").
func (p *Policy) CookieName(name string) string {
	if p.Shows() {
		return name
	}
	return txnNames(name, func(state string) string { return Value(state) })
}

// Key returns the stable form of a finding's key for its fingerprint: a
// transaction cookie's state (new on every login) becomes "*" and a value
// seen as secret becomes its placeholder, so that re-recordings of a flow
// keep their fingerprints and a fingerprint never derives from a secret
// that changes per login.
func (p *Policy) Key(k string) string {
	k = txnNames(k, func(string) string { return "*" })
	if p == nil {
		return k
	}
	return p.seen.Replace(k)
}

// Text returns s, a message, an evidence value or any other string a report
// prints, with every secret it holds replaced by its placeholder:
// absolute URLs are redacted as by URL; a secret parameter (by name or
// shape) after '?', '&', '#' or ';' in a relative URL or free text; any
// JWT; the state in a "__txn_<state>" cookie name; and every value the
// policy saw as secret in the input, wherever it appears. Text is
// idempotent and leaves placeholders alone. With show, s is returned as is.
func (p *Policy) Text(s string) string {
	if p.Shows() || s == "" {
		return s
	}
	s = absoluteURLs(s)
	s = looseParams(s)
	s = jwts(s)
	s = txnNames(s, func(state string) string { return Value(state) })
	if p != nil {
		s = p.seen.Replace(s)
	}
	return s
}

// absoluteURLs redacts the http(s) URLs in s with URL.
func absoluteURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := indexURL(s)
		if i < 0 {
			break
		}
		end := i + strings.IndexFunc(s[i:], func(r rune) bool { return strings.ContainsRune(" \t\r\n\"'<>`\\", r) })
		if end < i {
			end = len(s)
		}
		// Punctuation after a URL in prose is not part of it: "(see
		// https://x/cb?code=abc)." keeps its ")."
		for end > i {
			c := s[end-1]
			if strings.IndexByte(".,;:!?", c) >= 0 || c == ')' && !strings.Contains(s[i:end], "(") {
				end--
				continue
			}
			break
		}
		b.WriteString(s[:i])
		b.WriteString(URL(s[i:end]))
		s = s[end:]
	}
	b.WriteString(s)
	return b.String()
}

// indexURL returns the index of the first "http://" or "https://" in s, or
// -1.
func indexURL(s string) int {
	i, j := strings.Index(s, "http://"), strings.Index(s, "https://")
	switch {
	case i < 0:
		return j
	case j < 0:
		return i
	}
	return min(i, j)
}

// looseParams redacts "name=value" after '?', '&', '#' or ';' when the
// parameter is secret by name or shape: the query of a relative URL, or a
// path parameter, quoted in a message.
func looseParams(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("?&#;", s[i]) < 0 {
			continue
		}
		j := i + 1
		for j < len(s) && isNameChar(s[j]) {
			j++
		}
		if j == i+1 || j >= len(s) || s[j] != '=' {
			continue
		}
		k := j + 1
		for k < len(s) && !isValueEnd(s[k]) {
			k++
		}
		name, value := unescape(s[i+1:j]), s[j+1:k]
		dv := unescape(value)
		if value == "" || IsPlaceholder(dv) || strings.HasPrefix(value, "[redacted:") || !IsSecretParam(name, dv) {
			continue
		}
		b.WriteString(s[last : j+1])
		b.WriteString(Value(dv))
		last = k
		i = k - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isNameChar(c byte) bool { return isAlnum(c) || strings.IndexByte("_-.%[]$", c) >= 0 }

func isValueEnd(c byte) bool { return strings.IndexByte("&#; \t\r\n\"'<>`\\,()", c) >= 0 }

// jwts redacts every compact JWS or JWE in s.
func jwts(s string) string {
	if !strings.Contains(s, "eyJ") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i+3 <= len(s); {
		j := strings.Index(s[i:], "eyJ")
		if j < 0 {
			break
		}
		start := i + j
		end := start
		for end < len(s) && (isB64URL(s[end]) || s[end] == '.' || s[end] == '=') {
			end++
		}
		cand := strings.TrimRight(s[start:end], ".")
		if (start == 0 || !isB64URL(s[start-1])) && LooksLikeJWT(cand) {
			b.WriteString(s[last:start])
			b.WriteString(Value(cand))
			last = start + len(cand)
			i = last
			continue
		}
		i = start + 3
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// txnPrefix is the default prefix of nextjs-auth0 v4's transaction cookie
// names ("__txn_" + state: src/server/transaction-store.ts, prefix option
// transactionCookie.prefix; see ../shared/reference/session-cookies.md).
const txnPrefix = "__txn_"

// txnNames replaces the state in every "__txn_<state>" in s with
// repl(state). A placeholder, "*" and "<state>" are left alone.
func txnNames(s string, repl func(string) string) string {
	if !strings.Contains(s, txnPrefix) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, txnPrefix)
		if i < 0 {
			break
		}
		i += len(txnPrefix)
		j := i
		for j < len(s) && (isAlnum(s[j]) || strings.IndexByte("-_.~%", s[j]) >= 0) {
			j++
		}
		b.WriteString(s[:i])
		if j > i {
			b.WriteString(repl(s[i:j]))
		}
		s = s[j:]
	}
	b.WriteString(s)
	return b.String()
}
