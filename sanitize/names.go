package sanitize

import (
	"strings"

	"github.com/authlint/authlint/redact"
)

// Which names are secret is redact's decision (redact.ClassOf), so that
// sanitize scrubs what analyze's reports redact. This file only maps
// redact's classes to the kinds --report counts.

// kindOfName returns the kind of the value of a parameter, JSON member,
// form field or header called name, and false when the name is not secret.
func kindOfName(name []byte) (Kind, bool) {
	if len(name) == 0 || len(name) > 64 {
		return "", false
	}
	return classify(string(name))
}

// maxNameMemo bounds scrubber.names.
const maxNameMemo = 1 << 14

func classify(s string) (Kind, bool) {
	c := redact.ClassOf(s)
	if c == redact.Plain {
		return "", false
	}
	n := redact.NormName(s)
	switch {
	case n == "code":
		return KindCode, true
	case n == "state" || n == "relaystate" || n == "sessionstate":
		return KindState, true
	case n == "nonce":
		return KindNonce, true
	case n == "codeverifier" || n == "oauthverifier":
		return KindVerifier, true
	case n == "clientsecret":
		return KindClientSecret, true
	case strings.Contains(n, "csrf") || strings.Contains(n, "xsrf") || n == "authenticitytoken":
		return KindCSRF, true
	case strings.HasPrefix(n, "saml"):
		return KindSAML, true
	case strings.Contains(n, "pass") || n == "pwd":
		return KindPassword, true
	case n == "otp" || n == "otc" || n == "ticket" || n == "magiclink":
		return KindOneTime, true
	case strings.Contains(n, "apikey") || n == "key" || strings.HasSuffix(n, "key"):
		return KindAPIKey, true
	case strings.Contains(n, "sig") || n == "hmac":
		return KindSignature, true
	case strings.HasSuffix(n, "token") || n == "jwt" || n == "bearer":
		return KindToken, true
	case c == redact.Session:
		return KindSession, true
	}
	return KindCredential, true
}

// keptCookieValues are cookie values that carry no secret and that rules
// read as they are (flags and deletion values).
var keptCookieValues = map[string]bool{
	"": true, "deleted": true, "true": true, "false": true, "null": true, "undefined": true,
	"0": true, "1": true, "yes": true, "no": true, "on": true, "off": true,
}

// txnPrefix starts nextjs-auth0 v4 transaction cookie names, "__txn_<state>"
// (see auth/cookietable.go): the rest of the name is the OAuth state.
const txnPrefix = "__txn_"

// urlHeaders are headers whose values are URLs.
var urlHeaders = map[string]bool{
	"location": true, "referer": true, "origin": true, "content-location": true, "link": true,
	"refresh": true, "x-original-url": true, "x-forwarded-uri": true,
}

// authHeaders are headers whose value is "scheme credentials".
var authHeaders = map[string]bool{"authorization": true, "proxy-authorization": true}

// htmlNameAttrs are the members that name a field whose value follows:
// <input name="password" value="...">, {"name":"code","value":"..."}.
var htmlNameAttrs = map[string]bool{"name": true, "id": true, "property": true, "key": true}

// htmlValueAttrs are the members that hold that value.
var htmlValueAttrs = map[string]bool{"value": true, "content": true}
