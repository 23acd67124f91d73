package cookie

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// Cookie name prefixes (6265bis §4.1.3). Browsers match them
// case-insensitively since httpwg/http-extensions PR #2236 ("Compare cookie
// name prefixes case-insensitively"), because servers that fold cookie names
// would otherwise accept a "__SECURE-" cookie set without Secure.
const (
	SecurePrefix = "__Secure-"
	HostPrefix   = "__Host-"
)

// HasPrefixFold reports whether name starts with prefix, ignoring ASCII case
// (and only ASCII case: "__ſecure-" with a long s is no prefix).
func HasPrefixFold(name, prefix string) bool {
	return len(name) >= len(prefix) && ascii.EqualFold(name[:len(prefix)], prefix)
}

// PrefixError returns why a browser rejects the cookie because of its name
// prefix, or "" when the prefix rules are met (or the name has no prefix):
//
//   - "__Secure-" needs the Secure attribute and a secure request origin;
//   - "__Host-" needs Secure, a secure origin, no Domain attribute, and a
//     Path attribute whose value is "/";
//   - a nameless cookie must not have a value that starts with either
//     prefix (6265bis §5.6, so that it cannot pose as one in the Cookie
//     header).
//
// requestURL is the URL of the request the response answered; when it is nil
// the origin and default-path checks are skipped. https and wss are secure,
// and so are localhost, *.localhost and loopback addresses, which Chromium
// and Firefox treat as potentially trustworthy origins for Secure cookies
// (the exact browser versions were not confirmed; the choice avoids false
// alarms on local development). Other prefixes ("__Http-", "__Host-Http-")
// are still drafts and are not checked.
func (c SetCookie) PrefixError(requestURL *url.URL) string {
	if c.Name == "" {
		if HasPrefixFold(c.Value, SecurePrefix) || HasPrefixFold(c.Value, HostPrefix) {
			return fmt.Sprintf("nameless cookie value %q starts with a reserved prefix", prefixOf(c.Value))
		}
		return ""
	}
	isSecure, isHost := HasPrefixFold(c.Name, SecurePrefix), HasPrefixFold(c.Name, HostPrefix)
	if !isSecure && !isHost {
		return ""
	}
	p := prefixOf(c.Name)
	if !c.Secure {
		return fmt.Sprintf("%s cookie without the Secure attribute", p)
	}
	if requestURL != nil && !IsSecureOrigin(requestURL) {
		return fmt.Sprintf("%s cookie set by an insecure origin %q", p, requestURL.Scheme+"://"+requestURL.Host)
	}
	if isSecure {
		return ""
	}
	if !c.HostOnly() {
		return fmt.Sprintf("%s cookie with a Domain attribute (%q)", p, c.Domain)
	}
	if !c.hasPath {
		return fmt.Sprintf("%s cookie without Path=/", p)
	}
	path := c.Path
	if path == "" {
		if requestURL == nil {
			return fmt.Sprintf("%s cookie with an invalid Path attribute", p)
		}
		path = DefaultPath(requestURL.Path)
	}
	if path != "/" {
		return fmt.Sprintf("%s cookie with Path=%q instead of /", p, path)
	}
	return ""
}

// prefixOf returns the reserved prefix of name as written.
func prefixOf(name string) string {
	if HasPrefixFold(name, SecurePrefix) {
		return name[:len(SecurePrefix)]
	}
	return name[:len(HostPrefix)]
}

// IsSecureOrigin reports whether a browser lets a response from u set Secure
// cookies: https and wss URLs, and localhost, *.localhost and loopback
// addresses on any scheme.
func IsSecureOrigin(u *url.URL) bool {
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		return true
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if strings.HasPrefix(host, "127.") && isIP(host) {
		return true
	}
	return host == "::1"
}
