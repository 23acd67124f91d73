package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/auth"
)

// cookieRisk ranks what a Set-Cookie line does if one user's copy reaches
// others: a live session cookie is the worst, then a session deletion (a
// replayed logout) and transaction cookies (a replayed login attempt), then
// anything else.
func cookieRisk(x *Exchange, c SetCookie) Severity {
	if !c.Known {
		return Low
	}
	switch {
	case c.Info.Kind == auth.CookieSession && !c.IsDeletion(x.Started):
		return Critical
	case c.Info.Kind == auth.CookieSession, c.Info.Kind.Sensitive():
		return High
	}
	return Low
}

// describeCookie names a cookie for messages: `session cookie "appSession"`.
func describeCookie(x *Exchange, c SetCookie) string {
	kind := "cookie"
	if c.Known && c.Info.Kind != auth.CookieUnknown {
		kind = c.Info.Kind.String() + " cookie"
	}
	if c.IsDeletion(x.Started) {
		kind = "deletion of " + kind
	}
	return fmt.Sprintf("%s %q", kind, c.Name)
}

// riskiestCookies returns the Set-Cookie lines of x ordered from the most to
// the least severe, skipping lines a browser would reject and names in skip.
func riskiestCookies(x *Exchange, skip func(SetCookie) bool) []SetCookie {
	var out []SetCookie
	for _, c := range x.SetCookies {
		if c.Err != nil || skip != nil && skip(c) {
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b SetCookie) int { return int(cookieRisk(x, b)) - int(cookieRisk(x, a)) })
	return out
}

// cookieList renders cookies for a message: `session cookie "sid" and 2 others`.
func cookieList(x *Exchange, cs []SetCookie) string {
	s := describeCookie(x, cs[0])
	switch len(cs) {
	case 1:
	case 2:
		s += fmt.Sprintf(" and cookie %q", cs[1].Name)
	default:
		s += fmt.Sprintf(" and %d other cookies", len(cs)-1)
	}
	return s
}

// cookieKey is the fingerprint key for a cookie: its name without chunk
// suffix, with generated parts (nextjs-auth0 v4 "__txn_<state>") folded.
func cookieKey(c auth.CookieInfo, name string) string {
	if c.Base != "" {
		name = c.Base
	}
	if strings.HasPrefix(name, "__txn_") {
		return "__txn_*"
	}
	return name
}
