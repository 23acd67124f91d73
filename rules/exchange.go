package rules

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
)

// An Exchange is one HAR entry plus the facts every rule needs, derived once.
// Rules read it and must not modify it. It is valid only during the Visit or
// Check call that received it.
type Exchange struct {
	*har.Entry

	// URL is the parsed request URL; nil when it does not parse.
	URL *url.URL
	// Route is the auth route the request hit; Route.Kind is auth.RouteUnknown
	// when the path is not an auth route.
	Route auth.Route
	// Cookies are the cookies the request sent, from its Cookie header(s).
	Cookies []RequestCookie
	// SetCookies are the cookies the response set, from its Set-Cookie
	// header(s), in order.
	SetCookies []SetCookie
	// Authorization is the request's Authorization header value, if any.
	Authorization string
	// Served says whether a cache answered the request, from vendor signals.
	Served httpcache.Status
	// Vendor is the CDN or cache that handled the response, when known.
	Vendor httpcache.Vendor
	// Storage is whether a shared cache may store the response (RFC 9111,
	// with the vendor's CDN-targeted fields).
	Storage httpcache.Decision
	// Static is true for static assets (scripts, styles, images, fonts,
	// hashed immutable paths).
	Static bool
	// CookiesFromHAR and SetCookiesFromHAR say that the request had no
	// Cookie header or the response no Set-Cookie header, and Cookies or
	// SetCookies were read from the HAR's cookies arrays instead (see
	// harCookieLimits for what those arrays cannot show).
	CookiesFromHAR, SetCookiesFromHAR bool

	// callbacks memoise IsOIDCCallback for up to two catalogs (the run's
	// and the default one).
	cat       *auth.Catalog // the catalog Route came from
	callbacks [2]struct {
		cat *auth.Catalog
		is  bool
	}
	// sessions memoises Sessions once sessionsDone.
	sessions     []SessionCookie
	sessionsDone bool
	// setSessions memoises setSessions(x) once setSessionsDone.
	setSessions     []setSession
	setSessionsDone bool
}

// RequestCookie is one cookie of a request's Cookie header.
type RequestCookie struct {
	Name, Value string
	// Info classifies the cookie; Known is false for cookies no auth
	// library or config claims.
	Info  auth.CookieInfo
	Known bool
	// FromHAR is set when the cookie comes from the HAR's request.cookies
	// array, not from a Cookie header.
	FromHAR bool
}

// SetCookie is one Set-Cookie line of a response.
type SetCookie struct {
	cookie.SetCookie
	Info  auth.CookieInfo
	Known bool
	// Line is the raw Set-Cookie line; for a cookie from the HAR's
	// response.cookies array (FromHAR), a line rebuilt from its fields.
	Line string
	// Err is set when the line is not a cookie a browser would store.
	Err error
	// FromHAR is set when the cookie comes from the HAR's response.cookies
	// array, not from a Set-Cookie header: attributes the array has no field
	// for (Max-Age, SameSite with most exporters, Partitioned) are missing.
	FromHAR bool
}

// Session reports whether the request cookie is a session cookie.
func (c RequestCookie) Session() bool { return c.Known && c.Info.Kind == auth.CookieSession }

// Session reports whether the Set-Cookie line sets a session cookie.
func (c SetCookie) Session() bool { return c.Known && c.Info.Kind == auth.CookieSession }

// newExchange derives the shared facts of e.
func newExchange(e *har.Entry, cat *auth.Catalog) *Exchange {
	x := &Exchange{Entry: e, cat: cat}
	if u, err := url.Parse(e.Request.URL); err == nil {
		x.URL = u
		x.Route, _ = cat.Route(e.Request.Method, u)
	}
	for _, v := range e.Request.Headers.Values("Cookie") {
		ps := cookie.ParseCookieHeader(v)
		x.Cookies = slices.Grow(x.Cookies, len(ps)) // one allocation, not one per doubling
		for _, p := range ps {
			info, ok := cat.ClassifyCookie(p.Name, p.Value)
			x.Cookies = append(x.Cookies, RequestCookie{Name: p.Name, Value: p.Value, Info: info, Known: ok})
		}
	}
	if len(x.Cookies) == 0 && !e.Request.Headers.Has("Cookie") && e.FromCache == "" {
		// No Cookie header, but the exporter filled request.cookies: use
		// it (a browser-cache hit sent nothing, whatever the array says).
		for _, c := range e.Request.Cookies {
			if c.Name == "" {
				continue
			}
			info, ok := cat.ClassifyCookie(c.Name, c.Value)
			x.Cookies = append(x.Cookies, RequestCookie{Name: c.Name, Value: c.Value, Info: info, Known: ok, FromHAR: true})
			x.CookiesFromHAR = true
		}
	}
	for _, i := range sessionPairs(len(x.Cookies), func(i int) (string, string, bool) {
		return x.Cookies[i].Name, x.Cookies[i].Value, x.Cookies[i].Known
	}) {
		x.Cookies[i].Info.Kind, x.Cookies[i].Info.Library, x.Cookies[i].Known = auth.CookieSession, auth.LibraryGeneric, true
	}
	x.Authorization = e.Request.Headers.Get("Authorization")
	contentType := ""
	if e.Response != nil {
		h := e.Response.Headers
		lines := cookie.SplitSetCookie(h.Values("Set-Cookie"))
		x.SetCookies = slices.Grow(x.SetCookies, len(lines))
		for _, line := range lines {
			sc, err := cookie.ParseSetCookie(line)
			info, ok := cat.ClassifyCookie(sc.Name, sc.Value)
			x.SetCookies = append(x.SetCookies, SetCookie{SetCookie: sc, Info: info, Known: ok, Line: line, Err: err})
		}
		if len(x.SetCookies) == 0 && !h.Has("Set-Cookie") && e.FromCache == "" {
			for _, c := range e.Response.Cookies {
				if c.Name == "" {
					continue
				}
				line := harSetCookieLine(c)
				sc, err := cookie.ParseSetCookie(line)
				info, ok := cat.ClassifyCookie(sc.Name, sc.Value)
				x.SetCookies = append(x.SetCookies, SetCookie{SetCookie: sc, Info: info, Known: ok, Line: line, Err: err, FromHAR: true})
				x.SetCookiesFromHAR = true
			}
		}
		for _, i := range sessionPairs(len(x.SetCookies), func(i int) (string, string, bool) {
			return x.SetCookies[i].Name, x.SetCookies[i].Value, x.SetCookies[i].Known
		}) {
			x.SetCookies[i].Info.Kind, x.SetCookies[i].Info.Library, x.SetCookies[i].Known = auth.CookieSession, auth.LibraryGeneric, true
		}
		x.inheritSessionDeletions()
		x.Vendor = httpcache.DetectVendor(h)
		x.Served = httpcache.ServedBy(h, x.Vendor)
		x.Storage = httpcache.SharedStorable(e, x.Vendor)
		contentType = h.Get("Content-Type")
		if contentType == "" {
			contentType = e.Response.Content.MimeType
		}
	}
	if x.URL != nil {
		x.Static = auth.IsStaticAsset(x.URL, contentType)
	}
	x.Route.Library = x.refineLibrary(x.Route.Library)
	return x
}

// harSetCookieLine rebuilds a Set-Cookie line from one element of a HAR
// response.cookies array (HAR 1.2: name, value, path, domain, expires as
// ISO 8601, httpOnly, secure; Chrome DevTools adds sameSite). An expires
// that does not parse ("NaN-NaN-...", null) is left out, as a browser
// ignores an unparseable Expires.
func harSetCookieLine(c har.Cookie) string {
	var b strings.Builder
	b.WriteString(c.Name + "=" + c.Value)
	if c.Path != "" {
		b.WriteString("; Path=" + c.Path)
	}
	if c.Domain != "" {
		b.WriteString("; Domain=" + c.Domain)
	}
	if c.Expires != "" {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"} {
			if t, err := time.Parse(layout, c.Expires); err == nil {
				b.WriteString("; Expires=" + t.UTC().Format(http.TimeFormat))
				break
			}
		}
	}
	if c.HTTPOnly {
		b.WriteString("; HttpOnly")
	}
	if c.Secure {
		b.WriteString("; Secure")
	}
	if c.SameSite != "" {
		b.WriteString("; SameSite=" + c.SameSite)
	}
	return b.String()
}

// refineLibrary picks the library a route belongs to when its path is shared
// by several versions (NextAuth v4 and Auth.js v5 both serve /api/auth/*):
// the cookies the exchange carries say which one is running.
func (x *Exchange) refineLibrary(l auth.Library) auth.Library {
	if l != auth.LibraryNextAuthV4 && l != auth.LibraryAuthJSV5 {
		return l
	}
	seen := func(c auth.CookieInfo, ok bool) bool {
		return ok && (c.Library == auth.LibraryNextAuthV4 || c.Library == auth.LibraryAuthJSV5)
	}
	for _, c := range x.Cookies {
		if seen(c.Info, c.Known) {
			return c.Info.Library
		}
	}
	for _, c := range x.SetCookies {
		if seen(c.Info, c.Known) {
			return c.Info.Library
		}
	}
	return l
}

// IsOIDCCallback reports cat.IsOIDCCallback(x.URL): whether the request
// is an OAuth/OIDC redirect back to the app. Several rules ask on every
// entry; the route look-up runs once per exchange and catalog.
func (x *Exchange) IsOIDCCallback(cat *auth.Catalog) bool {
	for i := range x.callbacks {
		c := &x.callbacks[i]
		if c.cat == cat {
			return c.is
		}
		if c.cat == nil {
			c.cat = cat
			if m := x.Request.Method; cat == x.cat && (m == "GET" || m == "HEAD") {
				// Route is what cat.Route("GET", x.URL) returns (HEAD
				// routes as GET): only the query is left to read.
				c.is = x.Route.Kind == auth.RouteCallback || auth.HasCallbackQuery(x.URL)
			} else {
				c.is = cat.IsOIDCCallback(x.URL)
			}
			return c.is
		}
	}
	return cat.IsOIDCCallback(x.URL)
}

// OnAuthRoute reports whether the request hit a known auth route.
func (x *Exchange) OnAuthRoute() bool { return x.Route.Kind != auth.RouteUnknown }

// NotStored reports whether the cache in front of the app says it did not
// store this response (Cloudflare DYNAMIC or BYPASS, nginx BYPASS, ...).
func (x *Exchange) NotStored() bool {
	return x.Served.State == httpcache.Bypass || x.Served.State == httpcache.Uncacheable
}

// Replay says whether a shared cache that stored x's response can hand its
// part (body or Set-Cookie) to another visitor: the one verdict every cache
// rule uses.
func (x *Exchange) Replay(part httpcache.Part) httpcache.ReplayVerdict {
	return httpcache.ReplayOf(x.Entry, x.Vendor, x.Storage, part)
}

// Path returns the request path, or "" when the URL does not parse.
func (x *Exchange) Path() string {
	if x.URL == nil {
		return ""
	}
	return x.URL.Path
}

// Host returns the request host (without port), lower-cased.
func (x *Exchange) Host() string {
	if x.URL == nil {
		return ""
	}
	return strings.ToLower(x.URL.Hostname())
}

// SessionCookies returns the session cookies the request sent.
func (x *Exchange) SessionCookies() []RequestCookie {
	var out []RequestCookie
	for _, c := range x.Cookies {
		if c.Session() {
			out = append(out, c)
		}
	}
	return out
}

// Status returns the response status, 0 when there is no response.
func (x *Exchange) Status() int {
	if x.Response == nil {
		return 0
	}
	return x.Response.Status
}

// ResponseHeader returns the first response header named name.
func (x *Exchange) ResponseHeader(name string) string {
	if x.Response == nil {
		return ""
	}
	return x.Response.Headers.Get(name)
}

// sessionPairs returns the indexes among n cookies of the unclassified ones
// that [auth.SessionPairs] finds paired ("<p>_uid" with "<p>_enc" or a
// "<p>_...sign..." cookie, set by one response or sent in one request). It
// allocates only when an unclassified name ends in "_uid".
func sessionPairs(n int, cookie func(int) (name, value string, known bool)) []int {
	found := false
	for i := 0; i < n && !found; i++ {
		name, _, known := cookie(i)
		found = !known && len(name) > 4 && strings.EqualFold(name[len(name)-4:], "_uid")
	}
	if !found {
		return nil
	}
	var idx []int
	var names, values []string
	for i := range n {
		if name, value, known := cookie(i); !known {
			idx = append(idx, i)
			names = append(names, name)
			values = append(values, value)
		}
	}
	var out []int
	for _, j := range auth.SessionPairs(names, values) {
		out = append(out, idx[j])
	}
	return out
}

// inheritSessionDeletions classifies an empty Set-Cookie value (a deletion,
// or a cookie emptied) whose name the catalog does not know as the request
// cookie of the same name when that one was a session by its value (a JWT
// named "token"): the response clears the session the request sent.
func (x *Exchange) inheritSessionDeletions() {
	for i := range x.SetCookies {
		sc := &x.SetCookies[i]
		if sc.Known || sc.Value != "" {
			continue
		}
		for _, c := range x.Cookies {
			if c.Session() && c.Name == sc.Name {
				sc.Info, sc.Known = c.Info, true
				break
			}
		}
	}
}
