package cookie

import "testing"

func TestDomainMatch(t *testing.T) {
	tests := []struct {
		host, domain string
		want         bool
	}{
		{"example.com", "example.com", true},
		{"www.example.com", "example.com", true},
		{"a.b.example.com", "example.com", true},
		{"WWW.Example.COM", "example.com", true},
		{"www.example.com", ".example.com", true},
		{"www.example.com", "EXAMPLE.com", true},
		{"example.com", "www.example.com", false},
		{"badexample.com", "example.com", false},
		{"example.com.evil.net", "example.com", false},
		{"example.com", "", false},
		{"", "example.com", false},
		{"example.com", ".", false},
		{"192.168.0.1", "192.168.0.1", true},
		{"1.2.3.4", "2.3.4", false},
		{"[::1]", "::1", true},
		{"localhost", "localhost", true},
	}
	for _, tt := range tests {
		if got := DomainMatch(tt.host, tt.domain); got != tt.want {
			t.Errorf("DomainMatch(%q, %q) = %v, want %v", tt.host, tt.domain, got, tt.want)
		}
	}
}

func TestPathMatch(t *testing.T) {
	tests := []struct {
		req, cookie string
		want        bool
	}{
		{"/", "/", true},
		{"", "/", true},
		{"/api/auth/session", "/", true},
		{"/api/auth/session", "/api", true},
		{"/api/auth/session", "/api/", true},
		{"/api/auth/session", "/api/auth/session", true},
		{"/api", "/api", true},
		{"/apiary", "/api", false},
		{"/api", "/api/", false},
		{"/API/x", "/api", false},
		{"/docs", "", false},
		{"/a/b", "/a/b/c", false},
	}
	for _, tt := range tests {
		if got := PathMatch(tt.req, tt.cookie); got != tt.want {
			t.Errorf("PathMatch(%q, %q) = %v, want %v", tt.req, tt.cookie, got, tt.want)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/login", "/"},
		{"/api/auth/callback/github", "/api/auth/callback"},
		{"/api/auth/", "/api/auth"},
		{"relative/path", "/"},
		{"//x", "/"},
	}
	for _, tt := range tests {
		if got := DefaultPath(tt.in); got != tt.want {
			t.Errorf("DefaultPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEffectivePath(t *testing.T) {
	tests := []struct{ line, reqPath, want string }{
		{"sid=1; Path=/", "/api/auth/callback/github", "/"},
		{"sid=1", "/api/auth/callback/github", "/api/auth/callback"},
		{"sid=1; Path=relative", "/login", "/"},
		{"sid=1; Path=/app", "/", "/app"},
		{"sid=1", "", "/"},
	}
	for _, tt := range tests {
		c, err := ParseSetCookie(tt.line)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.EffectivePath(tt.reqPath); got != tt.want {
			t.Errorf("%q.EffectivePath(%q) = %q, want %q", tt.line, tt.reqPath, got, tt.want)
		}
	}
}
