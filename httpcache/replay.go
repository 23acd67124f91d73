package httpcache

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/har"
)

// Replay is how a shared cache that stored a response can hand it to a
// visitor other than the one whose request filled the cache.
type Replay uint8

// Replay levels, from no path at all to reuse without asking the origin.
const (
	// ReplayNone: the cache does not store it, or never reuses the stored
	// copy without a full fetch from the origin, which replaces it.
	ReplayNone Replay = iota
	// ReplayOnRevalidation: the stored copy is reused only after the origin
	// answers a conditional request with 304 Not Modified; the cache then
	// sends the stored header fields, Set-Cookie included, with the fields
	// of the 304 merged in (RFC 9111 §4.3.4, §3.2).
	ReplayOnRevalidation
	// ReplayHeuristic: reused without asking the origin while fresh, on a
	// heuristic lifetime only (RFC 9111 §4.2.2): nothing the origin sent
	// asked for it.
	ReplayHeuristic
	// ReplayFresh: reused without asking the origin on an explicit lifetime
	// (s-maxage, max-age > 0, a future Expires, a CDN-targeted field).
	ReplayFresh
)

var replayNames = [...]string{
	ReplayNone:           "none",
	ReplayOnRevalidation: "on-revalidation",
	ReplayHeuristic:      "heuristic",
	ReplayFresh:          "fresh",
}

// String returns a stable kebab-case name.
func (r Replay) String() string {
	if int(r) < len(replayNames) {
		return replayNames[r]
	}
	return "none"
}

// Part names what of a stored response a question is about.
type Part uint8

// Parts of a stored response.
const (
	// PartBody is the content: one visitor's page shown to another.
	PartBody Part = iota
	// PartSetCookie is the Set-Cookie field: one visitor's cookie set in
	// another's browser.
	PartSetCookie
)

// ReplayVerdict is the one answer every cache rule uses to the question: can
// a shared cache hand this stored response (its body, or its Set-Cookie) to
// another visitor, and how directly?
type ReplayVerdict struct {
	Replay Replay
	// Basis quotes the header that decided, ready for a message:
	// `cache-control: "public, max-age=300"`.
	Basis string
	// Reason is a lower-case phrase without final period that says why.
	Reason string
	// Validator quotes the validator that lets a stale copy be revalidated
	// (`etag: "..."` or `last-modified: "..."`), when there is one.
	Validator string
	// ReliesOn is the documented default the verdict depends on: the cache
	// vendor's behaviour when it is known, else the RFC default; empty when
	// nothing about the vendor changes the answer.
	ReliesOn string
}

// Replayable reports whether there is any path from the stored copy to
// another visitor.
func (v ReplayVerdict) Replayable() bool { return v.Replay != ReplayNone }

// ReplayOf decides, from the response headers, the storage decision d of
// SharedStorable for the same entry and vendor, and the vendor's documented
// handling of Set-Cookie, whether a shared cache can replay the part of the
// entry's response to another visitor:
//
//   - not storable, or the vendor does not store responses with Set-Cookie
//     (Fastly's default VCL, Varnish's builtin VCL, nginx), or the part is
//     Set-Cookie and the cache strips it (private="set-cookie",
//     no-cache="set-cookie"): no replay;
//   - explicit freshness: replayed without asking the origin;
//   - heuristic freshness only: replayed too, but nothing the origin sent
//     asked for it;
//   - stored already stale (no-cache, max-age=0, an Expires at or before
//     Date, no usable lifetime): every reuse needs the origin. Without
//     ETag or Last-Modified the cache can only make a full request, whose
//     answer replaces the stored copy: no replay. With a validator, a 304
//     makes the cache send the stored Set-Cookie again (RFC 9111 §4.3.4);
//     the stored body is then what the origin itself just confirmed for
//     this request, so for PartBody a stale copy is no replay either.
func ReplayOf(e *har.Entry, v Vendor, d Decision, part Part) ReplayVerdict {
	out := ReplayVerdict{Basis: d.Basis, Reason: d.Reason}
	if e == nil || e.Aborted() || !d.Storable {
		return out
	}
	h := e.Response.Headers
	policy := v.SetCookiePolicy()
	if len(h.Values("set-cookie")) > 0 {
		switch policy.Behavior {
		case RefusesToStore:
			out.Reason = policy.Note
			return out
		case StripsAndStores:
			if part == PartSetCookie {
				out.Reason = policy.Note
				return out
			}
		}
	}
	if part == PartSetCookie {
		for _, f := range d.StrippedFields {
			if f == "set-cookie" {
				out.Reason = "a qualified private or no-cache directive names set-cookie, so caches do not reuse the stored field"
				return out
			}
		}
		if v == VendorUnknown {
			out.ReliesOn = "RFC 9111: " + policy.Note
		} else {
			out.ReliesOn = fmt.Sprintf("%s: %s", v, policy.Note)
		}
	}
	switch {
	case d.TTL > 0 && !d.Heuristic:
		out.Replay = ReplayFresh
	case d.TTL > 0:
		out.Replay = ReplayHeuristic
	default:
		out.Validator = validator(h)
		if part == PartBody || out.Validator == "" {
			out.ReliesOn = ""
			out.Reason = staleReason(d, out.Validator)
			return out
		}
		out.Replay = ReplayOnRevalidation
		out.Reason = fmt.Sprintf("it is stored already stale, so every reuse is revalidated with the origin (%s); a 304 answer makes the cache send the stored Set-Cookie again", out.Validator)
	}
	return out
}

// staleReason explains why a copy stored as stale is never replayed.
func staleReason(d Decision, validator string) string {
	why := "it is stored already stale"
	if d.Reason != "" {
		why = d.Reason
	}
	if validator == "" {
		return why + "; without etag or last-modified every reuse is a full request whose answer replaces the stored copy"
	}
	return why + "; a 304 revalidation only confirms what the origin itself would send for this request"
}

// validator quotes the response's validator, preferring ETag.
func validator(h har.Headers) string {
	for _, name := range []string{"etag", "last-modified"} {
		if v := strings.TrimSpace(h.Joined(name)); v != "" {
			return fieldQuote(name, v)
		}
	}
	return ""
}
