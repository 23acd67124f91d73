package jar

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
)

// Cookie is one cookie held by a [Jar].
type Cookie struct {
	Name, Value string
	// Domain is the host that set a host-only cookie, or the Domain
	// attribute of a domain cookie; lower-case, without a leading dot.
	Domain   string
	HostOnly bool
	Path     string
	Secure   bool
	HTTPOnly bool
	SameSite string
	// Persistent cookies expire at Expires; the others last for the
	// browsing session, which a replay never ends.
	Persistent bool
	Expires    time.Time
	// Created is when a cookie with this name, domain, host-only flag and
	// path was first stored; replacing it keeps the time (RFC 6265 §5.3
	// step 11.3). It orders cookies of equal path length in a Cookie header.
	Created time.Time
	// Updated is when the current value was stored.
	Updated time.Time
	// Source is the caller's tag of the response that stored the current
	// value (a HAR entry index in authlint).
	Source int
}

// Expired reports whether the cookie has expired at now.
func (c Cookie) Expired(now time.Time) bool {
	return c.Persistent && !c.Expires.After(now)
}

// Outcome says what a Set-Cookie line did to a jar.
type Outcome uint8

// Outcomes of [Jar.Set].
const (
	// Rejected: the browser ignores the line; Result.Reason says why.
	Rejected Outcome = iota
	// Created: the line stored a new cookie.
	Created
	// Replaced: the line replaced a cookie with the same name, domain,
	// host-only flag and path (Result.Old).
	Replaced
	// Deleted: the line had expired on arrival and removed the cookie it
	// names (Result.Old).
	Deleted
	// Unmatched: the line had expired on arrival and named no cookie held.
	Unmatched
)

var outcomeNames = [...]string{Rejected: "rejected", Created: "created", Replaced: "replaced", Deleted: "deleted", Unmatched: "unmatched"}

// String returns the outcome's lower-case name.
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result is what one Set-Cookie line did.
type Result struct {
	Outcome Outcome
	// Reason says why the line was rejected, in lower case.
	Reason string
	// Cookie is the cookie as stored (Created, Replaced), or the cookie the
	// line describes (Deleted, Unmatched: its key fields and Source).
	Cookie Cookie
	// Old is the cookie replaced or deleted (Replaced, Deleted).
	Old Cookie
}

// Stored reports whether the line stored a cookie.
func (r Result) Stored() bool { return r.Outcome == Created || r.Outcome == Replaced }

// Limits Chromium applies (net/cookies/cookie_monster.cc): when a domain
// holds more than 180 cookies it evicts down to 150, and when the jar holds
// more than 3300 it evicts down to 3000, least recently used first.
// Chromium counts per registrable domain (eTLD+1); the jar counts per
// cookie domain, which evicts later, never sooner.
const (
	MaxCookiesPerDomain   = 180
	PurgeCookiesPerDomain = 30
	MaxCookies            = 3300
	PurgeCookies          = 300
)

type key struct {
	name, domain, path string
	hostOnly           bool
}

type entry struct {
	Cookie
	seq      uint64    // creation order, for ties in Created
	accessed time.Time // last time the cookie was sent or written
}

// A Jar stores cookies as a browser does. The zero value is not usable;
// call [New]. A Jar is not safe for concurrent use.
type Jar struct {
	cookies  map[key]*entry
	byDomain map[string][]*entry
	seq      uint64
}

// New returns an empty jar.
func New() *Jar {
	return &Jar{cookies: map[key]*entry{}, byDomain: map[string][]*entry{}}
}

// Len returns the number of cookies held, expired ones included until they
// are next looked at.
func (j *Jar) Len() int { return len(j.cookies) }

// Set stores the Set-Cookie line sc, received at now in the response to a
// request for reqURL; source tags the response (see [Cookie.Source]).
func (j *Jar) Set(now time.Time, reqURL *url.URL, sc cookie.SetCookie, source int) Result {
	return j.SetLine(now, reqURL, NewLine(sc, reqURL), source)
}

// SetLine is [Jar.Set] for a [Line], which may carry an ID in place of the
// value. It follows RFC 6265 §5.3 with the 6265bis changes listed in the
// package documentation.
func (j *Jar) SetLine(now time.Time, reqURL *url.URL, l Line, source int) Result {
	c := Cookie{Name: l.Name, Value: l.Value, Path: l.Path, Secure: l.Secure, HTTPOnly: l.HTTPOnly, SameSite: l.SameSite, Source: source}
	reject := func(format string, args ...any) Result {
		return Result{Outcome: Rejected, Reason: fmt.Sprintf(format, args...), Cookie: c}
	}
	if reqURL == nil {
		return reject("request URL unknown")
	}
	host := canonicalHost(reqURL)
	if host == "" {
		return reject("request URL has no host")
	}
	if l.Name == "" && l.Value == "" {
		return reject("cookie has neither name nor value")
	}
	if l.Size > cookie.MaxNameValueSize {
		return reject("name and value are %d bytes, over the %d-byte limit", l.Size, cookie.MaxNameValueSize)
	}
	secureOrigin := cookie.IsSecureOrigin(reqURL)
	if l.Secure && !secureOrigin {
		return reject("Secure cookie set by an insecure origin %q", origin(reqURL))
	}
	// Chromium net/cookies/cookie_util.cc GetCookieDomainWithString, with
	// the Public Suffix List (see cookie.DomainError).
	if why, hostOnly := cookie.DomainError(host, l.Domain); why != "" {
		return reject("%s", why)
	} else if hostOnly {
		c.Domain, c.HostOnly = host, true
	} else {
		c.Domain = strings.TrimSuffix(strings.TrimPrefix(l.Domain, "."), ".")
	}
	if c.Path == "" {
		c.Path = cookie.DefaultPath(reqURL.EscapedPath())
	}
	if l.PrefixError != "" {
		return reject("%s", l.PrefixError)
	}
	if l.SameSite == "None" && !l.Secure {
		// 6265bis §5.7 ("SameSite=None" requires Secure); Chromium since
		// version 80 rejects the cookie.
		return reject("SameSite=None without Secure")
	}
	if !l.Secure && !secureOrigin && j.shadowsSecure(c) {
		// 6265bis "leave secure cookies alone".
		return reject("insecure origin %q would overwrite a Secure cookie", origin(reqURL))
	}
	c.Expires, c.Persistent = l.expiry(now)
	k := key{c.Name, c.Domain, c.Path, c.HostOnly}
	old := j.cookies[k]
	if c.Expired(now) {
		if old == nil {
			return Result{Outcome: Unmatched, Cookie: c}
		}
		j.remove(old)
		return Result{Outcome: Deleted, Cookie: c, Old: old.Cookie}
	}
	c.Created, c.Updated = now, now
	res := Result{Outcome: Created, Cookie: c}
	if old != nil {
		c.Created = old.Created
		res = Result{Outcome: Replaced, Cookie: c, Old: old.Cookie}
		old.Cookie, old.accessed = c, now
		return res
	}
	j.seq++
	e := &entry{Cookie: c, seq: j.seq, accessed: now}
	j.cookies[k] = e
	j.byDomain[c.Domain] = append(j.byDomain[c.Domain], e)
	j.evict(now, c.Domain)
	return res
}

// shadowsSecure reports whether the jar holds a Secure cookie of the same
// name whose domain and the new cookie's domain match one another and whose
// path the new cookie's path matches (6265bis §5.7 step 16).
func (j *Jar) shadowsSecure(c Cookie) bool {
	for _, e := range j.cookies {
		if !e.Secure || e.Name != c.Name {
			continue
		}
		if (cookie.DomainMatch(c.Domain, e.Domain) || cookie.DomainMatch(e.Domain, c.Domain)) && cookie.PathMatch(c.Path, e.Path) {
			return true
		}
	}
	return false
}

// Get returns the cookies a browser sends with a request for u at now, in
// the order of RFC 6265 §5.4 (longer paths first, then earlier creation),
// and records the access for eviction. Expired cookies are dropped.
// SameSite is not enforced: every request is taken as same-site.
func (j *Jar) Get(now time.Time, u *url.URL) []Cookie {
	return j.get(now, u, true)
}

// Peek is [Jar.Get] without recording the access.
func (j *Jar) Peek(now time.Time, u *url.URL) []Cookie {
	return j.get(now, u, false)
}

func (j *Jar) get(now time.Time, u *url.URL, touch bool) []Cookie {
	if u == nil {
		return nil
	}
	host := canonicalHost(u)
	if host == "" {
		return nil
	}
	path := u.EscapedPath()
	secure := cookie.IsSecureOrigin(u)
	var found []*entry
	for d := host; d != ""; d = parentDomain(d) {
		list := j.byDomain[d]
		for i := 0; i < len(list); i++ {
			e := list[i]
			if e.Expired(now) {
				j.remove(e)
				list = j.byDomain[d]
				i--
				continue
			}
			if e.HostOnly && e.Domain != host || !e.HostOnly && !cookie.DomainMatch(host, e.Domain) {
				continue
			}
			if !cookie.PathMatch(path, e.Path) || e.Secure && !secure {
				continue
			}
			found = append(found, e)
		}
		if isIPHost(host) {
			break // an IP address has no parent domains
		}
	}
	slices.SortFunc(found, func(a, b *entry) int {
		if c := cmp.Compare(len(b.Path), len(a.Path)); c != 0 {
			return c
		}
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out := make([]Cookie, len(found))
	for i, e := range found {
		out[i] = e.Cookie
		if touch {
			e.accessed = now
		}
	}
	return out
}

// All returns every cookie held and not expired at now, ordered by domain,
// path, name and host-only flag (host-only first).
func (j *Jar) All(now time.Time) []Cookie {
	var out []Cookie
	for _, e := range j.cookies {
		if !e.Expired(now) {
			out = append(out, e.Cookie)
		}
	}
	slices.SortFunc(out, func(a, b Cookie) int {
		return cmp.Or(strings.Compare(a.Domain, b.Domain), strings.Compare(a.Path, b.Path),
			strings.Compare(a.Name, b.Name), compareBool(b.HostOnly, a.HostOnly))
	})
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// remove deletes e from both indexes.
func (j *Jar) remove(e *entry) {
	delete(j.cookies, key{e.Name, e.Domain, e.Path, e.HostOnly})
	list := j.byDomain[e.Domain]
	if i := slices.Index(list, e); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(j.byDomain, e.Domain)
	} else {
		j.byDomain[e.Domain] = list
	}
}

// evict applies the cookie limits after a cookie was added to domain.
func (j *Jar) evict(now time.Time, domain string) {
	if list := j.byDomain[domain]; len(list) > MaxCookiesPerDomain {
		j.purge(now, slices.Clone(list), MaxCookiesPerDomain-PurgeCookiesPerDomain)
	}
	if len(j.cookies) > MaxCookies {
		all := make([]*entry, 0, len(j.cookies))
		for _, e := range j.cookies {
			all = append(all, e)
		}
		j.purge(now, all, MaxCookies-PurgeCookies)
	}
}

// purge removes expired cookies of list, then the least recently used,
// until at most keep of them remain.
func (j *Jar) purge(now time.Time, list []*entry, keep int) {
	live := list[:0]
	for _, e := range list {
		if e.Expired(now) {
			j.remove(e)
		} else {
			live = append(live, e)
		}
	}
	if len(live) <= keep {
		return
	}
	slices.SortFunc(live, func(a, b *entry) int {
		return cmp.Or(a.accessed.Compare(b.accessed), cmp.Compare(a.seq, b.seq))
	})
	for _, e := range live[:len(live)-keep] {
		j.remove(e)
	}
}

// canonicalHost returns the host of u, lower-case, without port, brackets
// or a trailing dot.
func canonicalHost(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// parentDomain returns d without its first label, "" for a single label.
func parentDomain(d string) string {
	_, rest, ok := strings.Cut(d, ".")
	if !ok {
		return ""
	}
	return rest
}

func isIPHost(h string) bool {
	return strings.Contains(h, ":") || strings.Trim(h, "0123456789.") == ""
}

// origin returns scheme://host[:port] of u.
func origin(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}
