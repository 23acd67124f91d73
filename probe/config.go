package probe

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
)

// Defaults of the politeness limits.
const (
	DefaultMaxRequests = 60
	DefaultConcurrency = 2
	DefaultRate        = 5 // requests per second
	DefaultTimeout     = 10 * time.Second
	DefaultDeadline    = 2 * time.Minute
	// MaxRedirects is how many on-origin redirects one step follows when
	// Config.FollowRedirects is set.
	MaxRedirects = 3
)

// Config configures one probe of one site.
type Config struct {
	// Target is the site's URL: scheme, host, optional port, and an
	// optional base path under which the auth routes are discovered (for a
	// Next.js basePath). Only this origin is ever contacted.
	Target string
	// Routes are extra paths to probe (from --route and the config file),
	// on the target's origin. A route may carry a query.
	Routes []string
	// NoDiscovery turns off route discovery: only Routes are probed.
	NoDiscovery bool
	// Catalog classifies routes and cookies; nil means auth.Default().
	Catalog *auth.Catalog
	// Session is the session to send in the session steps; none means the
	// plan has no session steps.
	Session []Cookie
	// Header holds extra request headers sent with every request, except
	// Authorization, which is a user's credential: like Session, it is
	// sent only in the session steps (and makes the plan have them), never
	// on the anonymous requests. A Host header sets the request's Host;
	// Cookie is refused (use Session).
	Header http.Header
	// UserAgent is sent with every request unless Header sets one; ""
	// means "authlint/<Version> (+https://github.com/authlint/authlint)".
	UserAgent string
	// Version is authlint's version, for the User-Agent and the HAR's
	// creator.
	Version string
	// MaxRequests caps the requests sent, discovery included; 0 means
	// DefaultMaxRequests.
	MaxRequests int
	// Concurrency is how many requests may be in flight at once; 0 means
	// DefaultConcurrency.
	Concurrency int
	// Rate caps the requests started per second; 0 means DefaultRate and a
	// negative value means no limit.
	Rate float64
	// Timeout bounds each request, from connecting to reading the body; 0
	// means DefaultTimeout.
	Timeout time.Duration
	// Deadline bounds the whole probe; 0 means DefaultDeadline.
	Deadline time.Duration
	// Insecure turns off TLS certificate verification.
	Insecure bool
	// RootCAs are the certificate authorities trusted for TLS; nil means the
	// system's.
	RootCAs *x509.CertPool
	// Resolver resolves host names; nil means the system resolver. Tests
	// pass one that never leaves the machine.
	Resolver *net.Resolver
	// Bust adds a cache-busting query parameter, one value per pair of
	// requests, so that each pair starts with a cold cache key.
	Bust bool
	// FollowRedirects follows redirects to the target's own origin (at most
	// MaxRedirects per step). Redirects to other origins are never followed.
	FollowRedirects bool
	// BodyLimit is how many bytes of each response body are kept; 0 means
	// har.DefaultBodyLimit.
	BodyLimit int
	// Progress, when set, is called after every request.
	Progress func(Progress)
}

// Progress reports how far a probe is.
type Progress struct {
	// Route is the path of the last request.
	Route string
	// Sent counts the requests sent so far; Max is the budget.
	Sent, Max int
}

// UserAgent returns the User-Agent the probe sends: authlint, its version
// and where to read about it, so that a site owner who sees the requests in
// a log knows what sent them.
func UserAgent(version string) string {
	return "authlint/" + version + " (+https://github.com/authlint/authlint)"
}

// BustParam is the query parameter the probe adds with Config.Bust.
const BustParam = "authlint-bust"

// Dummy values of the callback steps: recognisably the probe's, and never a
// valid code or state. Without the login's state or PKCE cookie the
// libraries fail their checks before the code grant (Auth.js handleOAuth:
// checks.state.use, then checks.pkce.use, then
// authorizationCodeGrantRequest, in nextauthjs/next-auth
// packages/core/src/lib/actions/callback/oauth/callback.ts); only a provider
// with checks ["none"] sends the dummy code on to the token endpoint, which
// refuses it.
const (
	DummyCode  = "authlint-probe-code"
	DummyState = "authlint-probe-state"
)

// withDefaults returns c with zero limits replaced by the defaults.
func (c Config) withDefaults() Config {
	if c.Catalog == nil {
		c.Catalog = auth.Default()
	}
	if c.MaxRequests == 0 {
		c.MaxRequests = DefaultMaxRequests
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Deadline == 0 {
		c.Deadline = DefaultDeadline
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.UserAgent == "" {
		c.UserAgent = UserAgent(c.Version)
	}
	return c
}

// ParseTarget checks a target URL: http or https, a host, no user info, no
// fragment. The query is dropped; the path is the base path of discovery,
// without its trailing '/'.
func ParseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", raw, err)
	}
	switch u.Scheme {
	case "http", "https":
	default:
		return nil, fmt.Errorf("target %q: want an http or https URL", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("target %q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("target %q: credentials in the URL are not supported; use -H 'Authorization: ...'", redactUser(u))
	}
	t := &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host), Path: strings.TrimRight(u.Path, "/"), RawPath: ""}
	return t, nil
}

// signedIn reports whether the plan has session steps: a session, or an
// Authorization header to send in them.
func (c *Config) signedIn() bool { return len(c.Session) > 0 || c.hasAuthorization() }

// hasAuthorization reports whether Header holds an Authorization header.
func (c *Config) hasAuthorization() bool {
	for name, vs := range c.Header {
		if isCredentialHeader(name) && len(vs) > 0 {
			return true
		}
	}
	return false
}

func redactUser(u *url.URL) string {
	c := *u
	c.User = url.User("...")
	return c.String()
}

// validate checks the config; t is the parsed target.
func (c *Config) validate() (*url.URL, error) {
	t, err := ParseTarget(c.Target)
	if err != nil {
		return nil, err
	}
	if c.MaxRequests < 0 || c.Concurrency < 0 || c.Timeout < 0 || c.Deadline < 0 {
		return nil, errors.New("limits must not be negative")
	}
	for name := range c.Header {
		if strings.EqualFold(name, "Cookie") {
			return nil, errors.New("a Cookie header would make every request carry it; give the session with a cookie file instead")
		}
	}
	for _, r := range c.Routes {
		if _, err := routeURL(t, r); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// routeURL resolves a route against the target: a path ("/api/me", with an
// optional query) or an absolute URL on the target's origin.
func routeURL(t *url.URL, route string) (*url.URL, error) {
	u, err := url.Parse(route)
	if err != nil {
		return nil, fmt.Errorf("route %q: %w", route, err)
	}
	if u.IsAbs() || u.Host != "" {
		if !sameOrigin(u, t) {
			return nil, fmt.Errorf("route %q is not on the target's origin %s", route, origin(t))
		}
	} else if !strings.HasPrefix(u.Path, "/") {
		return nil, fmt.Errorf("route %q: want a path starting with '/'", route)
	}
	r := *t
	r.Path, r.RawPath, r.RawQuery, r.Fragment = u.Path, u.RawPath, u.RawQuery, ""
	return &r, nil
}

// origin returns scheme://host[:port] of u.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// sameOrigin reports whether a and b share scheme, host and port (the
// default port of the scheme counts as given).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}
