package rules

import (
	"net/url"
	"strings"

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
}

// RequestCookie is one cookie of a request's Cookie header.
type RequestCookie struct {
	Name, Value string
	// Info classifies the cookie; Known is false for cookies no auth
	// library or config claims.
	Info  auth.CookieInfo
	Known bool
}

// SetCookie is one Set-Cookie line of a response.
type SetCookie struct {
	cookie.SetCookie
	Info  auth.CookieInfo
	Known bool
	// Line is the raw Set-Cookie line.
	Line string
	// Err is set when the line is not a cookie a browser would store.
	Err error
}

// Session reports whether the request cookie is a session cookie.
func (c RequestCookie) Session() bool { return c.Known && c.Info.Kind == auth.CookieSession }

// Session reports whether the Set-Cookie line sets a session cookie.
func (c SetCookie) Session() bool { return c.Known && c.Info.Kind == auth.CookieSession }

// newExchange derives the shared facts of e.
func newExchange(e *har.Entry, cat *auth.Catalog) *Exchange {
	x := &Exchange{Entry: e}
	if u, err := url.Parse(e.Request.URL); err == nil {
		x.URL = u
		x.Route, _ = cat.Route(e.Request.Method, u)
	}
	for _, v := range e.Request.Headers.Values("Cookie") {
		for _, p := range cookie.ParseCookieHeader(v) {
			info, ok := cat.ClassifyCookie(p.Name, p.Value)
			x.Cookies = append(x.Cookies, RequestCookie{Name: p.Name, Value: p.Value, Info: info, Known: ok})
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
		for _, line := range cookie.SplitSetCookie(h.Values("Set-Cookie")) {
			sc, err := cookie.ParseSetCookie(line)
			info, ok := cat.ClassifyCookie(sc.Name, sc.Value)
			x.SetCookies = append(x.SetCookies, SetCookie{SetCookie: sc, Info: info, Known: ok, Line: line, Err: err})
		}
		for _, i := range sessionPairs(len(x.SetCookies), func(i int) (string, string, bool) {
			return x.SetCookies[i].Name, x.SetCookies[i].Value, x.SetCookies[i].Known
		}) {
			x.SetCookies[i].Info.Kind, x.SetCookies[i].Info.Library, x.SetCookies[i].Known = auth.CookieSession, auth.LibraryGeneric, true
		}
		x.inheritSessionDeletions()
		x.Vendor = httpcache.DetectVendor(h)
		x.Served = httpcache.Served(h)
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
