package jar

import (
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
)

// Line is one Set-Cookie line reduced to what a cookie jar uses. Build it
// with [NewLine]; [Line.Compact] then replaces the value by an identifier so
// that a [Timeline] of a large HAR stays small.
type Line struct {
	// Name and Value are the cookie's name and value; Value may be an [ID]
	// of the real value (see Compact).
	Name, Value string
	// Domain is the Domain attribute, lower-cased, without a leading dot;
	// "" makes a host-only cookie.
	Domain string
	// Path is the Path attribute when it starts with "/"; "" means the
	// default path of the request URL.
	Path string
	// MaxAge (seconds) and Expires as in [cookie.SetCookie]; Max-Age wins.
	MaxAge     int
	HasMaxAge  bool
	Expires    time.Time
	HasExpires bool
	// Secure and HTTPOnly are the flag attributes; SameSite is "Strict",
	// "Lax", "None" or "".
	Secure, HTTPOnly bool
	SameSite         string
	// Size is the name+value size, in bytes, of the line as received, which
	// a browser compares with [cookie.MaxNameValueSize]. Compact keeps it.
	Size int
	// PrefixError is why the "__Host-"/"__Secure-" prefix rules reject the
	// line for the request it answered ("" when they do not), from
	// [cookie.SetCookie.PrefixError].
	PrefixError string
}

// NewLine returns the line sc as received in the response to reqURL (nil
// when unknown: the prefix rules that need the origin are then skipped).
func NewLine(sc cookie.SetCookie, reqURL *url.URL) Line {
	return Line{
		Name:        sc.Name,
		Value:       sc.Value,
		Domain:      sc.Domain,
		Path:        sc.Path,
		MaxAge:      sc.MaxAge,
		HasMaxAge:   sc.HasMaxAge,
		Expires:     sc.Expires,
		HasExpires:  sc.HasExpires,
		Secure:      sc.Secure,
		HTTPOnly:    sc.HTTPOnly,
		SameSite:    sc.SameSite,
		Size:        sc.Size(),
		PrefixError: sc.PrefixError(reqURL),
	}
}

// Compact returns l with its value replaced by value (normally [ID] of the
// real value) and its strings copied, so that the result does not keep the
// HAR's header text alive. Size is unchanged.
func (l Line) Compact(value string) Line {
	l.Name = strings.Clone(l.Name)
	l.Value = value
	l.Domain = strings.Clone(l.Domain)
	l.Path = strings.Clone(l.Path)
	l.SameSite = strings.Clone(l.SameSite)
	l.PrefixError = strings.Clone(l.PrefixError)
	return l
}

// expiry returns whether the line makes a persistent cookie and when it
// expires for a response received at now (RFC 6265 §5.3 step 3), capped at
// [cookie.MaxLifetime] as 6265bis asks. A Max-Age of zero or less, or an
// Expires at or before now, yields a time at or before now: a deletion.
func (l Line) expiry(now time.Time) (time.Time, bool) {
	var exp time.Time
	switch {
	case l.HasMaxAge:
		if l.MaxAge <= 0 {
			return now, true
		}
		secs := min(int64(l.MaxAge), int64(cookie.MaxLifetime/time.Second))
		exp = now.Add(time.Duration(secs) * time.Second)
	case l.HasExpires:
		exp = l.Expires
	default:
		return time.Time{}, false
	}
	if limit := now.Add(cookie.MaxLifetime); exp.After(limit) {
		exp = limit
	}
	return exp, true
}
