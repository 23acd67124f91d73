package auth

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
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
