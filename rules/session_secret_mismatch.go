package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/token"
)

// SessionSecretMismatch finds an app whose instances or deployments encrypt
// and read session cookies with different secrets.
var SessionSecretMismatch = &Rule{
	ID:       "session-secret-mismatch",
	Category: CategorySession,
	Severity: High,
	Title:    "the app's instances disagree on the session secret",
	Doc: `Fires when the HAR shows that the app's instances (or deployments) do not share
one session secret, so that a user is signed out at random, or gets errors,
depending on which instance answers.

Without secrets, from the app's answers: a session cookie value that a
response of the HAR set (minted or re-issued) is accepted by some responses
(the cookie re-issued, a session or profile route returning the user) and
treated as signed out by others (a 401, a redirect to the login, an empty
session such as ` + "`null`" + ` or ` + "`{}`" + ` from the session route, a 204 from the nextjs-auth0
profile route, the cookie deleted, an Auth.js session route answering without
re-issuing the cookie it re-issues on every read of a valid session, or a
500 from middleware that throws on a cookie it cannot decrypt), while the
browser sent exactly the same value. A value that expired (a readable ` + "`exp`" + `,
the cookie's own expiry), values after a logout, and answers that all come
after the last acceptance (an expiry or a revocation looks like that) do not
count: some request must be treated as signed out before another with the same
value was accepted, or at the same time. Only session cookies that are JWEs count
(nextjs-auth0, NextAuth and Auth.js with JWT sessions): an opaque session id
refused by some instances points to a session store they do not share, not to
a secret.

Auth.js and NextAuth v5 name the key in the JWE header (` + "`kid`" + `, a thumbprint of the
key derived from the secret and the cookie name), so without secrets too,
values of one cookie minted with different keys show different secrets.

With secrets (` + "`AUTHLINT_SECRET`" + `, ` + "`AUTH_SECRET`" + `, ` + "`NEXTAUTH_SECRET`" + `, ` + "`AUTH0_SECRET`" + ` or ` + "`--secret-file`" + `):
the values that responses of the HAR set decrypt with different secrets of
the list, or some decrypt and others do not, in an order that is not a
rotation. A rotation is one secret minting until another takes over for good;
an order in which a secret mints again after another has minted is two
instances writing with their own secrets.

Which rule owns what: ` + "`undecryptable-session-cookie`" + ` reports a value that no supplied
secret decrypts when the HAR shows no disagreement between minters (a wrong or
stale secret given to authlint, a rotation that dropped the old secret, an
altered or cut value); when this rule finds the disagreement, that rule leaves
the cookie's undecryptable values to it. ` + "`session-error-response`" + ` reports the 500s
themselves (the server should sign the user out instead of failing), this rule
their cause. ` + "`rolling-session-cookie`" + ` reports the re-issuing itself, which is
routine.

Severity: high when a request path both accepted and refused the same value,
or the secrets show two minters; medium when the acceptances and refusals
were on different paths (a route may refuse a session for its own reasons).`,
	Fix:   "Give every instance and every deployment of the app the same session secret (nextjs-auth0: `AUTH0_SECRET`; NextAuth v4: `NEXTAUTH_SECRET`; Auth.js v5: `AUTH_SECRET`) from one source, and rebuild or restart the instances started with another; to rotate, use the library's rotation list where it has one (Auth.js `secret: [new, old]`, nextjs-auth0 v3 `secret` as an array).",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsSetCookie | NeedsCookieValues,
	Start: func(*Pass) Checker { return newSessionSecretMismatch() },
}

// mintedValue is one session-cookie value that a response of the input set,
// with the answers to the requests that sent it back.
type mintedValue struct {
	key, name string
	lib       auth.Library
	mint      EntryRef
	mintAt    time.Time
	expires   time.Time // the cookie's own expiry, zero for a session cookie
	ended     bool      // a logout came after the mint
	accepted  []answer
	refused   []answer
	count     [2]int // accepted, refused (answers beyond those kept)
}

// answer is how one response treated a session-cookie value its request
// sent.
type answer struct {
	ref        EntryRef
	path       string
	start, end time.Time
	how        string // "re-issued it", "answered 401", ...
}

// maxAnswers bounds the answers kept per value and kind.
const maxAnswers = 4

// sessionSecretMismatch is the rule's state; undecryptable-session-cookie
// runs one too, to leave the cookies this rule reports to it.
type sessionSecretMismatch struct {
	mints  *mintLog
	values map[valueKey]*mintedValue // key of name and value
	order  []valueKey
}

func newSessionSecretMismatch() *sessionSecretMismatch {
	return &sessionSecretMismatch{mints: newMintLog(), values: map[valueKey]*mintedValue{}}
}

func (c *sessionSecretMismatch) Visit(p *Pass, x *Exchange) {
	if len(x.Cookies) == 0 && len(x.SetCookies) == 0 && x.Route.Kind != auth.RouteLogout {
		return
	}
	if len(x.SetCookies) > 0 {
		c.mints.observe(p, x)
	}
	if x.Route.Kind == auth.RouteLogout {
		// Every session minted so far ends here: later answers to it say
		// nothing about secrets.
		for _, v := range c.values {
			v.ended = true
		}
	}
	if len(c.values) > 0 && len(x.Cookies) > 0 && countsAsAnswer(x) {
		for _, s := range x.Sessions() {
			v := c.values[keyOf(s.Name, s.Value)]
			if v == nil || v.ended || !x.Started.After(v.mintAt) {
				continue
			}
			if !v.expires.IsZero() && !x.Started.Before(v.expires) {
				continue
			}
			if t := p.Token(s.Name, s.Value); t.HasExp && !t.Exp.After(x.Started) {
				continue
			}
			kind, how := sessionAnswer(p, x, s.Name, v.lib)
			if kind == answerNone {
				continue
			}
			a := answer{ref: p.Ref(x, how), path: x.Path(), start: x.Started, end: x.End(), how: how}
			list := &v.accepted
			if kind == answerRefused {
				list = &v.refused
			}
			v.count[kind-1]++
			if len(*list) < maxAnswers {
				*list = append(*list, a)
			} else if kind == answerAccepted {
				(*list)[maxAnswers-1] = a // keep the latest acceptance: it bounds the order test
			}
		}
	}
	if len(x.SetCookies) == 0 {
		return
	}
	for _, s := range setSessions(x) {
		k := keyOf(s.Name, s.Value)
		if _, ok := c.values[k]; ok {
			continue
		}
		lib := x.refineLibrary(s.Info.Library)
		if !statelessSession(p.Token(s.Name, s.Value)) {
			continue
		}
		if len(c.values) >= maxTracked {
			c.forgetOlder()
		}
		v := &mintedValue{
			key:    cookieKey(s.Info, s.Name),
			name:   s.Name,
			lib:    lib,
			mint:   p.Ref(x, "set the value"),
			mintAt: x.Started,
		}
		if e, ok := s.Lines[0].ExpiryAt(x.End()); ok {
			v.expires = e
		}
		c.values[k] = v
		c.order = append(c.order, k)
	}
}

// forgetOlder drops the older half of the tracked values, except those
// already answered both ways, so that a long HAR with a rolling cookie (a new
// value on every response) keeps the latest values at an amortised constant
// cost per value.
func (c *sessionSecretMismatch) forgetOlder() {
	half := len(c.order) / 2
	kept := c.order[:0]
	for i, k := range c.order {
		v := c.values[k]
		if i < half && (len(v.accepted) == 0 || len(v.refused) == 0) {
			delete(c.values, k)
			continue
		}
		kept = append(kept, k)
	}
	clear(c.order[len(kept):])
	c.order = kept
}

// countsAsAnswer reports whether x's response is the app's own answer to
// the cookies the request sent: not aborted, not from a cache, not a static
// file, not a login step that writes a new session whatever was sent.
func countsAsAnswer(x *Exchange) bool {
	if x.Aborted() || x.FromCache != "" || x.Static || x.Served.State.FromCache() {
		return false
	}
	switch x.Route.Kind {
	case auth.RouteLogin, auth.RouteCallback, auth.RouteSignIn, auth.RouteAuthorize,
		auth.RouteLogout, auth.RouteBackchannelLogout, auth.RouteSessionUpdate, auth.RouteError:
		return false
	}
	return true
}

// answerKind says how a response treated a session cookie.
type answerKind int

const (
	answerNone answerKind = iota
	answerAccepted
	answerRefused
)

// sessionAnswer tells whether x's response accepted the session cookie
// name its request sent, treated the request as signed out, or shows
// neither (a page that works signed out), and says how.
func sessionAnswer(p *Pass, x *Exchange, name string, lib auth.Library) (answerKind, string) {
	st := x.Status()
	switch {
	case st == 500 || st == 501 || st > 504 && st < 600:
		// 502, 503 and 504 are also what a gateway sends when the
		// origin is down.
		return answerRefused, fmt.Sprintf("answered %d", st)
	case st == 401 && x.Authorization == "":
		return answerRefused, "answered 401"
	case st >= 300 && st < 400 && redirectsToLogin(p, x):
		return answerRefused, "redirected to the login"
	}
	reissued, deleted := false, false
	end := x.End()
	for _, sc := range x.SetCookies {
		if sc.Err != nil || !sc.Session() || wholeSessionName(sc.Info, sc.Name) != name {
			continue
		}
		if sc.IsDeletion(end) {
			deleted = true
		} else if sc.Value != "" {
			reissued = true
		}
	}
	switch {
	case deleted && !reissued:
		return answerRefused, "deleted the cookie"
	case reissued:
		return answerAccepted, "re-issued it"
	}
	if st != 200 && st != 204 {
		return answerNone, ""
	}
	switch x.Route.Kind {
	case auth.RouteSession:
		switch body := strings.TrimSpace(responseText(x, 4096)); {
		case body == "null" || body == "{}":
			// Auth.js answers null for no session
			// (@auth/core@0.41.1 lib/actions/session.js: body null),
			// NextAuth v4 {} (next-auth@4.24.15 core/routes/session.js:27
			// body {}, :89 sessionStore.clean() when the JWT does not
			// decode).
			return answerRefused, "returned an empty session " + body
		case strings.HasPrefix(body, "{"):
			return answerAccepted, "returned the session"
		}
		if lib == auth.LibraryAuthJSV5 || lib == auth.LibraryNextAuthV4 {
			// The session route re-encodes a valid JWT and sets the
			// cookie on every read (@auth/core@0.41.1
			// lib/actions/session.js: sessionStore.chunk(newToken) for a
			// decoded token, sessionStore.clean() otherwise;
			// next-auth@4.24.15 core/routes/session.js:78 likewise).
			return answerRefused, "answered without re-issuing the cookie, which the session route does on every read of a valid session"
		}
	case auth.RouteProfile:
		if st == 204 {
			// nextjs-auth0 v4 answers 204 without a session when
			// noContentProfileResponseWhenUnauthenticated is set
			// (@auth0/nextjs-auth0@4.30.0 dist/server/auth-client.js handleProfile).
			return answerRefused, "answered 204 (no session)"
		}
		if body := strings.TrimSpace(responseText(x, 4096)); strings.HasPrefix(body, "{") && body != "{}" {
			return answerAccepted, "returned the user"
		}
	}
	return answerNone, ""
}

// redirectsToLogin reports whether x's response redirects to a login,
// sign-in or authorization route.
func redirectsToLogin(p *Pass, x *Exchange) bool {
	loc := x.ResponseHeader("Location")
	if loc == "" || x.URL == nil {
		return false
	}
	u, err := x.URL.Parse(loc)
	if err != nil {
		return false
	}
	r, ok := p.Catalog().Route("GET", u)
	return ok && (r.Kind == auth.RouteLogin || r.Kind == auth.RouteSignIn || r.Kind == auth.RouteAuthorize)
}

// statelessSession reports whether a session cookie is a token that every
// instance with the app's secret reads alike: a JWE (nextjs-auth0 v3 and v4,
// NextAuth and Auth.js with the JWT strategy). An opaque session id (the
// NextAuth and Auth.js database strategy, express-session) may be refused
// for other reasons, such as a session store the instances do not share,
// which this rule does not claim.
func statelessSession(t token.Token) bool { return t.Format == token.JWE }

func (c *sessionSecretMismatch) Finish(p *Pass) {
	for _, r := range c.findings() {
		if r.mints != nil {
			c.reportMints(p, r.mints)
		} else {
			c.reportAnswers(p, r.value)
		}
	}
}

// mismatchFinding is what the rule reports for one cookie: the mint history
// when the keys show two writers, else the first value answered both ways.
type mismatchFinding struct {
	key   string
	mints *mintState
	value *mintedValue
}

// findings returns the rule's findings, one per cookie key at most.
func (c *sessionSecretMismatch) findings() []mismatchFinding {
	var out []mismatchFinding
	seen := map[string]bool{}
	for _, key := range c.mints.order {
		if m := c.mints.keys[key]; m.mismatch() {
			seen[key] = true
			out = append(out, mismatchFinding{key: key, mints: m})
		}
	}
	for _, k := range c.order {
		v := c.values[k]
		if v == nil || seen[v.key] || !disagrees(v) {
			continue
		}
		seen[v.key] = true
		out = append(out, mismatchFinding{key: v.key, value: v})
	}
	return out
}

// reports returns the cookie keys the rule reports: undecryptable values of
// these cookies are explained by the disagreement, and
// undecryptable-session-cookie leaves them to this rule.
func (c *sessionSecretMismatch) reports() map[string]bool {
	keys := map[string]bool{}
	for _, f := range c.findings() {
		keys[f.key] = true
	}
	return keys
}

// disagrees reports whether the value was both accepted and refused, with a
// refusal that is not explained by an end of the session: one that started
// before an acceptance ended.
func disagrees(v *mintedValue) bool {
	if len(v.accepted) == 0 || len(v.refused) == 0 {
		return false
	}
	var lastAccept time.Time
	for _, a := range v.accepted {
		if a.end.After(lastAccept) {
			lastAccept = a.end
		}
	}
	for _, r := range v.refused {
		if r.start.Before(lastAccept) {
			return true
		}
	}
	return false
}

// reportAnswers reports a value that some responses accepted and others
// treated as signed out.
func (c *sessionSecretMismatch) reportAnswers(p *Pass, v *mintedValue) {
	samePath := false
	for _, a := range v.accepted {
		for _, r := range v.refused {
			samePath = samePath || a.path == r.path
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "session cookie %q%s that the response to entry %d set was accepted by %s (%s) and treated as signed out by %s (%s), although the browser sent the same value",
		v.name, inParens(libraryName(v.lib)), v.mint.Index,
		plural(v.count[0], "response"), answerList(v.accepted, v.count[0]),
		plural(v.count[1], "response"), answerList(v.refused, v.count[1]))
	sev := High
	relies := ""
	if samePath {
		b.WriteString(": the same path answered it both ways, so the instances behind it read it with different secrets")
	} else {
		sev = Medium
		relies = "the routes that refused the session do so because they cannot read it, not for a reason of their own (no path answered the same value both ways)"
	}
	refs := []EntryRef{v.refused[0].ref, v.accepted[0].ref}
	for _, r := range v.refused[1:] {
		refs = append(refs, r.ref)
	}
	for _, a := range v.accepted[1:] {
		refs = append(refs, a.ref)
	}
	refs = append(refs, v.mint)
	if len(refs) > MaxEntries {
		refs = refs[:MaxEntries]
	}
	p.Report(Finding{
		Severity: sev,
		Message:  b.String(),
		Why:      "a stateless session cookie reads the same on every instance that has the secret it was written with; one that some instances accept and others do not means they hold different secrets, so the user is signed out, or gets errors, depending on which instance answers",
		Entries:  refs,
		Fix:      secretMismatchFix(v.lib),
		ReliesOn: relies,
		Key:      v.key,
	})
}

// reportMints reports a cookie whose values were minted with different
// keys in an order that is not a rotation.
func (c *sessionSecretMismatch) reportMints(p *Pass, m *mintState) {
	var parts []string
	for _, cl := range m.classes {
		parts = append(parts, fmt.Sprintf("%s (%s)", cl.label, entryList(cl.entries, cl.count)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "values of session cookie %q%s set in this HAR were written with %s; %s, so instances with different secrets are writing it, not a rotation",
		m.name, inParens(libraryName(m.lib)), strings.Join(parts, " and "), m.revisit)
	if m.undecrypted > 0 {
		fmt.Fprintf(&b, "; %s that no supplied secret decrypts, which the instances with the supplied secrets cannot read", plural(m.undecrypted, "value"))
	}
	refs := []EntryRef{m.revisitRef}
	for _, cl := range m.classes {
		for _, r := range cl.refs {
			if !refsHave(refs, r.Index) {
				refs = append(refs, r)
			}
		}
	}
	if len(refs) > MaxEntries {
		refs = refs[:MaxEntries]
	}
	relies := ""
	if m.keyless {
		relies = "an Auth.js kid names the key derived from the secret and the cookie name, so two kids for one cookie name are two secrets"
	}
	p.Report(Finding{
		Severity: High,
		Message:  b.String(),
		Why:      "each instance writes the session cookie with its own secret and cannot read what the others wrote, so the user is signed out, or gets errors, whenever a request reaches another instance than the one that wrote the cookie",
		Entries:  refs,
		Fix:      secretMismatchFix(m.lib),
		ReliesOn: relies,
		Key:      m.key,
	})
}

// answerList renders answers for a message: "entry 4 answered 401, entry 6
// re-issued it and 3 more".
func answerList(as []answer, total int) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = fmt.Sprintf("entry %d %s", a.ref.Index, a.how)
	}
	s := strings.Join(parts, ", ")
	if total > len(as) {
		s += fmt.Sprintf(" and %d more", total-len(as))
	}
	return s
}

// entryList renders entry indexes for a message: "entry 3", "entries 3
// and 7", "entries 3, 7 and 2 more".
func entryList(entries []int, total int) string {
	if len(entries) == 1 && total == 1 {
		return fmt.Sprintf("entry %d", entries[0])
	}
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = fmt.Sprint(e)
	}
	if total > len(entries) {
		parts = append(parts, fmt.Sprintf("%d more", total-len(entries)))
	}
	return "entries " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// secretMismatchFix names the secret's variable for the library.
func secretMismatchFix(lib auth.Library) Fix {
	const cause = "the usual cause is instances or deployments started with different environments (a preview and a production build, an instance started before the variable changed, a secret generated at build or start time)"
	switch lib {
	case auth.LibraryNextjsAuth0V4:
		// Auth0Client reads `options.secret ?? process.env.AUTH0_SECRET`
		// (@auth0/nextjs-auth0@4.5.1 dist/server/client.js:343,
		// @4.30.0 dist/server/client.js:1315) and decrypts with that one
		// secret (dist/server/cookies.js decrypt(cookieValue, secret)):
		// v4 has no rotation list.
		return Fix{
			Message:   "give every instance and deployment the same `AUTH0_SECRET` (or the same `secret` option of `Auth0Client`), and restart or rebuild the ones started with another; " + cause + ". nextjs-auth0 v4 reads with a single secret, so changing it signs every user out once",
			Library:   lib.String(),
			Reference: "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md",
		}
	case auth.LibraryNextjsAuth0V3:
		// v3: secret may be an array; the first encrypts, all are tried
		// (auth0/nextjs-auth0@v3.8.0 src/auth0-session/session/stateless-session.ts).
		return Fix{
			Message:   "give every instance and deployment the same `AUTH0_SECRET`, and restart or rebuild the ones started with another; " + cause + "; to rotate, pass `secret` as an array with the new secret first",
			Library:   lib.String(),
			Reference: "https://github.com/auth0/nextjs-auth0/tree/v3",
		}
	case auth.LibraryNextAuthV4:
		// next-auth@4.24.15 next/index.js:17,49,128 and jwt/index.js:70:
		// secret = options.secret ?? NEXTAUTH_SECRET ?? AUTH_SECRET, one
		// string (v4 has no rotation list).
		return Fix{
			Message:   "give every instance and deployment the same `NEXTAUTH_SECRET` (or the same `secret` option), and restart or rebuild the ones started with another; " + cause,
			Library:   lib.String(),
			Reference: "https://next-auth.js.org/configuration/options#secret",
		}
	case auth.LibraryAuthJSV5:
		// @auth/core encodes with secrets[0] and decodes with the secret
		// whose key matches the kid (@auth/core@0.41.1 jwt.js encode,
		// decode); without config.secret it reads AUTH_SECRET and
		// AUTH_SECRET_1..3 (lib/utils/env.js setEnvDefaults).
		return Fix{
			Message:   "give every instance and deployment the same `AUTH_SECRET` (or the same `secret` option), and restart or rebuild the ones started with another; " + cause + "; to rotate, set `secret: [newSecret, oldSecret]` on every instance at once: Auth.js writes with the first and reads with any",
			Library:   lib.String(),
			Reference: "https://authjs.dev/reference/core#secret",
		}
	}
	return Fix{
		Message: "give every instance and deployment the same session secret, and restart or rebuild the ones started with another; " + cause,
		Library: libraryName(lib),
	}
}
