package cookie

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/authlint/authlint/internal/ascii"
)

// Limits browsers apply to a cookie. Chromium defines both in
// net/cookies/parsed_cookie.h (kMaxCookieNamePlusValueSize = 4096,
// kMaxCookieAttributeValueSize = 1024); 6265bis §5.6 has the same numbers.
const (
	// MaxNameValueSize is the largest name+value, in bytes, a browser
	// stores; a larger cookie is ignored entirely. See [SetCookie.Size].
	MaxNameValueSize = 4096
	// MaxAttributeValueSize is the largest attribute value, in bytes, a
	// browser honours; a longer attribute is ignored (the cookie is kept).
	MaxAttributeValueSize = 1024
)

// MaxLifetime is the longest lifetime 6265bis lets a user agent keep a
// cookie (§5.6.1/§5.6.2: "SHOULD be 400 days or less"; Chrome caps at 400
// days). [SetCookie.ExpiryAt] reports what the server asked for; callers that
// want what the browser keeps cap it with this value.
const MaxLifetime = 400 * 24 * time.Hour

// Errors returned by [ParseSetCookie].
var (
	// ErrEmpty means the line has neither a name nor a value ("", "=",
	// "; Path=/"): browsers ignore it (6265bis §5.6 step 5).
	ErrEmpty = errors.New("cookie: no name or value")
	// ErrControlChar means the line holds a control character other than
	// horizontal tab: browsers ignore it (6265bis §5.6 step 1).
	ErrControlChar = errors.New("cookie: control character in set-cookie line")
)

// Attr is one attribute of a Set-Cookie line, as written (names keep their
// case, values are trimmed of spaces and tabs). An attribute without "=" has
// an empty Value.
type Attr struct {
	Name  string
	Value string
}

// SetCookie is one parsed Set-Cookie line.
//
// Fields hold what a browser would store: attributes a browser ignores (an
// unparseable Expires, a Max-Age that is not a number, an empty Domain, an
// attribute value over [MaxAttributeValueSize] bytes) leave them unset, and
// when an attribute repeats the last usable one wins. Attrs keeps every
// attribute in order, ignored ones included, for evidence.
type SetCookie struct {
	// Name and Value are trimmed of spaces and tabs. A nameless cookie
	// ("Set-Cookie: token" or "=token") has an empty Name, as in 6265bis.
	// Double quotes around the value are kept: they are part of it.
	Name, Value string
	// Domain is the Domain attribute without its leading dot, lower-cased;
	// "" means host-only (see [SetCookie.HostOnly]).
	Domain string
	// Path is the Path attribute when it starts with "/"; "" means the
	// browser uses the default path of the request URL ([DefaultPath]).
	Path string
	// Expires is the parsed Expires attribute (UTC) when HasExpires;
	// ExpiresRaw is the text of the last Expires attribute, even when it did
	// not parse.
	Expires    time.Time
	HasExpires bool
	ExpiresRaw string
	// MaxAge is the Max-Age attribute in seconds when HasMaxAge; values
	// that overflow an int saturate. Zero or negative means "delete".
	MaxAge    int
	HasMaxAge bool
	// Secure, HTTPOnly and Partitioned are the flag attributes.
	Secure, HTTPOnly, Partitioned bool
	// SameSite is "Strict", "Lax" or "None", or "" when the attribute is
	// absent or has another value (browsers then apply their default).
	// SameSiteRaw is the text of the last SameSite attribute.
	SameSite    string
	SameSiteRaw string
	// Raw is the line as given.
	Raw string
	// Attrs are the attributes in order.
	Attrs []Attr

	hasPath bool // a Path attribute was present (valid or not)
}

// ParseSetCookie parses one Set-Cookie header value holding one cookie (use
// [SplitSetCookie] first on values that may hold several). It follows the
// 6265bis algorithm: the name-value pair is everything up to the first ';',
// split at the first '='; a pair without '=' is a nameless cookie whose value
// is the whole pair (Chromium and Firefox behave so; Safari stores it as a
// name with an empty value). Leading and trailing CR/LF are tolerated.
//
// It returns an error only when a browser would store nothing: [ErrEmpty] or
// [ErrControlChar]. Cookies a browser rejects for other reasons (size,
// prefix rules, SameSite=None without Secure) are returned without error;
// check them with [SetCookie.Size] and [SetCookie.PrefixError].
func ParseSetCookie(line string) (SetCookie, error) {
	c := SetCookie{Raw: line}
	s := strings.Trim(line, " \t\r\n")
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b < 0x20 && b != '\t') || b == 0x7F {
			return c, ErrControlChar
		}
	}
	pair, attrs, _ := strings.Cut(s, ";")
	name, value, hasEq := strings.Cut(pair, "=")
	if !hasEq {
		name, value = "", pair
	}
	c.Name, c.Value = trimWSP(name), trimWSP(value)
	if c.Name == "" && c.Value == "" {
		return c, ErrEmpty
	}
	for attrs != "" {
		var av string
		av, attrs, _ = strings.Cut(attrs, ";")
		an, aval, _ := strings.Cut(av, "=")
		an, aval = trimWSP(an), trimWSP(aval)
		if an == "" && aval == "" {
			continue
		}
		c.Attrs = append(c.Attrs, Attr{Name: an, Value: aval})
		c.apply(an, aval)
	}
	return c, nil
}

// apply records one attribute per 6265bis §5.6.
func (c *SetCookie) apply(name, value string) {
	if len(value) > MaxAttributeValueSize {
		return
	}
	switch {
	case ascii.EqualFold(name, "Expires"):
		c.ExpiresRaw = value
		if t, ok := ParseDate(value); ok {
			c.Expires, c.HasExpires = t, true
		}
	case ascii.EqualFold(name, "Max-Age"):
		if v, ok := parseMaxAge(value); ok {
			c.MaxAge, c.HasMaxAge = v, true
		}
	case ascii.EqualFold(name, "Domain"):
		if value == "" {
			return // "the user agent SHOULD ignore the cookie-av entirely"
		}
		c.Domain = strings.ToLower(strings.TrimPrefix(value, "."))
	case ascii.EqualFold(name, "Path"):
		c.hasPath = true
		if value == "" || value[0] != '/' {
			c.Path = "" // default path
		} else {
			c.Path = value
		}
	case ascii.EqualFold(name, "Secure"):
		c.Secure = true
	case ascii.EqualFold(name, "HttpOnly"):
		c.HTTPOnly = true
	case ascii.EqualFold(name, "Partitioned"):
		// CHIPS; not in 6265bis yet (draft-cutler-httpbis-partitioned-cookies).
		c.Partitioned = true
	case ascii.EqualFold(name, "SameSite"):
		c.SameSiteRaw = value
		switch {
		case ascii.EqualFold(value, "Strict"):
			c.SameSite = "Strict"
		case ascii.EqualFold(value, "Lax"):
			c.SameSite = "Lax"
		case ascii.EqualFold(value, "None"):
			c.SameSite = "None"
		default:
			c.SameSite = "" // enforcement "Default"
		}
	}
}

// parseMaxAge follows 6265bis §5.6.2: the value must be a DIGIT, or "-"
// followed by a DIGIT, then only digits.
func parseMaxAge(v string) (int, bool) {
	neg := false
	digits := v
	if strings.HasPrefix(v, "-") {
		neg, digits = true, v[1:]
	}
	if digits == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return 0, false
		}
		d := int(digits[i] - '0')
		if n > (math.MaxInt-d)/10 {
			n = math.MaxInt
			continue // keep validating the remaining characters
		}
		n = n*10 + d
	}
	if neg {
		return -n, true
	}
	return n, true
}

// trimWSP removes leading and trailing spaces and horizontal tabs (the WSP of
// RFC 5234), and nothing else.
func trimWSP(s string) string {
	return strings.Trim(s, " \t")
}

// Persistent reports whether the cookie outlives the browser session, that
// is whether it has a usable Max-Age or Expires attribute.
func (c SetCookie) Persistent() bool {
	return c.HasMaxAge || c.HasExpires
}

// maxAgeSeconds bounds Max-Age so that a time.Duration does not overflow.
const maxAgeSeconds = math.MaxInt64 / int64(time.Second)

// ExpiryAt returns when the cookie expires for a response received at
// received, and false for a session cookie. Max-Age takes precedence over
// Expires (RFC 6265 §5.3 step 3). A Max-Age of zero or less yields a time at
// or before received. The result is what the server asked for; browsers cap
// it at [MaxLifetime].
func (c SetCookie) ExpiryAt(received time.Time) (time.Time, bool) {
	if c.HasMaxAge {
		s := int64(c.MaxAge)
		s = min(max(s, -maxAgeSeconds), maxAgeSeconds)
		return received.Add(time.Duration(s) * time.Second), true
	}
	if c.HasExpires {
		return c.Expires, true
	}
	return time.Time{}, false
}

// deletionCutoff is the date before which an Expires value is taken as a
// deletion when the receive time is unknown: servers delete cookies with
// dates in 1970 (and occasionally the 1990s).
var deletionCutoff = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// IsDeletion reports whether the line removes the cookie from the browser: a
// Max-Age of zero or less, or (without Max-Age) an Expires at or before
// received. When received is the zero time, only an Expires before 2000 is
// taken as a deletion.
func (c SetCookie) IsDeletion(received time.Time) bool {
	if c.HasMaxAge {
		return c.MaxAge <= 0
	}
	if !c.HasExpires {
		return false
	}
	if received.IsZero() {
		return c.Expires.Before(deletionCutoff)
	}
	return !c.Expires.After(received)
}

// Size returns the bytes a browser counts against [MaxNameValueSize]: the
// length of the name plus the length of the value (6265bis §5.6 step 6;
// Chromium ParsedCookie). A cookie larger than that is ignored entirely.
func (c SetCookie) Size() int {
	return len(c.Name) + len(c.Value)
}

// EffectivePath returns the path the browser stores the cookie under for a
// response to a request for requestPath: the Path attribute, or the default
// path of requestPath ([DefaultPath]) when the attribute is absent or does
// not start with '/'. A session cookie set without Path by
// "/api/auth/callback/github" is scoped to "/api/auth/callback" and is not
// sent to the rest of the site.
func (c SetCookie) EffectivePath(requestPath string) string {
	if c.Path != "" {
		return c.Path
	}
	return DefaultPath(requestPath)
}

// HostOnly reports whether the cookie is sent only to the host that set it,
// that is whether it has no (usable) Domain attribute.
func (c SetCookie) HostOnly() bool {
	return c.Domain == ""
}

// String serialises the cookie as a Set-Cookie value: the name-value pair,
// then every attribute of Attrs in order. Parsing the result yields the same
// name, value and attributes. A nameless cookie is written as "=value".
func (c SetCookie) String() string {
	var b strings.Builder
	b.WriteString(c.Name)
	b.WriteByte('=')
	b.WriteString(c.Value)
	for _, a := range c.Attrs {
		b.WriteString("; ")
		b.WriteString(a.Name)
		if a.Value != "" {
			b.WriteByte('=')
			b.WriteString(a.Value)
		}
	}
	return b.String()
}
