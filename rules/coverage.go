package rules

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/redact"
)

// coverage counts what an input contains, to tell which rules could not be
// evaluated on it (a sanitized HAR has no Cookie, Set-Cookie or
// Authorization headers; sanitizers leave markers in place of values).
type coverage struct {
	responses      int // entries with a response
	cookieHeaders  int
	authzHeaders   int
	setCookies     int
	cookieValues   int // cookie values seen, request and response
	redactedValues int // of which were sanitizer markers
	harCookies     int // entries whose HAR cookies arrays are non-empty
}

func (c *coverage) observe(x *Exchange) {
	if !x.Aborted() {
		c.responses++
	}
	if x.Request.Headers.Has("Cookie") {
		c.cookieHeaders++
	}
	if x.Authorization != "" {
		c.authzHeaders++
	}
	c.setCookies += len(x.SetCookies)
	if len(x.Request.Cookies) > 0 || x.Response != nil && len(x.Response.Cookies) > 0 {
		c.harCookies++
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

// sanitizedHint explains where the missing headers usually went.
const sanitizedHint = "a sanitized export (Chrome DevTools' default \"Export HAR (sanitized)\", or a HAR scrubbing tool) removes them; export again with sensitive data, or record with a proxy"

// notEvaluated lists the rules whose needs the input did not meet.
func (c *coverage) notEvaluated(rules []*Rule, entries int) []NotEvaluated {
	if entries == 0 {
		return nil
	}
	type gap struct {
		need   Needs
		reason string
	}
	var missing []gap
	if c.cookieHeaders == 0 {
		r := "the HAR has no Cookie request headers"
		if c.harCookies > 0 {
			r += " (only the HAR cookies arrays, which exporters fill incompletely)"
		}
		missing = append(missing, gap{NeedsRequestCookies, r + "; " + sanitizedHint})
	}
	if c.cookieHeaders == 0 && c.authzHeaders == 0 {
		missing = append(missing, gap{NeedsCredentials, "the HAR has no Cookie or Authorization request headers, so no request shows credentials; " + sanitizedHint})
	}
	if c.setCookies == 0 && c.responses > 0 {
		missing = append(missing, gap{NeedsSetCookie, "the HAR has no Set-Cookie response headers; " + sanitizedHint})
	}
	if c.redactedValues > 0 {
		missing = append(missing, gap{NeedsCookieValues, fmt.Sprintf("%d of %d cookie values were replaced by redaction markers, so tokens and values cannot be compared or read", c.redactedValues, c.cookieValues)})
	}
	var out []NotEvaluated
	for _, r := range rules {
		var reasons []string
		for _, m := range missing {
			if r.Needs&m.need != 0 {
				reasons = append(reasons, m.reason)
			}
		}
		if len(reasons) > 0 {
			out = append(out, NotEvaluated{Rule: r.ID, Reason: strings.Join(reasons, "; ")})
		}
	}
	return out
}

// redactionMarkers are values that sanitizers write in place of secrets.
var redactionMarkers = map[string]bool{
	"redacted": true, "[redacted]": true, "<redacted>": true, "(redacted)": true, "{redacted}": true,
	"filtered": true, "[filtered]": true, "<filtered>": true, "hidden": true, "[hidden]": true,
	"<hidden>": true, "removed": true, "[removed]": true, "<removed>": true, "sanitized": true,
	"[sanitized]": true, "<sanitized>": true, "scrubbed": true, "[scrubbed]": true, "masked": true,
	"[masked]": true, "<masked>": true, "__redacted__": true, "redacted_value": true,
}

// IsRedactionMarker reports whether a cookie or header value is a
// placeholder left by a sanitizer (or by authlint's own redaction) rather
// than a real value.
func IsRedactionMarker(v string) bool {
	v = strings.TrimSpace(v)
	if redactionMarkers[strings.ToLower(v)] || redact.IsPlaceholder(v) {
		return true
	}
	if len(v) >= 3 && (strings.Trim(v, "*") == "" || strings.Trim(v, "x") == "" || strings.Trim(v, "X") == "" || strings.Trim(v, "•") == "") {
		return true
	}
	return false
}
