package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
)

func TestRollingSessionCookie(t *testing.T) {
	const name = "next-auth.session-token"
	reissue := []string{name + "=v2; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000"}
	del := []string{name + "=; Path=/; Max-Age=0"}
	// seq builds n requests that carry the cookie; the first k re-issue it.
	seq := func(n, k int, set []string) []testEntry {
		var es []testEntry
		for i := range n {
			e := testEntry{url: fmt.Sprintf("https://app.example.com/api/items/%d", i), start: sessAt(float64(100 * i)), timeMS: 20, cookie: name + "=v1"}
			if i < k {
				e.setCookies = set
			}
			es = append(es, e)
		}
		return es
	}
	tests := []struct {
		name    string
		entries []testEntry
		want    string
	}{
		{"every response", seq(3, 3, reissue), "re-issued on 3 of 3 responses"},
		{"half of them", seq(8, 4, reissue), "re-issued on 4 of 8 responses to requests that carried it (50%)"},
		{"below half", seq(9, 4, reissue), ""},
		{"only twice", seq(2, 2, reissue), ""},
		{"deletions are not re-issues", seq(4, 4, del), ""},
		{"static assets, cache hits and aborted requests do not count", append(seq(3, 3, reissue),
			testEntry{url: "https://app.example.com/_next/static/chunks/main-4f2a9c1b7d3e5f60.js", start: sessAt(900), timeMS: 5, cookie: name + "=v1", resourceType: "script"},
			testEntry{url: "https://app.example.com/logo.png", start: sessAt(910), timeMS: 5, cookie: name + "=v1", resourceType: "image"},
			testEntry{url: "https://app.example.com/api/aborted", start: sessAt(920), timeMS: 5, cookie: name + "=v1", status: -1},
			testEntry{url: "https://app.example.com/dashboard", start: sessAt(930), timeMS: 1, cookie: name + "=v1", fromCache: "disk"},
		), "re-issued on 3 of 3 responses"},
		{"a login is not a re-issue", append([]testEntry{{method: "POST", url: "https://app.example.com/api/auth/callback/credentials", start: sessAt(0), setCookies: reissue}}, seq(3, 2, reissue)...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, RollingSessionCookie, fetchCalls(tt.entries...)...)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != Info || fs[0].Key != name {
				t.Fatalf("got %+v, want one info finding containing %q", fs, tt.want)
			}
		})
	}
}

func TestRollingSessionCookieNamesEachCookie(t *testing.T) {
	var es []testEntry
	for i := range 3 {
		es = append(es, testEntry{url: "https://app.example.com/a", start: sessAt(float64(100 * i)), timeMS: 10,
			cookie:     "__Secure-authjs.session-token.0=x; __Secure-authjs.session-token.1=y; appSession=z",
			setCookies: []string{"__Secure-authjs.session-token.0=x2; Path=/; Secure", "__Secure-authjs.session-token.1=y2; Path=/; Secure"}})
	}
	fs := testFindings(t, RollingSessionCookie, fetchCalls(es...)...)
	if len(fs) != 1 || fs[0].Key != "__Secure-authjs.session-token" || fs[0].Fix.Library != "Auth.js v5" {
		t.Fatalf("got %+v", fs)
	}
}

func TestRollingFix(t *testing.T) {
	for _, lib := range []auth.Library{auth.LibraryAuthJSV5, auth.LibraryNextAuthV4, auth.LibraryNextjsAuth0V4, auth.LibraryNextjsAuth0V3, auth.LibraryUnknown} {
		f := rollingFix(lib)
		if !strings.Contains(f.Message, "Cache-Control: private, no-store") || len(f.Headers) != 1 {
			t.Errorf("rollingFix(%s) = %+v, want the cache header", lib, f)
		}
	}
}

// rollingHAR returns a HAR of n entries in which each request carries the
// value the previous response set and each response sets a new one; every
// request overlaps the next two, and one entry in ten is written out of
// time order, as HAR exporters do.
func rollingHAR(b testing.TB, n int) []byte {
	es := make([]testEntry, n)
	for i := range n {
		es[i] = testEntry{
			url:        fmt.Sprintf("https://app.example.com/api/items/%d", i),
			start:      sessAt(float64(10 * i)),
			timeMS:     25,
			cookie:     "authjs.session-token=" + benchToken(i),
			setCookies: []string{"authjs.session-token=" + benchToken(i+1) + "; Path=/; HttpOnly; SameSite=Lax; Expires=Fri, 25 Dec 2026 13:00:00 GMT"},
		}
	}
	for i := 0; i+1 < n; i += 10 {
		es[i], es[i+1] = es[i+1], es[i]
	}
	return testHAR(b, fetchCalls(es...)...)
}

// benchToken is a JWE-shaped opaque value of the size Auth.js writes.
func benchToken(i int) string {
	return fmt.Sprintf("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..%022d.%s.%022d", i, strings.Repeat("Q", 300), i)
}

func TestNextjsAuth0V4RollingFixesNameTheVersions(t *testing.T) {
	for name, f := range map[string]Fix{"rolling": rollingFix(auth.LibraryNextjsAuth0V4), "race": raceFix(auth.LibraryNextjsAuth0V4)} {
		for _, want := range []string{"rolling: false", "since 4.17.0", "up to 4.16.x", "beforeSessionRolled", "since 4.23.0", "matcher"} {
			if !strings.Contains(f.Message, want) {
				t.Errorf("%s fix %q does not contain %q", name, f.Message, want)
			}
		}
	}
}
