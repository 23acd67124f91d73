package rules

import (
	"fmt"
	"sync"
	"testing"
)

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
	for range 2 { // looked up, then from the memo
		for _, tt := range tests {
			if got := siteOf(tt.host); got != tt.want {
				t.Errorf("siteOf(%q) = %q, want %q", tt.host, got, tt.want)
			}
		}
	}
}

// TestSiteOfConcurrent asks for the sites of more hosts than the memo has
// slots from several goroutines at once (run with -race).
func TestSiteOfConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				host := fmt.Sprintf("a%d.d%d.co.uk", i%3, (i*7+g)%700)
				if got, want := siteOf(host), lookUpSite(host); got != want {
					t.Errorf("siteOf(%q) = %q, want %q", host, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
