package redact

import "strings"

// NormName normalises a parameter, header or cookie name for comparison:
// lower case, without '_', '-' and '.', so that access_token, accessToken,
// Access-Token and access.token are one name.
func NormName(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_' || c == '-' || c == '.':
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// A Class says what a named parameter carries.
type Class int

// The classes of parameter names, by NormName.
const (
	// Plain names carry nothing secret by their name (their value may
	// still be secret by its shape).
	Plain Class = iota
	// OneTime names carry one-time or request-bound values of a login in
	// progress: the authorization code, state, nonce, PKCE verifier.
	OneTime
	// Credential names carry a bearer credential: access, refresh and ID
	// tokens, API keys, signatures, CSRF tokens, passwords.
	Credential
	// Session names carry a session identifier (sid, jsessionid, ...).
	Session
)

// classes maps normalised names to their class. Names ending in token,
// secret, password, sessionid or signature are credentials too (see
// ClassOf).
var classes = map[string]Class{
	// OAuth 2.0 / OpenID Connect authorization responses and requests.
	"code": OneTime, "state": OneTime, "nonce": OneTime, "sessionstate": OneTime,
	"codeverifier": OneTime, "oauthverifier": OneTime, "otp": OneTime, "otc": OneTime,
	"ticket": OneTime, "samlresponse": OneTime, "samlrequest": OneTime, "relaystate": OneTime,
	"assertion": OneTime, "hash": OneTime, "magiclink": OneTime,
	// Bearer credentials.
	"token": Credential, "accesstoken": Credential, "idtoken": Credential, "refreshtoken": Credential,
	"oauthtoken": Credential, "idtokenhint": Credential, "logouthint": Credential, "loginhint": Credential,
	"clientsecret": Credential, "password": Credential, "passwd": Credential, "pwd": Credential,
	"pass": Credential, "passphrase": Credential, "secret": Credential, "jwt": Credential,
	"apikey": Credential, "key": Credential, "accesskey": Credential, "secretkey": Credential,
	"privatekey": Credential, "sig": Credential, "signature": Credential, "hmac": Credential,
	"auth": Credential, "authorization": Credential, "bearer": Credential, "credential": Credential,
	"credentials": Credential, "csrf": Credential, "xsrf": Credential, "authenticitytoken": Credential,
	"sso": Credential, "xamzsignature": Credential, "xamzsecuritytoken": Credential,
	"xamzcredential": Credential, "xgoogsignature": Credential, "xgoogcredential": Credential,
	"xapikey": Credential, "xauthtoken": Credential,
	// Session identifiers, in queries and in path parameters
	// (";jsessionid=", ";sid=").
	"session": Session, "sessionid": Session, "sid": Session, "jsessionid": Session,
	"phpsessid": Session, "aspsessionid": Session, "sess": Session, "sessid": Session,
	"sessiontoken": Session, "sessionkey": Session, "cfid": Session, "cftoken": Session,
}

// credentialSuffixes make any name ending in them a credential:
// csrfToken, x-csrf-token, userPassword, app_secret, deviceSessionId.
var credentialSuffixes = []string{"token", "secret", "password", "passwd", "apikey", "signature"}

// ClassOf returns the class of a parameter name. Names are compared after
// NormName; "token_type" and "tokenUrl" stay Plain.
func ClassOf(name string) Class {
	n := NormName(name)
	if c, ok := classes[n]; ok {
		return c
	}
	if strings.HasSuffix(n, "sessionid") {
		return Session
	}
	for _, s := range credentialSuffixes {
		if strings.HasSuffix(n, s) {
			return Credential
		}
	}
	return Plain
}

// IsSecretName reports whether a parameter (or header) name carries a
// secret value: any class but Plain.
func IsSecretName(name string) bool { return ClassOf(name) != Plain }

// IsSecretParam reports whether the value of a URL or form parameter must
// be redacted: its name is secret, or its value is by its shape (see
// IsSecretValue).
func IsSecretParam(name, value string) bool {
	return IsSecretName(name) || IsSecretValue(value)
}
