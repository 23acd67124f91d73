package auth

import (
	"net/url"
	"strings"
)

// LooksLikeAuthorizationRequest reports whether u is an OAuth 2.0 / OIDC
// authorization request, judged by its query: response_type together with
// client_id (both required by RFC 6749 §4.1.1), client_id together with
// request_uri (pushed authorization requests, RFC 9126), or a redirect_uri.
// Parameters count only when their value is not empty.
func LooksLikeAuthorizationRequest(u *url.URL) bool {
	if u == nil || u.RawQuery == "" {
		return false
	}
	q := scanQuery(u.RawQuery, "response_type", "client_id", "redirect_uri", "request_uri")
	return (q[0] && q[1]) || (q[1] && q[3]) || q[2]
}

// IsOIDCCallback reports whether u is where an identity provider sends the
// browser back after login: the path is a known callback route of c, or the
// query carries the authorization response (code and state, RFC 6749 §4.1.2)
// or an error response (error and state, §4.1.2.1).
func (c *Catalog) IsOIDCCallback(u *url.URL) bool {
	if u == nil {
		return false
	}
	if r, ok := c.Route("GET", u); ok && r.Kind == RouteCallback {
		return true
	}
	return HasCallbackQuery(u)
}

// HasCallbackQuery reports whether u's query carries an authorization
// response (code and state, RFC 6749 §4.1.2) or an error response (error
// and state, §4.1.2.1): IsOIDCCallback without the route, for a caller that
// already looked the route up.
func HasCallbackQuery(u *url.URL) bool {
	if u == nil || u.RawQuery == "" {
		return false
	}
	q := scanQuery(u.RawQuery, "code", "state", "error")
	return q[1] && (q[0] || q[2])
}

// IsOIDCCallback is [Catalog.IsOIDCCallback] on the [Default] catalog.
func IsOIDCCallback(u *url.URL) bool {
	return Default().IsOIDCCallback(u)
}

// scanQuery reports, for each name, whether the raw query has a parameter of
// that name with a non-empty value. It allocates only to decode escaped
// names.
func scanQuery(raw string, names ...string) [4]bool {
	var found [4]bool
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		if strings.ContainsAny(k, "%+") {
			if d, err := url.QueryUnescape(k); err == nil {
				k = d
			}
		}
		for i, n := range names {
			if i < len(found) && k == n {
				found[i] = true
			}
		}
	}
	return found
}
