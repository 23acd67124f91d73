package rules

import (
	"fmt"
	"slices"

	"github.com/authlint/authlint/auth"
)

// RollingSessionCookie reports a session cookie that the app re-issues on
// most responses to requests that carried it.
var RollingSessionCookie = &Rule{
	ID:       "rolling-session-cookie",
	Category: CategorySession,
	Severity: Info,
	Title:    "the session cookie is re-issued on most responses",
	Doc: `Reports, once per cookie, a session cookie that responses re-issue most of
the time: of the responses to requests that carried the cookie, at least half,
and at least ` + fmt.Sprint(rollingMinReissues) + `, set it again (a deletion does not count). This is how
rolling sessions work (NextAuth/Auth.js re-encode the JWT on every session
read and the Auth.js middleware passes that cookie on to every response it
matches; nextjs-auth0 v4's middleware re-writes ` + "`__session`" + ` on every request it
matches, up to 4.16.x whatever ` + "`session.rolling`" + ` says, since 4.17.0 only when
` + "`session.rolling`" + ` is on and since 4.23.0 only where ` + "`session.beforeSessionRolled`" + `
allows it; nextjs-auth0 v3 saves the session on every request that loads it),
and it is not a problem by itself. It is the condition that makes two
problems possible: overlapping requests can overwrite a newer session with an
older one (` + "`session-cookie-race`" + `), and every response that carries ` + "`Set-Cookie`" + ` must be
kept out of shared caches (` + "`cacheable-set-cookie`" + `, ` + "`cached-set-cookie`" + `).

Responses without a status, answered from the browser cache, or for static
assets are not counted: they cannot re-issue anything.

Severity: info.`,
	Fix:   "If the app does not need a sliding expiry, stop re-issuing the session cookie on every response (nextjs-auth0 v3: `session.autoSave: false`; nextjs-auth0 v4: `session.rolling: false` (4.17.0 and later) or a `session.beforeSessionRolled` predicate (4.23.0 and later), else narrow the middleware `matcher`; Auth.js: do not wrap every route in the `auth` middleware); otherwise keep every response that sets it out of shared caches (`Cache-Control: private, no-store`) and avoid concurrent requests around session updates.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsSetCookie,
	Start: func(*Pass) Checker { return &rollingSession{stats: map[string]*rollingStat{}} },
}

// Thresholds of rolling-session-cookie: re-issued on at least half of the
// responses to requests that carried the cookie, and at least 3 times, so
// that a login followed by one refresh is not "rolling".
const (
	rollingMinReissues = 3
	rollingMinPercent  = 50
)

type rollingStat struct {
	carried, reissued int
	library           auth.Library
	examples          []EntryRef
}

type rollingSession struct {
	stats map[string]*rollingStat
	order []string
}

func (c *rollingSession) Visit(p *Pass, x *Exchange) {
	if x.Aborted() || x.FromCache != "" || x.Static {
		return
	}
	sent := requestSessionGroups(x)
	if len(sent) == 0 {
		return
	}
	set := responseSessionGroups(x)
	for _, g := range sent {
		st := c.stats[g.whole]
		if st == nil {
			if len(c.stats) >= maxTracked {
				continue // past the bound, only the names already counted
			}
			st = &rollingStat{library: g.lib}
			c.stats[g.whole] = st
			c.order = append(c.order, g.whole)
		}
		st.carried++
		if slices.ContainsFunc(set, func(s sessionGroup) bool { return s.whole == g.whole }) {
			st.reissued++
			if len(st.examples) < MaxEntries {
				st.examples = append(st.examples, p.Ref(x, "re-issued the session cookie it was sent"))
			}
		}
	}
}

func (c *rollingSession) Finish(p *Pass) {
	for _, name := range c.order {
		st := c.stats[name]
		if st.reissued < rollingMinReissues || st.reissued*100 < st.carried*rollingMinPercent {
			continue
		}
		pct := st.reissued * 100 / st.carried
		p.Report(Finding{
			Severity: Info,
			Message: fmt.Sprintf("session cookie %q was re-issued on %d of %d responses to requests that carried it (%d%%)",
				name, st.reissued, st.carried, pct),
			Why:     "every re-issue is a write that the browser applies when the response completes, so overlapping requests can overwrite a newer session with an older one (see session-cookie-race), and every one of these responses carries Set-Cookie and must never be stored by a shared cache",
			Entries: st.examples,
			Fix:     rollingFix(st.library),
			Key:     name,
		})
	}
}

// rollingFix is the advice for a rolling session cookie, for the library
// involved.
func rollingFix(lib auth.Library) Fix {
	const caches = "keep every response that sets it out of shared caches (`Cache-Control: private, no-store`)"
	switch lib {
	case auth.LibraryAuthJSV5:
		return Fix{
			Message:   "Auth.js re-encodes the session JWT on every session read and its middleware wrapper passes the cookie on to every response it matches: limit the middleware `matcher` to the routes that need the session, and " + caches,
			Library:   lib.String(),
			Headers:   []HeaderEdit{noStore},
			Reference: "https://authjs.dev/reference/nextjs#parameters",
		}
	case auth.LibraryNextAuthV4:
		return Fix{
			Message:   "NextAuth re-encodes the session JWT on every `GET /api/auth/session`: fetch the session less often (`SessionProvider` `refetchInterval`, `refetchOnWindowFocus`), and " + caches,
			Library:   lib.String(),
			Headers:   []HeaderEdit{noStore},
			Reference: "https://next-auth.js.org/getting-started/client",
		}
	case auth.LibraryNextjsAuth0V4:
		// Up to 4.16.x the middleware re-writes __session on every matched
		// request with a session (auth0/nextjs-auth0@v4.16.2
		// src/server/auth-client.ts, no isRolling check); since 4.17.0 only
		// when session.rolling is true (#2335, d5511ba8; @v4.17.0
		// src/server/auth-client.ts:559 `if (this.sessionStore.isRolling)`);
		// since 4.23.0 also only when session.beforeSessionRolled(req)
		// returns true (29af1e82; @v4.23.0 src/server/auth-client.ts:731-732,
		// src/server/session/abstract-session-store.ts:189-202, a hook
		// that throws rolls the session).
		return Fix{
			Message:   "nextjs-auth0 v4's middleware re-writes `__session` on the requests its `matcher` covers: if the expiry need not slide, set `session: { rolling: false }` in the Auth0Client options (honoured since 4.17.0; up to 4.16.x the middleware re-writes the cookie whatever `rolling` says), or since 4.23.0 pass `session.beforeSessionRolled: (req) => ...` returning false for requests that need not extend the session; on older releases exclude static files, images and API routes that do not need the session from the `matcher`; and " + caches,
			Library:   lib.String(),
			Headers:   []HeaderEdit{noStore},
			Reference: "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md",
		}
	case auth.LibraryNextjsAuth0V3:
		return Fix{
			Message:   "with `session.rolling` (the default) nextjs-auth0 v3 saves `appSession` on every request that loads the session; set `session.autoSave: false` (`AUTH0_SESSION_AUTO_SAVE=false`) and call `touchSession()` where the expiry should slide, and " + caches,
			Library:   lib.String(),
			Headers:   []HeaderEdit{noStore},
			Reference: "https://auth0.github.io/nextjs-auth0/types/session_touch_session.TouchSession.html",
		}
	}
	return Fix{
		Message: "if a sliding expiry is not needed, set the session cookie only when the session changes; otherwise " + caches,
		Library: libraryName(lib),
		Headers: []HeaderEdit{noStore},
	}
}
