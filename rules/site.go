package rules

import (
	"hash/maphash"
	"net"
	"strings"
	"sync/atomic"

	"golang.org/x/net/publicsuffix"
)

// siteOf returns the site of a host as browsers define it: its registrable
// domain (eTLD+1 by the Public Suffix List, private suffixes included, so
// a.vercel.app and b.vercel.app are two sites), or the host itself for IP
// addresses, localhost and names that have none. Every rule that asks
// "same site?" asks it here.
func siteOf(host string) string {
	slot := &siteMemo[maphash.String(siteSeed, host)%uint64(len(siteMemo))]
	if m := slot.Load(); m != nil && m.host == host {
		return m.site
	}
	site := lookUpSite(host)
	slot.Store(&siteMemoEntry{host: strings.Clone(host), site: site})
	return site
}

// siteMemo remembers the last host asked for in each of its slots, by
// hash: every rule asks for the site of every entry's host, and a HAR
// holds few hosts. Slots are atomic, so siteOf is safe for concurrent use.
var (
	siteMemo [256]atomic.Pointer[siteMemoEntry]
	siteSeed = maphash.MakeSeed()
)

// A siteMemoEntry is a host and its site.
type siteMemoEntry struct{ host, site string }

// lookUpSite is siteOf without the memo.
func lookUpSite(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || net.ParseIP(strings.Trim(host, "[]")) != nil {
		return host
	}
	if site, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return site
	}
	return host
}
