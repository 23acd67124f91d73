package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/token"
)

// ExpiredSessionToken finds requests that sent a session token whose expiry
// had already passed.
var ExpiredSessionToken = &Rule{
	ID:       "expired-session-token",
	Category: CategorySession,
	Severity: High,
	Title:    "a request sent a session token that had already expired",
	Doc: `Fires when a request sent a session cookie whose token had expired when the
request started, by the request's start time in the HAR (never the clock of the
machine running authlint).

Libraries accept a token for a while past its ` + "`exp`" + `, and the HAR rarely
shows their version: nextjs-auth0 v3 accepts none (` + "`exp > now`" + `), nextjs-auth0
4.5.1 to 4.5.x none (4.0 to 4.5.0 put no ` + "`exp`" + ` in the token at all),
nextjs-auth0 4.6.0 and later 15 seconds, NextAuth v4 and Auth.js 15 seconds. A
token past its ` + "`exp`" + ` by less than the tolerance of every version of its library
is not reported; one inside a tolerance that only some versions apply
(nextjs-auth0 v4 up to 15 seconds, an unknown library up to 15 seconds) is
reported at low severity, naming the versions. The HAR can narrow the version:
a response that set nextjs-auth0 v4's session cookie with
` + "`Cache-Control: private, no-cache, no-store, must-revalidate, max-age=0`" + `,
` + "`Pragma: no-cache`" + ` and ` + "`Expires: 0`" + ` comes from 4.6.1 or later, which allow 15
seconds. ` + "`--clock-skew`" + ` (0 by default) widens the low-severity window by an
allowance for the browser's and the server's clocks differing. A request that
sent a token past its ` + "`exp`" + ` and got a 5xx is reported whatever the tolerance.

The expiry is read without a key where the format allows it (the claims of a
signed JWT, the protected header of a nextjs-auth0 v3 JWE, the ` + "`expires_at`" + ` of a
Supabase session, the expiry field of an iron seal) and from the decrypted
payload when the app's secrets are supplied: NextAuth, Auth.js and
nextjs-auth0 v4 keep ` + "`exp`" + ` inside the encryption.

A browser drops a cookie when its ` + "`Expires`" + ` or ` + "`Max-Age`" + ` passes, so an expired token
arrives only when the cookie outlives its token: a cookie set without
` + "`Expires`" + `/` + "`Max-Age`" + ` (a browser-session cookie, kept until the browser closes,
and across restarts when the browser restores the previous session), or a
cookie lifetime longer than the token's (Auth.js: a ` + "`jwt.maxAge`" + ` shorter than
` + "`session.maxAge`" + `; NextAuth v4: the same for the token minted at sign-in,
until the first session read re-encodes it with ` + "`session.maxAge`" + `). The
server must then treat the request as signed out; middleware that throws instead answers every request with an error
(nextjs-auth0 4.5.1 to 4.8.x fail with ` + "`JWTExpired`" + `).

There is one finding per distinct token value, on the first request that sent
it. The rule stays silent for tokens whose expiry it cannot read (encrypted
tokens without the secret, opaque session ids) and for entries without a start
time. Tokens that the library refreshes by design are reported only when a
request that sent them got a 5xx: Clerk's one-minute ` + "`__session`" + ` and the access
token in Supabase's ` + "`sb-<ref>-auth-token`" + ` expire routinely, and the library's
middleware renews them, so they are reported at medium severity at most.

Severity: high when a request that sent the token got a 5xx, or when the
cookie holding it was set without ` + "`Expires`" + `/` + "`Max-Age`" + ` earlier in the HAR (the
browser keeps sending it); medium otherwise (servers usually treat an expired
token as no session, so the user is signed out without warning), and for a 5xx
on a token that the library accepts (the error then has another cause); low
inside a tolerance only some versions apply.`,
	Fix:   "Give the session cookie an `Expires`/`Max-Age` no later than the token's `exp`, so the browser drops both together, and treat an expired token as no session on the server (delete the cookie and continue signed out) instead of failing the request.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsCookieValues,
	Start: func(*Pass) Checker {
		return &expiredSessionToken{setBy: map[valueKey]setRecord{}, tokens: map[valueKey]*expiredToken{}, versions: newVersionEvidence()}
	},
}

// expiredToken is one expired token value, with the requests that sent it.
type expiredToken struct {
	name     string // cookie name as sent (prefix kept, chunk suffix removed)
	key      string
	library  string
	lib      sessionFamily
	exp      time.Time
	late     time.Duration // how long before the first request it expired
	maxLate  time.Duration // how long before the latest of them it expired
	refs     []EntryRef
	evidence []Evidence
	count    int
	// errStatus is the first 5xx a request that sent the token got, and
	// errEntry that request's index.
	errStatus, errEntry int
	set                 *setRecord // how the HAR set the cookie, when it did
	refreshed           bool       // a library refreshes this token by design
}

type expiredSessionToken struct {
	setBy    map[valueKey]setRecord     // key of name and value
	tokens   map[valueKey]*expiredToken // key of name and value
	order    []valueKey
	versions versionEvidence
}

func (c *expiredSessionToken) Visit(p *Pass, x *Exchange) {
	c.versions.observe(x)
	for _, s := range x.Sessions() {
		name := s.Name
		t := p.Token(name, s.Value)
		lib := familyOf(t, s.Info)
		// Every token past its exp is kept: whether a tolerance covers it
		// is decided in Finish, when the whole input's version evidence
		// is known.
		late, verdict := judgeExpiry(t, x.Started, tolerance{}, 0)
		if verdict == notExpired {
			continue
		}
		k := keyOf(name, s.Value)
		e := c.tokens[k]
		if e == nil {
			if len(c.tokens) >= maxTracked {
				continue
			}
			e = &expiredToken{
				name:      name,
				key:       cookieKey(s.Info, name),
				library:   tokenLibrary(t, s.Info),
				lib:       lib,
				exp:       t.Exp,
				late:      late,
				refs:      []EntryRef{p.Ref(x, "sent the expired token")},
				evidence:  sessionEvidence(p, x, s),
				refreshed: lib.refreshes(),
			}
			if r, ok := c.setBy[k]; ok {
				e.set = &r
			}
			c.tokens[k] = e
			c.order = append(c.order, k)
		} else if len(e.refs) < MaxEntries {
			e.refs = append(e.refs, p.Ref(x, "also sent it"))
		}
		e.count++
		e.maxLate = max(e.maxLate, late)
		if st := x.Status(); st >= 500 && st <= 599 && e.errStatus == 0 {
			e.errStatus, e.errEntry = st, x.Index
			if !refsHave(e.refs, x.Index) {
				ref := p.Ref(x, "got a server error with it")
				if len(e.refs) < MaxEntries {
					e.refs = append(e.refs, ref)
				} else {
					e.refs[len(e.refs)-1] = ref
				}
			}
		}
	}
	// A response's Set-Cookie takes effect for the requests after it.
	for _, s := range setSessions(x) {
		k := keyOf(s.Name, s.Value)
		if _, ok := c.setBy[k]; ok {
			continue
		}
		if len(c.setBy) >= maxTracked {
			clear(c.setBy) // the latest values matter most
		}
		c.setBy[k] = newSetRecord(x, s, !s.Persistent) // only a transient one is quoted
	}
}

func (c *expiredSessionToken) Finish(p *Pass) {
	skew := clockSkew(p)
	for _, k := range c.order {
		e := c.tokens[k]
		tol := c.versions.tolerance(e.lib)
		verdict := classifyLate(e.maxLate, tol, skew)
		failed := e.errStatus != 0
		// Without a 5xx, a token that the library accepts in every
		// version, or refreshes by design, is no finding; with one, a
		// token past its exp is reported whatever the tolerance.
		if !failed && (e.refreshed || verdict < maybeExpired) {
			continue
		}
		transient := e.set != nil && e.set.transient
		sev := Medium
		switch {
		case failed && verdict == tolerated:
			// The library accepted the token: the error has another cause.
		case (failed || transient) && !e.refreshed:
			sev = High
		}
		if !failed && verdict == maybeExpired {
			sev = Low
		}
		var b strings.Builder
		fmt.Fprintf(&b, "request sent session cookie %q%s with a token that expired at %s, %s before the request started",
			e.name, inParens(e.library), utc(e.exp), humanDuration(e.late))
		if e.count > 1 {
			fmt.Fprintf(&b, "; %d requests sent it", e.count)
		}
		switch {
		case failed && e.errEntry == e.refs[0].Index:
			fmt.Fprintf(&b, "; the server answered %d", e.errStatus)
		case failed:
			fmt.Fprintf(&b, "; entry %d got %d", e.errEntry, e.errStatus)
		}
		if transient {
			fmt.Fprintf(&b, "; entry %d set the cookie without Expires or Max-Age", e.set.entry)
		}
		switch verdict {
		case tolerated:
			fmt.Fprintf(&b, "; %s, so the error may have another cause", tol.versions)
		case maybeExpired:
			fmt.Fprintf(&b, "; %s", toleranceNote(tol, e.maxLate, skew))
		}
		why := "the browser kept a session cookie whose token had expired and sends it with every request: the server must treat it as no session, which signs the user out without warning"
		switch {
		case failed && verdict == tolerated:
			why = "the library accepts a token this close to its exp, so the server error probably has another cause; once the tolerance passes, a server that fails on expired tokens keeps failing until the user clears the cookie"
		case failed:
			why = "the server failed on the expired token instead of treating it as no session, and the browser keeps sending it, so requests keep failing until the user clears the cookie"
		case verdict == maybeExpired:
			why = "a server that allows no clock tolerance treats this request as signed out while one that allows it accepts the token; either way the browser keeps sending a cookie whose token has expired"
		case transient:
			why = "the cookie has no Expires or Max-Age, so the browser keeps it, and keeps sending the expired token, until it closes (and across restarts when it restores the previous session)"
		}
		ev, refs := e.evidence, e.refs
		if transient {
			ev = append(ev, e.set.evidence(p))
			if !refsHave(refs, e.set.entry) {
				refs = append(refs, e.set.rec.ref(p, "set the cookie without expiry"))
			}
		}
		p.Report(Finding{
			Severity: sev,
			Message:  b.String(),
			Why:      why,
			Entries:  refs,
			Evidence: ev,
			Fix:      expiryFix(e.lib, failed, transient, e.library),
			Key:      e.key,
		})
	}
}

// expiryFix is the fix for an expired token: keep the cookie from outliving
// the token and, when the server failed on it, handle it as no session.
func expiryFix(f sessionFamily, failed, transient bool, library string) Fix {
	var fix Fix
	switch f {
	case familyNextjsAuth0V4, familyNextjsAuth0V3:
		// v4 gives __session a Max-Age equal to the JWE's lifetime unless
		// session.cookie.transient is set (auth0/nextjs-auth0
		// src/server/session/stateless-session-store.ts set,
		// src/server/cookies.ts setChunkedCookie); v3 sets Expires to the
		// session's exp unless transient (branch v3,
		// src/auth0-session/session/abstract-session.ts save).
		fix = Fix{
			Message:   "remove `session.cookie.transient: true` (or AUTH0_COOKIE_TRANSIENT=true) from the nextjs-auth0 configuration, so the session cookie gets an expiry equal to the session's and the browser drops it when the token expires",
			Reference: "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#cookie-configuration",
		}
		if !transient {
			fix.Message = "let nextjs-auth0 set the session cookie's expiry (do not set `session.cookie.transient`, and do not rewrite the Set-Cookie in a proxy or middleware), so the browser drops the cookie when the token expires"
		}
		if f == familyNextjsAuth0V3 {
			// v3: session.cookie.transient / AUTH0_COOKIE_TRANSIENT
			// (auth0/nextjs-auth0@v3.8.0 src/config.ts:76,177).
			fix.Reference = "https://github.com/auth0/nextjs-auth0/blob/v3/src/config.ts"
		}
	case familyNextAuth:
		if library == token.NextAuthV4.String() {
			// next-auth v4: the token minted at sign-in uses jwt.maxAge,
			// whose default is the 30-day constant (src/core/init.ts:55,100;
			// routes/callback.ts:137), and the cookie's expiry comes from
			// session.maxAge; every GET /api/auth/session re-encodes the
			// token with maxAge: options.session.maxAge
			// (nextauthjs/next-auth@next-auth@4.24.15
			// packages/next-auth/src/core/routes/session.ts:74,96-100).
			fix = Fix{
				Message:   "NextAuth v4 gives the sign-in token an exp from `jwt.maxAge` (30 days unless set) and the cookie an Expires from `session.maxAge`, and re-encodes the token with `session.maxAge` on every `GET /api/auth/session`: do not set `jwt.maxAge` shorter than `session.maxAge` (leave it unset), so a token that no session read has renewed does not expire while its cookie lives",
				Reference: "https://github.com/nextauthjs/next-auth/blob/next-auth%404.24.15/packages/next-auth/src/core/routes/session.ts",
			}
			break
		}
		// Auth.js: jwt.maxAge defaults to session.maxAge, every encode uses
		// jwt.maxAge, and the cookie's expiry comes from session.maxAge
		// (@auth/core@0.41.3 packages/core/src/lib/init.ts:126,
		// packages/core/src/lib/actions/session.ts:72).
		fix = Fix{
			Message:   "keep `jwt.maxAge` no shorter than `session.maxAge` in the Auth.js configuration (it defaults to session.maxAge): the session cookie's Expires comes from session.maxAge and the token's exp from jwt.maxAge, so a shorter jwt.maxAge leaves the browser holding an expired token",
			Reference: "https://github.com/nextauthjs/next-auth/blob/main/packages/core/src/lib/actions/session.ts",
		}
	default:
		fix = Fix{Message: "give the session cookie an Expires or Max-Age no later than the token's exp, so the browser drops the cookie when the token expires"}
	}
	if failed {
		ef := errorFix(f, problemExpired, library)
		fix.Message += "; and " + ef.Message
		if ef.Reference != "" {
			fix.Reference = ef.Reference
		}
	}
	fix.Library = library
	return fix
}
