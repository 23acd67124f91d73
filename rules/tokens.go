package rules

import (
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/token"
)

// Session tokens across entries, shared by the rules that judge the tokens
// requests sent: bounds, how a response set a value, the library, evidence.

// maxTracked bounds the per-input maps of the session-token rules: past it,
// the maps of findings in progress take no new values (those already there
// are still reported), and the maps of values set by responses start over,
// since the latest values matter most.
const maxTracked = 4096

// setRecord is how a response of the input set one session-cookie value.
// The evidence and reference are built only for a finding (see
// newSetRecord).
type setRecord struct {
	entry     int
	transient bool // no Expires or Max-Age
	rec       entryRecord
	line      setCookieRecord // the (first) Set-Cookie line
}

// newSetRecord returns the record of the session s that x's response set;
// withLine keeps what its evidence and reference need.
func newSetRecord(x *Exchange, s setSession, withLine bool) setRecord {
	r := setRecord{entry: x.Index, transient: !s.Persistent}
	if withLine {
		r.rec, r.line = recordOf(x), recordSetCookie(s.Lines[0])
	}
	return r
}

// evidence quotes the Set-Cookie line, value redacted.
func (r setRecord) evidence(p *Pass) Evidence { return r.line.evidence(p, r.entry) }

// clockSkew returns the run's allowance for a difference between the
// recorder's and the server's clocks, added to a library's tolerance.
func clockSkew(p *Pass) time.Duration {
	if s := p.Options().ClockSkew; s != 0 {
		return s
	}
	return DefaultClockSkew
}

// tokenLibrary names the library of a token for messages: the one whose
// format matched (after decryption, the one whose key worked), else the one
// the cookie name belongs to, else "".
func tokenLibrary(t token.Token, info auth.CookieInfo) string {
	if t.Library != token.UnknownLibrary {
		return t.Library.String()
	}
	return libraryName(info.Library)
}

// sessionEvidence quotes the cookies (every chunk) that made up s, values
// redacted.
func sessionEvidence(p *Pass, x *Exchange, s SessionCookie) []Evidence {
	var ev []Evidence
	for _, c := range x.Cookies {
		if !c.Session() {
			continue
		}
		if wholeSessionName(c.Info, c.Name) == s.Name {
			ev = append(ev, p.CookieEvidence(x, c))
		}
	}
	return ev
}
