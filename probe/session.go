package probe

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
)

// A Cookie is one cookie of the session the probe sends, read from a cookie
// file or the AUTHLINT_COOKIE variable.
type Cookie struct {
	Name, Value string
	// Domain is the cookie's domain without a leading dot; "" means the
	// cookie is sent to every target (a name=value line).
	Domain string
	// HostOnly is set when the cookie goes to Domain only, not to its
	// subdomains (Netscape "includeSubdomains" FALSE).
	HostOnly bool
	// Path is the cookie's path; "" means "/".
	Path string
	// Secure cookies are sent only to https and loopback targets, as
	// browsers do.
	Secure   bool
	HTTPOnly bool
	// Expires is when the cookie expires; zero for a session cookie.
	Expires time.Time
}

// SendsTo reports whether a browser would send c with a request to u.
func (c Cookie) SendsTo(u *url.URL) bool {
	if c.Domain != "" {
		host := u.Hostname()
		if c.HostOnly {
			if !strings.EqualFold(host, c.Domain) {
				return false
			}
		} else if !cookie.DomainMatch(host, c.Domain) {
			return false
		}
	}
	if !cookie.PathMatch(u.EscapedPath(), c.path()) {
		return false
	}
	return !c.Secure || cookie.IsSecureOrigin(u)
}

// path returns the cookie's path, "/" when it has none.
func (c Cookie) path() string {
	if c.Path == "" {
		return "/"
	}
	return c.Path
}

// CookieHeader returns the Cookie header value a browser would send to u
// from cookies (those that match u, longest path first, in file order
// otherwise), or "" when none matches.
func CookieHeader(cookies []Cookie, u *url.URL) string {
	var match []Cookie
	for _, c := range cookies {
		if c.SendsTo(u) {
			match = append(match, c)
		}
	}
	// RFC 6265 §5.4: longer paths first; a stable insertion sort keeps the
	// file order among equals.
	for i := 1; i < len(match); i++ {
		for j := i; j > 0 && len(match[j].path()) > len(match[j-1].path()); j-- {
			match[j], match[j-1] = match[j-1], match[j]
		}
	}
	parts := make([]string, len(match))
	for i, c := range match {
		parts[i] = c.Name + "=" + c.Value
	}
	return strings.Join(parts, "; ")
}

// ParseCookies reads a session from r, in any of these forms, one per line:
//
//   - Netscape cookies.txt, as curl, wget and browser extensions write it:
//     seven tab-separated fields "domain includeSubdomains path secure
//     expires name value"; a "#HttpOnly_" prefix on the domain marks an
//     HttpOnly cookie (curl);
//   - "name=value";
//   - a Cookie header, with or without the "Cookie:" prefix:
//     "a=1; b=2".
//
// Blank lines and lines starting with '#' (other than "#HttpOnly_") are
// ignored. Cookies that expired before now are dropped (their names are
// returned in expired). Any malformed line is an error naming its line
// number; an input with no cookie at all is not an error.
func ParseCookies(r io.Reader, now time.Time) (cookies []Cookie, expired []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		cs, err := parseCookieLine(text)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		for _, c := range cs {
			if !c.Expires.IsZero() && !c.Expires.After(now) {
				expired = append(expired, c.Name)
				continue
			}
			cookies = append(cookies, c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return cookies, expired, nil
}

const httpOnlyPrefix = "#HttpOnly_"

// parseCookieLine parses one line of a cookie file.
func parseCookieLine(text string) ([]Cookie, error) {
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "":
		return nil, nil
	case strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, httpOnlyPrefix):
		return nil, nil
	case strings.Count(text, "\t") >= 6:
		c, err := parseNetscape(text)
		if err != nil {
			return nil, err
		}
		return []Cookie{c}, nil
	case strings.HasPrefix(trimmed, httpOnlyPrefix):
		return nil, fmt.Errorf("expected 7 tab-separated fields after %q (Netscape cookies.txt)", httpOnlyPrefix)
	}
	if name, rest, ok := strings.Cut(trimmed, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "cookie") && !strings.Contains(name, "=") {
		trimmed = strings.TrimSpace(rest)
	}
	var out []Cookie
	for part := range strings.SplitSeq(trimmed, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" {
			// The part is not quoted: it may be a pasted token.
			return nil, fmt.Errorf("expected name=value, a Cookie header or a Netscape cookies.txt line (7 tab-separated fields)")
		}
		if err := checkCookie(name, value); err != nil {
			return nil, err
		}
		out = append(out, Cookie{Name: name, Value: value})
	}
	return out, nil
}

// parseNetscape parses one cookies.txt line: domain, includeSubdomains,
// path, secure, expires (Unix seconds; 0 for a session cookie), name, value.
// The value may itself hold tabs: everything after the sixth tab is the
// value (curl writes it so).
func parseNetscape(text string) (Cookie, error) {
	f := strings.SplitN(text, "\t", 7)
	if len(f) != 7 {
		return Cookie{}, fmt.Errorf("expected 7 tab-separated fields (Netscape cookies.txt), got %d", len(f))
	}
	var c Cookie
	domain := f[0]
	if strings.HasPrefix(domain, httpOnlyPrefix) {
		domain = domain[len(httpOnlyPrefix):]
		c.HTTPOnly = true
	}
	sub, err := netscapeBool(f[1], "includeSubdomains")
	if err != nil {
		return Cookie{}, err
	}
	c.HostOnly = !sub && !strings.HasPrefix(domain, ".")
	c.Domain = strings.ToLower(strings.TrimPrefix(domain, "."))
	if c.Domain == "" || strings.ContainsAny(c.Domain, " /;,") {
		return Cookie{}, fmt.Errorf("invalid domain %q", clip(f[0]))
	}
	c.Path = f[2]
	if c.Path != "" && c.Path[0] != '/' {
		return Cookie{}, fmt.Errorf("path %q does not start with '/'", clip(c.Path))
	}
	if c.Secure, err = netscapeBool(f[3], "secure"); err != nil {
		return Cookie{}, err
	}
	exp, err := strconv.ParseInt(strings.TrimSpace(f[4]), 10, 64)
	if err != nil || exp < 0 {
		return Cookie{}, fmt.Errorf("expiry %q is not a Unix time", clip(f[4]))
	}
	if exp > 0 {
		c.Expires = time.Unix(min(exp, 1<<40), 0).UTC()
	}
	c.Name, c.Value = f[5], strings.TrimRight(f[6], " ")
	if c.Name == "" {
		return Cookie{}, fmt.Errorf("cookie without a name")
	}
	if err := checkCookie(c.Name, c.Value); err != nil {
		return Cookie{}, err
	}
	return c, nil
}

func netscapeBool(s, field string) (bool, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "TRUE":
		return true, nil
	case "FALSE":
		return false, nil
	}
	return false, fmt.Errorf("%s is %q, want TRUE or FALSE", field, clip(s))
}

// checkCookie refuses names and values that cannot go into a Cookie header
// unchanged: separators and control characters (RFC 6265 §4.1.1).
func checkCookie(name, value string) error {
	for i := 0; i < len(name); i++ {
		if b := name[i]; b <= ' ' || b >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", b) >= 0 {
			return fmt.Errorf("cookie name %q holds a character not allowed in a cookie name", clip(name))
		}
	}
	for i := 0; i < len(value); i++ {
		if b := value[i]; b < ' ' || b == 0x7f || b == ';' {
			return fmt.Errorf("value of cookie %q holds a control character or ';'", clip(name))
		}
	}
	return nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
