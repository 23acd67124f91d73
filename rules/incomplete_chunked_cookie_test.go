package rules

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

func TestIncompleteChunkedCookieRequests(t *testing.T) {
	tests := []struct {
		name   string
		cookie string
		want   string // substring of the one finding's message, "" for none
		sev    Severity
	}{
		{"complete chunks", "__session__0=a; __session__1=b", "", 0},
		{"gap", "__session__0=a; __session__2=c", "but not chunk 1", High},
		{"two missing", "__session__0=a; __session__3=d", "but not chunks 1, 2", High},
		{"no chunk 0", "__session__1=b", "but not chunk 0", High},
		{"repeated chunk name", "__session__0=a; __session__0=x; __session__1=b", `two cookies named "__session__0"`, Medium},
		{"nextjs-auth0 v4 prefers the unchunked cookie", "__session=z; __session__1=b", "", 0},
		{"nextjs-auth0 v3 prefers the unchunked cookie", "appSession=z; appSession.1=b", "", 0},
		{"nextjs-auth0 v3 gap", "appSession.0=a; appSession.2=c", "but not chunk 1", High},
		{"Auth.js joins the unchunked cookie and its chunks", "authjs.session-token=z; authjs.session-token.0=a; authjs.session-token.1=b", `together with its chunks "authjs.session-token.0", "authjs.session-token.1"`, High},
		{"NextAuth secure prefix gap", "__Secure-next-auth.session-token.1=b", `session cookie "__Secure-next-auth.session-token" but not chunk 0`, High},
		{"Supabase gap", "sb-abcdefghijklmnop-auth-token.0=a; sb-abcdefghijklmnop-auth-token.2=c", "but not chunk 1", High},
		{"not a session cookie", "_ga_ABC.1=x", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, IncompleteChunkedCookie, fetchCalls(testEntry{url: "https://app.example.com/api/me", start: sessAt(0), timeMS: 30, cookie: tt.cookie})...)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != tt.sev {
				t.Fatalf("got %+v, want one %s finding containing %q", fs, tt.sev, tt.want)
			}
			for _, ev := range fs[0].Evidence {
				if strings.Contains(ev.Value, "=a") || strings.Contains(ev.Value, "=b") {
					t.Fatalf("evidence leaks a value: %q", ev.Value)
				}
			}
		})
	}
}

func TestIncompleteChunkedCookieTimeline(t *testing.T) {
	const site = "https://app.example.com"
	a := func(i int) string { return strings.Repeat(string(rune('a'+i)), 40) }
	b := func(i int) string { return strings.Repeat(string(rune('k'+i)), 40) }
	attrs := "; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=86400"
	set := func(name, v string) string { return name + "=" + v + attrs }
	tests := []struct {
		name    string
		entries []testEntry
		want    string
		sev     Severity
	}{
		{
			name: "stale chunk of an older, bigger write",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), set("__session__1", a(1)), set("__session__2", a(2))}},
				{url: site + "/api/items", start: sessAt(500), timeMS: 100, cookie: "__session__0=" + a(0) + "; __session__1=" + a(1) + "; __session__2=" + a(2),
					setCookies: []string{set("__session__0", b(0)), set("__session__1", b(1))}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + b(0) + "; __session__1=" + b(1) + "; __session__2=" + a(2)},
			},
			want: `"__session__0", "__session__1" by entry 1 and "__session__2" by entry 0`, sev: High,
		},
		{
			name: "shrunk and cleaned",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), set("__session__1", a(1)), set("__session__2", a(2))}},
				{url: site + "/api/items", start: sessAt(500), timeMS: 100, cookie: "__session__0=" + a(0) + "; __session__1=" + a(1) + "; __session__2=" + a(2),
					setCookies: []string{set("__session__0", b(0)), set("__session__1", b(1)), "__session__2=; Path=/; Max-Age=0; Secure"}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + b(0) + "; __session__1=" + b(1)},
			},
		},
		{
			name: "chunk held and not sent",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), set("__session__1", a(1))}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + a(0)},
			},
			want: `sent chunk "__session__0" of session cookie "__session" but not "__session__1", which the browser held from the same response (entry 0)`, sev: Medium,
		},
		{
			name: "cut JWE sent",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy"), set("__session__1", "dGV4dA.dGFn")}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy"},
			},
			want: "but not", sev: High,
		},
		{
			name: "chunk held and not sent, but readable by JavaScript",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{
					"sb-abcdefghijklmnop-auth-token.0=" + a(0) + "; Path=/; Secure; SameSite=Lax; Max-Age=86400",
					"sb-abcdefghijklmnop-auth-token.1=" + a(1) + "; Path=/; Secure; SameSite=Lax; Max-Age=86400"}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "sb-abcdefghijklmnop-auth-token.0=" + a(0)},
			},
		},
		{
			name: "chunk held and not sent, deleted just after the request started",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), set("__session__1", a(1))}},
				{url: site + "/api/shrink", start: sessAt(900), timeMS: 101, setCookies: []string{"__session__1=; Path=/; Max-Age=0; Secure"}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + a(0)},
			},
		},
		{
			name: "chunks the jar never held (set by JavaScript or before the recording)",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), set("__session__1", a(1))}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + b(0)},
			},
		},
		{
			name: "chunks on another path are not held for the request",
			entries: []testEntry{
				{url: site + "/auth/callback", start: sessAt(0), timeMS: 100, setCookies: []string{set("__session__0", a(0)), "__session__1=" + a(1) + "; Path=/admin; HttpOnly; Secure"}},
				{url: site + "/api/me", start: sessAt(1000), timeMS: 30, cookie: "__session__0=" + a(0)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, IncompleteChunkedCookie, fetchCalls(tt.entries...)...)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != tt.sev {
				t.Fatalf("got %+v, want one %s finding containing %q", fs, tt.sev, tt.want)
			}
			if len(fs[0].Entries) < 2 || fs[0].Entries[0].Role == "" || fs[0].Entries[1].Role == "" {
				t.Fatalf("the finding must name the request and the writers: %+v", fs[0].Entries)
			}
		})
	}
}

func TestMissingChunks(t *testing.T) {
	parts := func(idx ...int) []sessionPart {
		var ps []sessionPart
		for _, i := range idx {
			ps = append(ps, sessionPart{index: i})
		}
		return ps
	}
	tests := []struct {
		in   []sessionPart
		want string
	}{
		{parts(0, 2), "chunk 1"},
		{parts(1), "chunk 0"},
		{parts(0, 3), "chunks 1, 2"},
		{parts(2, 4), "chunks 0, 1, 3"},
	}
	for _, tt := range tests {
		if got := missingChunks(tt.in); got != tt.want {
			t.Errorf("missingChunks(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutJOSE(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn", false},     // JWE
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", false}, // JWS
		{"eyJhbGciOiJkaXIifQ..aXY.Y2lw", true},               // JWE cut in its ciphertext
		{"eyJhbGciOiJkaXIifQ..aXY", true},                    // header..iv
		{"eyJhbGciOiJkaXIifQ", true},                         // header only
		{"s%3Aabc.def", false},                               // not JOSE
		{"", false},
	}
	for _, tt := range tests {
		if got := cutJOSE(tt.in); got != tt.want {
			t.Errorf("cutJOSE(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestChunkSeparator(t *testing.T) {
	tests := []struct {
		whole string
		part  sessionPart
		want  string
	}{
		{"__session", sessionPart{name: "__session__12", index: 12}, "__"},
		{"appSession", sessionPart{name: "appSession.0", index: 0}, "."},
		{".AspNetCore.Cookies", sessionPart{name: ".AspNetCore.CookiesC1", index: 1}, "C"},
		{"_oauth2_proxy", sessionPart{name: "_oauth2_proxy_1", index: 1}, "_"},
		{"long-name", sessionPart{name: "x1", index: 1}, ""},
	}
	for _, tt := range tests {
		if got := chunkSeparator(tt.whole, tt.part); got != tt.want {
			t.Errorf("chunkSeparator(%q, %q) = %q, want %q", tt.whole, tt.part.name, got, tt.want)
		}
	}
}

func TestChunkConsequenceAndFix(t *testing.T) {
	tests := []struct {
		lib  auth.Library
		want string
	}{
		{auth.LibraryNextjsAuth0V4, "without gaps"},
		{auth.LibraryNextjsAuth0V3, "appSession.0"},
		{auth.LibraryAuthJSV5, "sorted by the number after the last dot"},
		{auth.LibraryNextAuthV4, "sorted by the number after the last dot (since 4.23.0, #8284"},
		{auth.LibrarySupabase, "first missing one"},
	}
	for _, tt := range tests {
		if c := chunkConsequence(tt.lib); !strings.Contains(c, tt.want) {
			t.Errorf("chunkConsequence(%s) = %q, want it to mention %q", tt.lib, c, tt.want)
		}
		if f := chunkFix(tt.lib); f.Library != tt.lib.String() || f.Reference == "" {
			t.Errorf("chunkFix(%s) = %+v, want the library and a reference", tt.lib, f)
		}
	}
	if f := chunkFix(auth.LibraryUnknown); f.Library != "" || f.Message == "" {
		t.Errorf("chunkFix(unknown) = %+v", f)
	}
}

// FuzzSessionTimelineRules runs the three session-timeline rules over a
// two-entry HAR built from fuzzed Cookie and Set-Cookie headers and times:
// no panic, every finding names its entries and a key, and no finding quotes
// a cookie value.
func FuzzSessionTimelineRules(f *testing.F) {
	f.Add("__session__0=aaaa; __session__2=cccc", "__session__0=aaaa; Path=/; HttpOnly; Secure\n__session__1=bbbb; Path=/; HttpOnly; Secure", 0.0, 100.0, 30.0, 200.0)
	f.Add("authjs.session-token=eyJhbGciOiJkaXIifQ..aXY.Y2lw.dGFn", "authjs.session-token=eyJhbGciOiJkaXIifQ..aXY.Y2lw.dGFo; Path=/", 0.0, 150.0, 20.0, 10.0)
	f.Add("appSession=x; appSession.0=y; appSession.1=z", "appSession.1=; Max-Age=0\nappSession.0=w; Domain=example.com", 5.0, -1.0, 5.0, 0.0)
	f.Add("__Secure-next-auth.session-token.1=q; __Secure-next-auth.session-token.1=r", "__Secure-next-auth.session-token.0=s; Secure; Path=/", 0.0, 1.0, 0.5, 1.0)
	f.Fuzz(func(t *testing.T, cookie, setCookie string, start1, time1, start2, time2 float64) {
		for _, v := range []float64{start1, time1, start2, time2} {
			if v != v || v > 1e9 || v < -1e9 { // NaN or absurd
				return
			}
		}
		sets := strings.Split(setCookie, "\n")
		entries := []testEntry{
			{method: "POST", url: "https://app.example.com/api/auth/session", start: sessAt(max(start1, 0)), timeMS: time1, cookie: cookie, setCookies: sets},
			{url: "https://app.example.com/api/items", start: sessAt(max(start2, 0)), timeMS: time2, cookie: cookie, setCookies: sets},
			{url: "https://app.example.com/api/me", start: sessAt(max(start1, start2, 0) + 1000), timeMS: 10, cookie: cookie},
		}
		res, err := Analyze(har.NewDecoder(bytes.NewReader(testHAR(t, fetchCalls(entries...)...)), "fuzz.har", har.Options{}), "fuzz.har",
			Options{Rules: []*Rule{SessionCookieRace, RollingSessionCookie, IncompleteChunkedCookie}})
		if err != nil {
			return // the builder wrote something the decoder refuses (control characters)
		}
		var values []string
		for _, p := range cookieParts(cookie) {
			if len(p) >= 4 {
				values = append(values, p)
			}
		}
		for _, fd := range res.Findings {
			if len(fd.Entries) == 0 || fd.Key == "" || fd.Message == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
			for _, ev := range fd.Evidence {
				for _, v := range values {
					if strings.Contains(ev.Value, "="+v) {
						t.Fatalf("evidence %q quotes the value %q", ev.Value, v)
					}
				}
			}
		}
	})
}

// cookieParts returns the values of a Cookie header.
func cookieParts(h string) []string {
	var vs []string
	for _, p := range strings.Split(h, ";") {
		if _, v, ok := strings.Cut(p, "="); ok {
			vs = append(vs, strings.TrimSpace(v))
		}
	}
	return vs
}
