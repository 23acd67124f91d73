package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
)

// LoginRedirectLoop finds a browser going round the login again and again:
// sign-ins whose callback set a session that the app then did not see, each
// followed by another sign-in, or a redirect chain through the login that
// ended at the browser's redirect limit.
var LoginRedirectLoop = &Rule{
	ID:       "login-redirect-loop",
	Category: CategorySession,
	Severity: High,
	Title:    "the browser goes round the login without staying signed in",
	Doc: `Fires when the sign-ins of the HAR (the flow shown before the findings) go round
the login: app page, login route, identity provider, callback, app page, login
route, ... two or more times in a row, each time without the session sticking,
or when a redirect chain that passes through the login ends at the browser's
redirect limit (Chromium follows 20 redirects, ` + "`net/url_request/url_request.cc`" + `
` + "`kMaxRedirects`" + `, then fails with ` + "`net::ERR_TOO_MANY_REDIRECTS`" + `; Firefox with
` + "`NS_ERROR_REDIRECT_LOOP`" + `; HAR exporters write it in ` + "`_error`" + `).

It says which step failed to stick: the session cookie the callback set and
the request after it that went without it, and why, from the Set-Cookie line,
the two URLs and the request's Fetch Metadata: a cookie the browser refused (a
` + "`Domain`" + ` the host is not in, such as a production domain configured on a preview or
internal host; ` + "`Secure`" + ` over http; a prefix rule; ` + "`SameSite=None`" + ` without ` + "`Secure`" + `; over
4096 bytes), a ` + "`Domain`" + `, ` + "`Path`" + ` or host that does not cover the app's pages, an
expiry already passed, or ` + "`SameSite=Strict`" + ` on a landing page the identity
provider's navigation reached (` + "`Sec-Fetch-Site: cross-site`" + `). It names the rule
whose finding reports that cause on the callback (` + "`cookie-rejected`" + `,
` + "`oversized-cookie`" + `, ` + "`auth-route-cache-hit`" + ` for a callback the edge cache answered).
A round also counts when the callback set no session at all without an error.

Stays silent for a single failed sign-in, for a login that succeeds on a
later try, for sign-ins that end at an error page or the identity provider's
error, and for redirect loops that never pass through an auth route (an
http/https or www/apex loop is not a login loop).`,
	Fix:   "Make the session cookie the callback sets come back on the app's pages: a `Domain` that covers the app's host (or none), `Path=/`, `SameSite=Lax`, `Secure` only over https, and a callback the edge never caches.",
	Since: "0.1.0",
	Start: func(*Pass) Checker { return &loginRedirectLoop{} },
}

// Caps on the rule's state.
const (
	maxLoopRounds = 32
	maxLoopHops   = 32
)

// loopRound is one pass through the login that did not leave the browser
// signed in.
type loopRound struct {
	site     string   // the app's site
	first    EntryRef // the sign-in's first step
	callback EntryRef
	fromEdge bool // the edge cache answered the callback
	// sessions are the session cookies the callback set.
	sessions []cookieSet
	// landing is the request of the app that went without the session
	// (Index -1 when the sign-in failed at the callback).
	landing EntryRef
	// shown is the session cookie the finding names, and why (known) the
	// browser did not send it on landing.
	shown int
	why   notSent
	known bool
	// reason is the sign-in's own reason, for a round that failed at the
	// callback.
	reason   string
	at       time.Time // when such a callback was sent
	complete bool
}

// redirectHop is one redirect of the browser, for the chain that ends in
// a redirect-limit error.
type redirectHop struct {
	url, to string
	auth    bool // an auth route or an authorization request
}

type loginRedirectLoop struct {
	rounds []loopRound // consecutive rounds of one app
	cur    *loopRound  // the open sign-in's round
	hops   []redirectHop
	// limit is the entry that ended at the redirect limit, and chain
	// whether its chain went through the login.
	limit     *EntryRef
	limitErr  string
	chainAuth bool
	chainLen  int
	// cookies is set once a request of the HAR sent a Cookie header.
	cookies bool
}

func (c *loginRedirectLoop) Visit(p *Pass, x *Exchange) {
	if x.URL == nil || probeRequest(x) {
		return
	}
	c.cookies = c.cookies || len(x.Cookies) > 0
	c.redirectLimit(p, x)
	f, i := p.flowStep(x)
	if f == nil {
		return
	}
	step := f.Steps[i]
	if i == 0 {
		c.next(p)
		c.cur = &loopRound{site: siteOf(x.Host()), first: step.Entry, landing: EntryRef{Index: -1}}
	}
	r := c.cur
	if r == nil {
		return
	}
	switch step.Role {
	case StepCallback:
		r.callback, r.fromEdge = step.Entry, x.Served.State.FromCache()
		for _, sc := range x.SetCookies {
			if sc.Session() && !sc.IsDeletion(x.Started) && len(r.sessions) < 8 {
				r.sessions = append(r.sessions, newCookieSet(x, sc))
			}
		}
		// A callback that sets no session while the browser sends one
		// already may keep the session it had (a session id the login
		// upgrades on the server): no round.
		if f.BrokeAt == i && callbackRound(f.Reason, x) && len(x.SessionCookies()) == 0 {
			r.complete, r.reason, r.at = true, f.Reason, x.Started
		}
	case StepLanding, StepNoSession:
		if f.BrokeAt != i || len(r.sessions) == 0 {
			return
		}
		r.landing, r.complete = step.Entry, true
		for j, s := range r.sessions {
			if why, ok := whyNotSent(s, x); ok {
				r.shown, r.why, r.known = j, why, true
				break
			}
		}
	case StepSession, StepError:
		r.complete = false
	}
}

// callbackRound reports whether a sign-in that failed at callback x with
// reason sends the browser round again: the callback set no session or the
// edge answered it, with no error status; or the chain stopped there at the
// redirect limit.
func callbackRound(reason string, x *Exchange) bool {
	if redirectLimitError(x.Error) {
		return true
	}
	st := x.Status()
	return st >= 200 && st < 400 && (x.Served.State.FromCache() || reason == "the callback set no session cookie")
}

// next closes the open round: a round that did not stick joins the run of
// rounds; anything else ends the run.
func (c *loginRedirectLoop) next(p *Pass) {
	r := c.cur
	c.cur = nil
	switch {
	case r == nil:
	case r.complete && (len(c.rounds) == 0 || joins(c.rounds[len(c.rounds)-1], *r)):
		if len(c.rounds) < maxLoopRounds {
			c.rounds = append(c.rounds, *r)
		}
		return
	}
	c.flush(p)
	if r != nil && r.complete {
		c.rounds = append(c.rounds, *r)
	}
}

// maxLoopGap is the longest a sign-in may start after a callback that set no
// session for the two to count as one loop: the app sends the browser back
// at once, and a user who tries again does so within seconds.
const maxLoopGap = time.Minute

// joins reports whether round r continues the loop whose last round is
// prev: the same app, and after a callback that set no session (which a
// server-side session may explain), a new sign-in right after it.
func joins(prev, r loopRound) bool {
	if prev.site != r.site {
		return false
	}
	if prev.reason == "" || prev.at.IsZero() || r.first.Started.IsZero() {
		return true
	}
	return r.first.Started.Sub(prev.at) <= maxLoopGap
}

// redirectLimit keeps the browser's recent redirects and notes the entry
// where the browser gave up.
func (c *loginRedirectLoop) redirectLimit(p *Pass, x *Exchange) {
	isAuth := func() bool {
		switch x.Route.Kind {
		case auth.RouteLogin, auth.RouteCallback, auth.RouteAuthorize, auth.RouteSignIn:
			return true
		}
		return auth.LooksLikeAuthorizationRequest(x.URL) || x.IsOIDCCallback(p.Catalog())
	}
	if redirectLimitError(x.Error) && c.limit == nil {
		ref := p.Ref(x, "redirect limit reached")
		c.limit, c.limitErr = &ref, clipText(x.Error, 80)
		// Walk the chain back from x: each hop redirected to the next.
		at, n, viaAuth := x.URL.String(), 1, isAuth()
		for i := len(c.hops) - 1; i >= 0; i-- {
			if c.hops[i].to == at {
				at, n, viaAuth = c.hops[i].url, n+1, viaAuth || c.hops[i].auth
			}
		}
		c.chainAuth, c.chainLen = viaAuth, n
		return
	}
	if st := x.Status(); st < 300 || st > 399 {
		return
	}
	if to := resolvedLocation(x); to != "" && navigationLike(x) {
		if len(c.hops) >= maxLoopHops {
			c.hops = append(c.hops[:0], c.hops[len(c.hops)/2:]...)
		}
		c.hops = append(c.hops, redirectHop{url: x.URL.String(), to: to, auth: isAuth()})
	}
}

// redirectLimitError reports whether a HAR _error says the browser stopped
// at its redirect limit.
func redirectLimitError(e string) bool {
	return strings.Contains(e, "ERR_TOO_MANY_REDIRECTS") || strings.Contains(e, "NS_ERROR_REDIRECT_LOOP")
}

func (c *loginRedirectLoop) Finish(p *Pass) {
	c.next(p)
	c.flush(p)
	if c.limit != nil && c.chainAuth {
		c.report(p, nil)
	}
}

// flush reports the run of rounds when it went round at least twice, and
// starts a new run.
func (c *loginRedirectLoop) flush(p *Pass) {
	rounds := c.rounds
	c.rounds = nil
	if len(rounds) < 2 {
		return
	}
	c.report(p, rounds)
}

// report makes the finding of one loop: rounds of sign-ins, the redirect
// limit, or both.
func (c *loginRedirectLoop) report(p *Pass, rounds []loopRound) {
	limit := c.limit != nil && c.chainAuth
	if limit && len(rounds) > 0 {
		last := rounds[len(rounds)-1]
		if c.limit.Index < rounds[0].first.Index || c.limit.Index > last.callback.Index+maxLoopHops {
			limit = false // the limit belongs to another loop
		}
	}
	var msg string
	var entries []EntryRef
	var ev []Evidence
	sev := High
	relies := ""
	fix := Fix{Message: "find why the browser drops the session cookie: in DevTools, the Network panel shows the callback's Set-Cookie with the reason it was blocked, and Application > Cookies what was stored"}
	key := "loop"
	switch {
	case len(rounds) > 0:
		r := rounds[0]
		msg = fmt.Sprintf("the browser went round the login %d times (entries %d to %d)", len(rounds), r.first.Index, lastRoundEntry(rounds))
		entries = append(entries, r.first, r.callback)
		if r.landing.Index >= 0 {
			s := r.sessions[r.shown]
			sc := s.sc
			key = cookieKey(sc.Info, sc.Name)
			msg += fmt.Sprintf(": the session cookie %q that the callback on entry %d set was not sent back on entry %d", p.CookieName(sc.Name), r.callback.Index, r.landing.Index)
			entries = append(entries, r.landing)
			ev = append(ev, setCookieEvidenceAt(p, s.entry, sc))
			if r.known {
				msg += ": " + r.why.why
				if r.why.rule != "" {
					msg += fmt.Sprintf(" (%s reports it on entry %d)", r.why.rule, s.entry)
				}
				fix = loopFix(r, s)
			} else {
				if !c.cookies && !limit {
					// No request of the HAR has a Cookie header: an
					// exporter that leaves them out looks the same.
					return
				}
				msg += ", and nothing in its attributes, hosts, paths or times says why"
				sev = Medium
				if !c.cookies {
					relies = "no request in the HAR has a Cookie header: if the tool that exported it left them out, the browser may have sent the cookie after all"
				}
			}
		} else {
			msg += fmt.Sprintf(": the callback on entry %d did not sign the browser in (%s), so the app sent it back to the login", r.callback.Index, r.reason)
			if r.fromEdge {
				msg += " (auth-route-cache-hit reports it)"
				fix = Fix{Message: "bypass the edge cache on the callback route: a cached callback replays an old answer and never signs this visitor in"}
			}
		}
		for _, o := range rounds[1:] {
			if len(entries) < MaxEntries-1 {
				entries = append(entries, o.first)
			}
		}
	default:
		msg = fmt.Sprintf("a redirect chain of %d requests through the login ended at the browser's redirect limit", c.chainLen)
		sev = Medium
	}
	if limit {
		msg += fmt.Sprintf("; the browser stopped on entry %d at its redirect limit (%s)", c.limit.Index, c.limitErr)
		entries = append(entries, *c.limit)
		ev = append(ev, Evidence{Entry: c.limit.Index, Where: "response", Name: "_error", Value: c.limitErr})
		c.limit = nil // reported
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      "each time the callback's session does not stick, the app sends the browser to the login again, and the identity provider, which still has a session, sends it straight back: the user never gets in (and with automatic redirects the browser gives up with a redirect-loop error)",
		Entries:  entries,
		Evidence: ev,
		Fix:      fix,
		ReliesOn: relies,
		Key:      key,
	})
}

// lastRoundEntry returns the last entry the rounds name.
func lastRoundEntry(rounds []loopRound) int {
	last := rounds[len(rounds)-1]
	return max(last.callback.Index, last.landing.Index)
}

// loopFix says how to make the session cookie s stick, for the cause the
// round found.
func loopFix(r loopRound, s cookieSet) Fix {
	sc := s.sc
	f := Fix{Library: libraryName(sc.Info.Library)}
	host := ""
	if s.url != nil {
		host = s.url.Hostname()
	}
	switch r.why.cause {
	case "rejected-domain":
		f.Message = fmt.Sprintf("give %q a Domain that %q is in, or none: a cookie domain configured for production is refused on any other host (preview, staging, internal), so set it per deployment or leave it out", sc.Name, host)
		if nextAuthFamily(sc.Info.Library) {
			f.Message += " (`cookies.sessionToken.options.domain`)"
		}
	case "rejected":
		f.Message = fmt.Sprintf("fix the Set-Cookie of %q on entry %d so that the browser stores it, as %s says", sc.Name, s.entry, r.why.rule)
	case "samesite":
		f.Message = fmt.Sprintf("set %q with `SameSite=Lax`: the page the callback redirects to is still part of the navigation the identity provider started, which never carries a Strict cookie", sc.Name)
	case "path":
		f.Message = fmt.Sprintf("set %q with `Path=/`, so that it is sent to the app's pages and not only under the callback's path", sc.Name)
	case "host", "domain":
		f.Message = fmt.Sprintf("have the callback on %q set the session for the host of the app's pages: one host for the callback and the app (the redirect_uri), or a Domain that covers both", host)
	case "secure":
		f.Message = "serve the app over https, as the callback is"
	case "expired":
		f.Message = fmt.Sprintf("give %q a lifetime in the future: its Max-Age or Expires had passed when the browser loaded the next page (check the server clock and the session maxAge)", sc.Name)
	}
	return f
}
