package rules

import (
	"fmt"
	"strconv"
	"time"

	"github.com/authlint/authlint/httpcache"
)

// mint is what a Set-Cookie line on a cached response shows about when the
// cookie was made: as the edge delivered the response (an edge cookie, not a
// replay), or when the origin's response was stored (replayed since).
type mint uint8

const (
	mintUnknown mint = iota
	mintAtDelivery
	mintAtStorage
)

// minAgeForMint is the Age below which delivery and storage times are too
// close to tell apart (Date has one-second precision; clocks drift).
const minAgeForMint = 5 * time.Second

// cookieMint reads the cookie's expiry, and any Unix timestamp in its value,
// against the delivery and storage times of the response it came on:
//
//   - Expires equal to delivery + Max-Age, or a whole number of minutes
//     after delivery but not after storage: made at delivery;
//   - the same against the storage time: made when the copy was stored;
//   - a Unix timestamp in the value (see unixTimestamps) equal to one of
//     the two times: made then.
//
// It says nothing when Age is too small to tell the two times apart, except
// for a timestamp of the delivery second on a response without Age.
func cookieMint(sc SetCookie, t httpcache.Times) (mint, string) {
	if t.Delivered.IsZero() {
		return mintUnknown, ""
	}
	if t.Age < minAgeForMint {
		// Without a usable Age the storage time is unknown, but a copy
		// served from cache was stored before this request: a timestamp of
		// the delivery second was made at delivery.
		for _, ts := range unixTimestamps(sc.Value) {
			if t.Age == 0 && near(ts, t.Delivered, time.Second) {
				return mintAtDelivery, "its value holds a timestamp equal to this response's delivery time, later than any stored copy"
			}
		}
		return mintUnknown, ""
	}
	if sc.HasExpires && !sc.Expires.IsZero() {
		if sc.HasMaxAge && sc.MaxAge > 0 {
			life := time.Duration(sc.MaxAge) * time.Second
			switch {
			case near(sc.Expires, t.Delivered.Add(life), 2*time.Second):
				return mintAtDelivery, fmt.Sprintf("its Expires is this response's delivery time plus its Max-Age, so it was made as the response was sent, not %s earlier when the copy was stored", seconds(t.Age))
			case near(sc.Expires, t.Stored.Add(life), 2*time.Second):
				return mintAtStorage, fmt.Sprintf("its Expires is the time the copy was stored plus its Max-Age: the cookie was made %s before this response", seconds(t.Age))
			}
		}
		fromDelivery, fromStorage := wholeMinutes(sc.Expires.Sub(t.Delivered)), wholeMinutes(sc.Expires.Sub(t.Stored))
		switch {
		case fromDelivery && !fromStorage:
			return mintAtDelivery, fmt.Sprintf("its Expires is a whole number of minutes after this response's delivery time, not after the time the copy was stored (%s earlier)", seconds(t.Age))
		case fromStorage && !fromDelivery:
			return mintAtStorage, fmt.Sprintf("its Expires is a whole number of minutes after the time the copy was stored: the cookie was made %s before this response", seconds(t.Age))
		}
	}
	for _, ts := range unixTimestamps(sc.Value) {
		switch {
		case near(ts, t.Delivered, 2*time.Second):
			return mintAtDelivery, "its value holds a timestamp equal to this response's delivery time"
		case near(ts, t.Stored, 2*time.Second):
			return mintAtStorage, fmt.Sprintf("its value holds a timestamp equal to the time the copy was stored, %s before this response", seconds(t.Age))
		}
	}
	return mintUnknown, ""
}

// near reports whether a and b are within tol of each other.
func near(a, b time.Time, tol time.Duration) bool {
	d := a.Sub(b)
	return d <= tol && d >= -tol
}

// wholeMinutes reports whether d is a positive whole number of minutes, to
// within a second either way (Date and Expires have one-second precision).
func wholeMinutes(d time.Duration) bool {
	if d < time.Minute {
		return false
	}
	r := d % time.Minute
	return r <= time.Second || r >= time.Minute-time.Second
}

// unixTimestamps returns the times that runs of digits in v can be read as:
// the first or last 10 digits of a run as Unix seconds, the first or last 13
// as milliseconds (a timestamp often ends or starts a longer token, as in
// Cloudflare's retired __cfduid), between 2001 and 2100. It looks at the
// first 8 runs only.
func unixTimestamps(v string) []time.Time {
	var out []time.Time
	runs := 0
	for i := 0; i < len(v) && runs < 8; {
		if !isDigitByte(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && isDigitByte(v[j]) {
			j++
		}
		run := v[i:j]
		i = j
		if len(run) < 10 {
			continue
		}
		runs++
		for _, c := range []struct {
			digits string
			milli  bool
		}{{run[:10], false}, {run[len(run)-10:], false}} {
			out = appendTimestamp(out, c.digits, c.milli)
		}
		if len(run) >= 13 {
			out = appendTimestamp(out, run[:13], true)
			out = appendTimestamp(out, run[len(run)-13:], true)
		}
	}
	return out
}

func appendTimestamp(out []time.Time, digits string, milli bool) []time.Time {
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return out
	}
	t := time.Unix(n, 0)
	if milli {
		t = time.UnixMilli(n)
	}
	if t.Year() > 2000 && t.Year() <= 2100 {
		out = append(out, t.UTC())
	}
	return out
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// seconds formats a duration the way Age counts: "2615 s".
func seconds(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + " s"
}
