package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/jar"
	"github.com/authlint/authlint/redact"
)

// SessionCookieRace finds a session cookie that a newer response set and an
// overlapping, older request overwrote with a stale value.
var SessionCookieRace = &Rule{
	ID:       "session-cookie-race",
	Category: CategorySession,
	Severity: High,
	Title:    "a stale response overwrote a newer session cookie",
	Doc: `Fires when two requests were in flight at once, both responses re-issued the
session cookie, and the one that finished last had been sent with an older
value: its response wrote the session back from that stale cookie over the
newer value the other response had just stored. A session update
(NextAuth/Auth.js ` + "`update()`" + `, nextjs-auth0 ` + "`updateSession()`" + `, a refreshed access token)
"does not stick", intermittently, depending on which response finishes first.

authlint replays the HAR the way the browser's cookie jar would: each
response's ` + "`Set-Cookie`" + ` takes effect when the response completes (start + time), with
Domain/Path matching, expiry and prefix rules, and chunked cookies put back
together. A race needs all of this: the newer value was written after the
stale request started and before it completed (each by more than 2 ms, HAR
times being rounded), the stale request did not carry the newer value, and its
response replaced it with another one.

Overlapping refreshes of the same session are harmless and common on any busy
page of a rolling-session app, so the rule tells a lost update from a refresh:

- when the tokens are readable (a signed JWT, a Supabase session) or decrypted
  with the app secret, it fires only if the overwritten value changed claims
  relative to what the stale request carried and the winning value holds
  those claims as the stale request carried them (two concurrent token
  refreshes that both wrote new tokens are a conflict, not a stale write);
  ` + "`exp`" + `, ` + "`iat`" + `, ` + "`nbf`" + `, ` + "`jti`" + `, ` + "`uat`" + `, ` + "`expires_at`" + ` and ` + "`expires_in`" + ` are
  ignored. The finding names the claims that were lost (their values only
  with ` + "`--show-claims`" + `);
- without a key, it fires only when the overwritten value came from a session
  update request (Auth.js, NextAuth 4.21.0 and later: ` + "`POST /api/auth/session`" + `, or a route configured
  as ` + "`session-update`" + `).

Other overlapping re-issues stay silent here; they are counted by
` + "`rolling-session-cookie`" + `.

Severity: high when the claims show lost data; medium when only the update
route says so.`,
	Fix:   "Do not re-issue the session cookie on responses that did not change the session, and do not start requests that read the session while an update is in flight (await it first). NextAuth/Auth.js: strip the session `Set-Cookie` from responses other than `POST /api/auth/session` in middleware, or avoid concurrent requests around `update()`; nextjs-auth0 v4: `session.rolling: false` (4.17.0 and later) or a `session.beforeSessionRolled` predicate (4.23.0 and later) that skips requests made around `updateSession()`, else narrow the middleware `matcher`; nextjs-auth0 v3: `session.autoSave: false`.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsSetCookie | NeedsCookieValues,
	Start: func(p *Pass) Checker { return newSessionRace(p) },
}

// raceEntry is what the race rule keeps of one exchange that sent or set a
// session cookie, from its Visit until its response was replayed and no
// cookie the jar holds was written by it.
type raceEntry struct {
	rec     entryRecord
	path    string
	update  bool // a session-update request (auth.RouteSessionUpdate)
	ended   bool // its response was replayed
	library auth.Library
	sent    []valueRef // whole session cookies the request sent
	set     []valueRef // whole session cookies the response set
}

// valueRef names one whole session cookie value without keeping it: its
// view ID (see sessionGroup.effective) and, for a chunked cookie, the
// redact fingerprint of the joined value (that of an unchunked one follows
// from its ID: jar.Fingerprint).
type valueRef struct {
	name, id, fp string
	chunks       int // chunks joined, 0 for an unchunked cookie
}

// fingerprint returns the redact fingerprint of the whole value.
func (v valueRef) fingerprint() string {
	if v.chunks == 0 {
		return jar.Fingerprint(v.id)
	}
	return v.fp
}

func findSessionValue(vs []valueRef, name string) (valueRef, bool) {
	for _, v := range vs {
		if v.name == name {
			return v, true
		}
	}
	return valueRef{}, false
}

// raceMaxNames bounds the shared copies of whole cookie names.
const raceMaxNames = 1024

// sessionRace replays the session cookies through a jar as the entries
// arrive (see streamReplay) and judges each response as it is replayed, so
// that it keeps only the exchanges in flight and those that wrote a cookie
// the jar still holds, with the claims of their values.
type sessionRace struct {
	replay   *streamReplay
	names    *chunkNamer
	entries  map[int]*raceEntry
	claims   map[string]*claimSet // view ID -> readable data, nil when unreadable
	interned map[uint64]*claimSet
	whole    map[string]string // one copy of each whole cookie name
	kept     int               // entries kept after the last prune
}

func newSessionRace(p *Pass) *sessionRace {
	c := &sessionRace{names: newChunkNamer(p.Catalog()), entries: map[int]*raceEntry{}, claims: map[string]*claimSet{}, interned: map[uint64]*claimSet{}, whole: map[string]string{}}
	c.replay = newStreamReplay(func(e *jar.Event) { c.event(p, e) })
	return c
}

func (c *sessionRace) Visit(p *Pass, x *Exchange) {
	if x.Started.IsZero() || x.URL == nil || x.URL.Host == "" {
		return
	}
	pairs, lines := sessionJarData(x, nil)
	if len(pairs) == 0 && len(lines) == 0 {
		return
	}
	e := &raceEntry{
		rec:    recordOf(x),
		path:   strings.Clone(x.Path()),
		update: x.Route.Kind == auth.RouteSessionUpdate,
	}
	for _, g := range requestSessionGroups(x) {
		if e.library == auth.LibraryUnknown {
			e.library = g.lib
		}
		if v, ok := c.learn(p, g); ok {
			e.sent = append(e.sent, v)
		}
	}
	for _, g := range responseSessionGroups(x) {
		if e.library == auth.LibraryUnknown {
			e.library = g.lib
		}
		if v, ok := c.learn(p, g); ok {
			e.set = append(e.set, v)
		}
	}
	c.entries[x.Index] = e
	c.replay.Add(jar.Exchange{Tag: x.Index, Start: x.Started, End: x.End(), URL: x.URL, Sent: pairs, Set: lines})
	if len(c.entries) > 2*c.kept+1024 {
		c.prune()
	}
}

// learn returns the value reference of a whole session cookie and reads its
// token once per distinct value.
func (c *sessionRace) learn(p *Pass, g sessionGroup) (valueRef, bool) {
	value, id, ok := g.effective()
	if !ok {
		return valueRef{}, false
	}
	if _, seen := c.claims[id]; !seen {
		var cs *claimSet
		if t := p.Token(g.whole, value); t.Claims != nil {
			cs = newClaimSet(t.Claims, p.Options().ShowClaims)
			if known, ok := c.interned[cs.sum]; ok {
				cs = known
			} else {
				c.interned[cs.sum] = cs
			}
		}
		c.claims[id] = cs
	}
	name, ok := c.whole[g.whole]
	if !ok {
		if len(c.whole) >= raceMaxNames {
			clear(c.whole)
		}
		name = strings.Clone(g.whole)
		c.whole[name] = name
	}
	v := valueRef{name: name, id: id}
	if _, whole := g.unchunked(); !whole {
		v.chunks = len(g.chunks())
		v.fp = redact.Fingerprint(value)
	}
	return v, true
}

// prune drops the entries that no later event can name: replayed, and the
// writer of no cookie the jar holds; and the claims of values no kept entry
// carries.
func (c *sessionRace) prune() {
	live := c.replay.sources()
	for tag, e := range c.entries {
		if e.ended && !live[tag] {
			delete(c.entries, tag)
		}
	}
	c.kept = len(c.entries)
	claims := make(map[string]*claimSet, len(c.claims)/2)
	interned := map[uint64]*claimSet{}
	for _, e := range c.entries {
		for _, vs := range [][]valueRef{e.sent, e.set} {
			for _, v := range vs {
				if cs, ok := c.claims[v.id]; ok {
					claims[v.id] = cs
					if cs != nil {
						interned[cs.sum] = cs
					}
				}
			}
		}
	}
	c.claims, c.interned = claims, interned
}

// raceFinding is one stale overwrite, found during the replay.
type raceFinding struct {
	name           string
	newer, stale   *raceEntry
	written        time.Time // when the newer value took effect
	staleStart     time.Time
	staleEnd       time.Time
	newerSet       valueRef
	staleSent      valueRef
	staleSet       valueRef
	newerSent      valueRef // what the newer request carried, if anything
	lost           []string // claim paths the stale write lost
	lostValues     []string // "path: old -> new", only with ShowClaims
	fromUpdateOnly bool     // claims unreadable; fired on the update route
}

func (c *sessionRace) Finish(p *Pass) {
	c.replay.Flush()
}

// event judges one replayed event: a response that re-issued a session
// cookie over a newer value written while its request was in flight.
func (c *sessionRace) event(p *Pass, e *jar.Event) {
	if e.Kind != jar.ResponseEnd {
		return
	}
	stale := c.entries[e.Exchange.Tag]
	if stale == nil {
		return
	}
	stale.ended = true
	if len(e.Exchange.Set) == 0 {
		return
	}
	names := c.names
	var after []jar.Cookie
	for _, set := range stale.set {
		before := names.view(e.Held, set.name)
		if !before.ok || before.source == e.Exchange.Tag {
			continue
		}
		if after == nil {
			after = e.After()
		}
		now := names.view(after, set.name)
		if !now.ok || now.source != e.Exchange.Tag || now.id == before.id {
			continue
		}
		sent, ok := findSessionValue(stale.sent, set.name)
		if !ok || sent.id == before.id {
			continue // no session sent (a login), or sent the newer value
		}
		// The newer value landed after the stale request left and
		// before its response did.
		if !e.Exchange.Start.Add(sessionTimeSlack).Before(before.updated) || !before.updated.Add(sessionTimeSlack).Before(e.At) {
			continue
		}
		newer := c.entries[before.source]
		if newer == nil {
			continue
		}
		newerSet, ok := findSessionValue(newer.set, set.name)
		if !ok || newerSet.id != before.id {
			continue
		}
		f := raceFinding{
			name: set.name, newer: newer, stale: stale,
			written: before.updated, staleStart: e.Exchange.Start, staleEnd: e.At,
			newerSet: newerSet, staleSent: sent, staleSet: set,
		}
		f.newerSent, _ = findSessionValue(newer.sent, set.name)
		cn, cs, cw := c.claims[before.id], c.claims[sent.id], c.claims[now.id]
		if cn != nil && cs != nil && cw != nil {
			f.lost, f.lostValues = lostClaims(cn, cs, cw, p.Options().ShowClaims)
			if len(f.lost) == 0 {
				continue // a refresh of the same data: harmless
			}
		} else if newer.update {
			f.fromUpdateOnly = true
		} else {
			continue
		}
		c.report(p, f)
	}
}

func (c *sessionRace) report(p *Pass, f raceFinding) {
	newerRef, staleRef := f.newer.rec.ref(p, "wrote the newer value"), f.stale.rec.ref(p, "overwrote it with a stale value")
	msg := fmt.Sprintf("session cookie %q set here was overwritten %s later by entry %d (%s %s), whose request carried an older value and started %s before this write",
		f.name, gapDuration(f.staleEnd.Sub(f.written)), staleRef.Index, f.stale.rec.method, f.stale.path, gapDuration(f.written.Sub(f.staleStart)))
	sev := High
	why := "two requests were in flight at once: the one that left before this response stored the new session cookie finished last, and its response re-issued the session from the older cookie it carried. The browser now holds the older session (the stale write won)"
	reliesOn := ""
	if f.fromUpdateOnly {
		sev = Medium
		msg += "; this was a session update, so the update was probably lost"
		why += ", so the session update made here is lost: it \"does not stick\", intermittently, depending on which response finishes first"
		reliesOn = "the session update changed the session; supply the app secret (--secret-file) so the claims can be compared"
	} else {
		msg += "; lost claims " + quotedNames(f.lost, 5)
		if len(f.lostValues) > 0 {
			msg += " (" + strings.Join(f.lostValues, "; ") + ")"
		}
		why += fmt.Sprintf(", so the change this response made (claims %s) is lost, intermittently, depending on which response finishes first", quotedNames(f.lost, 5))
	}
	ev := []Evidence{}
	if f.newerSent.id != "" {
		ev = append(ev, raceEvidence(newerRef.Index, "request cookie", f.newerSent))
	}
	ev = append(ev,
		raceEvidence(newerRef.Index, "set-cookie", f.newerSet),
		raceEvidence(staleRef.Index, "request cookie", f.staleSent),
		raceEvidence(staleRef.Index, "set-cookie", f.staleSet),
	)
	lib := f.newer.library
	if lib == auth.LibraryUnknown {
		lib = f.stale.library
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      why,
		Entries:  []EntryRef{newerRef, staleRef},
		Evidence: ev,
		Fix:      raceFix(lib),
		ReliesOn: reliesOn,
		Key:      f.name,
	})
}

// raceEvidence quotes a session value by its fingerprint (the rule keeps
// no values); for a chunked cookie, the fingerprint of the joined chunks.
func raceEvidence(entry int, where string, v valueRef) Evidence {
	val := v.name + "=[redacted:" + v.fingerprint() + "]"
	if v.chunks > 0 {
		val += fmt.Sprintf(" (%d chunks joined)", v.chunks)
	}
	return Evidence{Entry: entry, Where: where, Name: v.name, Value: val}
}

// raceFix is the fix for a lost session update, for the library involved.
func raceFix(lib auth.Library) Fix {
	switch lib {
	case auth.LibraryAuthJSV5:
		// next-auth v5 packages/next-auth/src/lib/index.ts handleAuth copies
		// the Set-Cookie of its session read onto every response the
		// middleware matches ("Preserve cookies from the session
		// response"); @auth/core lib/actions/session.ts re-encodes the JWT
		// on every read and POST "session" is the update (index.ts:
		// actions.session(config, true, request.body?.data)).
		return Fix{
			Message:   "strip the session cookie's `Set-Cookie` from responses other than the update (`POST /api/auth/session`) in middleware (the Auth.js middleware wrapper copies it from its session read onto every response it matches), or await `update()` before starting other requests that read the session",
			Library:   lib.String(),
			Reference: "https://authjs.dev/reference/nextjs#parameters",
		}
	case auth.LibraryNextAuthV4:
		// next-auth react.tsx: update(data) POSTs {csrfToken, data} to
		// /api/auth/session; every GET /api/auth/session re-issues the JWT.
		// POST session (isUpdate) exists in next-auth v4 since 4.21.0
		// (nextauthjs/next-auth@next-auth@4.24.15
		// packages/next-auth/src/core/index.ts:311-321; first tag 4.21.0).
		return Fix{
			Message:   "avoid concurrent requests around `update()`: await it before `getSession()`, `useSession()` refetches or API calls that re-issue the session, and strip the session `Set-Cookie` from responses other than `POST /api/auth/session` where middleware or API routes re-issue it",
			Library:   lib.String(),
			Reference: "https://next-auth.js.org/getting-started/client#updating-the-session",
		}
	case auth.LibraryNextjsAuth0V4:
		// auth0/nextjs-auth0 src/server/auth-client.ts handler: for any
		// request that is not an auth route, "simply touch the sessions":
		// sessionStore.set(...) whenever a session exists; whatever
		// session.rolling says up to 4.16.x (@v4.16.2), only when it is true
		// since 4.17.0 (#2335; @v4.17.0 src/server/auth-client.ts:559), and
		// only when session.beforeSessionRolled(req) allows it since 4.23.0
		// (@v4.23.0 src/server/auth-client.ts:731-732,
		// src/server/session/abstract-session-store.ts:189-202).
		return Fix{
			Message:   "nextjs-auth0 v4's middleware re-writes `__session` on the requests its `matcher` covers: set `session: { rolling: false }` in the Auth0Client options if the expiry need not slide (honoured since 4.17.0; up to 4.16.x the cookie is re-written whatever `rolling` says), or since 4.23.0 pass `session.beforeSessionRolled: (req) => ...` returning false for the requests that run while `updateSession()` does; on older releases narrow the middleware `matcher` so those requests are not covered; and do not start requests until `updateSession()` has completed",
			Library:   lib.String(),
			Reference: "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#updating-the-session",
		}
	case auth.LibraryNextjsAuth0V3:
		// v3 SessionConfig.autoSave: "If this is false, you must call
		// touchSession(req, res) to update the session" (src/config.ts);
		// env AUTH0_SESSION_AUTO_SAVE.
		return Fix{
			Message:   "set `session.autoSave: false` (`AUTH0_SESSION_AUTO_SAVE=false`) so that only `updateSession()`/`touchSession()` write `appSession`, and avoid concurrent requests around `updateSession()`",
			Library:   lib.String(),
			Reference: "https://auth0.github.io/nextjs-auth0/types/session_touch_session.TouchSession.html",
		}
	}
	return Fix{
		Message: "do not re-issue the session cookie on responses that did not change the session, and do not start requests that read the session while an update is in flight; if writes must overlap, carry a version in the session and refuse to write an older session over a newer one",
		Library: libraryName(lib),
	}
}
