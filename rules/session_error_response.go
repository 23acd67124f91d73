package rules

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// SessionErrorResponse finds server errors on requests that carried an
// expired, undecryptable or malformed session cookie.
var SessionErrorResponse = &Rule{
	ID:       "session-error-response",
	Category: CategorySession,
	Severity: High,
	Title:    "the server failed on an unusable session cookie",
	Doc: `Fires when a request carried a session cookie the server cannot use and got a
5xx: the server crashes on the cookie instead of treating the request as signed
out. Because the browser keeps sending the cookie, every page fails until the
user clears cookies by hand. A cookie is unusable when its token had expired at
the request's start time (by any amount: the message names the library
versions whose clock tolerance would still accept it), when it does not decrypt with
any supplied secret (only with secrets: see ` + "`undecryptable-session-cookie`" + `), or when
it is malformed: chunks missing (` + "`__session__0`" + ` sent without ` + "`__session__1`" + `), a JWE cut
short or with parts that do not decode, a Supabase or iron-session value that
does not parse.

Libraries differ. nextjs-auth0 v4 threw from its middleware on an expired JWE
from 4.5.1 (which added the expiry) until 4.9.0, on a JWE that does not decrypt
until 4.14.1, and on a malformed JWE until 4.16.2. nextjs-auth0 v3, NextAuth v4
and Auth.js catch these errors and return no session, so with them a 5xx comes
from the app's own code that decodes the cookie.

A 5xx on a request whose session cookie is fine is not reported, nor is a
request answered with a redirect or a 401.

Severity: high for 500 and the other 5xx statuses; medium for 502, 503 and 504,
which a gateway also sends when the origin is down rather than crashing; for
an expired Clerk or Supabase token, which the library routinely refreshes; for
a token within the 15 seconds NextAuth and Auth.js accept past its exp; and
when another request with the same cookie was answered as signed out (a 401, a
redirect to login, the cookie deleted), so the app handles the cookie on some
routes and the error may have another cause.`,
	Fix:   "Treat a session cookie that has expired, does not decrypt or does not parse as no session: catch the error where the middleware reads the session, delete the cookie (every chunk) on the response and continue signed out; upgrade the auth library to a version that does this itself.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsCookieValues,
	Start: func(*Pass) Checker {
		return &sessionErrorResponse{handled: map[string]int{}, versions: newVersionEvidence()}
	},
}

// sessionError is a server error on an unusable session cookie, kept until
// the end of the input to learn whether the app handled the same cookie
// elsewhere.
type sessionError struct {
	f     Finding
	value string // fingerprint of the cookie's name and value
	// expired is set for an expired token, whose tolerance note is added
	// in Finish: family and late as in sessionProblem.
	expired bool
	family  sessionFamily
	late    time.Duration
}

type sessionErrorResponse struct {
	versions versionEvidence
	pending  []sessionError
	// handled maps the fingerprint of a session cookie's name and value to
	// the first entry whose response treated it as signed out.
	handled map[string]int
}

func (c *sessionErrorResponse) Visit(p *Pass, x *Exchange) {
	c.versions.observe(x)
	sev, ok := errorStatusSeverity(x.Status())
	if !ok {
		if treatsAsSignedOut(p, x) {
			for _, s := range x.Sessions() {
				k := redact.Fingerprint(s.Name + "\x00" + s.Value)
				if _, ok := c.handled[k]; !ok && len(c.handled) < maxTracked {
					c.handled[k] = x.Index
				}
			}
		}
		return
	}
	for _, s := range x.Sessions() {
		pr, ok := diagnoseSession(p, x, s)
		if !ok {
			continue
		}
		if pr.kind == problemExpired && pr.family.refreshes() {
			// An expired Clerk or Supabase token is routine (the library
			// refreshes it), so the 5xx is less surely caused by it.
			sev = min(sev, Medium)
		}
		relies := ""
		if pr.family == familyNextjsAuth0V4 {
			relies = "the @auth0/nextjs-auth0 version is not visible in the HAR; versions that handle this case already would not answer 5xx because of the cookie"
		}
		if len(c.pending) < maxTracked {
			c.pending = append(c.pending, sessionError{
				expired: pr.kind == problemExpired,
				family:  pr.family,
				late:    pr.late,
				value:   redact.Fingerprint(pr.name + "\x00" + s.Value),
				f: Finding{
					Severity: sev,
					Message:  fmt.Sprintf("server answered %d to a request whose session cookie %q%s %s", x.Status(), pr.name, inParens(pr.library), pr.detail),
					Why:      "the server fails on a session cookie it cannot use instead of treating the request as signed out; the browser keeps sending the cookie, so every request fails until the user clears cookies",
					Entries:  []EntryRef{p.Ref(x, "server error with an unusable session cookie")},
					Evidence: sessionEvidence(p, x, s),
					Fix:      errorFix(pr.family, pr.kind, pr.library),
					ReliesOn: relies,
					Key:      cookieKey(s.Info, pr.name),
				},
			})
		}
		return // one finding per response: the first unusable cookie
	}
}

func (c *sessionErrorResponse) Finish(p *Pass) {
	skew := clockSkew(p)
	for _, e := range c.pending {
		if e.expired {
			// Past its exp is enough here, whatever the tolerance: the
			// request got a 5xx. Inside a tolerance the message says
			// which versions accept the token.
			tol := c.versions.tolerance(e.family)
			switch classifyLate(e.late, tol, skew) {
			case tolerated:
				e.f.Severity = min(e.f.Severity, Medium)
				e.f.Message += fmt.Sprintf("; %s, so the error may have another cause", tol.versions)
			case maybeExpired:
				e.f.Message += "; " + toleranceNote(tol, e.late, skew)
			}
		}
		if i, ok := c.handled[e.value]; ok {
			// The app signed the same cookie out elsewhere: the error may
			// come from one route, or have another cause.
			e.f.Severity = min(e.f.Severity, Medium)
			e.f.Message += fmt.Sprintf("; entry %d answered the same cookie as signed out, so the error may be specific to this route or have another cause", i)
		}
		p.Report(e.f)
	}
}

// treatsAsSignedOut reports whether x's response shows the app treating the
// request as signed out: a 401, a redirect to a login or sign-in route, or
// the deletion of a session cookie.
func treatsAsSignedOut(p *Pass, x *Exchange) bool {
	switch st := x.Status(); {
	case st == 401:
		return true
	case st >= 300 && st < 400:
		if loc := x.ResponseHeader("Location"); loc != "" && x.URL != nil {
			if u, err := x.URL.Parse(loc); err == nil {
				if r, ok := p.Catalog().Route("GET", u); ok {
					switch r.Kind {
					case auth.RouteLogin, auth.RouteSignIn, auth.RouteAuthorize:
						return true
					}
				}
			}
		}
	}
	return deletesSession(x)
}

// deletesSession reports whether x deletes a session cookie without setting
// it again: a response that re-issues "__session" and deletes the chunks
// "__session__1".. of the older, larger value (nextjs-auth0 v4, Auth.js
// when the cookie shrinks) keeps the session.
func deletesSession(x *Exchange) bool {
	deleted := false
	for _, c := range x.SetCookies {
		if c.Err == nil && c.Session() && c.IsDeletion(x.End()) {
			deleted = true
		}
	}
	if !deleted {
		return false
	}
	for _, c := range x.SetCookies {
		if c.Err != nil || !c.Session() || c.IsDeletion(x.End()) {
			continue
		}
		for _, d := range x.SetCookies {
			if d.Err == nil && d.Session() && d.IsDeletion(x.End()) && d.Info.Base == c.Info.Base {
				return false
			}
		}
	}
	return true
}

// errorStatusSeverity returns the severity for a server error status, and
// false for other statuses.
func errorStatusSeverity(status int) (Severity, bool) {
	switch {
	case status < 500 || status > 599:
		return 0, false
	case status == 502 || status == 503 || status == 504:
		return Medium, true
	}
	return High, true
}

// problemKind says why a session cookie is unusable.
type problemKind int

const (
	problemExpired problemKind = iota + 1
	problemUndecryptable
	problemMalformed
)

// sessionProblem is why a session cookie is unusable.
type sessionProblem struct {
	kind    problemKind
	name    string // cookie name (prefix kept, chunk suffix removed)
	library string
	family  sessionFamily
	// late is, for an expired token, how long before the request it
	// expired.
	late time.Duration
	// detail completes "session cookie X (lib) ...": "held a token that
	// expired at ...".
	detail string
}

// diagnoseSession tells whether the session cookie s of x is unusable:
// malformed, undecryptable with the run's secrets, or expired at the
// request's start.
func diagnoseSession(p *Pass, x *Exchange, s SessionCookie) (sessionProblem, bool) {
	name := s.Name
	t := p.Token(name, s.Value)
	pr := sessionProblem{name: name, library: tokenLibrary(t, s.Info), family: familyOf(t, s.Info)}
	if why, ok := malformedSession(s, t); ok {
		pr.kind, pr.detail = problemMalformed, "was malformed: "+why
		return pr, true
	}
	if t.Format == token.JWE && errors.Is(t.Err, token.ErrNoKey) {
		pr.kind = problemUndecryptable
		pr.detail = fmt.Sprintf("held a token that %s (tried %s)", noSecretDecrypts(p.Options().Keyring.Len()), triedList(t.Tried))
		return pr, true
	}
	// Past its exp is enough here, whatever the tolerance: the request got
	// a 5xx. Inside a tolerance the message says which versions accept it.
	// Which tolerance applies is decided in Finish, once the input's
	// version evidence is known (see sessionErrorResponse.Finish).
	if late, v := judgeExpiry(t, x.Started, tolerance{}, 0); v != notExpired {
		pr.kind = problemExpired
		pr.late = late
		pr.detail = fmt.Sprintf("held a token that expired at %s, %s before the request started", utc(t.Exp), humanDuration(late))
		return pr, true
	}
	return pr, false
}

// brokenJWE describes a session value shaped like a JWE with the wrong
// number of parts: fewer than 5 (cut short, chunks lost) or more (chunks of
// different tokens joined).
func brokenJWE(s SessionCookie) (string, bool) {
	n, ok := cutJWE(s.Value)
	if !ok {
		return "", false
	}
	if n > 5 {
		why := fmt.Sprintf("a JWE with %d dot-separated parts instead of 5", n)
		if s.Chunked() {
			why += ", as if its chunks came from different tokens"
		}
		return why, true
	}
	why := fmt.Sprintf("a JWE with only %d of its 5 parts", n)
	if s.Chunked() {
		why += fmt.Sprintf(", as if chunks after %s were lost", chunkList(s.Chunks))
	}
	return why, true
}

// malformedSession says why a session cookie value cannot be a token of its
// format: chunks missing, a JWE cut short, parts that do not decode.
func malformedSession(s SessionCookie, t token.Token) (string, bool) {
	if !s.Complete() {
		return fmt.Sprintf("chunk %d is missing (sent %s)", s.Missing(), chunkList(s.Chunks)), true
	}
	if why, ok := brokenJWE(s); ok {
		return why, true
	}
	if errors.Is(t.Err, token.ErrMalformed) {
		return strings.TrimPrefix(t.Err.Error(), token.ErrMalformed.Error()+": "), true
	}
	return "", false
}

// missingChunk returns the first chunk index absent from chunks (sorted).
func missingChunk(chunks []int) int {
	for i, c := range chunks {
		if c != i {
			return i
		}
	}
	return len(chunks)
}

// chunkList renders chunk indexes for messages: "chunks 0 and 2",
// "chunk 0", "chunks 0, 1 and 3".
func chunkList(chunks []int) string {
	if len(chunks) == 1 {
		return fmt.Sprintf("chunk %d", chunks[0])
	}
	parts := make([]string, len(chunks))
	for i, c := range chunks {
		parts[i] = fmt.Sprint(c)
	}
	return "chunks " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// cutJWE reports whether v starts like a compact JWE (its first part is a
// base64url JSON object with string "alg" and "enc", the header every JWE
// session cookie starts with) but does not have the five parts of one, and
// returns how many parts it has. A JWE split into chunks and joined without
// its last chunks looks like this.
func cutJWE(v string) (int, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	head, _, _ := strings.Cut(v, ".")
	n := strings.Count(v, ".") + 1
	if n == 5 || !strings.HasPrefix(head, "eyJ") {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return 0, false
	}
	var h map[string]any
	if json.Unmarshal(b, &h) != nil {
		return 0, false
	}
	alg, _ := h["alg"].(string)
	enc, _ := h["enc"].(string)
	if alg == "" || enc == "" {
		return 0, false
	}
	return n, true
}

// noSecretDecrypts says that n supplied secrets failed: "the supplied
// secret does not decrypt", "none of the 3 supplied secrets decrypts".
func noSecretDecrypts(n int) string {
	if n == 1 {
		return "the supplied secret does not decrypt"
	}
	return fmt.Sprintf("none of the %d supplied secrets decrypts", n)
}

// triedList renders the library formats tried for decryption.
func triedList(libs []token.Library) string {
	if len(libs) == 0 {
		return "no library format"
	}
	names := make([]string, len(libs))
	for i, l := range libs {
		names[i] = l.String()
	}
	return strings.Join(names, ", ")
}

// sessionFamily is the auth library whose session handling a fix targets.
type sessionFamily int

const (
	familyOther sessionFamily = iota
	familyNextjsAuth0V4
	familyNextjsAuth0V3
	familyNextAuth // NextAuth v4 and Auth.js v5 share getToken() and the session route
	familyClerk
	familySupabase
)

// familyOf returns the library that reads the cookie: the one its name
// belongs to, else the one whose token format matched.
func familyOf(t token.Token, info auth.CookieInfo) sessionFamily {
	switch info.Library {
	case auth.LibraryNextjsAuth0V4:
		return familyNextjsAuth0V4
	case auth.LibraryNextjsAuth0V3:
		return familyNextjsAuth0V3
	case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
		return familyNextAuth
	case auth.LibraryClerk:
		return familyClerk
	case auth.LibrarySupabase:
		return familySupabase
	}
	switch t.Library {
	case token.NextjsAuth0V4:
		return familyNextjsAuth0V4
	case token.NextjsAuth0V3:
		return familyNextjsAuth0V3
	case token.NextAuthV4, token.AuthJSV5:
		return familyNextAuth
	case token.Clerk:
		return familyClerk
	case token.Supabase:
		return familySupabase
	}
	return familyOther
}

// refreshes reports whether the library keeps a short-lived token in the
// cookie and renews it when it has expired, so that an expired token on a
// request is routine. Clerk's __session is a "short-lived session token"
// minted from a long-lived cookie on Clerk's Frontend API, like an access
// token from a refresh token (https://clerk.com/docs/backend-requests/resources/session-tokens;
// clerk/javascript discussion #336; its exact lifetime was not confirmed).
// Supabase's server client refreshes an expired access token with the
// refresh token kept in the same cookie: "you need middleware to refresh
// expired Auth tokens" (https://supabase.com/docs/guides/auth/server-side/nextjs).
func (f sessionFamily) refreshes() bool { return f == familyClerk || f == familySupabase }

// nextjsAuth0Fixes are the @auth0/nextjs-auth0 v4 releases that stopped
// failing on each kind of unusable session cookie, from the library's
// CHANGELOG.md (auth0/nextjs-auth0): v4.9.0 "fix: correctly handle expired
// JWE's in cookies" (#2082, commit 15e7511d; 4.5.1, #2040, had added the
// expiry that 4.5.1 to 4.8.x then threw on); v4.14.1 "do not throw
// ERR_JWE_DECRYPTION_FAILED, but catch it and ignore the cookie" (#2487,
// commit 46094859); v4.16.2 "Middleware should not throw ERR_JWE_INVALID"
// (#2546).
var nextjsAuth0Fixes = map[problemKind]struct{ version, what, pr string }{
	problemExpired:       {"4.9.0", "treats an expired session JWE as no session", "2082"},
	problemUndecryptable: {"4.14.1", "ignores a session cookie that fails to decrypt", "2487"},
	problemMalformed:     {"4.16.2", "no longer throws ERR_JWE_INVALID from the middleware on a malformed session cookie", "2546"},
}

// nextjsAuth0Guard is the middleware guard for nextjs-auth0 v4 versions that
// still throw.
const nextjsAuth0Guard = "; until then, wrap `await auth0.middleware(request)` in try/catch in middleware.ts and, on error, return a response that deletes `__session` and its `__session__N` chunks so the browser continues signed out"

// errorFix is the fix for a server error on an unusable session cookie.
func errorFix(f sessionFamily, kind problemKind, library string) Fix {
	switch f {
	case familyNextjsAuth0V4:
		v := nextjsAuth0Fixes[kind]
		return Fix{
			Message:   fmt.Sprintf("upgrade @auth0/nextjs-auth0 to %s or later, which %s (PR #%s)%s", v.version, v.what, v.pr, nextjsAuth0Guard),
			Library:   library,
			Reference: "https://github.com/auth0/nextjs-auth0/pull/" + v.pr,
		}
	case familyNextjsAuth0V3:
		// v3 reads the session in try/catch and returns no session on any
		// error (auth0/nextjs-auth0 branch v3,
		// src/auth0-session/session/abstract-session.ts read()).
		return Fix{
			Message:   "nextjs-auth0 v3 already treats an expired or undecryptable `appSession` as no session, so the error comes from the app's own code: read the session only with getSession() or withMiddlewareAuthRequired(), and catch errors around any code that decodes the cookie itself, deleting `appSession` and its `appSession.N` chunks on failure",
			Library:   library,
			Reference: "https://github.com/auth0/nextjs-auth0/blob/v3/src/auth0-session/session/abstract-session.ts",
		}
	case familyNextAuth:
		// getToken() returns null when decode throws, and the session
		// route clears the cookie (nextauthjs/next-auth
		// packages/core/src/jwt.ts getToken, packages/core/src/lib/actions/session.ts).
		return Fix{
			Message:   "NextAuth's getToken() and Auth.js's auth() return null for a token that is expired or does not decrypt, and the session route deletes the cookie, so the error comes from the app's own code: use getToken()/auth() in middleware, or wrap a custom jwt.decode (or a direct decode()/jwtDecrypt call) in try/catch and treat a failure as no session",
			Library:   library,
			Reference: "https://github.com/nextauthjs/next-auth/blob/main/packages/core/src/jwt.ts",
		}
	}
	return Fix{
		Message: "treat a session cookie that has expired, does not decrypt or does not parse as no session: catch the error where the middleware reads the session, delete the cookie (every chunk) on the response and continue signed out",
		Library: library,
	}
}
