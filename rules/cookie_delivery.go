package rules

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
)

// This file answers one question for the rules that follow a cookie from
// the response that set it to a later request (transaction-cookie-not-sent,
// login-redirect-loop, and the links auth-error-response and
// cookie-not-forwarded make): the request did not carry the cookie; what in
// the HAR says why?

// cookieSet is what a rule keeps of one Set-Cookie line: the line and where
// and when it arrived.
type cookieSet struct {
	sc    SetCookie
	url   *url.URL
	at    time.Time
	entry int
	ref   EntryRef // the entry, for findings that name it
}

// newCookieSet keeps sc as x set it.
func newCookieSet(x *Exchange, sc SetCookie) cookieSet {
	return cookieSet{sc: sc, url: x.URL, at: x.Started, entry: x.Index}
}

// notSent says why a browser did not send a cookie on a request.
type notSent struct {
	// why is a phrase that completes "the browser did not send it: ...".
	why string
	// rule is the rule that reports the cause on the entry that set the
	// cookie, "" when none does.
	rule string
	// cause names the kind of cause, for fixes and tests: "rejected"
	// ("rejected-domain" for a refused Domain), "expired", "host", "domain", "secure", "path", "samesite".
	cause string
}

// laxAllowUnsafeMaxAge is how long Chrome sends a cookie set without
// SameSite (Lax by default) on a cross-site top-level POST: Chromium
// net/cookies/cookie_constants.h kLaxAllowUnsafeMaxAge (2 minutes, the
// "Lax+POST" mitigation of crbug.com/1002427).
const laxAllowUnsafeMaxAge = 2 * time.Minute

// whyNotSent returns why a browser that received c would not send it on
// x, judged from the line, the two URLs, their times and x's Fetch Metadata;
// false when nothing in the HAR explains it (the cookie was cleared, or the
// request came from another browser or profile).
func whyNotSent(c cookieSet, x *Exchange) (notSent, bool) {
	if r, ok := refusedCookie(c); ok {
		return r, true
	}
	sc := c.sc
	if exp, ok := sc.ExpiryAt(c.at); ok && !c.at.IsZero() && !x.Started.IsZero() && !exp.After(x.Started) {
		return notSent{cause: "expired", why: fmt.Sprintf("it expired %s after entry %d set it (%s), %s before this request",
			roundDur(exp.Sub(c.at)), c.entry, expiryAttr(sc), roundDur(x.Started.Sub(exp)))}, true
	}
	if x.URL == nil || c.url == nil {
		return notSent{}, false
	}
	host, setHost := x.Host(), strings.ToLower(c.url.Hostname())
	switch {
	case sc.HostOnly() && host != setHost:
		return notSent{cause: "host", why: fmt.Sprintf("it has no Domain attribute, so it belongs to %q alone, and this request went to %q", setHost, host)}, true
	case !sc.HostOnly() && !cookie.DomainMatch(host, sc.Domain):
		return notSent{cause: "domain", why: fmt.Sprintf("its Domain %q does not cover %q", sc.Domain, host)}, true
	case sc.Secure && !cookie.IsSecureOrigin(x.URL):
		return notSent{cause: "secure", why: "it is Secure and this request went over plain http"}, true
	}
	if p := sc.EffectivePath(c.url.Path); !cookie.PathMatch(x.URL.EscapedPath(), p) {
		how := fmt.Sprintf("its Path %q", p)
		if sc.Path == "" {
			how = fmt.Sprintf("it has no Path attribute, so its path is %q (the directory of %q), and that", p, c.url.Path)
		}
		return notSent{cause: "path", why: fmt.Sprintf("%s does not cover %q", how, x.URL.EscapedPath())}, true
	}
	if !crossSite(x) {
		return notSent{}, false
	}
	unsafe := x.Request.Method != "GET" && x.Request.Method != "HEAD"
	top := topLevelNavigation(x)
	switch ss := strings.ToLower(sc.SameSite); {
	case ss == "strict":
		return notSent{cause: "samesite", why: "it is SameSite=Strict and this request is cross-site (" + crossSiteEvidence(x) + "): browsers send a Strict cookie only on requests the site itself started, so not on a navigation that began at another site, redirects included"}, true
	case ss == "lax" && unsafe:
		return notSent{cause: "samesite", why: fmt.Sprintf("it is SameSite=Lax and this request is a cross-site %s (%s), as a response_mode=form_post callback is: browsers send Lax cookies to another site's requests only on top-level GET navigations", x.Request.Method, crossSiteEvidence(x))}, true
	case ss == "lax" && !top:
		return notSent{cause: "samesite", why: "it is SameSite=Lax and this request is a cross-site request that is not a top-level navigation (" + crossSiteEvidence(x) + ")"}, true
	case ss == "" && unsafe && chromeLike(x) && !c.at.IsZero() && x.Started.Sub(c.at) > laxAllowUnsafeMaxAge:
		return notSent{cause: "samesite", why: fmt.Sprintf("it has no SameSite attribute, which Chrome treats as Lax, and this request is a cross-site %s (%s) %s after the cookie was set, past the 2 minutes in which Chrome still sends such a cookie on a cross-site POST", x.Request.Method, crossSiteEvidence(x), roundDur(x.Started.Sub(c.at)))}, true
	case ss == "" && !top && chromeLike(x):
		return notSent{cause: "samesite", why: "it has no SameSite attribute, which Chrome treats as Lax, and this request is a cross-site request that is not a top-level navigation (" + crossSiteEvidence(x) + ")"}, true
	}
	return notSent{}, false
}

// refusedCookie returns why the browser did not store c at all, if the line
// shows it: the reasons of cookieRefusal (the one check cookie-rejected and
// oversized-cookie make), or a line that does not parse as a cookie.
func refusedCookie(c cookieSet) (notSent, bool) {
	sc := c.sc
	at := fmt.Sprintf("when entry %d set it", c.entry)
	if sc.Err != nil {
		return notSent{rule: "cookie-rejected", cause: "rejected", why: fmt.Sprintf("the browser refused the line %s: %v", at, sc.Err)}, true
	}
	pr, ok := cookieRefusal(c.url, sc)
	if !ok {
		return notSent{}, false
	}
	switch pr.kind {
	case problemTooLarge:
		return notSent{rule: "oversized-cookie", cause: "rejected", why: fmt.Sprintf("the browser dropped it %s: its name and value are %d bytes, over the %d a browser stores", at, sc.Size(), cookie.MaxNameValueSize)}, true
	case problemDomainEscape:
		return notSent{rule: "cookie-rejected", cause: "rejected-domain", why: fmt.Sprintf("the browser refused it %s: its Domain %q holds a %%-escape", at, sc.Domain)}, true
	case problemDomainMismatch:
		return notSent{rule: "cookie-rejected", cause: "rejected-domain", why: fmt.Sprintf("the browser refused it %s: its Domain %q does not domain-match %q, the host that set it", at, sc.Domain, strings.ToLower(c.url.Hostname()))}, true
	case problemPublicSuffix:
		return notSent{rule: "cookie-rejected", cause: "rejected-domain", why: fmt.Sprintf("the browser refused it %s: its Domain %q is a public suffix", at, sc.Domain)}, true
	}
	return notSent{rule: "cookie-rejected", cause: "rejected", why: fmt.Sprintf("the browser refused it %s: %s", at, refusedBecause(pr))}, true
}

// crossSite reports whether x is a cross-site request, by its
// Sec-Fetch-Site header (which Chromium computes over the whole redirect
// chain), or without one, a POST whose Origin is another site.
func crossSite(x *Exchange) bool {
	h := x.Request.Headers
	if s := h.Get("Sec-Fetch-Site"); s != "" {
		return strings.EqualFold(s, "cross-site")
	}
	o := h.Get("Origin")
	if o == "" || o == "null" || x.URL == nil {
		return false
	}
	u, err := url.Parse(o)
	return err == nil && u.Hostname() != "" && siteOf(u.Hostname()) != siteOf(x.Host())
}

// crossSiteEvidence quotes the header that shows x is cross-site.
func crossSiteEvidence(x *Exchange) string {
	if s := x.Request.Headers.Get("Sec-Fetch-Site"); s != "" {
		return "Sec-Fetch-Site: " + s
	}
	return "Origin: " + x.Request.Headers.Get("Origin")
}

// topLevelNavigation reports whether x loads a page in the top-level
// window: Sec-Fetch-Mode navigate with a document destination, or without
// Fetch Metadata, a document or a form post.
func topLevelNavigation(x *Exchange) bool {
	h := x.Request.Headers
	if m := h.Get("Sec-Fetch-Mode"); m != "" {
		d := h.Get("Sec-Fetch-Dest")
		return strings.EqualFold(m, "navigate") && (d == "" || strings.EqualFold(d, "document"))
	}
	return navigationLike(x)
}

// chromeLike reports whether x came from a Chromium browser, or from a
// browser the HAR does not name: the ones where a cookie without SameSite
// is Lax.
func chromeLike(x *Exchange) bool {
	ua := x.Request.Headers.Get("User-Agent")
	return ua == "" || strings.Contains(ua, "Chrome/") || strings.Contains(ua, "Chromium/") || strings.Contains(ua, "HeadlessChrome")
}

// expiryAttr quotes the attribute that set the cookie's lifetime.
func expiryAttr(sc SetCookie) string {
	if sc.HasMaxAge {
		return fmt.Sprintf("Max-Age=%d", sc.MaxAge)
	}
	return "Expires=" + sc.ExpiresRaw
}

// roundDur prints a duration to the second.
func roundDur(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
