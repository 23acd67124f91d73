package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/token"
)

// tolerance is how long past its exp a library still accepts a session
// token. A HAR rarely shows the library's version, so a library whose
// tolerance changed between versions has a range: every version the HAR
// allows accepts a token up to min past exp, and some accept it up to max.
type tolerance struct {
	min, max time.Duration
	// versions says, for messages, which versions allow what: "nextjs-auth0
	// 4.6.0 and later accept a token up to 15 s past its exp (PR #2097),
	// 4.5.1 to 4.5.x none".
	versions string
}

// libraryTolerance is the clock tolerance of the library that reads a
// session cookie of family f, from the libraries' sources.
func libraryTolerance(f sessionFamily) tolerance {
	switch f {
	case familyNextjsAuth0V3:
		// read() asserts exp > epoch() on the protected-header exp with no
		// leeway (auth0/nextjs-auth0@v3.8.0
		// src/auth0-session/session/abstract-session.ts:73-86); v3's
		// clockTolerance option (default 60) applies to ID tokens only
		// (src/auth0-session/get-config.ts:124).
		return tolerance{versions: "nextjs-auth0 v3 accepts no clock tolerance (exp > now)"}
	case familyNextjsAuth0V4:
		// A v4 token with an exp was minted by 4.5.1 or later:
		// setExpirationTime arrived in 4.5.1 (#2040, a4f061ae), so 4.0.0
		// to 4.5.0 tokens carry no exp at all. 4.5.1 to 4.5.x decrypt with
		// jose.jwtDecrypt(cookieValue, key, {}), no tolerance
		// (auth0/nextjs-auth0@v4.5.1 src/server/cookies.ts:50); 4.6.0 and
		// later pass clockTolerance: 15 (#2097, b7f7d38a;
		// @v4.6.0 src/server/cookies.ts:56, @v4.27.0 src/server/cookies.ts:59).
		return tolerance{max: 15 * time.Second, versions: "@auth0/nextjs-auth0 4.6.0 and later accept a session token up to 15 s past its exp (PR #2097), 4.5.1 to 4.5.x accept none, so whether the server treated it as expired depends on the version"}
	case familyNextAuth:
		// next-auth v4: clockTolerance 15 in decode
		// (nextauthjs/next-auth@next-auth@4.24.15
		// packages/next-auth/src/jwt/index.ts:36); @auth/core: clockTolerance
		// 15 (@auth/core@0.41.3 packages/core/src/jwt.ts:103).
		return tolerance{min: 15 * time.Second, max: 15 * time.Second, versions: "NextAuth v4 and Auth.js accept a session token up to 15 s past its exp"}
	}
	return tolerance{max: 15 * time.Second, versions: "the server's clock tolerance is not known from the HAR (nextjs-auth0 v3 allows none; NextAuth, Auth.js and nextjs-auth0 4.6.0 and later allow 15 s)"}
}

// expiry is how a token's exp compares with a request's start.
type expiry int

const (
	// notExpired: no readable exp, no start time, or exp not yet passed.
	notExpired expiry = iota
	// tolerated: past exp, but within the tolerance of every version of the
	// library, which accepts it.
	tolerated
	// maybeExpired: past exp and within a tolerance that some versions of
	// the library apply, or within the run's clock skew.
	maybeExpired
	// expired: past exp beyond any tolerance and the clock skew.
	expired
)

// judgeExpiry tells how long before at the token expired (late) and what
// that means for a library with tolerance tol, given the run's allowance
// skew for a difference between the recorder's and the server's clocks.
func judgeExpiry(t token.Token, at time.Time, tol tolerance, skew time.Duration) (time.Duration, expiry) {
	if !t.HasExp || at.IsZero() {
		return 0, notExpired
	}
	late := at.Sub(t.Exp)
	return late, classifyLate(late, tol, skew)
}

// classifyLate judges a token that expired late before a request.
func classifyLate(late time.Duration, tol tolerance, skew time.Duration) expiry {
	switch {
	case late <= 0:
		return notExpired
	case late <= tol.min:
		return tolerated
	case late <= tol.max+skew:
		return maybeExpired
	}
	return expired
}

// auth0SessionCacheControl is the Cache-Control that nextjs-auth0 sends,
// with "Pragma: no-cache" and "Expires: 0", on the responses that write the
// session cookie since 4.6.1 (addCacheControlHeadersForSession, f4753442;
// auth0/nextjs-auth0@v4.6.1 src/server/cookies.ts:344-350, called from
// src/server/auth-client.ts; absent from v4.6.0 and earlier; still there in
// @v4.27.0 src/server/cookies.ts).
const auth0SessionCacheControl = "private, no-cache, no-store, must-revalidate, max-age=0"

// versionEvidence is what an input shows of the library versions that
// produced it, where a version changes the clock tolerance.
type versionEvidence struct {
	// auth0Since461 is the first entry whose response set nextjs-auth0
	// v4's session cookie with the headers of 4.6.1 and later, or -1.
	auth0Since461 int
}

func newVersionEvidence() versionEvidence { return versionEvidence{auth0Since461: -1} }

// observe reads x's response for version evidence.
func (v *versionEvidence) observe(x *Exchange) {
	if v.auth0Since461 >= 0 || x.Response == nil {
		return
	}
	cc := strings.Join(x.Response.Headers.Values("cache-control"), ", ")
	if !strings.EqualFold(strings.TrimSpace(cc), auth0SessionCacheControl) ||
		strings.TrimSpace(x.ResponseHeader("Expires")) != "0" ||
		!strings.EqualFold(strings.TrimSpace(x.ResponseHeader("Pragma")), "no-cache") {
		return
	}
	for _, s := range setSessions(x) {
		if s.Info.Library == auth.LibraryNextjsAuth0V4 {
			v.auth0Since461 = x.Index
			return
		}
	}
}

// tolerance is libraryTolerance narrowed by the evidence: a HAR showing
// nextjs-auth0 4.6.1 or later pins its tolerance to 15 s.
func (v *versionEvidence) tolerance(f sessionFamily) tolerance {
	tol := libraryTolerance(f)
	if f == familyNextjsAuth0V4 && v.auth0Since461 >= 0 {
		tol.min = tol.max
		tol.versions = fmt.Sprintf("entry %d shows @auth0/nextjs-auth0 4.6.1 or later (its response setting the session cookie carries the Cache-Control: %q, Pragma and Expires: 0 those releases send), which accept a session token up to 15 s past its exp (PR #2097)", v.auth0Since461, auth0SessionCacheControl)
	}
	return tol
}

// toleranceNote explains, for a finding, why a token late by late may still
// have been accepted: the library's versions, or the run's clock skew.
func toleranceNote(tol tolerance, late, skew time.Duration) string {
	if late <= tol.max {
		return tol.versions
	}
	return fmt.Sprintf("it expired within the clock skew allowed for this run (--clock-skew %s): the browser's and the server's clocks may differ by that much", skew)
}
