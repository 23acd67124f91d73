// Package jar replays the cookies of a HAR the way a browser's cookie jar
// stores and sends them, so that a rule can ask, for any request, which
// value the browser held for a cookie and compare it with what the request
// actually sent.
//
// A [Jar] implements the storage model of RFC 6265 §5.3 and the retrieval
// algorithm of §5.4, with the changes of draft-ietf-httpbis-rfc6265bis that
// browsers ship: cookies keyed by name, domain, host-only flag and path;
// Domain and Path matching; Max-Age before Expires, deletion by Max-Age=0 or
// a past date, lifetimes capped at 400 days; the "__Host-" and "__Secure-"
// name prefixes; Secure cookies neither set nor sent by insecure origins
// (localhost excepted, as browsers treat it as trustworthy); a Secure cookie
// not overwritten from an insecure origin; SameSite=None refused without
// Secure; and Chromium's per-domain and global cookie limits. Rejected
// lines are not stored, and [Result] says why.
//
// A [Timeline] holds compact [Exchange] summaries (no bodies, values
// replaced by [ID]s) added in any order, sorts them by time and replays
// them through a fresh Jar: a response's Set-Cookie lines take effect when
// the response completed (start + time), and every request sees the jar as
// it was when the request started. The replay costs O(n log n) for n
// exchanges: one sort, then a bounded amount of work per event, since the
// jar's size is capped as browsers cap it.
//
// Chunked cookies ("__session__0", "appSession.1") are separate cookies to
// the jar, as they are to a browser; reassembling them is the caller's job.
//
// What the jar cannot know is stated where it matters: cookies set by
// JavaScript (document.cookie) and cookies the browser held before the
// recording started never appear in a HAR; SameSite enforcement needs the
// top-level site, which a HAR does not record reliably, so every request is
// treated as same-site, and Partitioned (CHIPS) cookies are kept in one
// partition. A Domain attribute is judged as Chromium judges it, with the
// Public Suffix List (golang.org/x/net/publicsuffix, private section
// included): a public suffix ("com", "vercel.app") or a domain that is not
// a parent of the host is refused; see [cookie.DomainError].
//
// References:
//   - RFC 6265 §5.1.3-5.1.4, §5.3, §5.4: https://www.rfc-editor.org/rfc/rfc6265
//   - draft-ietf-httpbis-rfc6265bis §5.6-5.8 (storage model, "leave secure
//     cookies alone", SameSite=None requires Secure, 400-day cap):
//     https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis
//   - Chromium net/cookies/cookie_monster.cc: kDomainMaxCookies = 180,
//     kDomainPurgeCookies = 30, kMaxCookies = 3300, kPurgeCookies = 300.
package jar
