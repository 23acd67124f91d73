package httpcache

import (
	"strings"
	"time"

	"github.com/authlint/authlint/har"
)

// Times says when a cached response was delivered to the client and when the
// copy it came from was stored, as far as the response shows.
type Times struct {
	// Delivered is when the cache sent this response, Stored when the
	// stored copy was received from the origin (Delivered - Age). Both are
	// zero when the response has neither a Date nor a start time.
	Delivered, Stored time.Time
	// Age is the Age header (RFC 9111 §5.1: the first member of a list);
	// zero when absent or invalid.
	Age time.Duration
	// DateIsStored is true when the cache kept the origin's Date (Apache
	// Traffic Server, Wikimedia's edge): Date + Age is the time of the
	// request. Varnish and Fastly send the current time in Date instead.
	DateIsStored bool
}

// CacheTimes reads the delivery and storage times of e's response. Caches
// disagree on Date: some keep the stored response's Date and count Age from
// it, others replace Date with the time of delivery. The entry's start time
// (the client's clock) tells them apart: whichever of Date and Date + Age is
// nearer to it is the time of delivery.
func CacheTimes(e *har.Entry) Times {
	var t Times
	if e == nil || e.Aborted() {
		return t
	}
	h := e.Response.Headers
	if raw := h.Get("age"); raw != "" {
		v, _, _ := strings.Cut(raw, ",")
		if n, ok := parseDigits(trimOWS(v), maxDeltaSeconds); ok {
			t.Age = time.Duration(n) * time.Second
		}
	}
	date, ok := ParseHTTPDate(h.Get("date"), e.Started)
	switch {
	case !ok && e.Started.IsZero():
		return t
	case !ok:
		t.Delivered = e.Started.UTC().Truncate(time.Second)
	case e.Started.IsZero() || t.Age == 0:
		t.Delivered = date
	default:
		asDelivery := absDuration(e.Started.Sub(date))
		asStored := absDuration(e.Started.Sub(date.Add(t.Age)))
		t.DateIsStored = asStored < asDelivery
		t.Delivered = date
		if t.DateIsStored {
			t.Delivered = date.Add(t.Age)
		}
	}
	t.Stored = t.Delivered.Add(-t.Age)
	return t
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
