package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/redact"
)

// coverage counts what an input contains, to tell which rules could not be
// evaluated on it and why: a sanitized export has headers but no Cookie,
// Set-Cookie or Authorization; some recorders keep no headers at all; an
// app may use bearer tokens and no cookies; sanitizers leave markers in
// place of values.
type coverage struct {
	entries         int
	responses       int // entries with a response
	requestHeaders  int // entries whose request has any header
	responseHeaders int // entries whose response has any header
	cookieRequests  int // entries that sent cookies (header or HAR array)
	authzHeaders    int
	setCookies      int // Set-Cookie lines (header or HAR array)
	refusedCookies  int // of which the browser refuses (cookieRefusal)
	cookieValues    int // cookie values seen, request and response
	redactedValues  int // of which were sanitizer markers
	// harRequests and harResponses count the entries whose cookies came
	// from the HAR's cookies arrays for lack of headers.
	harRequests, harResponses int
	// chrome is the Chrome major version named by the first User-Agent
	// request header, 0 when none does; edge is set when that header is
	// Microsoft Edge's ("Edg/").
	chrome int
	edge   bool
}

func (c *coverage) observe(x *Exchange) {
	c.entries++
	if !x.Aborted() {
		c.responses++
	}
	if len(x.Request.Headers) > 0 {
		c.requestHeaders++
	}
	if x.Response != nil && len(x.Response.Headers) > 0 {
		c.responseHeaders++
	}
	if len(x.Cookies) > 0 {
		c.cookieRequests++
	}
	if x.Authorization != "" {
		c.authzHeaders++
	}
	c.setCookies += len(x.SetCookies)
	for _, sc := range x.SetCookies {
		if _, ok := cookieRefusal(x.URL, sc); ok && x.URL != nil {
			c.refusedCookies++
		}
	}
	if x.CookiesFromHAR {
		c.harRequests++
	}
	if x.SetCookiesFromHAR {
		c.harResponses++
	}
	if c.chrome == 0 {
		ua := x.Request.Headers.Get("User-Agent")
		c.chrome, c.edge = chromeMajor(ua), strings.Contains(ua, " Edg/")
	}
	for _, ck := range x.Cookies {
		c.value(ck.Value)
	}
	for _, sc := range x.SetCookies {
		c.value(sc.Value)
	}
}

func (c *coverage) value(v string) {
	if v == "" {
		return
	}
	c.cookieValues++
	if IsRedactionMarker(v) {
		c.redactedValues++
	}
}

// chromeVersion finds the Chrome major version in a User-Agent (Edge and
// Opera name it too).
var chromeVersion = regexp.MustCompile(`(?:Chrome|Chromium|HeadlessChrome)/(\d+)\.`)

func chromeMajor(ua string) int {
	m := chromeVersion.FindStringSubmatch(ua)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// A GapCause names why an input lacks data some rules need, as read from
// the HAR. It is API: the JSON report carries it.
type GapCause string

// The causes, from the most to the least specific.
const (
	// CauseSanitizedExport: Chrome or Edge DevTools' default export, which
	// drops Cookie, Set-Cookie and Authorization and the cookies arrays.
	CauseSanitizedExport GapCause = "sanitized-export"
	// CauseNoHeaders: the recorder kept no request (or response) headers.
	CauseNoHeaders GapCause = "no-headers"
	// CauseRecorderOmitsCookie: the recorder never sees the Cookie header
	// the browser engine adds (PhantomJS).
	CauseRecorderOmitsCookie GapCause = "recorder-omits-cookie"
	// CauseBearerTokens: the app authenticates with Authorization headers
	// and uses no cookies.
	CauseBearerTokens GapCause = "bearer-tokens"
	// CauseNoCookies: headers are complete, and no request sent a cookie
	// and no response set one.
	CauseNoCookies GapCause = "no-cookies"
	// CauseNoneSent: responses set cookies but no request sent one.
	CauseNoneSent GapCause = "none-sent"
	// CauseNoneSet: requests sent cookies but no response set one.
	CauseNoneSet GapCause = "none-set"
	// CauseRedacted: cookie values were replaced by sanitizer markers.
	CauseRedacted GapCause = "redacted-values"
)

// MissingCookieValues is the Missing entry of a gap whose cookie values were
// replaced by redaction markers; the other entries are header names.
const MissingCookieValues = "cookie values"

// A Gap is data an input lacks that some rules need, with its cause read
// from the HAR. Reports print each gap once per input, not once per rule.
type Gap struct {
	Cause GapCause `json:"cause"`
	// Missing lists the headers the input lacks ("Cookie", "Authorization",
	// "Set-Cookie"), or "cookie values" when they were redacted.
	Missing []string `json:"missing"`
	// Reason says, in one sentence, what is missing, why, and what to do.
	Reason string `json:"reason"`
	// Rules are the IDs of the rules the gap left out, in run order.
	Rules []string `json:"rules"`

	needs []need // what is missing, per kind of data
}

// CookieArrays says that some entries had no Cookie or Set-Cookie header
// and their cookies were read from the HAR's cookies arrays, and what those
// arrays cannot show.
type CookieArrays struct {
	// Requests and Responses count the entries read that way.
	Requests  int `json:"requests"`
	Responses int `json:"responses"`
	// Limits says what the arrays cannot show.
	Limits string `json:"limits"`
}

// harCookieLimits is what a HAR cookies array cannot show. HAR 1.2 (the
// "cookies" object: name, value, path, domain, expires, httpOnly, secure)
// has no Max-Age, SameSite, Partitioned or Priority field; Chrome DevTools
// adds sameSite and partitionKey (devtools-frontend
// front_end/models/har/Log.ts buildCookie), other exporters do not.
const harCookieLimits = "the arrays keep name, value, path, domain, expires, httpOnly and secure, but not the header itself: not Max-Age, SameSite (only Chrome DevTools writes it), Partitioned, the order and duplicates of the Cookie header, its exact size, or Set-Cookie lines the browser rejected; findings that depend on those are less certain"

// recorder describes the tool that wrote the HAR, for reasons.
type recorder struct {
	name     string // "Firefox 111.0.1", "Chrome 114 DevTools"
	devtools bool   // Chrome or Edge DevTools (creator "WebInspector")
	chrome   int    // Chrome major version, 0 when unknown
	kind     string // "phantomjs", "browsermob" or ""
}

func recorderOf(l *har.Log, chrome int, edge bool) recorder {
	r := recorder{chrome: chrome}
	if l == nil {
		return r
	}
	r.name = strings.TrimSpace(l.Creator.Name + " " + l.Creator.Version)
	if l.Browser != nil && strings.EqualFold(l.Browser.Name, "chrome") {
		if n, err := strconv.Atoi(strings.SplitN(l.Browser.Version, ".", 2)[0]); err == nil {
			r.chrome = n
		}
	}
	name := strings.ToLower(l.Creator.Name)
	switch {
	case name == "webinspector":
		// Chrome and Edge (Chromium) DevTools write "WebInspector"
		// (devtools-frontend front_end/models/har/Log.ts creator(); the
		// corpus's Edge export has it too).
		r.devtools = true
		browser := "Chrome"
		if edge {
			browser = "Edge"
		}
		r.name = browser + " DevTools"
		if r.chrome > 0 {
			r.name = fmt.Sprintf("%s %d DevTools", browser, r.chrome)
		}
	case strings.Contains(name, "phantomjs"):
		r.kind = "phantomjs"
	case strings.Contains(name, "browsermob"):
		r.kind = "browsermob"
	}
	if r.name == "" {
		r.name = "the tool that wrote this HAR (it names no creator)"
	}
	return r
}

// sanitizingChrome is the first Chrome whose DevTools export the sanitized
// HAR by default: devtools-frontend acd96a6 "[network] Export sanitized HARs
// by default" (CL 5846648, September 2024, the Chrome 130 cycle). The full
// export needs the setting "Allow to generate HAR with sensitive data"
// (https://developer.chrome.com/docs/devtools/network/reference#save-as-har).
const sanitizingChrome = 130

// side is the half of the exchanges a missing item is read from.
type side int

const (
	requestSide side = iota
	responseSide
)

// cause returns why the input lacks cookie data on one side.
func (c *coverage) cause(rec recorder, s side) GapCause {
	if s == requestSide && c.requestHeaders == 0 || s == responseSide && c.responseHeaders == 0 {
		return CauseNoHeaders
	}
	if s == requestSide && rec.kind == "phantomjs" {
		return CauseRecorderOmitsCookie
	}
	if c.cookieRequests == 0 && c.setCookies == 0 && c.requestHeaders > 0 {
		switch {
		case c.authzHeaders > 0:
			return CauseBearerTokens
		case rec.devtools && (rec.chrome == 0 || rec.chrome >= sanitizingChrome):
			return CauseSanitizedExport
		}
		return CauseNoCookies
	}
	if s == requestSide {
		return CauseNoneSent
	}
	return CauseNoneSet
}

// reason is the sentence reports print for a gap.
func (c *coverage) reason(cause GapCause, rec recorder, missing []string) string {
	what := "the HAR has no " + joinOr(missing) + " headers"
	switch cause {
	case CauseSanitizedExport:
		// devtools-frontend Log.ts Entry.build: with options.sanitize it
		// empties request.cookies and response.cookies and drops the
		// authorization, cookie and set-cookie headers.
		return what + ", although it keeps the other headers: " + rec.name + `' default export ("Export HAR (sanitized)", Chrome and Edge 130 and later) removes them; turn on "Allow to generate HAR with sensitive data" (DevTools settings, Preferences, Network) and use "Export HAR (with sensitive data)", unless the site really set no cookies`
	case CauseNoHeaders:
		var sides []string
		if slices.Contains(missing, "Cookie") || slices.Contains(missing, "Authorization") {
			sides = append(sides, "request")
		}
		if slices.Contains(missing, "Set-Cookie") {
			sides = append(sides, "response")
		}
		where := joinOr(sides)
		how := "record with a browser's DevTools (with sensitive data) or a proxy that keeps headers"
		if rec.kind == "browsermob" {
			// lightbody/browsermob-proxy README, PUT /proxy/[port]/har:
			// "captureHeaders - Boolean, capture headers".
			how = "BrowserMob Proxy records headers only with captureHeaders=true (PUT /proxy/[port]/har)"
		}
		return fmt.Sprintf("%s: %s kept no %s headers at all; %s", what, rec.name, where, how)
	case CauseRecorderOmitsCookie:
		// ariya/phantomjs src/networkaccessmanager.cpp createRequest: the
		// headers are emitted (resourceRequested) before
		// QNetworkAccessManager::createRequest adds the jar's cookies.
		return what + ": PhantomJS records request headers before its network layer adds the Cookie header, so its HARs never show the cookies sent; record with a browser's DevTools or a proxy"
	case CauseBearerTokens:
		return fmt.Sprintf("%s: the app sends Authorization headers (%s) and no request sent a cookie or response set one, so rules about session cookies do not apply", what, english.Count(c.authzHeaders, "request", "requests"))
	case CauseNoCookies:
		keeps := rec.name + " is not an exporter known to remove them, and the HAR keeps the other headers"
		if rec.devtools {
			keeps = fmt.Sprintf("%s exports them (sanitized HARs came with Chrome and Edge %d)", rec.name, sanitizingChrome)
		}
		return fmt.Sprintf("%s: no request sent a cookie and no response set one; %s, so the site most likely used none in this recording (signed out, or the login was not recorded), unless a scrubbing tool removed them", what, keeps)
	case CauseNoneSent:
		if c.refusedCookies == c.setCookies {
			return fmt.Sprintf("%s: responses set %s but the browser refuses them all (see cookie-rejected and oversized-cookie), so no request sent one back", what, english.Count(c.setCookies, "cookie", "cookies"))
		}
		refused := ""
		if c.refusedCookies > 0 {
			refused = fmt.Sprintf(" (%d of them the browser refuses, see cookie-rejected and oversized-cookie)", c.refusedCookies)
		}
		return fmt.Sprintf("%s: responses set %s%s but no request sent one back, so the recording ends before the browser used them (or a tool removed only the Cookie headers)", what, english.Count(c.setCookies, "cookie", "cookies"), refused)
	case CauseNoneSet:
		if c.cookieRequests == 0 {
			return what + ": no response in this recording set a cookie"
		}
		return fmt.Sprintf("%s: %s sent cookies but no response set one, so they were set before the recording began; record from a signed-out browser through the login", what, english.Count(c.cookieRequests, "request", "requests"))
	default: // CauseRedacted
		return fmt.Sprintf("%d of %d cookie values were replaced by redaction markers, so tokens and values cannot be compared or read", c.redactedValues, c.cookieValues)
	}
}

// need is one kind of data the input lacks.
type need struct {
	needs   Needs
	missing string
	cause   GapCause
}

// gaps returns what the input lacks for the given rules, one Gap per cause.
func (c *coverage) gaps(rules []*Rule, l *har.Log) []Gap {
	if c.entries == 0 {
		return nil
	}
	rec := recorderOf(l, c.chrome, c.edge)
	var needs []need
	if c.cookieRequests == 0 {
		needs = append(needs, need{NeedsRequestCookies, "Cookie", c.cause(rec, requestSide)})
		if c.authzHeaders == 0 {
			needs = append(needs, need{NeedsCredentials, "Authorization", c.cause(rec, requestSide)})
		}
	}
	if c.setCookies == 0 && c.responses > 0 {
		needs = append(needs, need{NeedsSetCookie, "Set-Cookie", c.cause(rec, responseSide)})
	}
	if c.redactedValues > 0 {
		needs = append(needs, need{NeedsCookieValues, MissingCookieValues, CauseRedacted})
	}
	var out []Gap
	for _, n := range needs {
		i := slices.IndexFunc(out, func(g Gap) bool { return g.Cause == n.cause })
		if i < 0 {
			out = append(out, Gap{Cause: n.cause})
			i = len(out) - 1
		}
		g := &out[i]
		g.Missing = append(g.Missing, n.missing)
		g.needs = append(g.needs, n)
		for _, r := range rules {
			if r.Needs&n.needs != 0 && !slices.Contains(g.Rules, r.ID) {
				g.Rules = append(g.Rules, r.ID)
			}
		}
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.Rules) == 0 {
			continue
		}
		// Order the rules as they ran.
		slices.SortStableFunc(g.Rules, func(a, b string) int {
			return slices.IndexFunc(rules, func(r *Rule) bool { return r.ID == a }) - slices.IndexFunc(rules, func(r *Rule) bool { return r.ID == b })
		})
		g.Reason = c.reason(g.Cause, rec, g.Missing)
		kept = append(kept, g)
	}
	return kept
}

// notEvaluated lists, per rule, the gaps that left it out and the data it
// needed that they lack.
func notEvaluated(rules []*Rule, gaps []Gap) []NotEvaluated {
	var out []NotEvaluated
	for _, r := range rules {
		ne := NotEvaluated{Rule: r.ID}
		var reasons []string
		for _, g := range gaps {
			if !slices.Contains(g.Rules, r.ID) {
				continue
			}
			reasons = append(reasons, g.Reason)
			ne.Causes = append(ne.Causes, g.Cause)
			for _, n := range g.needs {
				if r.Needs&n.needs == 0 {
					continue
				}
				missing := []string{n.missing}
				if n.needs == NeedsCredentials {
					missing = []string{"Cookie", "Authorization"} // either would do
				}
				for _, m := range missing {
					if !slices.Contains(ne.Missing, m) {
						ne.Missing = append(ne.Missing, m)
					}
				}
			}
		}
		if len(reasons) > 0 {
			ne.Reason = strings.Join(reasons, "; ")
			out = append(out, ne)
		}
	}
	return out
}

// cookieArrays reports the entries whose cookies came from HAR arrays.
func (c *coverage) cookieArrays() *CookieArrays {
	if c.harRequests == 0 && c.harResponses == 0 {
		return nil
	}
	return &CookieArrays{Requests: c.harRequests, Responses: c.harResponses, Limits: harCookieLimits}
}

// joinOr joins ["a", "b", "c"] as "a, b or c".
func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// IsRedactionMarker reports whether a cookie or header value is a
// placeholder left by a sanitizer (or by authlint's own redaction) rather
// than a real value: redact.IsRedactionMarker, the one list of markers,
// which authlint sanitize keeps as they are.
func IsRedactionMarker(v string) bool { return redact.IsRedactionMarker(v) }
