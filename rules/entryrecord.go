package rules

import (
	"strings"
	"time"

	"github.com/authlint/authlint/har"
)

// entryRecord is what a rule that looks across entries keeps of one entry
// so that it can name it in a finding later: the fields Pass.Ref reads, and
// nothing of the entry's text but its method and URL (copied, so that no
// decoder buffer stays alive). The EntryRef, with its redacted URL and JSON
// pointer, is built only for the entries that end up in a finding.
type entryRecord struct {
	index, line int32
	status      int32
	started     time.Time
	time        float64 // the entry's total time in ms (-1: unknown)
	method, url string
}

// recordOf returns the record of x.
func recordOf(x *Exchange) entryRecord {
	return entryRecord{
		index:   int32(x.Index),
		line:    int32(x.Line),
		status:  int32(x.Status()),
		started: x.Started,
		time:    x.Time,
		method:  internMethod(x.Request.Method),
		url:     strings.Clone(x.Request.URL),
	}
}

// ref returns the reference Pass.Ref returns for the entry recorded.
func (r entryRecord) ref(p *Pass, role string) EntryRef {
	e := &har.Entry{Index: int(r.index), Line: int(r.line), Started: r.started, Time: r.time,
		Request: har.Request{Method: r.method, URL: r.url}}
	if r.status != 0 {
		e.Response = &har.Response{Status: int(r.status)}
	}
	return p.Ref(&Exchange{Entry: e}, role)
}

// commonMethods are shared rather than copied for every record.
var commonMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

func internMethod(m string) string {
	for _, c := range commonMethods {
		if m == c {
			return c
		}
	}
	return strings.Clone(m)
}

// setCookieRecord is what SetCookieEvidence reads of a Set-Cookie line,
// copied out of the HAR text.
type setCookieRecord struct {
	line, value string // value is within line when the line holds it
	fromHAR     bool
}

func recordSetCookie(c SetCookie) setCookieRecord {
	r := setCookieRecord{line: strings.Clone(c.Line), fromHAR: c.FromHAR}
	if i := strings.Index(r.line, c.Value); i >= 0 {
		r.value = r.line[i : i+len(c.Value)]
	} else {
		r.value = strings.Clone(c.Value)
	}
	return r
}

// evidence returns the evidence Pass.SetCookieEvidence returns for the line
// in the response of the entry with index entry.
func (r setCookieRecord) evidence(p *Pass, entry int) Evidence {
	var c SetCookie
	c.Line, c.Value, c.FromHAR = r.line, r.value, r.fromHAR
	return p.SetCookieEvidence(&Exchange{Entry: &har.Entry{Index: entry}}, c)
}

// refsHave reports whether refs include the entry with index i.
func refsHave(refs []EntryRef, i int) bool {
	for _, r := range refs {
		if r.Index == i {
			return true
		}
	}
	return false
}
