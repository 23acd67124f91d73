// Package sanitize rewrites a HAR for sharing: every secret (cookie values,
// credentials, OAuth codes and state, tokens, passwords, one-time codes, API
// keys, signatures, SAML messages, and any value seen as secret elsewhere in
// the input) becomes a stable pseudonym of the same kind, and every other
// byte of the input is kept as it was, so that authlint analyze finds the
// same problems in the sanitized file. docs/sanitize.md says exactly what is
// scrubbed and what is kept.
//
// The rewriter is a streaming token-level copy of the input JSON (see
// rewrite.go); what is secret is decided in scrub.go with redact's
// classifier of names and shapes; pseudonym.go holds the pseudonym format,
// which IsPseudonym recognises without the key.
package sanitize
