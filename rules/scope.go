package rules

import (
	"hash/maphash"
	"net/url"
	"slices"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// Bounds on what the scope keeps, so memory does not grow with the input.
const (
	maxScopeSites   = 256
	maxScopeSession = 4096
)

// scope decides, from the HAR alone, which sites are the app and its login:
// the sites of its pages and top-level navigations (and the redirects they
// follow), the identity providers the sign-in visits (authorization
// requests), and hosts that receive an Authorization header or a session
// value the app's own sites set or received. A page load talks to dozens of
// other sites (ads, trackers, analytics); findings about them are left out
// of the report by default.
type scope struct {
	seed  maphash.Seed
	sites map[string]bool
	// counts are the entries per site, in the order first seen: when
	// nothing else names the app, the site with the most entries is it.
	counts map[string]int
	order  []string
	// redirects are the targets of redirects answering navigations: the
	// request that follows one is a navigation too.
	redirects map[string]bool
	// sessions are hashes of session cookie values seen on in-scope
	// exchanges.
	sessions map[uint64]bool
	// pages are the pagerefs seen so far: without Fetch Metadata, the first
	// request of a page is its navigation.
	pages map[string]bool
	// signals counts the exchanges that named a site (navigations,
	// authorization requests); with none, the first entry's site decides.
	signals int
}

func newScope() *scope {
	return &scope{seed: maphash.MakeSeed(), sites: map[string]bool{}, redirects: map[string]bool{}, sessions: map[uint64]bool{}, pages: map[string]bool{}, counts: map[string]int{}}
}

func (s *scope) add(host string) {
	site := siteOf(host)
	if site == "" || s.sites[site] || len(s.sites) >= maxScopeSites {
		return
	}
	s.sites[site] = true
}

func (s *scope) hash(v string) uint64 { return maphash.String(s.seed, v) }

// addPages takes the sites of the HAR's page titles that are URLs (Chrome,
// Firefox and chrome-har write the page's URL there).
func (s *scope) addPages(pages []har.Page) {
	for _, p := range pages {
		if u, err := url.Parse(p.Title); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			s.add(u.Hostname())
			s.signals++
		}
	}
}

// observe reads one exchange for the sites it shows to be the app's.
func (s *scope) observe(x *Exchange) {
	host := x.Host()
	if host == "" {
		return
	}
	site := siteOf(host)
	if _, ok := s.counts[site]; ok || len(s.counts) < maxScopeSites {
		if !ok {
			s.order = append(s.order, site)
		}
		s.counts[site]++
	}
	nav := navigation(x) || len(s.redirects) > 0 && s.redirects[x.Request.URL]
	if x.Pageref != "" && !s.pages[x.Pageref] && len(s.pages) < maxScopeSites {
		s.pages[x.Pageref] = true
		nav = nav || !x.Request.Headers.Has("Sec-Fetch-Mode")
	}
	if nav {
		delete(s.redirects, x.Request.URL)
		s.add(host)
		s.signals++
		if loc := x.ResponseHeader("Location"); loc != "" && x.Status() >= 300 && x.Status() < 400 && len(s.redirects) < maxScopeSites {
			if u, err := x.URL.Parse(loc); err == nil {
				s.redirects[u.String()] = true
			}
		}
	}
	if auth.LooksLikeAuthorizationRequest(x.URL) || x.Route.Kind == auth.RouteAuthorize {
		// An identity provider of the app: the sign-in navigates to it, or
		// it sends the browser back to an app site. (Widgets ping their own
		// providers with redirect_uri on their own sites: Facebook's SDK.)
		ru, err := url.Parse(x.URL.Query().Get("redirect_uri"))
		if nav || s.returnsToApp(x) {
			s.add(host)
			s.signals++
			if err == nil && ru.Hostname() != "" {
				s.add(ru.Hostname())
			}
		}
	}
	if x.Authorization != "" {
		s.add(host)
	}
	in := s.sites[site] || s.signals == 0 && site == s.busiest()
	for _, c := range x.Cookies {
		if !c.Session() {
			continue
		}
		k := s.hash(c.Name + "=" + c.Value)
		switch {
		case in && len(s.sessions) < maxScopeSession:
			s.sessions[k] = true
		case !in && s.sessions[k]:
			s.add(host) // receives the app's session
		}
	}
}

// returnsToApp reports whether x is an authorization request whose
// redirect_uri is on a site already known to be the app's.
func (s *scope) returnsToApp(x *Exchange) bool {
	if x.URL == nil {
		return false
	}
	ru, err := url.Parse(x.URL.Query().Get("redirect_uri"))
	return err == nil && ru.Hostname() != "" && s.sites[siteOf(ru.Hostname())]
}

// navigation reports whether Fetch Metadata marks x as a top-level
// navigation: Sec-Fetch-Mode: navigate with Sec-Fetch-Dest: document (frames,
// where ads live, are "iframe"). Requests from browsers that send no Fetch
// Metadata count when they open a page (see observe).
func navigation(x *Exchange) bool {
	h := x.Request.Headers
	return strings.EqualFold(h.Get("Sec-Fetch-Mode"), "navigate") && strings.EqualFold(h.Get("Sec-Fetch-Dest"), "document")
}

// inScope reports whether a finding concerns the app: one of its entries is
// on an app site, or it quotes a Referer from one (a page of the app that
// hands its URL to another host).
func (s *scope) inScope(f Finding) bool {
	if len(f.Entries) == 0 {
		return true
	}
	for _, e := range f.Entries {
		if s.appURL(e.URL) {
			return true
		}
	}
	for _, ev := range f.Evidence {
		if ev.Where == "request header" && ev.Name == "referer" && s.appURL(ev.Value) {
			return true
		}
	}
	return false
}

// appURL reports whether raw is a URL on an app site; a URL that does not
// parse counts, so that nothing is left out on a guess.
func (s *scope) appURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	return s.sites[siteOf(u.Hostname())]
}

// busiest returns the site with the most entries (the first seen on a tie).
func (s *scope) busiest() string {
	best := ""
	for _, site := range s.order {
		if s.counts[site] > s.counts[best] {
			best = site
		}
	}
	return best
}

// settle fixes the app's sites once the input is read: with no navigation
// or sign-in to go by (a proxy capture of API calls, an old exporter), the
// site with the most entries is the app.
func (s *scope) settle() {
	if s.signals == 0 || len(s.sites) == 0 {
		clear(s.sites)
		if site := s.busiest(); site != "" {
			s.sites[site] = true
		}
	}
}

// LeftOut counts the findings a report leaves out because they concern
// other sites than the app's (Options.IncludeThirdParty brings them back).
type LeftOut struct {
	// Findings is the number of findings left out, Responses the number of
	// distinct entries they were about, Sites the number of sites.
	Findings  int `json:"findings"`
	Responses int `json:"responses"`
	Sites     int `json:"sites"`
}

// apply keeps the findings about the app and counts the rest: findings,
// the responses they stand for (their occurrences) and the sites.
func (s *scope) apply(findings []Finding) ([]Finding, *LeftOut) {
	var kept []Finding
	var out LeftOut
	sites := map[string]bool{}
	for _, f := range findings {
		if s.inScope(f) {
			kept = append(kept, f)
			continue
		}
		out.Findings++
		out.Responses += max(f.Occurrences, 1)
		for _, e := range f.Entries {
			if u, err := url.Parse(e.URL); err == nil {
				sites[siteOf(u.Hostname())] = true
			}
		}
	}
	if out.Findings == 0 {
		return findings, nil
	}
	out.Sites = len(sites)
	return kept, &out
}

// appSites returns the sites judged to be the app's, sorted.
func (s *scope) appSites() []string {
	out := make([]string, 0, len(s.sites))
	for site := range s.sites {
		out = append(out, site)
	}
	slices.Sort(out)
	return out
}
