// Package cookie parses Cookie and Set-Cookie header values the way browsers
// do, following RFC 6265 and its revision draft-ietf-httpbis-rfc6265bis
// ("6265bis") where browsers have moved on: nameless cookies, SameSite,
// case-insensitive name prefixes, and the 4096/1024-byte limits.
//
// The parser is tolerant of what real servers send: lower-case attribute
// names, missing spaces after ';', empty attributes, every date format seen
// in the wild, and several cookies joined by "\n" in one header value (see
// [SplitSetCookie]). It rejects a line only when a browser would store
// nothing at all from it; everything else (a too-large cookie, a broken
// prefix) is parsed and left for callers to judge with [SetCookie.Size] and
// [SetCookie.PrefixError], because that is what a linter wants to report.
//
// References used throughout:
//   - RFC 6265 §5.1.1 (dates), §5.1.3 (domain matching), §5.1.4 (paths),
//     §5.2 (Set-Cookie parsing): https://www.rfc-editor.org/rfc/rfc6265
//   - draft-ietf-httpbis-rfc6265bis §5.6 (Set-Cookie parsing, nameless
//     cookies, size limits), §4.1.3 (prefixes):
//     https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis
//   - Chromium net/cookies/parsed_cookie.h (kMaxCookieNamePlusValueSize,
//     kMaxCookieAttributeValueSize).
package cookie
