package rules

import "slices"

// All returns every built-in rule, sorted by ID. The slice is new on every
// call; the rules are shared and must not be modified.
func All() []*Rule {
	rs := []*Rule{
		AuthErrorResponse,
		AuthRouteCacheHit,
		BearerTokenRejected,
		CacheableAuthenticatedResponse,
		CacheableSetCookie,
		CachedSetCookie,
		CORSCredentialsBlocked,
		InsecureSessionCookie,
		OversizedCookie,
		ExpiredSessionToken,
		SessionErrorResponse,
		SessionSecretMismatch,
		TransientSessionCookie,
		UndecryptableSessionCookie,
		CookieNotForwarded,
		CookieRejected,
		RedirectURIMismatch,
		TokenInURL,
		SessionCookieRace,
		RollingSessionCookie,
		IncompleteChunkedCookie,
		LoginRedirectLoop,
		TransactionCookieNotSent,
	}
	slices.SortFunc(rs, func(a, b *Rule) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return rs
}

// ByID returns the built-in rule with the given ID.
func ByID(id string) (*Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}
