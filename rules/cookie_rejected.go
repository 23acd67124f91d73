package rules

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/jar"
)

// CookieRejected finds Set-Cookie lines the browser refuses, and checks the
// later requests of the HAR for the cookie to confirm it.
var CookieRejected = &Rule{
	ID:       "cookie-rejected",
	Category: CategorySession,
	Severity: High,
	Title:    "a Set-Cookie line the browser refuses to store",
	Doc: `A browser ignores a whole ` + "`Set-Cookie`" + ` line, without any error the page can see,
when (Chromium's rules, ` + "`net/cookies/canonical_cookie.cc`" + ` and ` + "`cookie_util.cc`" + `; the
same in 6265bis):

- its ` + "`Domain`" + ` is not the host or a parent of it: a production domain
  (` + "`Domain=example.com`" + `) set from a preview, staging or internal host
  (` + "`my-app-git-fix.vercel.app`" + `, ` + "`10.0.3.7`" + `), or a sibling host;
- its ` + "`Domain`" + ` is a public suffix (` + "`com`" + `, ` + "`co.uk`" + `, ` + "`vercel.app`" + `, ` + "`netlify.app`" + `:
  the Public Suffix List, private section included, as Chromium uses it);
- it has ` + "`Secure`" + ` but came over plain http from a host other than localhost
  (Chrome 89 and Firefox 75 exempt localhost, ` + "`*.localhost`" + ` and loopback
  addresses);
- its name starts with ` + "`__Secure-`" + ` or ` + "`__Host-`" + ` and the prefix rules are not met
  (` + "`Secure`" + ` and a secure origin; for ` + "`__Host-`" + ` also no ` + "`Domain`" + ` and ` + "`Path=/`" + `);
- it has ` + "`SameSite=None`" + ` without ` + "`Secure`" + ` (Chrome since version 80);
- it holds a control character (6265bis §5.6 step 1), or a ` + "`%`" + ` in its ` + "`Domain`" + `.

A cookie over 4096 bytes of name and value is dropped too; ` + "`oversized-cookie`" + `
reports that, with the sizes.

The HAR then shows the loss: the requests that follow, to the host that set the
cookie and under its path, do not carry it (or carry an older value). That is
what makes the finding: a refused session cookie means a login that succeeds at
the identity provider and lands signed out, or loops; a refused state or PKCE
cookie a callback that fails.

Severity: high for an auth cookie (session, CSRF, transaction, state, nonce,
PKCE, callback URL) that later requests show missing; medium for one that no
later request of the HAR would have carried (the HAR ends first, or shows no
cookies at all), since the HAR cannot show the loss; low for other cookies the
later requests show missing, and nothing for those without such evidence. No
finding when a later request sent the cookie with the value the line set (a
browser that accepted it: Firefox and Safari do not all refuse SameSite=None
without Secure), and for lines in aborted responses. One finding per host,
cookie and reason; further refusals of the same cookie add to its count.

A refused deletion (` + "`Max-Age=0`" + ` or an ` + "`Expires`" + ` in the past) deletes nothing. It is
reported, medium, for an auth cookie when the next request that would carry
the cookie still does: signing out then leaves the user signed in, and a stale
session or chunk rides into the next sign-in. No finding when that request no
longer carries it (another line of the response deleted it), or when a later
response set the cookie again first.`,
	Fix:   "Set `Domain` only to the host or a parent of it that is not a public suffix (leave it out on preview and internal hosts, or derive it from the request host), send `Secure` cookies only over https, meet the `__Secure-`/`__Host-` prefix rules, pair `SameSite=None` with `Secure`, and encode cookie values so they hold no control characters.",
	Since: "0.2.0",
	Needs: NeedsSetCookie,
	Start: func(*Pass) Checker {
		return &cookieRejected{byKey: map[string]*refusal{}, deletions: map[string]*refusedDeletion{}}
	},
}

// Rejection problems: the reasons a browser refuses a Set-Cookie line, in
// the order cookieRefusal checks them (Chromium's CanonicalCookie::Create
// order: parsing, size, Domain, Secure, prefix, then SameSite in
// IsSetPermittedInContext).
const (
	problemInvalidChar    cookieProblem = "invalid-character"
	problemTooLarge       cookieProblem = "too-large"
	problemDomainMismatch cookieProblem = "domain-mismatch"
	problemPublicSuffix   cookieProblem = "public-suffix"
	problemSecureOverHTTP cookieProblem = "secure-over-http"
	problemPrefix         cookieProblem = "prefix"
	problemSameSiteNone   cookieProblem = "samesite-none-without-secure"
	problemDomainEscape   cookieProblem = "domain-escape"
)

// isRejection reports whether kind makes the browser refuse the cookie.
func isRejection(kind cookieProblem) bool {
	switch kind {
	case problemInvalidChar, problemTooLarge, problemDomainMismatch, problemPublicSuffix,
		problemSecureOverHTTP, problemPrefix, problemSameSiteNone, problemDomainEscape:
		return true
	}
	return false
}

// cookieRefusal returns the first reason a browser refuses to store the
// cookie, if any: a line with a control character, a name and value over
// 4096 bytes, a Domain that is not the host or a parent of it or is a public
// suffix, then the reasons of cookieRejection. u is the URL of the request
// the response answered.
func cookieRefusal(u *url.URL, c SetCookie) (foundProblem, bool) {
	if errors.Is(c.Err, cookie.ErrControlChar) {
		// 6265bis §5.6 step 1: a CTL other than HTAB aborts the whole line;
		// Chromium ParsedCookie (EXCLUDE_DISALLOWED_CHARACTER) likewise.
		return foundProblem{kind: problemInvalidChar, sev: High, detail: "a control character",
			why: "browsers ignore a Set-Cookie line holding a control character (6265bis §5.6 step 1), so the cookie is never stored"}, true
	}
	if c.Err != nil {
		return foundProblem{}, false
	}
	if n := c.Size(); n > cookie.MaxNameValueSize {
		// Chromium parsed_cookie.h kMaxCookieNamePlusValueSize; 6265bis
		// §5.6 step 6. oversized-cookie reports it with the sizes.
		return foundProblem{kind: problemTooLarge, sev: High, detail: fmt.Sprintf("%d bytes of name and value, over %d", n, cookie.MaxNameValueSize),
			why: "browsers ignore a cookie whose name and value exceed 4096 bytes, so the cookie is never stored"}, true
	}
	if u == nil {
		return foundProblem{}, false
	}
	if c.Domain != "" {
		// Chromium net/cookies/cookie_util.cc GetCookieDomainWithString
		// (EXCLUDE_INVALID_DOMAIN); RFC 6265 §5.3 steps 5-6.
		host := strings.ToLower(u.Hostname())
		if why, _ := cookie.DomainError(host, c.Domain); why != "" {
			kind := problemDomainMismatch
			what := "browsers ignore a cookie whose Domain attribute is not the host that set it or a parent of it (RFC 6265 §5.3 step 6), so the cookie is never stored, on this host or on the domain it names"
			switch {
			case strings.Contains(c.Domain, "%"):
				kind = problemDomainEscape
				what = "Chromium ignores a cookie whose Domain attribute holds a %-escape, so the cookie is never stored"
			case cookie.IsPublicSuffix(c.Domain) && c.Domain != host:
				kind = problemPublicSuffix
				what = "browsers ignore a cookie scoped to a public suffix (RFC 6265 §5.3 step 5, with the Public Suffix List, whose private section lists shared hosting domains such as vercel.app), so the cookie is never stored"
			}
			return foundProblem{kind: kind, sev: High, detail: why, why: what}, true
		}
	}
	return cookieRejection(u, c)
}

// cookieRejection returns the first reason a browser refuses to store a
// cookie for its Secure attribute, name prefix or SameSite: Secure from an
// insecure origin, a broken __Secure-/__Host- prefix, SameSite=None without
// Secure. u is the URL of the request the response answered. The Domain,
// size and character checks are cookieRefusal's.
func cookieRejection(u *url.URL, c SetCookie) (foundProblem, bool) {
	if u == nil || c.Err != nil {
		return foundProblem{}, false
	}
	switch {
	case c.Secure && !cookie.IsSecureOrigin(u):
		// Chromium net/cookies/cookie_base.cc IsSetPermittedInContext:
		// kNonCryptographic source + SecureAttribute() ->
		// EXCLUDE_SECURE_ONLY; net/cookies/cookie_util.cc
		// ProvisionalAccessScheme makes localhost kTrustworthy (Chrome 89,
		// crbug.com/1056543; Firefox 75, bugzilla 1618113).
		return foundProblem{kind: problemSecureOverHTTP, sev: High, detail: fmt.Sprintf("Secure over plain http from %q", origin(u)),
			why: "browsers refuse a Secure cookie from an insecure origin (only localhost is exempt), so the cookie is never stored and the login or session it carries is lost on this origin"}, true
	case c.PrefixError(u) != "":
		return foundProblem{kind: problemPrefix, sev: High, detail: c.PrefixError(u),
			why: "browsers ignore a cookie whose __Secure- or __Host- prefix rules are not met (6265bis §4.1.3), so the cookie is never stored and the login or session it carries is lost"}, true
	case c.SameSite == "None" && !c.Secure:
		// draft-ietf-httpbis-rfc6265bis §5.6 ("If the cookie's same-site-flag
		// is None, abort ... unless the cookie's secure-only-flag is true",
		// httpwg/http-extensions#1323); Chromium cookie_base.cc
		// EXCLUDE_SAMESITE_NONE_INSECURE (Chrome 80,
		// chromestatus 5633521622188032).
		return foundProblem{kind: problemSameSiteNone, sev: High, detail: "SameSite=None without Secure",
			why: "Chrome (since version 80) and 6265bis reject a SameSite=None cookie without Secure, so the cookie is never stored and the login or session it carries is lost"}, true
	}
	return foundProblem{}, false
}

// maxMissedRefs caps the later requests a finding lists as having gone
// without the cookie.
const maxMissedRefs = 3

// refusedScope is where the cookie of a refused line would have gone, and
// the response that sent the line: the later requests that would have
// carried the cookie show what the refusal did.
type refusedScope struct {
	host, path string
	// domain is the Domain attribute as meant ("" for host-only) and
	// domainOK whether requests to hosts under it count (not for a public
	// suffix: it would take in unrelated sites).
	domain   string
	domainOK bool
	entry    int       // index of the (last) response that sent the line
	end      time.Time // when that response completed
}

// newRefusedScope is the scope of line sc of x's response, refused for pr.
func newRefusedScope(x *Exchange, sc SetCookie, pr foundProblem) refusedScope {
	s := refusedScope{host: x.Host(), path: sc.EffectivePath(x.URL.EscapedPath()), entry: x.Index, end: x.End()}
	if sc.Err == nil && sc.Domain != "" && pr.kind == problemDomainMismatch {
		s.domain, s.domainOK = sc.Domain, true
	}
	return s
}

// coversHost reports whether the cookie would have gone to host.
func (s refusedScope) coversHost(host string) bool {
	return host == s.host || s.domainOK && cookie.DomainMatch(host, s.domain)
}

// carries reports whether x is a later request that would have carried the
// cookie: sent after the response completed, to a host and path of it.
func (s refusedScope) carries(x *Exchange) bool {
	if x.Index <= s.entry || !x.Started.IsZero() && !s.end.IsZero() && x.Started.Before(s.end) {
		return false
	}
	return s.coversHost(x.Host()) && cookie.PathMatch(x.URL.EscapedPath(), s.path)
}

// where names the hosts the cookie would have gone to.
func (s refusedScope) where() string {
	if s.domainOK {
		return fmt.Sprintf("%s or %s", s.host, s.domain)
	}
	return s.host
}

// refusal is one cookie a browser refused, with what the later requests
// showed. It keeps small copies, never the exchange.
type refusal struct {
	refusedScope
	name     string
	id       string // jar.ID of the last value set
	redacted bool   // the value is a sanitizer's marker: compare names only
	// header: the line came from a Set-Cookie header, so the HAR keeps
	// cookie headers and a request without a Cookie header sent none (a
	// sanitized export drops both; a HAR's cookies array proves nothing).
	header bool
	count  int     // responses that set it and were refused
	auth   bool    // an auth cookie
	f      Finding // the finding, without the later requests' part
	pr     foundProblem
	what   string // describeCookie of the first line

	cameBack bool // a later request sent the value the line set
	missed   []EntryRef
	missedN  int
	older    int      // later requests that sent another value of the name
	olderEv  Evidence // the first of them
}

type cookieRejected struct {
	byKey   map[string]*refusal
	order   []*refusal
	anySent bool // some request of the HAR carried cookies

	deletions     map[string]*refusedDeletion // by host, name and problem
	deletionOrder []string
}

func (c *cookieRejected) Visit(p *Pass, x *Exchange) {
	if x.URL == nil {
		return
	}
	if len(x.Cookies) > 0 {
		c.anySent = true
	}
	c.checkRequest(p, x)
	c.checkDeletions(p, x)
	if x.Aborted() {
		return
	}
	for _, sc := range x.SetCookies {
		if errors.Is(sc.Err, cookie.ErrEmpty) {
			continue
		}
		if sc.Err == nil && sc.IsDeletion(x.Started) {
			if pr, ok := cookieRefusal(x.URL, sc); ok && pr.kind != problemTooLarge {
				c.addDeletion(p, x, sc, pr)
			}
			continue
		}
		pr, ok := cookieRefusal(x.URL, sc)
		if !ok || pr.kind == problemTooLarge {
			continue // oversized-cookie reports the size
		}
		c.add(p, x, sc, pr)
	}
}

// add records a refused line, or counts it on the refusal of the same
// cookie already recorded.
func (c *cookieRejected) add(p *Pass, x *Exchange, sc SetCookie, pr foundProblem) {
	name := sc.Name
	if sc.Err != nil {
		name = lineName(sc.Line)
	}
	host := x.Host()
	k := host + "\x00" + name + "\x00" + string(pr.kind)
	r, ok := c.byKey[k]
	if !ok {
		r = &refusal{refusedScope: newRefusedScope(x, sc, pr), name: name, pr: pr, auth: sc.Known && sc.Info.Kind != auth.CookieUnknown}
		r.what = describeCookie(x, sc)
		if sc.Err != nil {
			r.what = fmt.Sprintf("cookie %q", name)
		}
		r.f = Finding{
			Entries:  []EntryRef{p.Ref(x, "sets the cookie the browser refuses")},
			Evidence: []Evidence{p.SetCookieEvidence(x, sc)},
			Fix:      rejectionFix(pr, sc),
			Key:      cookieKey(sc.Info, name) + ":" + string(pr.kind),
		}
		if sc.FromHAR {
			r.f.ReliesOn = "the HAR's response.cookies array, read because the response has no Set-Cookie header"
		}
		c.byKey[k] = r
		c.order = append(c.order, r)
	}
	r.count++
	r.header = r.header || !sc.FromHAR
	r.entry = x.Index
	r.end = x.End()
	r.id = jar.ID(sc.Value)
	r.redacted = IsRedactionMarker(sc.Value)
}

// lineName is the cookie name of a Set-Cookie line that did not parse.
func lineName(line string) string {
	pair, _, _ := strings.Cut(line, ";")
	name, _, ok := strings.Cut(pair, "=")
	if !ok {
		return ""
	}
	return strings.TrimSpace(name)
}

// checkRequest looks at x as a later request of every refusal it would
// have carried the cookie to.
func (c *cookieRejected) checkRequest(p *Pass, x *Exchange) {
	if len(c.order) == 0 {
		return
	}
	for _, r := range c.order {
		if r.cameBack || !r.carries(x) {
			continue
		}
		sent := false
		for _, rc := range x.Cookies {
			if rc.Name != r.name {
				continue
			}
			sent = true
			if r.redacted || IsRedactionMarker(rc.Value) || jar.ID(rc.Value) == r.id {
				// The browser holds the cookie (or a sanitizer hid
				// which value it sent): it was not refused here.
				r.cameBack = true
				break
			}
			if r.older == 0 {
				r.olderEv = p.CookieEvidence(x, rc)
			}
			r.older++
		}
		if r.cameBack {
			continue
		}
		if !sent || r.older > 0 {
			r.missedN++
			if len(r.missed) < maxMissedRefs {
				role := fmt.Sprintf("sent no %q", p.CookieName(r.name))
				if sent {
					role = fmt.Sprintf("sent an older %q", p.CookieName(r.name))
				}
				r.missed = append(r.missed, p.Ref(x, role))
			}
		}
	}
}

func (c *cookieRejected) Finish(p *Pass) {
	c.finishDeletions(p)
	for _, r := range c.order {
		if r.cameBack {
			continue
		}
		f := r.f
		shown := r.missedN > 0 && (c.anySent || r.header)
		switch {
		case shown && r.auth:
			f.Severity = High
		case shown:
			f.Severity = Low
		case r.auth:
			f.Severity = Medium
		default:
			continue // no evidence of a loss that matters
		}
		f.Message = fmt.Sprintf("%s is refused by browsers: %s", r.what, refusedBecause(r.pr))
		if r.count > 1 {
			f.Message += fmt.Sprintf(" (set %d times, refused each time)", r.count)
		}
		where := r.where()
		switch {
		case shown:
			f.Message += fmt.Sprintf("; %s to %s went without it", laterRequests(r.missedN), where)
			if r.older > 0 {
				f.Message += fmt.Sprintf(" (%d sent an older value)", r.older)
				f.Evidence = append(f.Evidence, r.olderEv)
			}
			f.Entries = append(f.Entries, r.missed...)
			f.Why = r.pr.why + "; the requests that follow show it: " + rejectionConsequence(r)
		case r.missedN > 0:
			f.Message += "; the HAR records no request cookies, so it cannot show the loss"
			f.Why = r.pr.why
		default:
			f.Message += fmt.Sprintf("; no later request in the HAR went to %s under %q, so the HAR does not show the loss", where, r.path)
			f.Why = r.pr.why
		}
		if f.ReliesOn == "" && !shown {
			f.ReliesOn = "Chromium's cookie rules, read from the Set-Cookie line alone: the HAR has no later request that would have carried the cookie"
		}
		p.Report(f)
	}
}

// rejectionConsequence says what the lost cookie breaks.
func rejectionConsequence(r *refusal) string {
	if !r.auth {
		return "whatever the site keeps in this cookie is lost"
	}
	return "the login or session this cookie carries does not survive to the next request, so the user is signed out again or the callback fails"
}

// laterRequests says how many later requests there were: "the later
// request", "both later requests", "all 3 later requests".
func laterRequests(n int) string {
	switch n {
	case 1:
		return "the later request"
	case 2:
		return "both later requests"
	}
	return fmt.Sprintf("all %d later requests", n)
}

// refusedBecause says in a few words why cookieRefusal refused a cookie.
func refusedBecause(pr foundProblem) string {
	switch pr.kind {
	case problemSecureOverHTTP:
		return "it is Secure and was set over plain http"
	case problemPrefix:
		return "it breaks its name prefix rules (" + pr.detail + ")"
	case problemSameSiteNone:
		return "it is SameSite=None without Secure"
	case problemInvalidChar:
		return "the line holds a control character"
	}
	return pr.detail
}

// rejectionFix is the fix for a refused cookie: the library setting where
// one is known, for Domain problems too.
func rejectionFix(pr foundProblem, c SetCookie) Fix {
	switch pr.kind {
	case problemSecureOverHTTP, problemPrefix, problemSameSiteNone:
		return cookieProblemFix(pr.kind, c)
	case problemInvalidChar:
		return Fix{Library: libraryName(c.Info.Library), Reference: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6",
			Message: "encode the cookie value (base64url or percent-encoding) so that the Set-Cookie line holds no control characters"}
	}
	f := Fix{Library: libraryName(c.Info.Library), Reference: "https://www.rfc-editor.org/rfc/rfc6265#section-5.3"}
	what := fmt.Sprintf("remove Domain=%s from %q", c.Domain, c.Name)
	if pr.kind == problemPublicSuffix {
		what += " (no cookie can be shared across a public suffix: give the app a custom domain to share cookies between its hosts)"
	} else {
		what += " on hosts outside that domain (preview, staging and internal hosts): leave Domain out there so the cookie is host-only, or derive it from the request host"
	}
	switch c.Info.Library {
	case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
		// NextAuth/Auth.js cookies option: cookies.<key>.options.domain
		// (packages/core/src/lib/utils/cookie.ts defaultCookies sets none).
		f.Message = fmt.Sprintf("%s: drop domain from cookies.%s.options in the auth config, or set it only where the host is under that domain", what, authJSCookieKey(c.Info.Kind))
		f.Reference = "https://authjs.dev/reference/core#cookies"
		if c.Info.Library == auth.LibraryNextAuthV4 {
			f.Reference = "https://next-auth.js.org/configuration/options#cookies"
		}
	case auth.LibraryNextjsAuth0V4:
		// AUTH0_COOKIE_DOMAIN / session.cookie.domain; the transaction
		// cookie falls back to it since v4.17.0 (#2545).
		f.Message = fmt.Sprintf("%s: unset AUTH0_COOKIE_DOMAIN (session.cookie.domain; the transaction cookie uses it too since 4.17.0) in deployments served from other hosts", what)
		f.Reference = "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#cookie-configuration"
	case auth.LibraryNextjsAuth0V3:
		// src/config.ts AUTH0_COOKIE_DOMAIN -> session.cookie.domain;
		// AUTH0_TRANSACTION_COOKIE_DOMAIN for auth_verification.
		f.Message = fmt.Sprintf("%s: unset AUTH0_COOKIE_DOMAIN and AUTH0_TRANSACTION_COOKIE_DOMAIN in deployments served from other hosts", what)
		f.Reference = "https://github.com/auth0/nextjs-auth0/blob/v3/src/config.ts"
	default:
		f.Message = what
	}
	return f
}
