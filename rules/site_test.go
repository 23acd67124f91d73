package rules

import "testing"

func TestSiteOf(t *testing.T) {
	tests := []struct{ host, want string }{
		{"app.example.com", "example.com"},
		{"example.com", "example.com"},
		{"a.b.example.co.uk", "example.co.uk"},
		{"cdn.metrics.example.net", "example.net"},
		{"shop.example.de", "example.de"},
		{"APP.Example.COM.", "example.com"},
		// Private suffixes are sites of their own: another tenant is another party.
		{"preview-1.vercel.app", "preview-1.vercel.app"},
		{"a.b.netlify.app", "b.netlify.app"},
		{"localhost", "localhost"},
		{"127.0.0.1", "127.0.0.1"},
		{"[::1]", "[::1]"},
		{"", ""},
		{"::1", "::1"},
		{"com", "com"},
		{"www.cnn.com", "cnn.com"},
		{"tenant.eu.auth0.com", "auth0.com"},
		{"pagead2.doubleclick.net", "doubleclick.net"},
	}
	for _, tt := range tests {
		if got := siteOf(tt.host); got != tt.want {
			t.Errorf("siteOf(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}
