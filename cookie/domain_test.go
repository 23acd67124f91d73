package cookie

import (
	"strings"
	"testing"
)

func TestDomainError(t *testing.T) {
	tests := []struct {
		host, domain string
		reject       bool
		hostOnly     bool
	}{
		{"app.example.com", "", false, true},
		{"app.example.com", "example.com", false, false},
		{"app.example.com", ".Example.COM", false, false},
		{"example.com", "example.com", false, false},
		{"app.example.com", "app.example.com", false, false},
		{"app.example.com", "other.example.com", true, false},   // a sibling
		{"example.com", "app.example.com", true, false},         // a child
		{"my-app-git-x.vercel.app", "example.com", true, false}, // production Domain from a preview host
		{"my-app.vercel.app", "vercel.app", true, false},        // a private public suffix
		{"app.example.com", "com", true, false},
		{"app.example.co.uk", "co.uk", true, false},
		{"app.example.co.uk", "example.co.uk", false, false},
		{"app.example.com", "ex%61mple.com", true, false},
		{"127.0.0.1", "127.0.0.1", false, true},
		{"127.0.0.1", "0.1", true, false},
		{"[::1]", "::1", false, true},
		{"localhost", "localhost", false, true},
		{"app.localhost", "localhost", true, false},
		{"api.internal", "internal", true, false},
		{"intranet", "intranet", false, true},
		{"vercel.app", "vercel.app", false, true}, // a public suffix host: host-only
		{"app.example.com.", "example.com", false, false},
	}
	for _, tt := range tests {
		reason, hostOnly := DomainError(tt.host, tt.domain)
		if (reason != "") != tt.reject || hostOnly != tt.hostOnly {
			t.Errorf("DomainError(%q, %q) = %q, %v; want reject %v, host-only %v", tt.host, tt.domain, reason, hostOnly, tt.reject, tt.hostOnly)
		}
	}
}

func TestRegistrableDomain(t *testing.T) {
	tests := map[string]string{
		"app.example.com":     "example.com",
		"a.b.example.co.uk":   "example.co.uk",
		"my-app.vercel.app":   "my-app.vercel.app",
		"vercel.app":          "",
		"com":                 "",
		"localhost":           "",
		"app.localhost":       "app.localhost",
		"api.corp.internal":   "corp.internal",
		"127.0.0.1":           "",
		"APP.Example.COM.":    "example.com",
		"preview.netlify.app": "preview.netlify.app",
	}
	for host, want := range tests {
		if got := RegistrableDomain(host); got != want {
			t.Errorf("RegistrableDomain(%q) = %q, want %q", host, got, want)
		}
	}
}

func TestIsPublicSuffix(t *testing.T) {
	for d, want := range map[string]bool{"com": true, ".co.uk": true, "vercel.app": true, "github.io": true, "example.com": false, "": false, "127.0.0.1": false, "intranet": true} {
		if got := IsPublicSuffix(d); got != want {
			t.Errorf("IsPublicSuffix(%q) = %v, want %v", d, got, want)
		}
	}
}

// FuzzDomainError checks that a Domain the browser accepts is the host, a
// parent of it under the same registrable domain, or a host-only fallback,
// and that a refusal always says why.
func FuzzDomainError(f *testing.F) {
	f.Add("app.example.com", "example.com")
	f.Add("my-app.vercel.app", "vercel.app")
	f.Add("127.0.0.1", "127.0.0.1")
	f.Add("app.localhost", "localhost")
	f.Add("a.b.example.co.uk", ".CO.UK")
	f.Fuzz(func(t *testing.T, host, domain string) {
		reason, hostOnly := DomainError(host, domain)
		if reason != "" {
			if hostOnly {
				t.Fatalf("DomainError(%q, %q) refused and host-only", host, domain)
			}
			return
		}
		if hostOnly {
			return
		}
		if !DomainMatch(strings.TrimSuffix(strings.ToLower(host), "."), strings.TrimSuffix(domain, ".")) {
			t.Fatalf("DomainError(%q, %q) accepted a domain the host does not domain-match", host, domain)
		}
		if IsPublicSuffix(domain) {
			t.Fatalf("DomainError(%q, %q) accepted a public suffix", host, domain)
		}
	})
}
