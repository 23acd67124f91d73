// Package auth knows the routes and cookies of web-app authentication
// libraries, so that rules can tell an auth exchange from any other one:
// which request path is a login callback or a session endpoint, and which
// cookie holds a session, a login transaction, a CSRF token or a PKCE
// verifier.
//
// The knowledge lives in a [Catalog]. [Default] returns the built-in catalog,
// read from the libraries' sources (each table row cites where); users extend
// or override it from their configuration with [Catalog.With]. A catalog is
// compiled once and is then safe for concurrent use; its lookups allocate
// little and never compile a pattern.
//
// The package also recognises OAuth/OIDC protocol messages by their query
// parameters ([LooksLikeAuthorizationRequest], [IsOIDCCallback]) and static
// assets ([IsStaticAsset]), which rules use to avoid false alarms.
package auth
