// Package probe checks a deployed site's auth routes against its edge cache
// with a small, fixed plan of GET requests, and records every exchange in
// the har model, so that the same rules that read a HAR file judge them.
//
// # The plan
//
// Run discovers the auth routes the site serves (NextAuth/Auth.js
// /api/auth/providers, /api/auth/csrf, /api/auth/session; nextjs-auth0 v3
// /api/auth/me; v4 /auth/profile and /auth/access-token; a 404 means absent),
// adds the routes it is given, and then sends each route its plan, a fixed
// sequence of Steps: two anonymous GETs; for a callback route, two GETs with
// a dummy code and state instead; and, when a session is supplied, one GET
// with the session followed by one anonymous GET to the same URL. It never
// sends anything but GET, never sends the session to a login, callback or
// logout route, and never contacts another origin: redirects are recorded,
// and followed only on the target's origin and only when asked.
// docs/probe.md lists every request.
//
// # Politeness and failures
//
// A Config caps the requests, their concurrency and rate, each request's
// time and the whole probe's. A request that fails (DNS, refused connection,
// TLS, timeout) is recorded as an entry without a response and a NetError;
// when the site cannot be reached at all, Run stops early and returns an
// *UnreachableError.
//
// # Evidence
//
// Comparing its own responses, the probe proves what headers only suggest
// (Observations): an anonymous request that received the session's
// Set-Cookie or the session's response body is a confirmed cross-user
// leak; a second anonymous request that received the auth cookie value the
// first was given is a confirmed replay. Analyze runs the rules over the
// exchanges and adds this evidence to their findings, marking them
// rules.Finding.Confirmed; the rules know nothing of probing.
package probe
