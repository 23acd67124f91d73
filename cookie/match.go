package cookie

import (
	"net/netip"
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// DomainMatch reports whether host domain-matches domain (RFC 6265 §5.1.3):
// they are equal, or domain is a suffix of host preceded by a '.' and host is
// a host name rather than an IP address. Both are compared case-insensitively;
// a leading '.' on domain (as in old Domain attributes) is ignored and IPv6
// brackets on host are removed. host must not carry a port. An empty domain
// matches nothing.
func DomainMatch(host, domain string) bool {
	domain = strings.TrimPrefix(domain, ".")
	if domain == "" || host == "" {
		return false
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ascii.EqualFold(host, domain) {
		return true
	}
	if len(host) <= len(domain) || host[len(host)-len(domain)-1] != '.' ||
		!ascii.EqualFold(host[len(host)-len(domain):], domain) {
		return false
	}
	return !isIP(host)
}

func isIP(host string) bool {
	_, err := netip.ParseAddr(host)
	return err == nil
}

// PathMatch reports whether a request path path-matches a cookie path (RFC
// 6265 §5.1.4): they are equal, or cookiePath is a prefix of reqPath that
// ends in '/' or is followed in reqPath by '/'. An empty reqPath is taken as
// "/"; matching is case-sensitive, as paths are.
func PathMatch(reqPath, cookiePath string) bool {
	if reqPath == "" {
		reqPath = "/"
	}
	if reqPath == cookiePath {
		return true
	}
	if cookiePath == "" || !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return cookiePath[len(cookiePath)-1] == '/' || reqPath[len(cookiePath)] == '/'
}

// DefaultPath returns the path a browser gives a cookie whose Set-Cookie line
// has no (valid) Path attribute (RFC 6265 §5.1.4): the request path up to but
// not including its last '/', or "/" when that would be empty or the path
// does not start with '/'. uriPath is the path of the request URL, without
// the query.
func DefaultPath(uriPath string) string {
	if uriPath == "" || uriPath[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(uriPath, '/')
	if i == 0 {
		return "/"
	}
	return uriPath[:i]
}
