package redact

import (
	"net/url"
	"strings"
)

// secretParams are query or fragment parameters whose values are secrets or
// one-time credentials (OAuth codes, tokens, state bound to a session).
var secretParams = map[string]bool{
	"code": true, "state": true, "nonce": true, "token": true, "access_token": true,
	"id_token": true, "refresh_token": true, "session_state": true, "client_secret": true,
	"code_verifier": true, "password": true, "passwd": true, "pwd": true, "secret": true,
	"jwt": true, "api_key": true, "apikey": true, "key": true, "sig": true, "signature": true,
	"samlresponse": true, "samlrequest": true, "session": true, "sid": true, "ticket": true,
	"auth": true, "authorization": true, "assertion": true, "otp": true, "login_hint": true,
	"id_token_hint": true, "logout_hint": true, "x-amz-signature": true, "x-amz-security-token": true,
	"x-amz-credential": true,
}

// IsSecretParam reports whether a query parameter name carries a secret.
func IsSecretParam(name string) bool { return secretParams[strings.ToLower(name)] }

// LooksLikeJWT reports whether v has the shape of a compact JWS or JWE
// (base64url header starting with eyJ, then 2 or 4 more dot-separated parts).
func LooksLikeJWT(v string) bool {
	if !strings.HasPrefix(v, "eyJ") {
		return false
	}
	n := strings.Count(v, ".")
	return n == 2 || n == 4
}

// URL returns raw with the values of secret query and fragment parameters,
// and of any parameter holding a JWT, replaced by placeholders. A URL that
// does not parse is returned with its whole query and fragment redacted.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		base, _, _ := strings.Cut(raw, "?")
		base, _, _ = strings.Cut(base, "#")
		if base != raw {
			return base + "?" + Value(raw[len(base)+1:])
		}
		return raw
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), Value("password"))
		}
	}
	u.RawQuery = params(u.RawQuery)
	frag := u.EscapedFragment()
	u.Fragment, u.RawFragment = "", ""
	if frag == "" {
		return u.String()
	}
	if strings.Contains(frag, "=") {
		frag = params(frag)
	}
	return u.String() + "#" + frag
}

// params redacts secret values in an application/x-www-form-urlencoded
// string, keeping the order and spelling of everything else.
func params(q string) string {
	if q == "" {
		return q
	}
	parts := strings.Split(q, "&")
	for i, part := range parts {
		name, value, ok := strings.Cut(part, "=")
		if !ok || value == "" {
			continue
		}
		dn, err := url.QueryUnescape(name)
		if err != nil {
			dn = name
		}
		dv, err := url.QueryUnescape(value)
		if err != nil {
			dv = value
		}
		if IsSecretParam(dn) || LooksLikeJWT(dv) {
			parts[i] = name + "=" + Value(dv)
		}
	}
	return strings.Join(parts, "&")
}
