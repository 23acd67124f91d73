package auth

import (
	"strings"
	"testing"
)

func TestCookieKindStringAndParse(t *testing.T) {
	for k := CookieUnknown; int(k) < len(cookieKindNames); k++ {
		s := k.String()
		if s == "" || s != strings.ToLower(s) {
			t.Errorf("CookieKind(%d).String() = %q, want a lower-case name", k, s)
		}
		got, err := ParseCookieKind(strings.ToUpper(strings.ReplaceAll(s, "-", "_")))
		if err != nil || got != k {
			t.Errorf("ParseCookieKind(%q) = %v, %v; want %v", s, got, err, k)
		}
	}
	if got := CookieKind(99).String(); got != "CookieKind(99)" {
		t.Errorf("CookieKind(99).String() = %q", got)
	}
	if k, err := ParseCookieKind("none"); err != nil || k != CookieUnknown {
		t.Errorf(`ParseCookieKind("none") = %v, %v`, k, err)
	}
	if _, err := ParseCookieKind("sesion"); err == nil || !strings.Contains(err.Error(), `unknown cookie kind "sesion"`) {
		t.Errorf(`ParseCookieKind("sesion") error = %v`, err)
	}
}

func TestRouteKindStringAndParse(t *testing.T) {
	for k := RouteUnknown; int(k) < len(routeKindNames); k++ {
		s := k.String()
		if s == "" || s != strings.ToLower(s) {
			t.Errorf("RouteKind(%d).String() = %q, want a lower-case name", k, s)
		}
		got, err := ParseRouteKind(" " + strings.ToUpper(s) + " ")
		if err != nil || got != k {
			t.Errorf("ParseRouteKind(%q) = %v, %v; want %v", s, got, err, k)
		}
	}
	for in, want := range map[string]RouteKind{
		"none": RouteUnknown, "sign-in": RouteSignIn, "session_update": RouteSessionUpdate,
		"Backchannel_Logout": RouteBackchannelLogout,
	} {
		if got, err := ParseRouteKind(in); err != nil || got != want {
			t.Errorf("ParseRouteKind(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseRouteKind("callbak"); err == nil {
		t.Error(`ParseRouteKind("callbak") succeeded`)
	}
	if got := RouteKind(-1).String(); got != "RouteKind(-1)" {
		t.Errorf("RouteKind(-1).String() = %q", got)
	}
}

func TestCookieKindSensitive(t *testing.T) {
	want := map[CookieKind]bool{
		CookieUnknown: false, CookieSession: true, CookieTransaction: true, CookieCSRF: true,
		CookiePKCE: true, CookieState: true, CookieNonce: true, CookieCallbackURL: false,
	}
	if len(want) != len(cookieKindNames) {
		t.Fatalf("test covers %d kinds, there are %d", len(want), len(cookieKindNames))
	}
	for k, w := range want {
		if got := k.Sensitive(); got != w {
			t.Errorf("%v.Sensitive() = %v, want %v", k, got, w)
		}
	}
}

func TestRouteKindPrivate(t *testing.T) {
	public := map[RouteKind]bool{RouteUnknown: true, RouteDiscovery: true, RouteProviders: true}
	for k := RouteUnknown; int(k) < len(routeKindNames); k++ {
		if got := k.Private(); got == public[k] {
			t.Errorf("%v.Private() = %v", k, got)
		}
	}
	if RouteKind(99).Private() {
		t.Error("RouteKind(99).Private() = true")
	}
}

func TestLibraryString(t *testing.T) {
	want := map[Library]string{
		LibraryNextAuthV4: "NextAuth v4", LibraryAuthJSV5: "Auth.js v5",
		LibraryNextjsAuth0V3: "nextjs-auth0 v3", LibraryNextjsAuth0V4: "nextjs-auth0 v4",
		LibraryClerk: "Clerk", LibrarySupabase: "Supabase", LibraryBetterAuth: "Better Auth",
		LibraryExpressSession: "express-session", LibraryDjango: "Django", LibraryRails: "Rails",
		LibraryLaravel: "Laravel", LibraryASPNETCore: "ASP.NET Core", LibraryIronSession: "iron-session",
		LibraryGeneric: "generic", LibraryConfig: "config", LibraryUnknown: "unknown",
	}
	for l, s := range want {
		if got := l.String(); got != s {
			t.Errorf("Library(%d).String() = %q, want %q", l, got, s)
		}
	}
	for l := LibraryUnknown; int(l) < len(libraryNames); l++ {
		if l.String() == "" {
			t.Errorf("Library(%d) has no name", l)
		}
	}
	if got := Library(-3).String(); got != "Library(-3)" {
		t.Errorf("Library(-3).String() = %q", got)
	}
}

// TestKindNames checks that every listed name parses, and that every kind
// has a name listed.
func TestKindNames(t *testing.T) {
	routes := map[RouteKind]bool{}
	for _, n := range RouteKindNames() {
		k, err := ParseRouteKind(n)
		if err != nil {
			t.Errorf("route kind %q: %v", n, err)
		}
		routes[k] = true
	}
	if len(routes) != len(routeKindNames) {
		t.Errorf("RouteKindNames covers %d kinds of %d", len(routes), len(routeKindNames))
	}
	cookies := map[CookieKind]bool{}
	for _, n := range CookieKindNames() {
		k, err := ParseCookieKind(n)
		if err != nil {
			t.Errorf("cookie kind %q: %v", n, err)
		}
		cookies[k] = true
	}
	if len(cookies) != len(cookieKindNames) {
		t.Errorf("CookieKindNames covers %d kinds of %d", len(cookies), len(cookieKindNames))
	}
}
