package auth

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/authlint/authlint/token"
)

func FuzzParseChunk(f *testing.F) {
	for _, s := range []string{
		"__Secure-next-auth.session-token.0", "appSession.12", "__session__3", "sb-ref-auth-token.1",
		".AspNetCore.CookiesC2", "_oauth2_proxy_0", "_ga_ABC.1", "app.v1.2", "next-auth.session-token.01",
		"__HOST-authjs.session-token.9", "x", "",
	} {
		f.Add(s)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, name string) {
		base, index, ok := c.ParseChunk(name)
		info, known := c.Cookie(name)
		if !ok {
			if known && info.Chunk >= 0 {
				t.Fatalf("Cookie(%q) says chunk %d but ParseChunk disagrees", name, info.Chunk)
			}
			return
		}
		if !known || info.Chunk != index {
			t.Fatalf("ParseChunk(%q) = %q, %d but Cookie = %+v, %v", name, base, index, info, known)
		}
		if base == "" || index < 0 || !strings.HasPrefix(name, base) {
			t.Fatalf("ParseChunk(%q) = %q, %d", name, base, index)
		}
		sep := strings.TrimSuffix(name[len(base):], strconv.Itoa(index))
		switch sep {
		case ".", "__", "_", "C":
		default:
			t.Fatalf("ParseChunk(%q) = %q, %d: separator %q", name, base, index, sep)
		}
		whole, wholeKnown := c.Cookie(base)
		if !wholeKnown || whole.Kind != info.Kind || whole.Chunk != -1 {
			t.Fatalf("chunk %q of %q (%+v) but the whole cookie is %+v, %v", name, base, info, whole, wholeKnown)
		}
	})
}

// refGlob is a plain recursive reference for globMatch.
func refGlob(p, s string) bool {
	if p == "" {
		return s == ""
	}
	if p[0] == '*' {
		for i := 0; i <= len(s); i++ {
			if refGlob(p[1:], s[i:]) {
				return true
			}
		}
		return false
	}
	return s != "" && p[0] == s[0] && refGlob(p[1:], s[1:])
}

func FuzzGlobMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"sb-*-auth-token", "sb-ref-auth-token"}, {"*", ""}, {"a*b*c", "aXbYbc"}, {"**x", "x"},
		{"tenant-*-auth", "tenant--auth"}, {"*_session", "_gitlab_session"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 32 || len(s) > 64 || strings.Count(pattern, "*") > 6 {
			return // keep the reference fast
		}
		if got, want := globMatch(pattern, s, false), refGlob(pattern, s); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, want %v", pattern, s, got, want)
		}
		if !globMatch(pattern, s, true) && globMatch(pattern, s, false) {
			t.Fatalf("case folding lost a match: %q %q", pattern, s)
		}
	})
}

func FuzzRoutePattern(f *testing.F) {
	for _, seed := range [][2]string{
		{"/api/auth/callback/:provider", "/api/auth/callback/github"},
		{"/**/.well-known/openid-configuration", "/tenant/v2.0/.well-known/openid-configuration"},
		{"/sso/*-login", "/sso/okta-login"},
		{"/a/**/b/**/c", "/a/x/b/y/z/c"},
		{"/", "/"},
		{"/a;b", "/a;b"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		rp, err := compileRoutePattern(pattern)
		if err != nil {
			return
		}
		segs := splitPath(path, nil)
		matched := rp.match(segs)
		// A pattern of literal segments matches the path it spells and,
		// compiled from that path, matches it back.
		literal := true
		for _, s := range rp.segs {
			literal = literal && s.kind == segLiteral
		}
		if literal {
			var b strings.Builder
			for _, s := range rp.segs {
				b.WriteString("/" + s.text)
			}
			if !rp.match(splitPath(b.String(), nil)) {
				t.Fatalf("literal pattern %q does not match %q", pattern, b.String())
			}
		}
		if p2, err := compileRoutePattern("/" + strings.Join(segs, "/")); err == nil && !strings.ContainsAny(path, "*:") {
			if !p2.match(segs) {
				t.Fatalf("path %q compiled as a pattern does not match itself", path)
			}
		}
		// The catalog must accept any URL without panicking, and a user
		// rule made of the pattern wins for paths it matches.
		c, err := Default().With([]RouteRule{{Path: pattern, Kind: RouteToken}}, nil)
		if err != nil {
			t.Fatalf("With(%q): %v", pattern, err)
		}
		u := &url.URL{Path: path}
		r, ok := c.Route("GET", u)
		if matched && (!ok || r.Kind != RouteToken || r.Library != LibraryConfig) {
			t.Fatalf("pattern %q matches %q but Route = %+v, %v", pattern, path, r, ok)
		}
	})
}

// FuzzClassifyCookie checks that classification by value never panics,
// agrees with the name-only classification for known names, answers the
// same from the memo, and makes a session only of values token.SessionShape,
// Laravel or express-session recognise.
func FuzzClassifyCookie(f *testing.F) {
	for _, s := range [][2]string{
		{"token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"},
		{"x-csrf-jwt", "eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjF9.c2ln"},
		{"app", "Fe26.2*1*c2FsdA*aXY*Y2lwaGVy*1716000000000*aG1hYw*bWFj~2"},
		{"sess", "s%3AQ8bL1sJx0v4zV7rK9mWcT2yHn5dLpA3e.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"},
		{"my_shop_session", "eyJpdiI6IiIsInZhbHVlIjoiIiwibWFjIjoiIn0%3D"},
		{"__session", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn"},
		{"_ga", "GA1.2.1.2"}, {"", ""}, {"token", `"eyJ`},
	} {
		f.Add(s[0], s[1])
	}
	c := Default()
	f.Fuzz(func(t *testing.T, name, value string) {
		info, ok := c.ClassifyCookie(name, value)
		again, ok2 := c.ClassifyCookie(name, value)
		if again != info || ok2 != ok {
			t.Fatalf("second call %+v %v, first %+v %v", again, ok2, info, ok)
		}
		byName, known := c.Cookie(name)
		if known {
			if !ok || info.Kind != byName.Kind || info.Base != byName.Base || info.Chunk != byName.Chunk {
				t.Fatalf("ClassifyCookie %+v %v disagrees with Cookie %+v", info, ok, byName)
			}
			return
		}
		if !ok {
			return
		}
		if info.Kind != CookieSession || namedOtherwise(info.Base) {
			t.Fatalf("by value: %+v", info)
		}
		switch info.Library {
		case LibraryUnknown, LibraryIronSession:
			if _, session := token.SessionShape(value); !session {
				t.Fatalf("%q classified %v but SessionShape says no", value, info.Library)
			}
		case LibraryExpressSession:
			if !isExpressSignedValue(value) {
				t.Fatalf("%q classified express-session", value)
			}
		default:
			t.Fatalf("by value with library %v", info.Library)
		}
		if idx := SessionPairs([]string{name, name + "_uid"}, []string{value, value}); len(idx) > 2 {
			t.Fatalf("SessionPairs returned %v for two cookies", idx)
		}
	})
}
