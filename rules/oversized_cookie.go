package rules

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/httpcache"
)

// OversizedCookie finds cookies a browser drops for their size and Cookie
// request headers that servers and CDNs refuse.
var OversizedCookie = &Rule{
	ID:       "oversized-cookie",
	Category: CategorySession,
	Severity: High,
	Title:    "a cookie or Cookie header too large for browsers or servers",
	Doc: `Fires in three places where size silently breaks a session.

**A ` + "`Set-Cookie`" + ` the browser drops.** Chromium and Firefox ignore a cookie whose
name plus value exceeds 4096 bytes, without any error the page can see
(Chromium ` + "`net/cookies/parsed_cookie.cc`" + ` ` + "`IsValidCookieNameValuePair`" + `,
` + "`kMaxCookieNamePlusValueSize`" + `; Firefox ` + "`CookieCommons::CheckNameAndValueSize`" + `;
6265bis §5.6). The usual cause is a stateless session that grew: an unchunked
JWE holding the provider's access, refresh and ID tokens. The login succeeds at
the identity provider, the callback answers with the cookie, and the next
request arrives without it, so the user is sent back to sign in. An attribute
value over 1024 bytes is ignored by Chromium (and a Path that long makes
Firefox reject the cookie), which is reported too.

**A ` + "`Cookie`" + ` header servers refuse.** Every request carries all cookies of the
host, and servers cap header sizes: nginx rejects a header line longer than one
` + "`large_client_header_buffers`" + ` buffer (default 8 KB) with 400 "Request Header Or
Cookie Too Large"; Apache's ` + "`LimitRequestFieldSize`" + ` is 8190 bytes; Node.js
answers 431 when all headers exceed 16 KB (` + "`--max-http-header-size`" + `, the
default since v13.13.0); Vercel allows 16 KB per header; CloudFront 20,480
bytes for the headers and query string of a request; Cloudflare 128 KB for all
request headers; Fastly removes a Cookie header over 32 KB.

**The edge refused the request.** When the response shows it (nginx's 400
"Request Header Or Cookie Too Large", 431, 494, a 400 or 413 whose body names
the header size, or a Cloudflare 520 for a Cookie header over the 8 KB origin
defaults), the finding is on that request, with the size of its Cookie header,
its biggest cookies and the chunks of each chunked session cookie in it.

Severity: high for a dropped session, CSRF or login-flow cookie (transaction,
state, nonce, PKCE), and when a response shows the failure (status 431 or 494,
or 400/413 whose body names the header size) for a request with over 4 KB of
cookies; medium for a Cloudflare 520, which has other causes too; medium for other dropped cookies and for a Cookie header over the
limit of the server in front (or, when it is unknown, over 8 KB); low for an
oversized attribute, for a header over 8 KB behind a CDN that accepts it
(CloudFront, Fastly: the origin behind may not), and for a header over 6 KB
that carries an auth cookie. Properly chunked sessions (every chunk under 4096
bytes) are not reported for their Set-Cookie lines; deletions are never
reported; a limit on all request headers is applied only when the cookies make
up at least half of them; Vercel's limits are taken as the origin's.`,
	Fix:   "Keep the session small: store tokens and profile data server-side (a database session or a session store) and put only an id in the cookie, or let the auth library chunk it; remove large or stale cookies from the host. As a stopgap, raise the header limit of the server that rejects requests (nginx `large_client_header_buffers`, Apache `LimitRequestFieldSize`, Node.js `--max-http-header-size`).",
	Since: "0.1.0",
	// Sizes are meaningless when a sanitizer replaced the values.
	Needs: NeedsCookieValues,
	Start: func(*Pass) Checker { return &oversizedCookie{seen: map[string]bool{}, hosts: map[string]int{}} },
}

// Size limits. Sources:
//   - Chromium net/cookies/parsed_cookie.h kMaxCookieNamePlusValueSize = 4096
//     and kMaxCookieAttributeValueSize = 1024; parsed_cookie.cc rejects a
//     name+value over the first (EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE)
//     and ignores an attribute over the second
//     (WARN_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE). They are cookie.MaxNameValueSize
//     and cookie.MaxAttributeValueSize.
//   - Firefox netwerk/cookie/CookieCommons.cpp CheckNameAndValueSize
//     (kMaxBytesPerCookie = 4096) and CheckPathSize (kMaxBytesPerPath = 1024,
//     the cookie is rejected).
const (
	// headerFailureMin is the Cookie header size from which a "header too
	// large" response is blamed on the cookies.
	headerFailureMin = 4096
	// headerApproachMin is the Cookie header size reported as approaching
	// the 8 KB per-field limits of nginx and Apache.
	headerApproachMin = 6144
)

// A headerLimit is one server's or CDN's limit on request headers.
type headerLimit struct {
	bytes int
	// total: the limit covers all request headers, not the Cookie field
	// alone.
	total bool
	who   string // "nginx"
	// knob is the setting that raises the limit ("" when it is fixed);
	// setting describes the limit for messages; effect says what happens
	// to a request over it.
	knob, setting, effect string
	ref                   string
}

// Header limits, each checked against its documentation.
var (
	// https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers:
	// "A request header field cannot exceed the size of one buffer as well,
	// or the 400 (Bad Request) error is returned"; default "4 8k". The page
	// says "Request Header Or Cookie Too Large" (src/http/ngx_http_special_response.c,
	// ngx_http_error_494_page).
	limitNginx = headerLimit{8192, false, "nginx", "large_client_header_buffers (for example to 4 16k)", "large_client_header_buffers, default 4 8k",
		`400 "Request Header Or Cookie Too Large"`, "https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers"}
	// https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestfieldsize:
	// default 8190 (httpd.h DEFAULT_LIMIT_REQUEST_FIELDSIZE); the error note
	// is "Size of a request header field exceeds server limit".
	limitApache = headerLimit{8190, false, "Apache httpd", "LimitRequestFieldSize (for example to 16384)", "LimitRequestFieldSize, default 8190",
		`400 "Size of a request header field exceeds server limit"`, "https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestfieldsize"}
	// https://nodejs.org/api/cli.html#--max-http-header-sizesize: "Defaults
	// to 16 KiB", changed from 8 KiB in v13.13.0 (nodejs/node#32520); the
	// server answers HPE_HEADER_OVERFLOW with "431 Request Header Fields Too
	// Large" (lib/_http_server.js requestHeaderFieldsTooLargeResponse).
	limitNode = headerLimit{16384, true, "Node.js", "--max-http-header-size (for example to 32768)", "--max-http-header-size, default 16 KiB since v13.13.0",
		`431 "Request Header Fields Too Large"`, "https://nodejs.org/api/cli.html#--max-http-header-sizesize"}
	// https://vercel.com/docs/errors/REQUEST_HEADER_TOO_LARGE: "individual
	// request headers must not exceed 16 KB, and the combined size of all
	// headers ... must not exceed 32 KB".
	limitVercel = headerLimit{16384, false, "Vercel", "", "16 KB per request header, fixed",
		"REQUEST_HEADER_TOO_LARGE", "https://vercel.com/docs/errors/REQUEST_HEADER_TOO_LARGE"}
	limitVercelTotal = headerLimit{32768, true, "Vercel", "", "32 KB for all request headers, fixed",
		"REQUEST_HEADER_TOO_LARGE", "https://vercel.com/docs/errors/REQUEST_HEADER_TOO_LARGE"}
	// CloudFront quotas, general: "Maximum length of a request, including
	// headers and query strings, but not including the body content: 20,480
	// bytes".
	limitCloudFront = headerLimit{20480, true, "CloudFront", "", "request headers and query string, general quota",
		"an error from CloudFront", "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html"}
	// https://www.fastly.com/documentation/reference/vcl/constraints-and-limitations:
	// "Cookie header size 32KB: The cookie header will be unset and Fastly
	// will set req.http.Fastly-Cookie-Overflow = 1".
	limitFastly = headerLimit{32768, false, "Fastly", "", "Cookie header, fixed",
		"the Cookie header is removed (Fastly-Cookie-Overflow: 1)", "https://www.fastly.com/documentation/reference/vcl/constraints-and-limitations"}
	// https://developers.cloudflare.com/fundamentals/reference/connection-limits/#request-limits:
	// "Request headers have a total limit of 128 KB" (raised on 2025-10-16
	// from "a total limit of 32 KB, but each header is limited to 16 KB";
	// cloudflare/cloudflare-docs src/content/docs/fundamentals/reference/connection-limits.mdx).
	// The status Cloudflare answers over it is not documented.
	limitCloudflare = headerLimit{131072, true, "Cloudflare", "", "128 KB for all request headers, fixed",
		"a rejection by Cloudflare", "https://developers.cloudflare.com/fundamentals/reference/connection-limits/"}
)

// cloudflare520Min is the Cookie header size from which a Cloudflare 520 is
// blamed on the cookies: the smallest default origin limit (Apache's 8190
// bytes). Cloudflare's 520 means "the origin server returns an empty,
// unknown, or unexpected response", and its documented causes include
// "Headers exceeding 128 KB (often due to excessive cookies)"
// (https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-520/;
// before 2025 the page said 16 KB): an origin that drops the connection on
// an oversized request head gives the same 520.
const cloudflare520Min = 8190

// genericLimits apply when the server in front is unknown: the defaults of
// the most common origins.
var genericLimits = []*headerLimit{&limitApache, &limitNginx, &limitNode}

type oversizedCookie struct {
	// seen holds the Set-Cookie problems already reported, by host, cookie
	// and problem: one finding each.
	seen map[string]bool
	// hosts maps a host to its Cookie header summary in headers.
	hosts   map[string]int
	headers []headerObservation
}

// headerObservation is the worst oversized Cookie header seen for one host.
type headerObservation struct {
	sev  Severity
	size int
	f    Finding
}

func (o *oversizedCookie) Visit(p *Pass, x *Exchange) {
	if x.URL == nil {
		return
	}
	o.checkSetCookies(p, x)
	o.checkCookieHeader(p, x)
}

func (o *oversizedCookie) Finish(p *Pass) {
	for _, h := range o.headers {
		p.Report(h.f)
	}
}

// checkSetCookies reports Set-Cookie lines a browser drops (or whose
// attributes it ignores) for their size.
func (o *oversizedCookie) checkSetCookies(p *Pass, x *Exchange) {
	if x.Aborted() {
		return
	}
	for _, c := range x.SetCookies {
		if c.Err != nil || c.IsDeletion(x.Started) || IsRedactionMarker(c.Value) {
			continue
		}
		if size := c.Size(); size > cookie.MaxNameValueSize {
			o.reportTooLarge(p, x, c, size)
		}
		for _, a := range c.Attrs {
			if len(a.Value) > cookie.MaxAttributeValueSize {
				o.reportLongAttribute(p, x, c, a)
			}
		}
	}
}

func (o *oversizedCookie) once(x *Exchange, key string) bool {
	k := x.Host() + "\x00" + key
	if o.seen[k] {
		return false
	}
	o.seen[k] = true
	return true
}

func (o *oversizedCookie) reportTooLarge(p *Pass, x *Exchange, c SetCookie, size int) {
	if !o.once(x, "size\x00"+c.Name) {
		return
	}
	sev := Medium
	why := "the browser ignores the whole Set-Cookie line without any error the page can see, so the cookie is never stored and never sent back"
	// A dropped session or login-flow cookie breaks login itself.
	switch kind := c.Info.Kind; {
	case !c.Known:
	case kind == auth.CookieSession:
		sev = High
		why += ": the login appears to succeed, but the next request arrives without a session and the user is sent back to sign in"
	case kind == auth.CookieCSRF:
		sev = High
		why += ": the next form post or sign-in fails its CSRF check"
	case kind == auth.CookieCallbackURL:
		why += ": after signing in, the user is not returned to the page they came from"
	case kind != auth.CookieUnknown:
		sev = High
		why += ": the callback cannot find the login state it needs (state, nonce, PKCE verifier), so the login fails"
	}
	p.Report(Finding{
		Severity: sev,
		Message: fmt.Sprintf("response sets %s with %d bytes of name and value, over the %d-byte limit of Chromium and Firefox, which drop it",
			describeCookie(x, c), size, cookie.MaxNameValueSize),
		Why:      why,
		Entries:  []EntryRef{p.Ref(x, "sets the oversized cookie")},
		Evidence: []Evidence{p.SetCookieEvidence(x, c)},
		Fix:      setCookieSizeFix(c),
		Key:      cookieKey(c.Info, c.Name) + ":size",
	})
}

func (o *oversizedCookie) reportLongAttribute(p *Pass, x *Exchange, c SetCookie, a cookie.Attr) {
	if !o.once(x, "attr\x00"+c.Name+"\x00"+strings.ToLower(a.Name)) {
		return
	}
	effect := "Chromium ignores the attribute and stores the cookie as if it were absent"
	if strings.EqualFold(a.Name, "Path") {
		effect += "; Firefox rejects the whole cookie (its path limit is 1024 bytes)"
	}
	p.Report(Finding{
		Severity: Low,
		Message: fmt.Sprintf("response sets %s whose %s attribute is %d bytes, over the %d-byte attribute limit: %s",
			describeCookie(x, c), a.Name, len(a.Value), cookie.MaxAttributeValueSize, effect),
		Why:      "the cookie is stored with a different scope or lifetime than the server asked for, or not at all",
		Entries:  []EntryRef{p.Ref(x, "sets the cookie")},
		Evidence: []Evidence{p.SetCookieEvidence(x, c)},
		Fix: Fix{
			Message:   fmt.Sprintf("shorten the %s attribute of %q to at most %d bytes", a.Name, c.Name, cookie.MaxAttributeValueSize),
			Library:   libraryName(c.Info.Library),
			Reference: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6",
		},
		Key: cookieKey(c.Info, c.Name) + ":" + strings.ToLower(a.Name),
	})
}

// setCookieSizeFix tells how to shrink a cookie, for the library that set it.
func setCookieSizeFix(c SetCookie) Fix {
	lib := libraryName(c.Info.Library)
	f := Fix{Library: lib, Reference: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6"}
	if !c.Session() {
		f.Message = fmt.Sprintf("keep %q under %d bytes of name and value: store the data server-side and put only an id in the cookie", c.Name, cookie.MaxNameValueSize)
		return f
	}
	if m, ref := sessionSizeAdvice(c.Info.Library); m != "" {
		f.Message, f.Reference = fmt.Sprintf("shrink the session stored in %q: %s", c.Name, m), ref
		return f
	}
	f.Message = fmt.Sprintf("keep the session in a server-side store and put only its id in %q, or split the value into chunks of less than %d bytes each", c.Name, cookie.MaxNameValueSize)
	return f
}

// sessionSizeAdvice says how to make a library's session smaller, with a
// reference, or "" for libraries without specific advice.
func sessionSizeAdvice(l auth.Library) (string, string) {
	switch l {
	case auth.LibraryNextAuthV4:
		// next-auth v4 SessionStore chunks the session token itself
		// (core/lib/cookie.ts, CHUNK_SIZE = 4096 - 163).
		return "NextAuth splits its session cookie into chunks by itself, so the session holds too much: return only the fields you need from the jwt and session callbacks (drop the provider's access, refresh and ID tokens and large profile data), or use a database session (session: { strategy: \"database\" } with an adapter)",
			"https://next-auth.js.org/configuration/callbacks#jwt-callback"
	case auth.LibraryAuthJSV5:
		// @auth/core packages/core/src/lib/utils/cookie.ts SessionStore,
		// CHUNK_SIZE = 4096 - 160.
		return "Auth.js splits its session cookie into chunks by itself, so the session holds too much: return only the fields you need from the jwt and session callbacks (drop the provider's tokens and large profile data), or use a database session (session: { strategy: \"database\" } with an adapter)",
			"https://authjs.dev/concepts/session-strategies"
	case auth.LibraryNextjsAuth0V4:
		// src/server/cookies.ts chunks at 3500 bytes; the Auth0Client
		// option sessionStore (src/server/client.ts) selects
		// StatefulSessionStore.
		return "nextjs-auth0 v4 chunks its session cookie by itself, so the session holds too much: drop tokens and claims you do not need in beforeSessionSaved, or keep the session in a database with the sessionStore option (stateful sessions)",
			"https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#database-sessions"
	case auth.LibraryNextjsAuth0V3:
		// v3 stateless-session.ts chunks at 4096 minus the empty cookie;
		// src/config.ts session.storeIDToken (AUTH0_SESSION_STORE_ID_TOKEN).
		return "nextjs-auth0 v3 chunks its session cookie by itself, so the session holds too much: set session.storeIDToken: false (AUTH0_SESSION_STORE_ID_TOKEN=false) to drop the ID token, and remove tokens and claims you do not need in the afterCallback hook",
			"https://github.com/auth0/nextjs-auth0/blob/v3/src/config.ts"
	case auth.LibrarySupabase:
		// @supabase/ssr src/utils/chunker.ts MAX_CHUNK_SIZE = 3180.
		return "@supabase/ssr chunks the auth cookie by itself (3180-byte chunks): use it with its getAll/setAll cookie methods, and keep user_metadata small, since the whole session JSON including the user object is stored in the cookie",
			"https://supabase.com/docs/guides/auth/server-side/creating-a-client"
	}
	return "", ""
}

// checkCookieHeader records the request's Cookie header when it is large
// enough to matter; Finish reports the worst one of each host.
func (o *oversizedCookie) checkCookieHeader(p *Pass, x *Exchange) {
	values := x.Request.Headers.Values("Cookie")
	if len(values) == 0 {
		return
	}
	size := len(strings.Join(values, "; "))
	if size < headerFailureMin {
		return
	}
	for _, c := range x.Cookies {
		if IsRedactionMarker(c.Value) {
			return // sizes of a sanitized export mean nothing
		}
	}
	failure, likely, note := headerTooLarge(x, size)
	v := judgeCookieHeader(size, requestHeaderBytes(x), frontLimits(x), failure, len(x.SessionCookies()) > 0)
	if v.sev == 0 {
		return
	}
	v.note = note
	if likely && v.why == headerRejected {
		v.sev, v.likely = Medium, true
	}
	host := x.Host()
	i, ok := o.hosts[host]
	if ok && (o.headers[i].sev > v.sev || o.headers[i].sev == v.sev && o.headers[i].size >= size) {
		return
	}
	obs := headerObservation{v.sev, size, cookieHeaderFinding(p, x, v)}
	if ok {
		o.headers[i] = obs
		return
	}
	o.hosts[host] = len(o.headers)
	o.headers = append(o.headers, obs)
}

// headerCase is why a Cookie header is reported.
type headerCase int

const (
	headerFine        headerCase = iota
	headerRejected               // the response shows the rejection
	headerOverFront              // over a limit of the identified server or CDN
	headerOverDefault            // over a common default, server in front unknown
	headerBehindFront            // over a common default that the front accepts
	headerApproaching            // close to the common 8 KB limits, auth cookies included
)

// headerVerdict is the judgement of one Cookie header.
type headerVerdict struct {
	sev         Severity
	why         headerCase
	size, total int
	// limit is the largest limit crossed (nil when none is, or for a
	// rejection beyond every known limit); front is the first limit of the
	// identified front, if any.
	limit, front *headerLimit
	note         string // how the response shows the rejection
	likely       bool   // the response suggests the rejection without naming it
}

// judgeCookieHeader decides whether a Cookie header of size bytes, in a
// request head of total bytes, is a problem: front are the limits of the
// server or CDN that answered (empty when unknown), failure whether the
// response shows a "header too large" error, session whether the request
// carries a session cookie.
func judgeCookieHeader(size, total int, front []*headerLimit, failure, session bool) headerVerdict {
	v := headerVerdict{size: size, total: total}
	if size < headerFailureMin {
		return v // too few cookies to blame them
	}
	if len(front) > 0 {
		v.front = front[0]
	}
	switch {
	case failure:
		v.sev, v.why = High, headerRejected
		v.limit = highestCrossed(append(slices.Clone(front), genericLimits...), size, total)
	case len(front) > 0 && highestCrossed(front, size, total) != nil:
		v.sev, v.why, v.limit = Medium, headerOverFront, highestCrossed(front, size, total)
	case len(front) > 0 && !frontIsOrigin(front) && highestCrossed(genericLimits, size, total) != nil:
		v.sev, v.why, v.limit = Low, headerBehindFront, highestCrossed(genericLimits, size, total)
	case len(front) == 0 && highestCrossed(genericLimits, size, total) != nil:
		v.sev, v.why, v.limit = Medium, headerOverDefault, highestCrossed(genericLimits, size, total)
	case size >= headerApproachMin && session && (len(front) == 0 || slices.Contains(front, &limitNginx) || slices.Contains(front, &limitApache)):
		// Behind a CDN with larger limits (CloudFront, Fastly) the origin
		// is unknown; 8 KB is reported as approaching only when nginx or
		// Apache answered, or nothing identified the server.
		v.sev, v.why, v.limit = Low, headerApproaching, &limitNginx
	}
	return v
}

// cookieHeaderFinding describes an oversized Cookie header.
func cookieHeaderFinding(p *Pass, x *Exchange, v headerVerdict) Finding {
	big := biggestCookies(x.Cookies, 3)
	names := make([]string, len(big))
	for i, c := range big {
		names[i] = fmt.Sprintf("%q", c.Name)
	}
	msg := fmt.Sprintf("request sends a Cookie header of %d bytes (biggest: %s%s)", v.size, strings.Join(names, ", "), chunkSummary(x))
	why := "every request to this host carries all its cookies; a server or CDN that caps header sizes rejects the request before the app sees it, so pages and API calls fail for this user until the cookies are cleared"
	relies := ""
	l := v.limit
	switch v.why {
	case headerRejected:
		msg += "; the response " + v.note
		if l != nil {
			msg += fmt.Sprintf(", consistent with the %d-byte limit of %s (%s)", l.bytes, l.who, l.setting)
		}
		if v.likely {
			relies = "Cloudflare's 520 has other causes too (an origin that crashed or closed the connection); the Cookie header is over the default limits of common origins"
		}
	case headerApproaching:
		msg += fmt.Sprintf(" with auth cookies, close to the %d-byte default limit of nginx and Apache on one header", l.bytes)
		why = "nginx and Apache reject a header over about 8 KB by default (400 Bad Request); a session that grows by a few hundred bytes (more claims, a refreshed token, one more chunk) crosses that and every request fails"
		relies = "nginx's and Apache's default limits; servers configured with larger limits accept bigger headers"
	case headerBehindFront:
		msg += fmt.Sprintf(", over the %d-byte default of %s (%s), which answers %s; %s in front accepts it", l.bytes, l.who, l.setting, l.effect, v.front.who)
		why = "the server or CDN in front accepts this header, but an origin behind it with default settings rejects the request"
		relies = fmt.Sprintf("%s's default limit; origins configured with larger limits accept the header", l.who)
	default:
		what := "the Cookie header"
		if l.total {
			what = fmt.Sprintf("all %d bytes of request headers", v.total)
		}
		msg += fmt.Sprintf(", over the %d-byte limit of %s (%s) on %s, which answers %s", l.bytes, l.who, l.setting, what, l.effect)
		relies = fmt.Sprintf("%s's default limit", l.who)
	}
	var ev []Evidence
	for _, c := range big {
		ev = append(ev, p.CookieEvidence(x, c))
	}
	return Finding{
		Severity: v.sev,
		Message:  msg,
		Why:      why,
		Entries:  []EntryRef{p.Ref(x, "sends the large Cookie header")},
		Evidence: ev,
		Fix:      cookieHeaderFix(x, v),
		ReliesOn: relies,
		Key:      "cookie-header",
	}
}

// cookieHeaderFix says how to shrink the Cookie header and, for servers that
// allow it, which limit to raise.
func cookieHeaderFix(x *Exchange, v headerVerdict) Fix {
	var f Fix
	lib, n, bytes := dominantSession(x.Cookies)
	if m, ref := sessionSizeAdvice(lib); m != "" && bytes*2 >= v.size {
		f.Message = fmt.Sprintf("shrink the %s session, which takes %d bytes in %s: %s", lib, bytes, plural(n, "cookie"), m)
		f.Library, f.Reference = lib.String(), ref
	} else {
		f.Message = "remove large or stale cookies from this host: stop setting cookies the server does not need, scope other apps' cookies to their own host or path (Domain, Path), and keep bulky data server-side"
	}
	l := v.limit
	if l == nil {
		return f
	}
	if f.Reference == "" {
		f.Reference = l.ref
	}
	if l.knob == "" {
		f.Vendor = l.who
		f.Message += fmt.Sprintf(" (%s's limit cannot be raised)", l.who)
		return f
	}
	f.Message += fmt.Sprintf("; as a stopgap, raise %s's %s", l.who, l.knob)
	return f
}

// maxChunksListed caps the chunks a Cookie header finding names.
const maxChunksListed = 6

// chunkSummary names the chunked session cookies of x's Cookie header with
// the bytes of each (name and value): `; session cookie "__session" in 3
// chunks, 7836 bytes: __session__0 3512, __session__1 3512, __session__2 812`.
func chunkSummary(x *Exchange) string {
	var b strings.Builder
	for _, g := range requestSessionGroups(x) {
		cs := g.chunks()
		if len(cs) < 2 {
			continue
		}
		total := 0
		var parts []string
		for i, c := range cs {
			n := len(c.name) + len(c.value)
			total += n
			if i < maxChunksListed {
				parts = append(parts, fmt.Sprintf("%s %d", c.name, n))
			}
		}
		if len(cs) > maxChunksListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(cs)-maxChunksListed))
		}
		fmt.Fprintf(&b, "; session cookie %q in %d chunks, %d bytes: %s", g.whole, len(cs), total, strings.Join(parts, ", "))
	}
	return b.String()
}

// plural returns "1 cookie" or "2 cookies".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// dominantSession returns the library whose session cookies take the most
// bytes of the request, with the number of its cookies and their bytes.
func dominantSession(cs []RequestCookie) (auth.Library, int, int) {
	type acc struct{ n, bytes int }
	sums := map[auth.Library]*acc{}
	var order []auth.Library
	for _, c := range cs {
		if !c.Session() || c.Info.Library == auth.LibraryUnknown {
			continue
		}
		a, ok := sums[c.Info.Library]
		if !ok {
			a = &acc{}
			sums[c.Info.Library] = a
			order = append(order, c.Info.Library)
		}
		a.n++
		a.bytes += len(c.Name) + len(c.Value)
	}
	best := auth.LibraryUnknown
	for _, l := range order {
		if best == auth.LibraryUnknown || sums[l].bytes > sums[best].bytes {
			best = l
		}
	}
	if best == auth.LibraryUnknown {
		return best, 0, 0
	}
	return best, sums[best].n, sums[best].bytes
}

// biggestCookies returns up to n cookies of the request, largest first
// (name plus value), one per name.
func biggestCookies(cs []RequestCookie, n int) []RequestCookie {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b RequestCookie) int {
		return (len(b.Name) + len(b.Value)) - (len(a.Name) + len(a.Value))
	})
	out = slices.CompactFunc(out, func(a, b RequestCookie) bool { return a.Name == b.Name })
	return out[:min(n, len(out))]
}

// requestHeaderBytes estimates the size of the request head as an HTTP/1.1
// server counts it: the request line and every "name: value\r\n" line
// (HTTP/2 pseudo-headers are left out; :path is the request line).
func requestHeaderBytes(x *Exchange) int {
	n := len(x.Request.Method) + 1 + len(x.URL.RequestURI()) + len(" HTTP/1.1\r\n")
	for _, h := range x.Request.Headers {
		if strings.HasPrefix(h.Name, ":") {
			continue
		}
		n += len(h.Name) + 2 + len(h.Value) + 2
	}
	return n
}

// highestCrossed returns the largest limit in ls that the Cookie header
// (size) or all request headers (total) exceed, or nil. A limit on all
// headers counts only when the cookies are at least half of them: otherwise
// another header is to blame.
func highestCrossed(ls []*headerLimit, size, total int) *headerLimit {
	var best *headerLimit
	for _, l := range ls {
		n := size
		if l.total {
			if size*2 < total {
				continue
			}
			n = total
		}
		if n > l.bytes && (best == nil || l.bytes > best.bytes) {
			best = l
		}
	}
	return best
}

// frontIsOrigin reports whether the front's limits are the origin's too:
// Vercel runs the app's functions itself, so the defaults of other servers
// do not apply behind it.
func frontIsOrigin(front []*headerLimit) bool {
	return slices.Contains(front, &limitVercel)
}

// frontLimits returns the header limits of the server or CDN that answered,
// as far as the response identifies it (CDN headers, Server header).
func frontLimits(x *Exchange) []*headerLimit {
	var ls []*headerLimit
	switch x.Vendor {
	case httpcache.VendorVercel:
		ls = append(ls, &limitVercel, &limitVercelTotal)
	case httpcache.VendorCloudFront:
		ls = append(ls, &limitCloudFront)
	case httpcache.VendorFastly:
		ls = append(ls, &limitFastly)
	case httpcache.VendorCloudflare:
		ls = append(ls, &limitCloudflare)
	}
	server := strings.ToLower(strings.TrimSpace(x.ResponseHeader("Server")))
	switch {
	case strings.HasPrefix(server, "nginx"), strings.HasPrefix(server, "openresty"):
		ls = append(ls, &limitNginx)
	case strings.HasPrefix(server, "apache"):
		ls = append(ls, &limitApache)
	}
	return ls
}

// tooLargeMarkers are phrases of server error pages for oversized request
// headers, lower-case.
var tooLargeMarkers = []string{
	"request header or cookie too large",                    // nginx 494 page
	"request header fields too large",                       // RFC 6585 431 reason phrase
	"size of a request header field exceeds server limit",   // Apache
	"request_header_too_large",                              // Vercel error code
	"requestheadersectiontoolarge",                          // S3-style XML errors
	"your request header section exceeds the maximum",       // S3-style XML errors
	"header overflow",                                       // Fastly
	"hpe_header_overflow",                                   // Node.js parser error
	"request header too large", "request headers too large", // generic
	"cookie too large", "headers too large",
}

// headerTooLarge reports whether x's response says the request headers were
// too large, and how it says so; likely is set when the response only
// suggests it (a Cloudflare 520 for a request whose Cookie header of size
// bytes is over the common origin limits).
//
// Statuses: RFC 6585 §5 defines 431 (Node.js answers it for
// HPE_HEADER_OVERFLOW); 494 is nginx's internal
// NGX_HTTP_REQUEST_HEADER_TOO_LARGE (src/http/ngx_http_request.h), sent
// as 400 with the "Request Header Or Cookie Too Large" page unless an
// error_page passes the code on; CloudFront's quotas give the 20,480-byte
// request limit, but no CloudFront page found documents the status it
// answers over it, so a 494 counts whoever sent it.
func headerTooLarge(x *Exchange, size int) (failure, likely bool, note string) {
	if x.Aborted() {
		return false, false, ""
	}
	r := x.Response
	switch r.Status {
	case 431:
		return true, false, "is 431 Request Header Fields Too Large"
	case 494:
		return true, false, "is 494 (request header too large)"
	case 520:
		if size > cloudflare520Min && (x.Vendor == httpcache.VendorCloudflare || strings.EqualFold(strings.TrimSpace(x.ResponseHeader("Server")), "cloudflare")) {
			return true, true, "is Cloudflare's 520 (the origin returned an empty or unknown response, which an origin refusing an oversized request head gives)"
		}
		return false, false, ""
	case 400, 413:
	default:
		return false, false, ""
	}
	text := r.StatusText + "\n" + r.Content.Text
	if r.Content.Encoding == "base64" {
		if b, err := base64.StdEncoding.DecodeString(r.Content.Text); err == nil {
			text = r.StatusText + "\n" + string(b)
		}
	}
	text = strings.ToLower(text)
	for _, m := range tooLargeMarkers {
		if strings.Contains(text, m) {
			return true, false, fmt.Sprintf("is %d and its body says %q", r.Status, m)
		}
	}
	return false, false, ""
}
