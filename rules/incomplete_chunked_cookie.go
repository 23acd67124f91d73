package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/jar"
	"github.com/authlint/authlint/token"
)

// IncompleteChunkedCookie finds requests that sent a chunked session cookie
// whose chunks do not make one token.
var IncompleteChunkedCookie = &Rule{
	ID:       "incomplete-chunked-cookie",
	Category: CategorySession,
	Severity: High,
	Title:    "a request sent an incomplete or mixed chunked session",
	Doc: `Session libraries split a session token larger than about 3.5 KB into chunk
cookies (` + "`__session__0`" + `, ` + "`__session__1`" + ` for nextjs-auth0 v4; ` + "`appSession.0`" + `,
` + "`authjs.session-token.0`" + `, ` + "`sb-<ref>-auth-token.0`" + ` for the others) and join them on
every request. Fires when a request's chunks do not make one token:

- a gap: chunks 0 and 2 without 1, or no chunk 0;
- two cookies with the same chunk name (set with different Domain or Path);
- for NextAuth/Auth.js, the unchunked cookie sent together with chunks
  (their reader joins every cookie whose name starts with the session-cookie
  name);
- chunks from two different writes: the browser's cookie jar, replayed from
  the HAR, shows that the chunks the request sent were stored by different
  responses, typically a stale high-index chunk left behind when a later
  response wrote fewer chunks and deleted only those its own request carried;
- a truncated token: the jar held a further HttpOnly chunk from the same
  response as the chunks sent, stored before the request started and not
  rewritten around that time, and the request did not send it.

The first three need only the request; the last two need cookie values and
the ` + "`Set-Cookie`" + ` lines that wrote them, and the rule stays silent when the chunks a
request sent differ from what the replayed jar held (cookies written by
JavaScript or before the recording started). A request that sends the
unchunked cookie is judged by the libraries that prefer it (nextjs-auth0,
Supabase) as not chunked. ASP.NET Core chunks (` + "`C1`" + `, ` + "`C2`" + `, counted by the
base cookie) are not checked.

Severity: high for gaps, the NextAuth/Auth.js mix, chunks of two writes, and a
truncated token that no longer parses (or decrypt with the supplied secret);
medium for repeated chunk names and for a truncated token that still looks
well formed.`,
	Fix:   "Keep the session small enough for one cookie (store fewer claims, or keep the session server-side), and when a session is chunked, write every chunk in the same response and delete every chunk index a smaller value no longer uses, not only those the request carried.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies,
	Start: func(p *Pass) Checker { return newIncompleteChunks(p) },
}

// chunkRequest is one whole session cookie whose complete-looking chunks a
// request sent, kept for the jar replay.
type chunkRequest struct {
	whole  string
	lib    auth.Library
	chunks []chunkSent
	broken bool // the joined value does not parse, or does not decrypt
}

type chunkSent struct {
	name, id string
	index    int
}

// incompleteChunks replays the chunks through a jar as the entries arrive
// (see streamReplay), keeping the exchanges in flight and those that wrote
// a chunk the jar still holds.
type incompleteChunks struct {
	replay   *streamReplay
	names    *chunkNamer
	requests map[int][]chunkRequest // requests to judge when they are replayed
	entries  map[int]*chunkEntry    // exchanges in the replay
	kept     int                    // entries kept after the last prune
	// writes are, per chunk name, the recent times responses stored or
	// deleted it, in time order (see wroteAround).
	writes map[string][]time.Time
	// waiting are the truncations whose writes within sessionTimeSlack
	// after them are still to be replayed; truncs those found, reported in
	// Finish in the order of the replay.
	waiting, truncs []truncation
}

// chunkEntry is an exchange in the replay.
type chunkEntry struct {
	rec   entryRecord
	ended bool // its response was replayed
}

// maxChunkNames bounds the chunk names whose writes are remembered.
const maxChunkNames = 1024

func newIncompleteChunks(p *Pass) *incompleteChunks {
	c := &incompleteChunks{names: newChunkNamer(p.Catalog()), requests: map[int][]chunkRequest{}, entries: map[int]*chunkEntry{}, writes: map[string][]time.Time{}}
	c.replay = newStreamReplay(func(e *jar.Event) { c.event(p, e) })
	return c
}

func (c *incompleteChunks) Visit(p *Pass, x *Exchange) {
	for _, g := range requestSessionGroups(x) {
		cs := g.chunks()
		if len(cs) == 0 || chunkSeparator(g.whole, cs[0]) == "C" {
			continue
		}
		_, whole := g.unchunked()
		if whole && !joinsAllChunks(g.lib) {
			continue // the library reads the unchunked cookie
		}
		switch name, dup := g.duplicate(); {
		case dup:
			c.reportRequest(p, x, g, Medium, fmt.Sprintf("request sent two cookies named %q (chunks of session cookie %q with different Domain or Path)", name, g.whole))
		case whole:
			c.reportRequest(p, x, g, High, fmt.Sprintf("request sent session cookie %q together with its chunks %s", g.whole, quotedNames(partNames(cs), 5)))
		case !chunksContiguous(cs):
			c.reportRequest(p, x, g, High, fmt.Sprintf("request sent chunks %s of session cookie %q but not %s", indexList(cs), g.whole, missingChunks(cs)))
		default:
			if x.Started.IsZero() || x.URL == nil {
				continue
			}
			r := chunkRequest{whole: strings.Clone(g.whole), lib: g.lib}
			var joined strings.Builder
			for _, ch := range cs {
				r.chunks = append(r.chunks, chunkSent{name: strings.Clone(ch.name), id: jar.ID(ch.value), index: ch.index})
				joined.WriteString(ch.value)
			}
			t := p.Token(g.whole, joined.String())
			r.broken = cutJOSE(joined.String()) || errors.Is(t.Err, token.ErrMalformed) || errors.Is(t.Err, token.ErrNoKey)
			c.requests[x.Index] = append(c.requests[x.Index], r)
		}
	}
	if x.Started.IsZero() || x.URL == nil || x.URL.Host == "" {
		delete(c.requests, x.Index) // never replayed
		return
	}
	pairs, lines := sessionJarData(x, func(i auth.CookieInfo) bool { return i.Chunk >= 0 })
	if len(pairs) > 0 || len(lines) > 0 {
		c.entries[x.Index] = &chunkEntry{rec: recordOf(x)}
		c.replay.Add(jar.Exchange{Tag: x.Index, Start: x.Started, End: x.End(), URL: x.URL, Sent: pairs, Set: lines})
		if len(c.entries) > 2*c.kept+1024 {
			c.prune()
		}
	} else {
		delete(c.requests, x.Index) // sent no chunk: nothing to compare
	}
}

// prune drops the exchanges that no later event can name: replayed, and
// the writer of no chunk the jar holds.
func (c *incompleteChunks) prune() {
	live := c.replay.sources()
	for tag, e := range c.entries {
		if e.ended && !live[tag] {
			delete(c.entries, tag)
		}
	}
	c.kept = len(c.entries)
}

// reportRequest reports a problem seen in the request alone.
func (c *incompleteChunks) reportRequest(p *Pass, x *Exchange, g sessionGroup, sev Severity, msg string) {
	var ev []Evidence
	for _, rc := range x.Cookies {
		if rc.Session() && wholeSessionName(rc.Info, rc.Name) == g.whole {
			ev = append(ev, p.CookieEvidence(x, rc))
		}
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      chunkConsequence(g.lib),
		Entries:  []EntryRef{p.Ref(x, "sent the chunks")},
		Evidence: ev,
		Fix:      chunkFix(g.lib),
		Key:      g.whole,
	})
}

// truncation is a request that did not send a chunk the jar held.
type truncation struct {
	at            time.Time
	req           chunkRequest
	missing       []string // chunk names held and not sent
	writer        int
	sender, wrote EntryRef // the request, and the response that wrote the chunks
}

func (c *incompleteChunks) Finish(p *Pass) {
	c.replay.Flush()
	for _, t := range c.waiting {
		c.settle(t)
	}
	for _, t := range c.truncs {
		c.reportTruncated(p, t)
	}
}

// settle keeps t unless a write close to the request start makes the order
// uncertain.
func (c *incompleteChunks) settle(t truncation) {
	if !wroteAround(c.writes, t.missing, t.at) {
		c.truncs = append(c.truncs, t)
	}
}

// event judges one replayed event.
func (c *incompleteChunks) event(p *Pass, e *jar.Event) {
	// Truncations more than sessionTimeSlack before this event have seen
	// every write that could make their order uncertain.
	n := 0
	for _, t := range c.waiting {
		if t.at.Add(sessionTimeSlack).Before(e.At) {
			c.settle(t)
			continue
		}
		c.waiting[n] = t
		n++
	}
	clear(c.waiting[n:])
	c.waiting = c.waiting[:n]
	if e.Kind == jar.ResponseEnd {
		if x := c.entries[e.Exchange.Tag]; x != nil {
			x.ended = true
		}
		for _, w := range e.Writes {
			if w.Outcome != jar.Rejected && w.Outcome != jar.Unmatched {
				c.wrote(w.Cookie.Name, e.At)
			}
		}
		return
	}
	rs, ok := c.requests[e.Exchange.Tag]
	if !ok {
		return
	}
	delete(c.requests, e.Exchange.Tag)
	names := c.names
	for _, r := range rs {
		held := map[string]jar.Cookie{}
		dup := false
		for _, h := range e.Held {
			if cn := names.split(h.Name); cn.whole == r.whole && cn.index >= 0 {
				if _, seen := held[h.Name]; seen {
					dup = true
				}
				held[h.Name] = h
			}
		}
		if dup {
			continue
		}
		// Judge only requests whose chunks are what the jar held.
		var sources []int
		confirmed := true
		for _, ch := range r.chunks {
			h, ok := held[ch.name]
			if !ok || h.Value != ch.id {
				confirmed = false
				break
			}
			if !slices.Contains(sources, h.Source) {
				sources = append(sources, h.Source)
			}
		}
		if !confirmed {
			continue
		}
		if len(sources) > 1 {
			c.reportMixed(p, e.Exchange.Tag, r, held)
			continue
		}
		var missing []string
		for name, h := range held {
			if slices.ContainsFunc(r.chunks, func(ch chunkSent) bool { return ch.name == name }) {
				continue
			}
			if h.Source == sources[0] && h.HTTPOnly && h.Updated.Add(sessionTimeSlack).Before(e.At) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			slices.SortFunc(missing, func(a, b string) int { return names.split(a).index - names.split(b).index })
			c.waiting = append(c.waiting, truncation{
				at: e.At, req: r, missing: missing, writer: sources[0],
				sender: c.ref(p, e.Exchange.Tag, "sent some of the chunks"), wrote: c.ref(p, sources[0], "wrote all of them"),
			})
		}
	}
}

// wrote records a write of the chunk name at at, forgetting the writes too
// old for any truncation still to come (see wroteAround).
func (c *incompleteChunks) wrote(name string, at time.Time) {
	ts, ok := c.writes[name]
	if !ok && len(c.writes) >= maxChunkNames {
		for n, ts := range c.writes {
			if len(ts) == 0 || ts[len(ts)-1].Before(at.Add(-2*sessionTimeSlack)) {
				delete(c.writes, n)
			}
		}
	}
	old := 0
	for old < len(ts) && ts[old].Before(at.Add(-2*sessionTimeSlack)) {
		old++
	}
	c.writes[name] = append(ts[old:], at)
}

// wroteAround reports whether any of names was written within
// sessionTimeSlack of at. Each list is in time order (the replay's).
func wroteAround(writes map[string][]time.Time, names []string, at time.Time) bool {
	for _, n := range names {
		ts := writes[n]
		i, _ := slices.BinarySearchFunc(ts, at.Add(-sessionTimeSlack), func(t, target time.Time) int { return t.Compare(target) })
		if i < len(ts) && !ts[i].After(at.Add(sessionTimeSlack)) {
			return true
		}
	}
	return false
}

// reportMixed reports a request whose chunks came from different responses.
func (c *incompleteChunks) reportMixed(p *Pass, tag int, r chunkRequest, held map[string]jar.Cookie) {
	bySource := map[int][]string{}
	var order []int
	for _, ch := range r.chunks {
		src := held[ch.name].Source
		if _, ok := bySource[src]; !ok {
			order = append(order, src)
		}
		bySource[src] = append(bySource[src], ch.name)
	}
	refs := []EntryRef{c.ref(p, tag, "sent chunks written by different responses")}
	var parts []string
	var ev []Evidence
	for _, src := range order {
		ns := bySource[src]
		parts = append(parts, fmt.Sprintf("%s by entry %d", quotedNames(ns, 5), src))
		refs = append(refs, c.ref(p, src, "wrote "+strings.Join(ns, ", ")))
		for _, n := range ns {
			ev = append(ev, Evidence{Entry: tag, Where: "request cookie", Name: n, Value: n + "=[redacted:" + jar.Fingerprint(held[n].Value) + "]"})
		}
	}
	p.Report(Finding{
		Severity: High,
		Message:  fmt.Sprintf("request sent chunks of session cookie %q written by different responses: %s (a stale chunk left behind)", r.whole, strings.Join(parts, " and ")),
		Why:      "the chunks belong to two different tokens, so joined they make no token at all: " + chunkConsequence(r.lib),
		Entries:  refs,
		Evidence: ev,
		Fix:      chunkFix(r.lib),
		Key:      r.whole,
	})
}

// reportTruncated reports a request that left out a chunk the jar held.
func (c *incompleteChunks) reportTruncated(p *Pass, t truncation) {
	sev := Medium
	why := "the token the request sent is cut short"
	if t.req.broken {
		sev = High
		why += " (the joined chunks do not parse, or do not decrypt with the supplied secret)"
	}
	var sent []string
	for _, ch := range t.req.chunks {
		sent = append(sent, ch.name)
	}
	p.Report(Finding{
		Severity: sev,
		Message: fmt.Sprintf("request sent %s %s of session cookie %q but not %s, which the browser held from the same response (entry %d)",
			chunkNoun(len(sent)), quotedNames(sent, 5), t.req.whole, quotedNames(t.missing, 5), t.writer),
		Why:      why + ": " + chunkConsequence(t.req.lib) + "; a browser sends every cookie it holds for the URL, so the missing chunk was dropped on the way (a header size limit in a proxy, or a client that builds its own Cookie header)",
		Entries:  []EntryRef{t.sender, t.wrote},
		Fix:      chunkFix(t.req.lib),
		ReliesOn: "the browser held every chunk the HAR's Set-Cookie lines stored: cookies removed by JavaScript or by a browser limit authlint does not model would make this a false alarm",
		Key:      t.req.whole,
	})
}

// cutJOSE reports whether v starts like a compact JWS or JWE (a base64url
// JSON header, "eyJ") but does not have the shape of either: five parts
// (JWE), or three with a payload (JWS). A JWE cut between chunks has two to
// four parts, "header..iv" among them.
func cutJOSE(v string) bool {
	if !strings.HasPrefix(v, "eyJ") {
		return false
	}
	parts := strings.Split(v, ".")
	switch len(parts) {
	case 5:
		return false
	case 3:
		return parts[1] == "" || parts[2] == ""
	}
	return true
}

// chunkNoun returns "chunk" or "chunks" for n chunks.
func chunkNoun(n int) string {
	if n == 1 {
		return "chunk"
	}
	return "chunks"
}

// ref returns the reference of an exchange in the replay with a role.
func (c *incompleteChunks) ref(p *Pass, tag int, role string) EntryRef {
	e := c.entries[tag]
	if e == nil {
		return EntryRef{Index: tag, Role: role} // not reached: the jar names only exchanges kept
	}
	return e.rec.ref(p, role)
}

// chunkSeparator returns what separates a chunk's index from the whole
// name: "." (NextAuth, Auth.js, nextjs-auth0 v3, Supabase), "__"
// (nextjs-auth0 v4), "_" (oauth2-proxy) or "C" (ASP.NET Core).
func chunkSeparator(whole string, ch sessionPart) string {
	digits := strconv.Itoa(ch.index)
	if len(ch.name) < len(whole)+len(digits) {
		return ""
	}
	return ch.name[len(whole) : len(ch.name)-len(digits)]
}

// joinsAllChunks reports whether the library's reader joins the unchunked
// cookie with the chunks instead of preferring it: NextAuth v4 and Auth.js
// take every cookie whose name starts with the session-cookie name
// (nextauthjs/next-auth packages/core/src/lib/utils/cookie.ts SessionStore;
// packages/next-auth/src/core/lib/cookie.ts in v4).
func joinsAllChunks(lib auth.Library) bool {
	return lib == auth.LibraryAuthJSV5 || lib == auth.LibraryNextAuthV4
}

func partNames(ps []sessionPart) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.name
	}
	return out
}

// indexList renders the chunk indexes sent: "0, 2".
func indexList(cs []sessionPart) string {
	var s []string
	for _, c := range cs {
		s = append(s, strconv.Itoa(c.index))
	}
	return strings.Join(s, ", ")
}

// missingChunks names the chunk indexes below the highest one sent that
// cs (sorted by index) lacks: "chunk 1", "chunks 0, 2".
func missingChunks(cs []sessionPart) string {
	var miss []string
	next := 0
	for _, c := range cs {
		for ; next < c.index; next++ {
			miss = append(miss, strconv.Itoa(next))
		}
		next = c.index + 1
	}
	if len(miss) == 1 {
		return "chunk " + miss[0]
	}
	return "chunks " + strings.Join(miss, ", ")
}

// chunkConsequence says how the library involved reads such chunks.
func chunkConsequence(lib auth.Library) string {
	switch lib {
	case auth.LibraryNextjsAuth0V4:
		// auth0/nextjs-auth0 src/server/cookies.ts getChunkedCookie. A
		// join that fails to decrypt is no session since 4.14.1 (#2487,
		// 46094859: ERR_JWE_DECRYPTION_FAILED), one that is not a
		// well-formed JWE since 4.16.2 (#2546, 9c2b76ce: ERR_JWE_INVALID;
		// @v4.16.2 src/server/cookies.ts:70-72).
		return "nextjs-auth0 v4 reads the unchunked `__session` when present, else requires chunks `__session__0` to `__session__N` without gaps and otherwise treats the request as signed out (\"Incomplete chunked cookie\"); chunks of two tokens pass that check and are joined into a value that fails to decrypt, which nextjs-auth0 treats as no session since 4.14.1 (PR #2487), or as a malformed JWE, no session since 4.16.2 (PR #2546); earlier 4.x releases fail the request instead"
	case auth.LibraryNextjsAuth0V3:
		// auth0/nextjs-auth0 branch v3 src/auth0-session/session/stateless-session.ts getSession.
		return "nextjs-auth0 v3 reads the chunks only when `appSession.0` is present and joins every `appSession.<n>` in index order without checking for gaps, so the joined token fails to decrypt"
	case auth.LibraryAuthJSV5:
		// nextauthjs/next-auth packages/core/src/lib/utils/cookie.ts SessionStore.value;
		// packages/core/src/lib/actions/session.ts deletes the cookies when decoding fails.
		return "Auth.js joins every cookie whose name starts with the session-cookie name, sorted by the number after the last dot, so the token fails to decode and the session route deletes the session cookies: the user is signed out"
	case auth.LibraryNextAuthV4:
		// nextauthjs/next-auth@next-auth@4.24.15
		// packages/next-auth/src/core/lib/cookie.ts:168-176 SessionStore:
		// every cookie whose name starts with the session-cookie name,
		// sorted by the integer after the last "." since 4.23.0 (#8284,
		// 1fbc684f5 "fix: sort cookie chunks correctly"); before that in
		// Cookie-header order.
		return "NextAuth v4 joins every cookie whose name starts with the session-cookie name, sorted by the number after the last dot (since 4.23.0, #8284; earlier 4.x releases join them in Cookie-header order), so the token fails to decode and the user is signed out"
	case auth.LibrarySupabase:
		// supabase/ssr src/utils/chunker.ts combineChunks.
		return "@supabase/ssr reads the unchunked cookie when present, else chunks `.0`, `.1`, ... up to the first missing one, so the session is cut short or corrupted and cannot be parsed"
	}
	return "the library joins the chunks into a token that is cut short or corrupted and cannot read the session"
}

// chunkFix is the fix for broken chunks, for the library involved.
func chunkFix(lib auth.Library) Fix {
	switch lib {
	case auth.LibraryNextjsAuth0V4:
		return Fix{
			// setChunkedCookie deletes only the chunk indexes the request
			// carried beyond the new count (@v4.27.0
			// src/server/cookies.ts:269-275). PR #2782 (f34b4912), which
			// deletes __session__0 to __session__4 on every write, is on
			// branch fix/txn-accumulation and in no release up to v4.27.0.
			Message:   "keep the session under 3500 bytes so that it fits one `__session` cookie (drop unneeded data in `beforeSessionSaved`, or use a stateful session store): up to 4.27.0 setChunkedCookie deletes only the chunks the request carried, so a write that needs fewer chunks leaves stale `__session__N` chunks behind in browsers that did not send them (PR #2782, unreleased as of 4.27.0, deletes `__session__0` to `__session__4` on every write)",
			Library:   lib.String(),
			Reference: "https://github.com/auth0/nextjs-auth0/pull/2782",
		}
	case auth.LibraryNextjsAuth0V3:
		return Fix{
			Message:   "keep the session small enough for one `appSession` cookie (`session.storeIDToken: false`, fewer claims kept in `afterCallback`), or keep it server-side with a custom session `store`; setSession deletes only the chunks the request carried",
			Library:   lib.String(),
			Reference: "https://github.com/auth0/nextjs-auth0/blob/v3/src/auth0-session/session/stateless-session.ts",
		}
	case auth.LibraryAuthJSV5, auth.LibraryNextAuthV4:
		return Fix{
			Message:   "keep the session JWT small enough for one cookie (return only the fields you need from the `jwt` callback, or use the database session strategy): SessionStore.chunk deletes only the chunks the request carried, so overlapping writes leave stale chunks behind",
			Library:   lib.String(),
			Reference: "https://github.com/nextauthjs/next-auth/blob/main/packages/core/src/lib/utils/cookie.ts",
		}
	case auth.LibrarySupabase:
		return Fix{
			Message:   "make sure the cookie adapter's `setAll` applies every cookie @supabase/ssr passes it, deletions of unused chunks included, on the same response",
			Library:   lib.String(),
			Reference: "https://github.com/supabase/ssr/blob/main/src/utils/chunker.ts",
		}
	}
	return Fix{
		Message: "write every chunk of the session in the same response, delete every chunk index a smaller value no longer uses, and keep the session small enough for one cookie where possible",
		Library: libraryName(lib),
	}
}
