// Package token reads the session tokens that web-app auth libraries store
// in cookies.
//
// [Inspect] needs no key: it tells the format of a cookie value (signed JWT,
// encrypted JWT, Supabase session JSON, iron seal or an opaque id), reads what
// is readable without a secret (JWS claims, the JWE protected header, the
// Supabase JSON, the plaintext expiry field of an iron seal) and guesses the
// library from the cookie name.
//
// [Keyring.Decrypt] decrypts the JWE session cookies of NextAuth.js v4,
// Auth.js v5 (@auth/core) and @auth0/nextjs-auth0 v3 and v4 with the app's
// secrets, deriving each library's key with HKDF-SHA256 exactly as the
// library does (see derive.go for the parameters and their sources).
//
// # Chunked cookies
//
// Large session cookies are split into chunks. This package does not join
// them: the caller passes the joined value and the name of the first chunk
// or the base name. The join rule of every supported library is the same:
// concatenate the chunk values in increasing numeric order of the chunk
// index, with nothing between them. Chunk names are "<name>.<N>" for
// next-auth v4, Auth.js, nextjs-auth0 v3 and Supabase, and "<name>__<N>" for
// nextjs-auth0 v4, with N counting from 0. [BaseCookieName] removes the
// chunk suffix.
//
// # Secrets
//
// Secrets are never logged, printed or returned: [Keyring] formats as a count
// of secrets, and [Token.String] shows no claim values.
package token
