package auth

import (
	"strings"
	"testing"
)

func TestWithRoutes(t *testing.T) {
	c, err := Default().With([]RouteRule{
		{Path: "/app/auth/:action", Kind: RouteLogin},
		{Path: "/hooks/**/auth-callback", Methods: []string{"post"}, Kind: RouteCallback},
		{Path: "/sso/*-login", Kind: RouteLogin},
		{Path: "/callback", Kind: RouteUnknown},                                   // "not an auth route here"
		{Path: "/api/auth/session", Methods: []string{"GET"}, Kind: RouteProfile}, // override a built-in for GET only
		{Path: "/session/", Kind: RouteSession},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		ok           bool
		kind         RouteKind
		lib          Library
		pattern      string
	}{
		{"GET", "/app/auth/start", true, RouteLogin, LibraryConfig, "/app/auth/:action"},
		{"GET", "/app/auth", false, 0, 0, ""},
		{"POST", "/hooks/auth-callback", true, RouteCallback, LibraryConfig, "/hooks/**/auth-callback"},
		{"POST", "/hooks/a/b/c/auth-callback", true, RouteCallback, LibraryConfig, "/hooks/**/auth-callback"},
		{"GET", "/hooks/a/auth-callback", false, 0, 0, ""},
		{"GET", "/sso/okta-login", true, RouteLogin, LibraryConfig, "/sso/*-login"},
		{"GET", "/SSO/Okta-Login", true, RouteLogin, LibraryConfig, "/sso/*-login"},
		{"GET", "/sso/okta/login", false, 0, 0, ""},
		{"GET", "/callback?code=1&state=2", false, 0, 0, ""},
		{"GET", "/api/auth/session", true, RouteProfile, LibraryConfig, "/api/auth/session"},
		{"POST", "/api/auth/session", true, RouteSessionUpdate, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "/session", true, RouteSession, LibraryConfig, "/session/"},
		{"GET", "/auth/login", true, RouteLogin, LibraryNextjsAuth0V4, "/auth/login"},
	}
	for _, tt := range tests {
		got, ok := c.Route(tt.method, mustURL(t, tt.path))
		want := Route{Kind: tt.kind, Library: tt.lib, Pattern: tt.pattern}
		if ok != tt.ok || got != want {
			t.Errorf("Route(%s %s) = %+v, %v; want %+v, %v", tt.method, tt.path, got, ok, want, tt.ok)
		}
	}
	// The default catalog is unchanged.
	if r, ok := Default().Route("GET", mustURL(t, "/callback")); !ok || r.Kind != RouteCallback {
		t.Errorf("Default().Route(GET /callback) = %+v, %v after With", r, ok)
	}
}

func TestWithCookies(t *testing.T) {
	c, err := Default().With(nil, []CookieRule{
		{Name: "myapp_sess", Kind: CookieSession, Chunked: ".N"},
		{Name: "tenant-*-auth", Kind: CookieSession, Chunked: "__N"},
		{Name: "__Host-login_state", Kind: CookieState},
		{Name: "sessionid", Kind: CookieUnknown}, // this app's "sessionid" is analytics
		{Name: "big*", Kind: CookieSession, Chunked: "CN"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		ok    bool
		kind  CookieKind
		lib   Library
		base  string
		chunk int
	}{
		{"myapp_sess", true, CookieSession, LibraryConfig, "myapp_sess", -1},
		{"myapp_sess.2", true, CookieSession, LibraryConfig, "myapp_sess", 2},
		{"__Secure-myapp_sess.0", true, CookieSession, LibraryConfig, "myapp_sess", 0},
		{"myapp_sess__2", false, 0, 0, "", 0},
		{"tenant-acme-auth", true, CookieSession, LibraryConfig, "tenant-acme-auth", -1},
		{"tenant-acme-auth__1", true, CookieSession, LibraryConfig, "tenant-acme-auth", 1},
		{"__Host-login_state", true, CookieState, LibraryConfig, "login_state", -1},
		{"login_state", false, 0, 0, "", 0},
		{"sessionid", false, 0, 0, "", 0},
		{"bigcookie", true, CookieSession, LibraryConfig, "bigcookie", -1},
		{"bigcookieC3", true, CookieSession, LibraryConfig, "bigcookie", 3},
		{"connect.sid", true, CookieSession, LibraryExpressSession, "connect.sid", -1},
	}
	for _, tt := range tests {
		got, ok := c.Cookie(tt.name)
		if ok != tt.ok {
			t.Errorf("Cookie(%q) ok = %v, want %v (%+v)", tt.name, ok, tt.ok, got)
			continue
		}
		if ok && (got.Kind != tt.kind || got.Library != tt.lib || got.Base != tt.base || got.Chunk != tt.chunk) {
			t.Errorf("Cookie(%q) = %+v; want kind %v lib %v base %q chunk %d", tt.name, got, tt.kind, tt.lib, tt.base, tt.chunk)
		}
	}
	// An excluded cookie is not recognised by its value either.
	if _, ok := c.ClassifyCookie("sessionid", "s:abc.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"); ok {
		t.Error("ClassifyCookie of an excluded name succeeded")
	}
	if base, i, ok := c.ParseChunk("tenant-acme-auth__4"); !ok || base != "tenant-acme-auth" || i != 4 {
		t.Errorf("ParseChunk = %q, %d, %v", base, i, ok)
	}
}

func TestWithChained(t *testing.T) {
	c1, err := Default().With([]RouteRule{{Path: "/a", Kind: RouteLogin}}, []CookieRule{{Name: "x", Kind: CookieCSRF}})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := c1.With([]RouteRule{{Path: "/a", Kind: RouteLogout}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := c2.Route("GET", mustURL(t, "/a")); r.Kind != RouteLogout {
		t.Errorf("newest rule should win, got %v", r.Kind)
	}
	if r, _ := c1.Route("GET", mustURL(t, "/a")); r.Kind != RouteLogin {
		t.Errorf("c1 changed: %v", r.Kind)
	}
	if info, ok := c2.Cookie("x"); !ok || info.Kind != CookieCSRF {
		t.Errorf("c2 lost c1's cookie rule: %+v, %v", info, ok)
	}
}

func TestWithErrors(t *testing.T) {
	tests := []struct {
		name    string
		routes  []RouteRule
		cookies []CookieRule
		want    []string
	}{
		{"relative path", []RouteRule{{Path: "api/login", Kind: RouteLogin}}, nil, []string{"route rule 1", `"api/login": must start with /`}},
		{"empty path", []RouteRule{{Path: "", Kind: RouteLogin}}, nil, []string{"must start with /"}},
		{"query in path", []RouteRule{{Path: "/login?x=1", Kind: RouteLogin}}, nil, []string{`'?' is not allowed`}},
		{"matrix parameter in path", []RouteRule{{Path: "/login;jsessionid", Kind: RouteLogin}}, nil, []string{`';' is not allowed`}},
		{"space in path", []RouteRule{{Path: "/log in", Kind: RouteLogin}}, nil, []string{`' ' is not allowed`}},
		{"partial double star", []RouteRule{{Path: "/a/b**", Kind: RouteLogin}}, nil, []string{"** must be a whole segment"}},
		{"empty param", []RouteRule{{Path: "/a/:", Kind: RouteLogin}}, nil, []string{"parameter"}},
		{"bad param", []RouteRule{{Path: "/a/:x-y", Kind: RouteLogin}}, nil, []string{"parameter"}},
		{"bad method", []RouteRule{{Path: "/a", Methods: []string{"GE T"}, Kind: RouteLogin}}, nil, []string{`invalid method "GE T"`}},
		{"bad route kind", []RouteRule{{Path: "/a", Kind: RouteKind(42)}}, nil, []string{"invalid kind 42"}},
		{"empty cookie", nil, []CookieRule{{Name: "", Kind: CookieSession}}, []string{"cookie rule 1: empty cookie name"}},
		{"cookie with semicolon", nil, []CookieRule{{Name: "a;b", Kind: CookieSession}}, []string{`';' is not allowed`}},
		{"cookie star", nil, []CookieRule{{Name: "*", Kind: CookieSession}}, []string{"matches every cookie"}},
		{"bad chunk style", nil, []CookieRule{{Name: "s", Kind: CookieSession, Chunked: "-N"}}, []string{`unknown chunk style "-N"`}},
		{"bad cookie kind", nil, []CookieRule{{Name: "s", Kind: CookieKind(-1)}}, []string{"invalid kind -1"}},
		{
			"all errors reported",
			[]RouteRule{{Path: "x", Kind: RouteLogin}, {Path: "/ok", Kind: RouteLogin}, {Path: "/y?", Kind: RouteLogin}},
			[]CookieRule{{Name: "ok", Kind: CookieSession}, {Name: "", Kind: CookieSession}},
			[]string{"route rule 1", "route rule 3", "cookie rule 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Default().With(tt.routes, tt.cookies)
			if err == nil {
				t.Fatal("With succeeded")
			}
			if c != nil {
				t.Error("With returned a catalog with an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestZeroCatalog(t *testing.T) {
	var c Catalog
	if _, ok := c.Route("GET", mustURL(t, "/api/auth/session")); ok {
		t.Error("zero Catalog matched a route")
	}
	if _, ok := c.Cookie("next-auth.session-token"); ok {
		t.Error("zero Catalog matched a cookie")
	}
}
