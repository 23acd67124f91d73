package token

// Format is the encoding of a cookie value.
type Format int

// Formats recognised by [Inspect].
const (
	// UnknownFormat is the zero Format: the value was empty.
	UnknownFormat Format = iota
	// JWS is a signed JWT in compact serialization; its claims are
	// readable without a key (Clerk's __session, Supabase access tokens).
	JWS
	// JWE is an encrypted JWT in compact serialization; only its protected
	// header is readable without a key.
	JWE
	// SupabaseJSON is an @supabase/ssr session: "base64-" followed by the
	// base64url of the session JSON, or the raw JSON itself, carrying
	// access_token and expires_at.
	SupabaseJSON
	// IronSeal is an iron seal ("Fe26.2*..."), as written by iron-session
	// and other users of iron-webcrypto; its expiry field is plaintext.
	IronSeal
	// Opaque is any other non-empty value: a random session id, a signed id
	// such as express-session's "s:<id>.<sig>", or garbage.
	Opaque
)

var formatNames = [...]string{
	UnknownFormat: "unknown",
	JWS:           "JWS",
	JWE:           "JWE",
	SupabaseJSON:  "Supabase JSON",
	IronSeal:      "iron seal",
	Opaque:        "opaque",
}

// String returns a display name such as "JWE" or "Supabase JSON".
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return "unknown"
	}
	return formatNames[f]
}

// Library is an auth library whose session-cookie format was recognised.
type Library int

// Libraries recognised by [Inspect] and [Keyring.Decrypt].
const (
	// UnknownLibrary is the zero Library.
	UnknownLibrary Library = iota
	// NextAuthV4 is next-auth v4 with the JWT session strategy.
	NextAuthV4
	// AuthJSV5 is Auth.js (@auth/core), which next-auth v5 is built on.
	AuthJSV5
	// NextjsAuth0V3 is @auth0/nextjs-auth0 v3 (cookie "appSession").
	NextjsAuth0V3
	// NextjsAuth0V4 is @auth0/nextjs-auth0 v4 (cookie "__session").
	NextjsAuth0V4
	// Clerk is Clerk's short-lived session JWT (cookie "__session").
	Clerk
	// Supabase is @supabase/ssr (cookie "sb-<ref>-auth-token").
	Supabase
	// IronSession is iron-session (an iron seal with a "~<version>" suffix).
	IronSession
	// ExpressSession is express-session (cookie "connect.sid", "s:<id>.<sig>").
	ExpressSession
)

var libraryNames = [...]string{
	UnknownLibrary: "unknown",
	NextAuthV4:     "NextAuth v4",
	AuthJSV5:       "Auth.js v5",
	NextjsAuth0V3:  "nextjs-auth0 v3",
	NextjsAuth0V4:  "nextjs-auth0 v4",
	Clerk:          "Clerk",
	Supabase:       "Supabase",
	IronSession:    "iron-session",
	ExpressSession: "express-session",
}

// String returns a display name such as "NextAuth v4" or "nextjs-auth0 v3".
func (l Library) String() string {
	if l < 0 || int(l) >= len(libraryNames) {
		return "unknown"
	}
	return libraryNames[l]
}
