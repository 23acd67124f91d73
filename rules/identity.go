package rules

import (
	"encoding/base64"
	"strings"

	"github.com/authlint/authlint/token"
)

// identityClaims are the claims that name the signed-in user, in the order
// they are tried.
var identityClaims = []string{"email", "preferred_username", "sub", "user_id", "username"}

// identityInBody reports whether the response body contains the identity
// carried by the request's readable session token (a JWS, a Supabase session)
// or bearer JWT, and names the claim ("email claim"). Encrypted tokens are
// not read here: without the app secret their claims are unknown.
func identityInBody(x *Exchange) (string, bool) {
	if x.Response == nil || x.Response.Content.Text == "" {
		return "", false
	}
	var ids map[string]string
	add := func(t token.Token) {
		claims := t.Claims
		if u, ok := claims["user"].(map[string]any); ok { // Supabase: {"user": {"email": ...}}
			claims = u
		}
		for _, c := range identityClaims {
			if v, ok := claims[c].(string); ok && len(v) >= 5 {
				if ids == nil {
					ids = map[string]string{}
				}
				if _, dup := ids[c]; !dup {
					ids[c] = v
				}
			}
		}
	}
	for _, c := range x.SessionCookies() {
		add(token.Inspect(c.Name, c.Value))
	}
	if scheme, cred, ok := strings.Cut(x.Authorization, " "); ok && strings.EqualFold(scheme, "Bearer") {
		add(token.Inspect("", cred))
	}
	if len(ids) == 0 {
		return "", false
	}
	body := x.Response.Content.Text
	if x.Response.Content.Encoding == "base64" {
		n := len(body) / 4 * 4
		if b, err := base64.StdEncoding.DecodeString(body[:n]); err == nil {
			body = string(b)
		}
	}
	for _, c := range identityClaims {
		if v, ok := ids[c]; ok && strings.Contains(body, v) {
			return c + " claim", true
		}
	}
	return "", false
}
