package auth

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Catalog is a compiled set of route and cookie rules. The zero value is
// empty; use [Default] or [Catalog.With]. A Catalog is immutable and safe for
// concurrent use.
type Catalog struct {
	userRoutes []compiledRoute
	routes     routeTable
	cookies    cookieTable
	values     *valueMemo // shapes of cookie values already decoded
	routeMemo  *routeMemo // routes of paths already looked up
}

// RouteRule is a user route rule, as read from configuration.
type RouteRule struct {
	// Path is an exact path or a pattern: segments separated by '/', where
	// ":name" matches one segment, '*' matches within one segment and "**"
	// matches any number of segments ("/app/**/callback"). Literal
	// segments match ignoring ASCII case.
	Path string
	// Methods limits the rule to these HTTP methods (HEAD counts as GET);
	// empty means any method.
	Methods []string
	// Kind is what the route does; RouteUnknown declares the path not to
	// be an auth route, overriding the built-in rules.
	Kind RouteKind
}

// CookieRule is a user cookie rule, as read from configuration.
type CookieRule struct {
	// Name is an exact cookie name or a glob where '*' matches any run of
	// characters. It is compared with the name as sent and with the name
	// without its "__Secure-"/"__Host-" prefix.
	Name string
	// Kind is what the cookie holds; CookieUnknown declares the cookie not
	// to be an auth cookie, overriding the built-in rules.
	Kind CookieKind
	// Chunked is how the library names chunks of the cookie: "" (never
	// chunked), ".N" (name.0, name.1), "__N" (name__0), "_N" (name_0) or
	// "CN" (ASP.NET Core: nameC1, nameC2).
	Chunked string
}

// Default returns the built-in catalog. It is compiled on first use and
// shared.
func Default() *Catalog {
	return defaultCatalog()
}

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := newCatalog(nil, nil)
	if err != nil {
		panic("auth: built-in catalog: " + err.Error())
	}
	return c
})

// With returns a new catalog whose user rules are routes and cookies, tried
// in order before the built-in ones, followed by c's own user rules. It
// reports every invalid rule, joined, and returns no catalog then.
func (c *Catalog) With(routes []RouteRule, cookies []CookieRule) (*Catalog, error) {
	var errs []error
	var newRoutes []compiledRoute
	for i, r := range routes {
		cr, err := compileRouteRule(r)
		if err != nil {
			errs = append(errs, fmt.Errorf("route rule %d: %w", i+1, err))
			continue
		}
		newRoutes = append(newRoutes, cr)
	}
	var newCookies []cookieRule
	for i, r := range cookies {
		cr, err := compileCookieRule(r)
		if err != nil {
			errs = append(errs, fmt.Errorf("cookie rule %d: %w", i+1, err))
			continue
		}
		newCookies = append(newCookies, cr)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	newRoutes = append(newRoutes, c.userRoutes...)
	newCookies = append(newCookies, c.cookies.user...)
	return newCatalog(newRoutes, newCookies)
}

// newCatalog compiles the built-in tables after the given user rules.
func newCatalog(userRoutes []compiledRoute, userCookies []cookieRule) (*Catalog, error) {
	rules := append([]compiledRoute(nil), userRoutes...)
	for _, d := range defaultRoutes {
		p, err := compileRoutePattern(d.path)
		if err != nil {
			return nil, err
		}
		rules = append(rules, compiledRoute{pattern: p, methods: d.methods, kind: d.kind, lib: d.lib})
	}
	t := cookieTable{
		user:     userCookies,
		exact:    defaultExactCookies,
		index:    make(map[string]int, len(defaultExactCookies)),
		fold:     defaultFoldCookies,
		patterns: defaultPatternCookies,
	}
	for i, r := range t.exact {
		if _, dup := t.index[r.name]; dup {
			return nil, fmt.Errorf("duplicate built-in cookie %q", r.name)
		}
		t.index[r.name] = i
	}
	return &Catalog{
		userRoutes: userRoutes,
		routes:     newRouteTable(rules),
		cookies:    t,
		values:     newValueMemo(),
		routeMemo:  new(routeMemo),
	}, nil
}

func compileRouteRule(r RouteRule) (compiledRoute, error) {
	p, err := compileRoutePattern(r.Path)
	if err != nil {
		return compiledRoute{}, err
	}
	if r.Kind < 0 || int(r.Kind) >= len(routeKindNames) {
		return compiledRoute{}, fmt.Errorf("path %q: invalid kind %d", r.Path, int(r.Kind))
	}
	var methods []string
	for _, m := range r.Methods {
		if m == "" || strings.ContainsFunc(m, func(c rune) bool { return !isTokenChar(c) }) {
			return compiledRoute{}, fmt.Errorf("path %q: invalid method %q", r.Path, m)
		}
		methods = append(methods, strings.ToUpper(m))
	}
	return compiledRoute{pattern: p, methods: methods, kind: r.Kind, lib: LibraryConfig}, nil
}

// isTokenChar reports whether c may appear in an HTTP method (RFC 9110
// token).
func isTokenChar(c rune) bool {
	return c < 0x7F && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.ContainsRune("!#$%&'*+-.^_`|~", c))
}

func compileCookieRule(r CookieRule) (cookieRule, error) {
	if r.Name == "" {
		return cookieRule{}, errors.New("empty cookie name")
	}
	for i := 0; i < len(r.Name); i++ {
		if b := r.Name[i]; b <= ' ' || b == 0x7F || b == ';' || b == '=' || b == ',' {
			return cookieRule{}, fmt.Errorf("cookie name %q: %q is not allowed in a cookie name", r.Name, b)
		}
	}
	if r.Name == "*" {
		return cookieRule{}, fmt.Errorf("cookie name %q matches every cookie", r.Name)
	}
	if r.Kind < 0 || int(r.Kind) >= len(cookieKindNames) {
		return cookieRule{}, fmt.Errorf("cookie name %q: invalid kind %d", r.Name, int(r.Kind))
	}
	style, ok := parseChunkStyle(r.Chunked)
	if !ok {
		return cookieRule{}, fmt.Errorf("cookie name %q: unknown chunk style %q (want \"\", \".N\", \"__N\", \"_N\" or \"CN\")", r.Name, r.Chunked)
	}
	return cookieRule{
		name:  r.Name,
		glob:  strings.Contains(r.Name, "*"),
		kind:  r.Kind,
		lib:   LibraryConfig,
		chunk: style,
	}, nil
}
