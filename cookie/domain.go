package cookie

import (
	"fmt"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/authlint/authlint/internal/ascii"
)

// DomainError returns why a browser refuses a Set-Cookie line whose Domain
// attribute is domain (lower-case, without a leading dot, as in
// [SetCookie.Domain]) when the response came from host (no port), or ""
// when the browser accepts it. hostOnly reports that the browser accepts
// the line as a host-only cookie despite the attribute: a Domain equal to
// an IP address host, or to a host that is itself a public suffix. An empty
// domain is accepted as host-only.
//
// It follows Chromium's net/cookies/cookie_util.cc
// GetCookieDomainWithString (RFC 6265 §5.3 steps 5-6, with the Public
// Suffix List including its private section, as Chromium's
// INCLUDE_PRIVATE_REGISTRIES):
//
//   - a Domain with a '%' is refused ("Disallow domain names with
//     %-escaped characters");
//   - a host whose registrable domain is empty (an IP address, a single
//     label such as "intranet", a public suffix) accepts only a Domain equal
//     to itself, as a host-only cookie;
//   - the registrable domains come from golang.org/x/net/publicsuffix,
//     whose list and default rule match Chromium's registry (see
//     [RegistrableDomain]);
//   - otherwise the Domain must have the same registrable domain as the
//     host (so a public suffix such as "vercel.app" or "com" is refused)
//     and the host must be the Domain or one of its subdomains.
func DomainError(host, domain string) (reason string, hostOnly bool) {
	host = strings.TrimSuffix(ascii.Lower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")), ".")
	domain = strings.TrimSuffix(ascii.Lower(strings.TrimPrefix(domain, ".")), ".")
	if domain == "" {
		return "", true
	}
	if isIP(host) {
		if domain == host {
			return "", true
		}
		return fmt.Sprintf("Domain attribute %q set by IP address %q", domain, host), false
	}
	if strings.Contains(domain, "%") {
		return fmt.Sprintf("Domain attribute %q holds a %%-escape", domain), false
	}
	hostSite := RegistrableDomain(host)
	if hostSite == "" {
		if domain == host {
			return "", true
		}
		return fmt.Sprintf("Domain attribute %q set by %q, which has no registrable domain", domain, host), false
	}
	if RegistrableDomain(domain) != hostSite {
		if IsPublicSuffix(domain) {
			return fmt.Sprintf("Domain attribute %q is a public suffix", domain), false
		}
		return fmt.Sprintf("Domain attribute %q does not domain-match host %q", domain, host), false
	}
	if !DomainMatch(host, domain) {
		return fmt.Sprintf("Domain attribute %q does not domain-match host %q", domain, host), false
	}
	return "", false
}

// RegistrableDomain returns the registrable domain (eTLD+1) of a host name
// by the Public Suffix List, private section included, or "" when the host
// is itself a public suffix, a single label or an IP address. A top-level
// domain the list does not know counts as a public suffix (the list's
// default rule "*"), as Chromium's registry_controlled_domains
// GetDomainAndRegistryImpl counts it (INCLUDE_UNKNOWN_REGISTRIES): so
// "app.localhost" has the registrable domain "app.localhost".
func RegistrableDomain(host string) string {
	host = strings.TrimSuffix(ascii.Lower(host), ".")
	if host == "" || isIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")) || !strings.Contains(host, ".") {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}

// IsPublicSuffix reports whether domain is a public suffix ("com",
// "co.uk", "vercel.app", "github.io"): one under which anyone may register
// names, so no cookie may be scoped to it. A single label that the list does
// not know ("intranet", "localhost") counts as one, as the list's default
// rule "*" makes it.
func IsPublicSuffix(domain string) bool {
	domain = strings.TrimSuffix(ascii.Lower(strings.TrimPrefix(domain, ".")), ".")
	if domain == "" || isIP(domain) {
		return false
	}
	ps, _ := publicsuffix.PublicSuffix(domain)
	return ps == domain
}
