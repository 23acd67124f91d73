package rules

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/auth"
)

// A refused deletion is a Set-Cookie line that deletes an auth cookie
// (Max-Age=0 or an Expires in the past) and that the browser refuses, for
// the reasons cookieRefusal gives for any line: a refused line changes
// nothing, so the cookie it meant to delete stays. The HAR shows it when
// the next request that would carry the cookie still does: signing out
// leaves the user signed in, or a stale session or chunk rides into the
// next sign-in.
type refusedDeletion struct {
	refusedScope
	name string
	pr   foundProblem
	what string
	f    Finding

	decided bool // the next request that would carry the cookie was seen
	gone    bool // it did not carry it, or a later line set the cookie again
	keptN   int  // later requests that still sent it
	kept    []EntryRef
	keptEv  Evidence
}

// addDeletion records a refused deletion of an auth cookie.
func (c *cookieRejected) addDeletion(p *Pass, x *Exchange, sc SetCookie, pr foundProblem) {
	if !sc.Known || sc.Info.Kind == auth.CookieUnknown {
		return // a deletion of another cookie that stays breaks no login
	}
	host := x.Host()
	k := host + "\x00" + sc.Name + "\x00" + string(pr.kind)
	if d, ok := c.deletions[k]; ok && !d.decided || !ok && len(c.deletions) >= maxTracked {
		return // the same refusal again before any request, or too many
	}
	d := &refusedDeletion{refusedScope: newRefusedScope(x, sc, pr), name: sc.Name, pr: pr, what: describeCookie(x, sc)}
	d.f = Finding{
		Entries:  []EntryRef{p.Ref(x, "deletes the cookie with a line the browser refuses")},
		Evidence: []Evidence{p.SetCookieEvidence(x, sc)},
		Fix:      deletionFix(pr, sc),
		Key:      cookieKey(sc.Info, sc.Name) + ":deletion:" + string(pr.kind),
	}
	if _, ok := c.deletions[k]; !ok {
		c.deletionOrder = append(c.deletionOrder, k)
	}
	c.deletions[k] = d
}

// checkDeletions looks at x as a later request of every refused deletion
// it would have carried the cookie of, and at x's own Set-Cookie lines,
// which may set the cookie again.
func (c *cookieRejected) checkDeletions(p *Pass, x *Exchange) {
	for _, k := range c.deletionOrder {
		d := c.deletions[k]
		if d.gone || !d.carries(x) {
			continue
		}
		var sent *RequestCookie
		for i := range x.Cookies {
			if x.Cookies[i].Name == d.name {
				sent = &x.Cookies[i]
				break
			}
		}
		switch {
		case sent == nil && !d.decided:
			d.gone = true // deleted after all (another line did it)
		case sent != nil:
			if d.keptN == 0 {
				d.keptEv = p.CookieEvidence(x, *sent)
			}
			d.keptN++
			if len(d.kept) < maxMissedRefs {
				d.kept = append(d.kept, p.Ref(x, fmt.Sprintf("still sent %q", p.CookieName(d.name))))
			}
		}
		d.decided = true
	}
	for _, sc := range x.SetCookies {
		if sc.Err != nil || sc.IsDeletion(x.Started) {
			continue
		}
		for _, k := range c.deletionOrder {
			if d := c.deletions[k]; d.name == sc.Name && !d.decided && d.coversHost(x.Host()) {
				d.gone = true // set again before any request could show the deletion failed
			}
		}
	}
}

// finishDeletions reports the refused deletions that later requests show.
func (c *cookieRejected) finishDeletions(p *Pass) {
	for _, k := range c.deletionOrder {
		d := c.deletions[k]
		if d.gone || d.keptN == 0 {
			continue
		}
		f := d.f
		f.Severity = Medium
		where := d.where()
		f.Message = fmt.Sprintf("the %s is refused by browsers: %s; %s to %s still sent the cookie", d.what, refusedBecause(d.pr), stillSent(d.keptN), where)
		f.Evidence = append(f.Evidence, d.keptEv)
		f.Entries = append(f.Entries, d.kept...)
		f.Why = refusalRule(d.pr.why) + ", and a refused line changes nothing, deletions included: the cookie the response meant to delete stays, as the requests that follow show, so signing out leaves the user signed in, and a stale session or chunk rides into the next sign-in"
		p.Report(f)
	}
}

// refusalRule is the rule part of a refusal's why ("browsers ignore a
// cookie whose ..."), without what a refused cookie that sets a value
// loses.
func refusalRule(why string) string {
	rule, _, _ := strings.Cut(why, ", so the cookie is never stored")
	return rule
}

// stillSent says how many later requests still sent a cookie.
func stillSent(n int) string {
	if n == 1 {
		return "the next request"
	}
	return fmt.Sprintf("%d later requests", n)
}

// deletionFix is the fix for a refused deletion: delete the cookie with the
// attributes it was set with.
func deletionFix(pr foundProblem, c SetCookie) Fix {
	f := rejectionFix(pr, c)
	f.Message = "delete the cookie with the attributes it was set with, which the browser accepts: a deletion replaces the cookie of the same name, Domain and Path, and a refused one changes nothing (" + f.Message + ")"
	return f
}
