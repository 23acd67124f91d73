package jar

import (
	"net/url"
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
)

// FuzzJar stores two Set-Cookie lines received from fuzzed URLs and checks
// that what the jar then sends to a third URL obeys the matching rules: no
// panic, host-only cookies only to their host, Secure cookies only to
// secure origins, path and domain match, nothing expired or oversized, and
// prefixed cookies only when their rules hold.
func FuzzJar(f *testing.F) {
	seeds := []struct{ set1, url1, set2, url2, get string }{
		{"sid=1; Path=/; Secure; HttpOnly", "https://app.example.com/login", "sid=; Max-Age=0; Path=/", "https://app.example.com/logout", "https://app.example.com/"},
		{"__Host-authjs.csrf-token=abc; Path=/; Secure", "https://a.example/api/auth/csrf", "__Secure-authjs.session-token=x; Path=/", "http://a.example/", "https://a.example/api"},
		{"appSession.0=a; Domain=.example.com; Path=/", "https://app.example.com/", "appSession.1=b; Domain=example.com; Path=/api", "https://api.example.com/", "https://x.example.com/api/v1"},
		{"__session__0=a; Path=/; Max-Age=86400; SameSite=None; Secure", "http://localhost:3000/", "__session=b; Path=/; SameSite=None", "http://localhost:3000/", "http://localhost:3000/dashboard"},
		{"a=b; Domain=127.0.0.1", "http://127.0.0.1:8080/x/y", "token", "http://[::1]/", "http://127.0.0.1/x"},
		{"sid=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/", "https://a.example/", "sid=2; Max-Age=-1", "https://a.example/", "https://a.example/"},
	}
	for _, s := range seeds {
		f.Add(s.set1, s.url1, s.set2, s.url2, s.get)
	}
	f.Fuzz(func(t *testing.T, set1, url1, set2, url2, get string) {
		j := New()
		for i, in := range [][2]string{{set1, url1}, {set2, url2}} {
			sc, err := cookie.ParseSetCookie(in[0])
			if err != nil {
				continue
			}
			u, err := url.Parse(in[1])
			if err != nil {
				continue
			}
			r := j.Set(t0.Add(time.Duration(i)*time.Second), u, sc, i)
			if r.Stored() {
				checkStored(t, r.Cookie, sc, u)
			}
			if r.Outcome == Rejected && r.Reason == "" {
				t.Fatalf("rejected %q without a reason", in[0])
			}
		}
		gu, err := url.Parse(get)
		if err != nil {
			return
		}
		now := t0.Add(2 * time.Second)
		host := canonicalHost(gu)
		for _, c := range j.Get(now, gu) {
			if c.Expired(now) {
				t.Fatalf("sent an expired cookie %+v", c)
			}
			if c.HostOnly && c.Domain != host || !c.HostOnly && !cookie.DomainMatch(host, c.Domain) {
				t.Fatalf("sent cookie of domain %q (host-only %v) to host %q", c.Domain, c.HostOnly, host)
			}
			if c.Secure && !cookie.IsSecureOrigin(gu) {
				t.Fatalf("sent a Secure cookie to %q", get)
			}
			if !cookie.PathMatch(gu.EscapedPath(), c.Path) {
				t.Fatalf("sent cookie of path %q to path %q", c.Path, gu.EscapedPath())
			}
		}
	})
}

func checkStored(t *testing.T, c Cookie, sc cookie.SetCookie, u *url.URL) {
	t.Helper()
	if sc.Size() > cookie.MaxNameValueSize {
		t.Fatalf("stored an oversized cookie (%d bytes)", sc.Size())
	}
	if c.Secure && !cookie.IsSecureOrigin(u) {
		t.Fatalf("stored a Secure cookie from %q", u)
	}
	if cookie.HasPrefixFold(c.Name, cookie.HostPrefix) && (!c.HostOnly || c.Path != "/" || !c.Secure) {
		t.Fatalf("stored a __Host- cookie that breaks its rules: %+v", c)
	}
	if cookie.HasPrefixFold(c.Name, cookie.SecurePrefix) && !c.Secure {
		t.Fatalf("stored a __Secure- cookie without Secure: %+v", c)
	}
	if c.SameSite == "None" && !c.Secure {
		t.Fatalf("stored SameSite=None without Secure: %+v", c)
	}
	if c.Path == "" || c.Path[0] != '/' {
		t.Fatalf("stored path %q", c.Path)
	}
}
