package rules

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// siteOf returns the site of a host as browsers define it: its registrable
// domain (eTLD+1 by the Public Suffix List, private suffixes included, so
// a.vercel.app and b.vercel.app are two sites), or the host itself for IP
// addresses, localhost and names that have none. Every rule that asks
// "same site?" asks it here.
func siteOf(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || net.ParseIP(strings.Trim(host, "[]")) != nil {
		return host
	}
	if site, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return site
	}
	return host
}
