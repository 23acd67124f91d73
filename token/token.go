package token

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Token is what could be learned about one session-cookie value. Failures are
// recorded in Err; nothing in this package panics on bad input.
type Token struct {
	// Format is the encoding of the value.
	Format Format
	// Header is the JOSE protected header, readable without a key for JWS
	// and JWE; nil for other formats. It is shared by the tokens that carry
	// the same header text (see headerMemo): read it, never modify it.
	Header map[string]any
	// Alg, Enc and Kid are the header's "alg", "enc" and "kid" (empty when
	// absent).
	Alg, Enc, Kid string
	// Claims is the JWS payload, the decrypted JWE payload or the Supabase
	// session JSON; nil when not readable.
	Claims map[string]any
	// Exp, Iat and Nbf come from the claims ("exp", "iat", "nbf"), else from
	// the JWE protected header (nextjs-auth0 v3 puts iat/uat/exp there),
	// else from Supabase's "expires_at" or the iron seal's expiration field.
	// They are zero when absent. nextjs-auth0 v4 carries exp only in the
	// encrypted payload (since 4.5.1, PR #2040, commit a4f061ae; 4.0.0 to
	// 4.5.0 set none at all), so its expiry needs the secret.
	Exp, Iat, Nbf time.Time
	// HasExp reports whether Exp was found.
	HasExp bool
	// Decrypted reports whether a JWE was decrypted with a keyring secret.
	Decrypted bool
	// Library is the library whose format matched: guessed from the cookie
	// name and header by Inspect, and after decryption the one whose key
	// worked.
	Library Library
	// Tried lists the library formats tried for decryption, in order.
	Tried []Library
	// Attempts counts trial decryptions (one per derived key tried); an
	// Auth.js token with a kid takes at most one.
	Attempts int
	// SecretIndex is the position in the keyring of the secret that
	// decrypted the token, or -1.
	SecretIndex int
	// Err records why the value could not be read or decrypted.
	Err error
}

// Errors recorded in [Token.Err], matched with errors.Is.
var (
	// ErrMalformed means the value looks like a known format but cannot be
	// parsed (truncated, garbled or mis-joined chunks).
	ErrMalformed = errors.New("malformed token")
	// ErrNotEncrypted means Decrypt was given a value that is not a JWE.
	ErrNotEncrypted = errors.New("not an encrypted token")
	// ErrUnsupported means the JWE uses an alg/enc no supported library uses.
	ErrUnsupported = errors.New("unsupported JWE algorithm")
	// ErrNoSecrets means the keyring is empty.
	ErrNoSecrets = errors.New("no secrets in keyring")
	// ErrNoKey means no secret and library format decrypted the token.
	ErrNoKey = errors.New("no secret decrypts the token")
)

// String describes the token without claim values, so that a token can be
// printed or logged without leaking session contents.
func (t Token) String() string {
	var b strings.Builder
	b.WriteString(t.Format.String())
	if t.Enc != "" {
		fmt.Fprintf(&b, " %s", t.Enc)
	} else if t.Alg != "" {
		fmt.Fprintf(&b, " %s", t.Alg)
	}
	if t.Library != UnknownLibrary {
		fmt.Fprintf(&b, " (%s)", t.Library)
	}
	if t.Decrypted {
		b.WriteString(", decrypted")
	}
	if t.HasExp {
		fmt.Fprintf(&b, ", exp %s", t.Exp.UTC().Format(time.RFC3339))
	}
	if t.Err != nil {
		fmt.Fprintf(&b, ", error: %v", t.Err)
	}
	return b.String()
}

// Expired reports whether the token has an expiry at or before now.
func (t Token) Expired(now time.Time) bool {
	return t.HasExp && !t.Exp.After(now)
}
