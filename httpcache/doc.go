// Package httpcache implements the HTTP caching semantics that matter to a
// shared cache or CDN: parsing Cache-Control and its CDN-targeted and
// surrogate relatives, deciding whether a shared cache may store a response
// (RFC 9111 §3), and recognising from response headers whether a response was
// served from a cache and by which vendor.
//
// Everything here is a pure function of a har.Entry or har.Headers: no clock
// is read (times come from the Date header or the entry's start time), no map
// is iterated into a result, and parsers never fail, they only ignore what
// they cannot read.
//
// # Decisions worth knowing
//
// Cache-Control (RFC 9111 §5.2, RFC 9110 §5.6.1):
//   - Repeated field lines are one field. Each line is parsed on its own, so
//     an unterminated quoted-string cannot swallow the following lines (for
//     well-formed input this equals parsing the lines joined with ", ").
//   - Directive names are compared case-insensitively and kept lower-case;
//     arguments may be tokens or quoted-strings (RFC 9111 §5.2: "recipients
//     ought to accept both forms"), so max-age="60" means 60.
//   - Duplicates are all kept. Value and Seconds use the first occurrence:
//     RFC 9111 §4.2.1 says "either the first occurrence should be used or the
//     response should be considered stale". Directives.Conflicting reports
//     duplicates whose values differ, for rules that want to flag them.
//   - A delta-seconds argument that is not 1*DIGIT (negative, decimal, empty,
//     junk) is invalid: Seconds reports ok=false while Has reports true, and
//     SharedStorable treats the response as stale (TTL 0), as RFC 9111 §4.2.1
//     encourages. Values above 2^31 saturate at 2^31 (RFC 9111 §1.2.2).
//
// Targeted fields (CDN-Cache-Control and vendor variants, RFC 9213): they are
// parsed as RFC 8941 Dictionaries, strictly. RFC 9213 §2.1 says a field that
// is empty or fails to parse "MUST be ignored by the cache", so such a field
// is skipped and the next field in the vendor's target list (finally
// Cache-Control) decides; the skipped field is reported in
// Decision.IgnoredFields so a rule can tell the user that, for example,
// "CDN-Cache-Control: Private" is not a valid dictionary and a conforming CDN
// ignores it. The tolerance is in the recovery, not in the syntax: a broken
// targeted field never breaks the decision. SF Dictionary semantics apply, so
// a repeated key keeps its last value (RFC 8941 §4.2.2).
//
// Surrogate-Control (W3C Edge Architecture note) reuses the Cache-Control
// tokenizer, drops ";device" targeting and reads "max-age=60+30" as 60.
//
// Served-from-cache: see Served. A REVALIDATED response (origin answered 304,
// the cache served its stored copy: Cloudflare REVALIDATED, nginx
// REVALIDATED, CloudFront RefreshHit, Akamai RefreshHit, RFC 9211
// fwd=stale;fwd-status=304) counts as served from cache, because the stored
// headers, Set-Cookie included, are what the client receives; STALE counts
// too. Vercel's REVALIDATED is the exception: Vercel documents it as "served
// from origin and the cache was refreshed", so it is a Miss. Multi-hop values
// are order-independent where it matters: any hop that served from cache
// wins (Fastly: "any entries in this header except MISS indicate that the
// request was satisfied from cache"); note that X-Cache entries are appended,
// so the client-nearest hop is the last one, not the first. Age > 0 alone
// means a cache served the response (RFC 9111 §5.1); Age: 0 is not used as
// evidence because origins and CDNs send it on misses.
//
// Vendor facts (header precedence, status header values, what a vendor does
// with Set-Cookie) carry their source in comments next to the code; facts that
// could not be confirmed say so and are treated conservatively.
package httpcache
