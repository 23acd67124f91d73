package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/token"
)

// TransientSessionCookie finds session cookies set without Expires or
// Max-Age whose token expires.
var TransientSessionCookie = &Rule{
	ID:       "transient-session-cookie",
	Category: CategorySession,
	Severity: Medium,
	Title:    "a session cookie without expiry holds a token that expires",
	Doc: `Fires when a response sets a session cookie without ` + "`Expires`" + ` or ` + "`Max-Age`" + ` (a
browser-session cookie) while the token in it has an expiry: the ` + "`exp`" + ` of a
signed JWT, the protected header of a nextjs-auth0 v3 JWE, or the decrypted
payload when the app's secrets are supplied. The browser keeps such a cookie
until it closes, a browser left open for days is common, and browsers set to
restore the previous session (Chrome's "Continue where you left off") keep
session cookies across restarts, so the cookie outlives its token and the
browser goes on sending the expired token. The
server must then treat every such request as signed out, and middleware that
throws on an expired token answers them with errors (see
` + "`expired-session-token`" + ` and ` + "`session-error-response`" + `). Chunked cookies
(` + "`__session__0`" + `, ` + "`appSession.1`" + `, ...) are judged on the value reassembled from the
chunks the same response sets.

There is one finding per cookie name, on the first response that set it. The
rule stays silent for persistent cookies, deletions, values whose expiry it
cannot read (encrypted tokens without the secret, opaque ids), tokens that
expire more than 400 days after they were set (no browser session lasts that
long, and browsers cap persistent cookies at 400 days), and the short-lived
tokens that Clerk and Supabase refresh by design.

Severity: medium when the token lives at most one day (from its ` + "`iat`" + `, or from
the response when it has none): an ordinary working session outlasts it, so
the expired token is sent in practice; low for longer lifetimes.`,
	Fix:   "Give the session cookie an `Expires` or `Max-Age` equal to the token's lifetime, so the browser drops the cookie when the token expires (nextjs-auth0: remove `session.cookie.transient`).",
	Since: "0.1.0",
	Needs: NeedsSetCookie | NeedsCookieValues,
	Start: func(*Pass) Checker { return &transientSessionCookie{byName: map[string]*transientCookie{}} },
}

// shortTokenLifetime is the longest token lifetime reported at medium
// severity: a browser session (a working day with the tab open, or a
// restored session) routinely lasts longer.
const shortTokenLifetime = 24 * time.Hour

// transientCookie is one session-cookie name set without expiry, with the
// responses that set it.
type transientCookie struct {
	name, library string
	key           string
	family        sessionFamily
	exp           time.Time
	lifetime      time.Duration
	chunks        int
	sev           Severity
	refs          []EntryRef
	evidence      []Evidence
	count         int
}

type transientSessionCookie struct {
	byName map[string]*transientCookie
	order  []string
}

func (c *transientSessionCookie) Visit(p *Pass, x *Exchange) {
	for _, s := range setSessions(x) {
		if s.Persistent {
			continue
		}
		t := p.Token(s.Name, s.Value)
		f := familyOf(t, s.Info)
		if !t.HasExp || f.refreshes() {
			continue
		}
		lifetime, ok := tokenLifetime(t, x.End())
		if !ok {
			continue
		}
		sev := Low
		if lifetime <= shortTokenLifetime {
			sev = Medium
		}
		e := c.byName[s.Name]
		if e == nil {
			if len(c.byName) >= maxTracked {
				continue
			}
			e = &transientCookie{
				name:     s.Name,
				library:  tokenLibrary(t, s.Info),
				key:      cookieKey(s.Info, s.Name),
				family:   f,
				exp:      t.Exp,
				lifetime: lifetime,
				chunks:   len(s.Lines),
				sev:      sev,
				refs:     []EntryRef{p.Ref(x, "set the session cookie without expiry")},
			}
			if !s.Chunked() {
				e.chunks = 0
			}
			for _, l := range s.Lines {
				e.evidence = append(e.evidence, p.SetCookieEvidence(x, l))
			}
			c.byName[s.Name] = e
			c.order = append(c.order, s.Name)
		} else if len(e.refs) < MaxEntries && !refsHave(e.refs, x.Index) {
			e.refs = append(e.refs, p.Ref(x, "set it again without expiry"))
		}
		e.count++
		e.sev = max(e.sev, sev)
	}
}

func (c *transientSessionCookie) Finish(p *Pass) {
	for _, name := range c.order {
		e := c.byName[name]
		var b strings.Builder
		fmt.Fprintf(&b, "session cookie %q%s is set without Expires or Max-Age", e.name, inParens(e.library))
		if e.chunks > 0 {
			fmt.Fprintf(&b, " in %d chunks", e.chunks)
		}
		if e.lifetime > 0 {
			fmt.Fprintf(&b, ", but its token expires at %s (lifetime %s)", utc(e.exp), humanDuration(e.lifetime))
		} else {
			fmt.Fprintf(&b, ", and its token had already expired at %s", utc(e.exp))
		}
		if e.count > 1 {
			fmt.Fprintf(&b, "; %d responses set it so", e.count)
		}
		why := "the browser keeps a cookie without Expires or Max-Age until it closes (and across restarts when it restores the previous session), so it goes on sending the token after it expires: every such request arrives with an expired session, which the server must treat as signed out and some middleware answers with an error"
		p.Report(Finding{
			Severity: e.sev,
			Message:  b.String(),
			Why:      why,
			Entries:  e.refs,
			Evidence: e.evidence,
			Fix:      transientFix(e.family, e.library),
			Key:      e.key,
		})
	}
}

// tokenLifetime returns how long the token lives: from its iat, or from
// setAt (when the response was received) when it has none or iat is after
// exp; zero for a token already expired when set. It reports false when the
// token expires more than cookie.MaxLifetime after setAt (no browser session
// outlasts it) or when neither start is known.
func tokenLifetime(t token.Token, setAt time.Time) (time.Duration, bool) {
	if !t.HasExp {
		return 0, false
	}
	if !setAt.IsZero() && t.Exp.Sub(setAt) > cookie.MaxLifetime {
		return 0, false
	}
	from := t.Iat
	if from.IsZero() || from.After(t.Exp) {
		from = setAt
	}
	if from.IsZero() {
		return 0, false
	}
	return max(t.Exp.Sub(from), 0), true
}

// transientFix is the fix for a session cookie without expiry.
func transientFix(f sessionFamily, library string) Fix {
	switch f {
	case familyNextjsAuth0V4, familyNextjsAuth0V3:
		ref := "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#cookie-configuration"
		if f == familyNextjsAuth0V3 {
			// v3: session.cookie.transient / AUTH0_COOKIE_TRANSIENT
			// (auth0/nextjs-auth0@v3.8.0 src/config.ts:76,177).
			ref = "https://github.com/auth0/nextjs-auth0/blob/v3/src/config.ts"
		}
		return Fix{
			Message:   "remove `session.cookie.transient: true` (or AUTH0_COOKIE_TRANSIENT=true) from the nextjs-auth0 configuration: without it the library gives the session cookie an expiry equal to the session's",
			Library:   library,
			Reference: ref,
		}
	case familyNextAuth:
		// NextAuth and Auth.js always add expires (session.maxAge) to the
		// session cookie (nextauthjs/next-auth
		// packages/core/src/lib/actions/session.ts), so something else
		// removed it.
		return Fix{
			Message:   "NextAuth and Auth.js always give the session cookie an Expires from session.maxAge, so something between the library and the browser drops it: stop rewriting the session Set-Cookie (custom cookie serialisation, a proxy or edge function) and keep its Expires",
			Library:   library,
			Reference: "https://github.com/nextauthjs/next-auth/blob/main/packages/core/src/lib/actions/session.ts",
		}
	}
	return Fix{
		Message: "set Max-Age (or Expires) on the session cookie equal to the token's lifetime, so the browser drops the cookie when the token expires",
		Library: library,
	}
}

// setSession is a session cookie as one response set it, chunks
// reassembled: "__session__0" and "__session__1" set together become one
// "__session".
type setSession struct {
	// Name is the cookie name with its prefix and without chunk suffix.
	Name string
	// Value is the chunk values joined in index order.
	Value string
	// Lines are the Set-Cookie lines, in chunk order.
	Lines []SetCookie
	Info  auth.CookieInfo
	// Persistent is true when every line has Expires or Max-Age.
	Persistent bool
}

// Chunked reports whether the cookie was set in chunks.
func (s setSession) Chunked() bool { return s.Info.Chunk >= 0 }

// setSessions returns the session cookies x's response sets, chunks
// reassembled, in order of first appearance. Deletions, empty values and
// lines a browser rejects are skipped; a set of chunks that does not run
// from 0 without gaps is skipped too (its value cannot be read), and an
// unchunked cookie wins over chunks of the same name, as in the libraries'
// readers.
//
// The result is computed once per exchange (six rules ask) and shared:
// callers must not modify it.
func setSessions(x *Exchange) []setSession {
	if !x.setSessionsDone {
		x.setSessions, x.setSessionsDone = readSetSessions(x), true
	}
	return x.setSessions
}

func readSetSessions(x *Exchange) []setSession {
	type group struct {
		whole  int // index in x.SetCookies of the unchunked line, or -1
		chunks []SetCookie
	}
	var order []string
	groups := map[string]*group{}
	received := x.End()
	for i := range x.SetCookies {
		c := &x.SetCookies[i]
		if c.Err != nil || !c.Session() || c.Value == "" || c.IsDeletion(received) {
			continue
		}
		name := wholeSessionName(c.Info, c.Name)
		g := groups[name]
		if g == nil {
			g = &group{whole: -1}
			groups[name] = g
			order = append(order, name)
		}
		if c.Info.Chunk < 0 {
			if g.whole < 0 {
				g.whole = i
			}
			continue
		}
		g.chunks = append(g.chunks, *c)
	}
	var out []setSession
	for _, name := range order {
		g := groups[name]
		if g.whole >= 0 {
			w := &x.SetCookies[g.whole]
			out = append(out, setSession{Name: name, Value: w.Value, Lines: x.SetCookies[g.whole : g.whole+1 : g.whole+1], Info: w.Info, Persistent: w.Persistent()})
			continue
		}
		cs := g.chunks
		index := func(c SetCookie) int { return c.Info.Chunk }
		sortChunks(cs, index)
		if !chunksFrom(cs, index, 0) {
			continue
		}
		s := setSession{Name: name, Info: cs[0].Info, Persistent: true, Lines: cs}
		s.Value = joinChunks(cs, func(c SetCookie) string { return c.Value })
		for _, c := range cs {
			s.Persistent = s.Persistent && c.Persistent()
		}
		out = append(out, s)
	}
	return out
}
