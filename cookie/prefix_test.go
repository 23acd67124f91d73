package cookie

import (
	"net/url"
	"testing"
)

func TestPrefixError(t *testing.T) {
	https := "https://app.example.com/api/auth/callback/github"
	tests := []struct {
		name, line, reqURL string // reqURL "" means nil
		want               string
	}{
		{"no prefix", "sid=1", https, ""},
		{"no prefix insecure origin", "sid=1; Secure", "http://example.com/", ""},
		{"secure ok", "__Secure-next-auth.session-token=x; Path=/; Secure; HttpOnly; SameSite=Lax", https, ""},
		{"secure without Secure", "__Secure-next-auth.session-token=x; Path=/; HttpOnly", https,
			"__Secure- cookie without the Secure attribute"},
		{"secure prefix case-insensitive", "__SECURE-x=1; Path=/", https,
			"__SECURE- cookie without the Secure attribute"},
		{"secure from http", "__Secure-x=1; Secure", "http://example.com/login",
			`__Secure- cookie set by an insecure origin "http://example.com"`},
		{"secure from localhost http", "__Secure-x=1; Secure", "http://localhost:3000/", ""},
		{"secure from sub.localhost http", "__Secure-x=1; Secure", "http://app.localhost:3000/", ""},
		{"secure from loopback http", "__Secure-x=1; Secure", "http://127.0.0.1:3000/", ""},
		{"secure from ipv6 loopback http", "__Secure-x=1; Secure", "http://[::1]:3000/", ""},
		{"secure with nil url", "__Secure-x=1; Secure", "", ""},
		{"secure with domain is fine", "__Secure-x=1; Secure; Domain=example.com", https, ""},
		{"host ok", "__Host-next-auth.csrf-token=abc; Path=/; Secure; HttpOnly; SameSite=Lax", https, ""},
		{"host without Secure", "__Host-authjs.csrf-token=abc; Path=/; HttpOnly", https,
			"__Host- cookie without the Secure attribute"},
		{"host with domain", "__Host-x=1; Secure; Path=/; Domain=example.com", https,
			`__Host- cookie with a Domain attribute ("example.com")`},
		{"host with empty domain is host-only", "__Host-x=1; Secure; Path=/; Domain=", https, ""},
		{"host without path", "__Host-x=1; Secure", https, "__Host- cookie without Path=/"},
		{"host with sub path", "__Host-x=1; Secure; Path=/api", https, `__Host- cookie with Path="/api" instead of /`},
		{"host lower-case prefix", "__host-x=1; Secure; Path=/api", https, `__host- cookie with Path="/api" instead of /`},
		{"host invalid path falls back to default path /", "__Host-x=1; Secure; Path=x", "https://example.com/login", ""},
		{"host invalid path falls back to default sub path", "__Host-x=1; Secure; Path=x", https,
			`__Host- cookie with Path="/api/auth/callback" instead of /`},
		{"host invalid path nil url", "__Host-x=1; Secure; Path=x", "", "__Host- cookie with an invalid Path attribute"},
		{"host from http", "__Host-x=1; Secure; Path=/", "http://example.com/",
			`__Host- cookie set by an insecure origin "http://example.com"`},
		{"nameless secure-looking value", "__Secure-x", https, `nameless cookie value "__Secure-" starts with a reserved prefix`},
		{"nameless host-looking value", "=__host-x=1; Secure; Path=/", https, `nameless cookie value "__host-" starts with a reserved prefix`},
		{"nameless plain value", "token", https, ""},
		{"near miss prefix", "__Securex=1", https, ""},
		{"near miss host", "_Host-x=1", https, ""},
		{"unicode long s is not a prefix", "__\u017fecure-x=1", https, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseSetCookie(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			var u *url.URL
			if tt.reqURL != "" {
				if u, err = url.Parse(tt.reqURL); err != nil {
					t.Fatal(err)
				}
			}
			if got := c.PrefixError(u); got != tt.want {
				t.Errorf("PrefixError() = %q, want %q", got, tt.want)
			}
		})
	}
}
