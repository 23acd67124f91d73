package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
)

// Result is the outcome of one probe: the exchanges, recorded as HAR entries
// in the order they started, and what the probe observed beyond headers.
type Result struct {
	// Target is the probed URL (origin and base path).
	Target *url.URL
	// Started is when the first request started (UTC).
	Started time.Time
	// Version is authlint's version (the HAR creator's).
	Version string
	// Routes are the routes the site serves and the probe tested, in plan
	// order.
	Routes []Route
	// Absent lists the discovery and given routes the site does not serve,
	// as "path (status)"; their requests are not among the Exchanges.
	Absent []string
	// Exchanges are the recorded requests, by start time:
	// Exchanges[i].Entry.Index == i.
	Exchanges []*Exchange
	// Observations are what the probe proved by comparing responses: a
	// response replayed to another, unrelated request.
	Observations []Observation
	// Notes say what the probe could not do or did not do (requests not
	// sent, redirects not followed, steps skipped), sorted.
	Notes []string
	// Requests counts the requests sent, discovery of absent routes
	// included.
	Requests int
}

// Name is the input name of the probe's findings: "probe:" and the target.
func (r *Result) Name() string { return "probe:" + r.Target.String() }

// Entries returns the recorded entries in order.
func (r *Result) Entries() []*har.Entry {
	es := make([]*har.Entry, len(r.Exchanges))
	for i, x := range r.Exchanges {
		es[i] = x.Entry
	}
	return es
}

// Log returns the HAR metadata of the recording.
func (r *Result) Log() *har.Log {
	return &har.Log{
		Version: "1.2",
		Creator: har.Creator{Name: "authlint", Version: r.Version},
		Pages:   []har.Page{{ID: pageID, Title: "authlint probe " + r.Target.String(), Started: r.Started}},
		Comment: "recorded by authlint probe: GET requests only, see docs/probe.md",
	}
}

const pageID = "page_1"

// Errors returns the exchanges that got no response, in order.
func (r *Result) Errors() []*Exchange {
	var out []*Exchange
	for _, x := range r.Exchanges {
		if x.Err != nil {
			out = append(out, x)
		}
	}
	return out
}

// Reachable reports whether any request got a response.
func (r *Result) Reachable() bool {
	for _, x := range r.Exchanges {
		if x.Err == nil {
			return true
		}
	}
	return false
}

// planned is one route of the plan while the probe runs.
type planned struct {
	route Route
	u     *url.URL // the route's URL, without plan parameters
	given bool
	first *Exchange // the phase-1 request (discovery or first callback)
}

// prober is the state of one Run.
type prober struct {
	cfg    Config
	target *url.URL
	c      *client

	mu        sync.Mutex
	exchanges []*Exchange
	notes     []string
}

// Run probes one site with the fixed plan of docs/probe.md and returns what
// it recorded and observed. It returns an error for an invalid Config, and
// an *UnreachableError (with the Result) when no request got a response.
// Failures of single requests are in the Result, never an error.
//
// Phase 1 sends one GET to every discovery candidate and given route
// (callback routes get the dummy code and state); phase 2 runs the rest of
// the plan of every route the site serves, routes in parallel, the steps of
// a route in order.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	target, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.Deadline)
	defer cancel()
	p := &prober{cfg: cfg, target: target, c: newClient(cfg, target)}
	defer p.c.close()
	res := &Result{Target: target, Version: cfg.Version}

	plan := p.candidates()
	p.phase1(ctx, plan)
	var routes []*planned
	for _, pl := range plan {
		x := pl.first
		switch {
		case x == nil || x.Err != nil:
			// Not sent, or failed: the exchange (if any) is recorded.
		case pl.given && givenPresent(x.Entry), !pl.given && present(x.Entry):
			p.record(x)
			routes = append(routes, pl)
		default:
			res.Absent = append(res.Absent, fmt.Sprintf("%s (%d)", pl.route.Path, x.Entry.Response.Status))
			if pl.given {
				p.note(fmt.Sprintf("%s answered %d: not probed further", pl.route.Path, x.Entry.Response.Status))
			}
		}
		if x != nil && x.Err != nil {
			p.record(x)
		}
	}
	routes = append(routes, p.callbacks(routes)...)
	if len(routes) == 0 && len(p.exchanges) == 0 && len(res.Absent) > 0 {
		p.note("the site serves none of the routes discovery looks for (" + strings.Join(res.Absent, ", ") + "); name its auth routes with --route")
	}
	p.phase2(ctx, routes)

	for _, pl := range routes {
		res.Routes = append(res.Routes, pl.route)
	}
	if n := p.c.notSent; n > 0 {
		p.note(fmt.Sprintf("%d planned %s not sent: %s", n, plural(n, "request was", "requests were"), p.c.whyNot))
	}
	slices.SortStableFunc(p.exchanges, func(a, b *Exchange) int {
		if c := a.Entry.Started.Compare(b.Entry.Started); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	for i, x := range p.exchanges {
		x.Entry.Index = i
		x.Entry.Pageref = pageID
	}
	res.Exchanges = p.exchanges
	if len(res.Exchanges) > 0 {
		res.Started = res.Exchanges[0].Entry.Started
	}
	res.Requests = p.c.sent
	res.Observations = observe(res.Exchanges, cfg.Catalog)
	for _, x := range res.Exchanges {
		if x.Step != StepSession || x.Entry.Aborted() {
			continue
		}
		if st := httpcache.Served(x.Entry.Response.Headers); st.State.FromCache() {
			hint := "run with --bust to test with a fresh cache key"
			if cfg.Bust {
				hint = "the cache seems to ignore the query string, so --bust does not give a fresh cache key"
			}
			p.note(fmt.Sprintf("the request with the session to %s was answered from the cache (%s: %q), so it cannot show whether the session's response is stored: %s", x.Route, st.Header, st.Value, hint))
		}
	}
	sort.Strings(p.notes)
	res.Notes = slices.Compact(p.notes)
	if len(res.Exchanges) > 0 && !res.Reachable() {
		return res, &UnreachableError{Target: origin(target), Err: res.Exchanges[0].Err}
	}
	return res, nil
}

// candidates returns the routes of phase 1: discovery candidates under the
// base path (unless discovery is off), then the given routes, without
// duplicates.
func (p *prober) candidates() []*planned {
	var plan []*planned
	seen := map[string]bool{}
	add := func(pl *planned) {
		k := pl.u.RequestURI()
		if seen[k] {
			return
		}
		seen[k] = true
		plan = append(plan, pl)
	}
	if !p.cfg.NoDiscovery {
		for _, c := range discoveryCandidates {
			u := *p.target
			u.Path = p.target.Path + c.path
			add(&planned{route: Route{Path: u.Path, Kind: c.kind, Library: c.lib, Source: "discovered"}, u: &u})
		}
	}
	for _, r := range p.cfg.Routes {
		u, err := routeURL(p.target, r)
		if err != nil {
			continue // validate refused it already
		}
		rt, _ := p.cfg.Catalog.Route("GET", u)
		add(&planned{route: Route{Path: u.RequestURI(), Kind: rt.Kind, Library: rt.Library, Source: "given"}, u: u, given: true})
	}
	return plan
}

// phase1 sends the first request of every candidate, in parallel within
// the limits.
func (p *prober) phase1(ctx context.Context, plan []*planned) {
	var wg sync.WaitGroup
	for _, pl := range plan {
		wg.Go(func() {
			if pl.route.Kind == auth.RouteCallback {
				pl.first = p.sendOne(ctx, pl, StepCallback1, p.callbackURL(pl.u), credentials{})
			} else {
				pl.first = p.sendOne(ctx, pl, StepAnonymous1, p.bust(pl.u), credentials{})
			}
		})
	}
	wg.Wait()
}

// callbacks returns the callback routes to probe, from what phase 1 found:
// the first OAuth provider's callback listed by NextAuth's providers route,
// and the nextjs-auth0 callback when that library answered.
func (p *prober) callbacks(found []*planned) []*planned {
	var out []*planned
	have := map[string]bool{}
	for _, pl := range found {
		have[pl.u.Path] = true
	}
	add := func(path string, lib auth.Library, source string) {
		if have[path] {
			return
		}
		have[path] = true
		u := *p.target
		u.Path = path
		out = append(out, &planned{route: Route{Path: path, Kind: auth.RouteCallback, Library: lib, Source: source}, u: &u})
	}
	base := p.target.Path
	for _, pl := range found {
		if pl.given {
			continue
		}
		switch pl.route.Path {
		case base + "/api/auth/providers":
			if path := oauthCallback(pl.first.Entry); path != "" {
				add(path, auth.LibraryNextAuthV4, "providers")
			} else {
				p.note("NextAuth lists no OAuth or OIDC provider: its callback route was not probed")
			}
		case base + "/api/auth/me":
			add(base+auth0V3Callback, auth.LibraryNextjsAuth0V3, "discovered")
		case base + "/auth/profile", base + "/auth/access-token":
			add(base+auth0V4Callback, auth.LibraryNextjsAuth0V4, "discovered")
		}
	}
	return out
}

// phase2 runs the rest of every route's plan: routes in parallel, steps of a
// route in order.
func (p *prober) phase2(ctx context.Context, routes []*planned) {
	var wg sync.WaitGroup
	for _, pl := range routes {
		wg.Go(func() { p.runRoute(ctx, pl) })
	}
	wg.Wait()
}

// runRoute sends a route's remaining steps.
func (p *prober) runRoute(ctx context.Context, pl *planned) {
	if pl.route.Kind == auth.RouteCallback {
		cb := p.callbackURL(pl.u)
		if pl.first == nil {
			x := p.sendOne(ctx, pl, StepCallback1, cb, credentials{})
			if x == nil {
				return
			}
			p.record(x)
		} else {
			cb = urlOf(pl.first)
		}
		if x := p.sendOne(ctx, pl, StepCallback2, cb, credentials{}); x != nil {
			p.record(x)
		}
		return
	}
	x := p.sendOne(ctx, pl, StepAnonymous2, urlOf(pl.first), credentials{})
	if x == nil {
		return
	}
	p.record(x)
	if !p.cfg.signedIn() || !sessionAllowed(pl.route.Kind) {
		return
	}
	u := p.bust(pl.u)
	session := CookieHeader(p.cfg.Session, u)
	if session == "" && !p.cfg.hasAuthorization() {
		p.note(fmt.Sprintf("no cookie of the session applies to %s (domain, path or secure): its session steps were skipped", pl.route.Path))
		return
	}
	x = p.sendOne(ctx, pl, StepSession, u, credentials{cookie: session, signedIn: true})
	if x == nil {
		return
	}
	p.record(x)
	if x := p.sendOne(ctx, pl, StepAfterSession, u, credentials{}); x != nil {
		p.record(x)
	}
}

// sendOne sends one step and, when asked, follows its on-origin redirects
// (recording the hops). It returns the step's exchange, or nil when the
// request was not sent.
func (p *prober) sendOne(ctx context.Context, pl *planned, st Step, u *url.URL, creds credentials) *Exchange {
	x, err := p.c.send(ctx, u, pl.route.Path, st, creds)
	if err != nil {
		return nil
	}
	if pl.given || st != StepAnonymous1 {
		// A discovery request is never followed: a redirect means the
		// route is absent.
		p.follow(ctx, pl, x, creds)
	}
	return x
}

// follow records the on-origin redirects of x when Config.FollowRedirects
// is set, and notes a redirect to another origin.
func (p *prober) follow(ctx context.Context, pl *planned, x *Exchange, creds credentials) {
	for hop := 0; x != nil && hop < MaxRedirects; hop++ {
		e := x.Entry
		if e.Aborted() || e.Response.Status < 300 || e.Response.Status > 399 || e.Response.RedirectURL == "" {
			return
		}
		from, _ := url.Parse(e.Request.URL)
		loc, err := from.Parse(e.Response.RedirectURL)
		if err != nil {
			return
		}
		if !sameOrigin(loc, p.target) {
			if p.cfg.FollowRedirects {
				p.note(fmt.Sprintf("%s redirects to %s: not followed, only %s is probed", pl.route.Path, origin(loc), origin(p.target)))
			}
			return
		}
		if !p.cfg.FollowRedirects {
			return
		}
		if rt, ok := p.cfg.Catalog.Route("GET", loc); creds.signedIn && ok && !sessionAllowed(rt.Kind) {
			creds = credentials{} // never carry the session into a login, callback or logout route
		}
		next, err := p.c.send(ctx, loc, pl.route.Path, StepRedirect, creds)
		if err != nil {
			return
		}
		p.record(next)
		x = next
	}
}

// record keeps an exchange.
func (p *prober) record(x *Exchange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exchanges = append(p.exchanges, x)
}

// note keeps a note for the Result.
func (p *prober) note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notes = append(p.notes, s)
}

// bust returns u with a fresh cache-busting parameter when Config.Bust is
// set, else u. Each pair of requests gets its own value, so that each pair
// starts with a cold cache key.
func (p *prober) bust(u *url.URL) *url.URL {
	if !p.cfg.Bust {
		return u
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return withQuery(u, BustParam, hex.EncodeToString(b[:]))
}

// callbackURL returns the callback route's URL with the dummy code and
// state (and a cache buster when asked).
func (p *prober) callbackURL(u *url.URL) *url.URL {
	return withQuery(p.bust(u), "code", DummyCode, "state", DummyState)
}

// urlOf returns the URL an exchange requested.
func urlOf(x *Exchange) *url.URL {
	u, _ := url.Parse(x.Entry.Request.URL)
	return u
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
