package jar

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustSet(t testing.TB, line string) cookie.SetCookie {
	t.Helper()
	sc, err := cookie.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	return sc
}

// header renders cookies as a Cookie header would list them.
func header(cs []Cookie) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name + "=" + c.Value
	}
	return strings.Join(parts, "; ")
}

// set is one Set-Cookie line received from url at t0 plus after.
type set struct {
	url, line string
	after     time.Duration
}

func TestJarSetGet(t *testing.T) {
	tests := []struct {
		name string
		sets []set
		// get is the request URL and time (after t0) to ask for.
		get   string
		at    time.Duration
		want  string   // Cookie header the jar sends
		wantR []string // outcome of each set, "rejected: <reason prefix>" for rejections
	}{
		{
			name:  "host-only cookie stays on its host",
			sets:  []set{{"https://app.example.com/", "sid=1; Path=/", 0}},
			get:   "https://sub.app.example.com/",
			want:  "",
			wantR: []string{"created"},
		},
		{
			name:  "host-only cookie is sent to its host",
			sets:  []set{{"https://app.example.com/login", "sid=1; Path=/", 0}},
			get:   "https://APP.example.com:443/x",
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "domain cookie reaches subdomains",
			sets:  []set{{"https://app.example.com/", "sid=1; Domain=.Example.com; Path=/", 0}},
			get:   "https://api.example.com/v1",
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "domain attribute of another site is rejected",
			sets:  []set{{"https://app.example.com/", "sid=1; Domain=example.org; Path=/", 0}},
			get:   "https://app.example.com/",
			wantR: []string{`rejected: Domain attribute "example.org" does not domain-match`},
		},
		{
			name:  "top-level domain attribute is rejected",
			sets:  []set{{"https://app.example.com/", "sid=1; Domain=com; Path=/", 0}},
			get:   "https://app.example.com/",
			wantR: []string{`rejected: Domain attribute "com" is a public suffix`},
		},
		{
			name:  "private public suffix domain attribute is rejected",
			sets:  []set{{"https://my-app.vercel.app/", "sid=1; Domain=vercel.app; Path=/", 0}},
			get:   "https://my-app.vercel.app/",
			wantR: []string{`rejected: Domain attribute "vercel.app" is a public suffix`},
		},
		{
			name:  "production domain set from a preview host is rejected",
			sets:  []set{{"https://my-app-git-fix.vercel.app/", "sid=1; Domain=example.com; Path=/", 0}},
			get:   "https://my-app-git-fix.vercel.app/",
			wantR: []string{`rejected: Domain attribute "example.com" does not domain-match host "my-app-git-fix.vercel.app"`},
		},
		{
			name:  "an unknown top-level domain is a registry, as in Chromium",
			sets:  []set{{"https://b.a.example/", "s=1; Domain=a.example; Path=/", 0}, {"https://b.a.example/", "t=1; Domain=example; Path=/", 0}},
			get:   "https://c.a.example/",
			want:  "s=1",
			wantR: []string{"created", `rejected: Domain attribute "example" is a public suffix`},
		},
		{
			name:  "domain attribute on an IP address must equal it",
			sets:  []set{{"http://127.0.0.1:3000/", "sid=1; Domain=0.0.1; Path=/", 0}, {"http://127.0.0.1:3000/", "a=2; Domain=127.0.0.1; Path=/", 0}},
			get:   "http://127.0.0.1:3000/",
			want:  "a=2",
			wantR: []string{"rejected: Domain attribute", "created"},
		},
		{
			name:  "default path is the request directory",
			sets:  []set{{"https://app.example.com/api/auth/session", "sid=1", 0}},
			get:   "https://app.example.com/dashboard",
			want:  "",
			wantR: []string{"created"},
		},
		{
			name:  "default path covers its subtree",
			sets:  []set{{"https://app.example.com/api/auth/session", "sid=1", 0}},
			get:   "https://app.example.com/api/auth/csrf",
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "path does not match a longer name",
			sets:  []set{{"https://app.example.com/", "sid=1; Path=/api", 0}},
			get:   "https://app.example.com/apis",
			wantR: []string{"created"},
		},
		{
			name:  "longer path first, then older",
			sets:  []set{{"https://a.example/", "b=root; Path=/", 0}, {"https://a.example/", "a=root; Path=/", time.Second}, {"https://a.example/", "c=api; Path=/api", 2 * time.Second}},
			get:   "https://a.example/api/x",
			at:    3 * time.Second,
			want:  "c=api; b=root; a=root",
			wantR: []string{"created", "created", "created"},
		},
		{
			name:  "replacement keeps the creation time",
			sets:  []set{{"https://a.example/", "b=1; Path=/", 0}, {"https://a.example/", "a=1; Path=/", time.Second}, {"https://a.example/", "b=2; Path=/", 2 * time.Second}},
			get:   "https://a.example/",
			at:    3 * time.Second,
			want:  "b=2; a=1",
			wantR: []string{"created", "created", "replaced"},
		},
		{
			name:  "same name on two paths are two cookies",
			sets:  []set{{"https://a.example/", "s=root; Path=/", 0}, {"https://a.example/", "s=api; Path=/api", 0}},
			get:   "https://a.example/api",
			want:  "s=api; s=root",
			wantR: []string{"created", "created"},
		},
		{
			name:  "host-only and domain cookies of one name coexist",
			sets:  []set{{"https://a.example.com/", "s=host; Path=/", 0}, {"https://a.example.com/", "s=dom; Domain=a.example.com; Path=/", time.Second}},
			get:   "https://a.example.com/",
			at:    2 * time.Second,
			want:  "s=host; s=dom",
			wantR: []string{"created", "created"},
		},
		{
			name:  "max-age zero deletes",
			sets:  []set{{"https://a.example/", "sid=1; Path=/", 0}, {"https://a.example/", "sid=; Max-Age=0; Path=/", time.Second}},
			get:   "https://a.example/",
			at:    2 * time.Second,
			wantR: []string{"created", "deleted"},
		},
		{
			name:  "past expires deletes",
			sets:  []set{{"https://a.example/", "sid=1; Path=/", 0}, {"https://a.example/", "sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/", time.Second}},
			get:   "https://a.example/",
			at:    2 * time.Second,
			wantR: []string{"created", "deleted"},
		},
		{
			name:  "deletion must name the same path",
			sets:  []set{{"https://a.example/", "sid=1; Path=/", 0}, {"https://a.example/api/x", "sid=; Max-Age=0", time.Second}},
			get:   "https://a.example/",
			at:    2 * time.Second,
			want:  "sid=1",
			wantR: []string{"created", "unmatched"},
		},
		{
			name:  "max-age wins over a past expires",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", 0}},
			get:   "https://a.example/",
			at:    59 * time.Second,
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "cookie expires",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; Max-Age=60", 0}},
			get:   "https://a.example/",
			at:    60 * time.Second,
			wantR: []string{"created"},
		},
		{
			name:  "lifetime is capped at 400 days",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; Max-Age=99999999999", 0}},
			get:   "https://a.example/",
			at:    401 * 24 * time.Hour,
			wantR: []string{"created"},
		},
		{
			name:  "session cookie never expires in a replay",
			sets:  []set{{"https://a.example/", "sid=1; Path=/", 0}},
			get:   "https://a.example/",
			at:    1000 * 24 * time.Hour,
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "secure cookie is not sent over http",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; Secure", 0}},
			get:   "http://a.example/",
			wantR: []string{"created"},
		},
		{
			name:  "secure cookie from localhost over http",
			sets:  []set{{"http://localhost:3000/", "sid=1; Path=/; Secure", 0}},
			get:   "http://localhost:3000/",
			want:  "sid=1",
			wantR: []string{"created"},
		},
		{
			name:  "secure cookie from an insecure origin is rejected",
			sets:  []set{{"http://a.example/", "sid=1; Path=/; Secure", 0}},
			get:   "https://a.example/",
			wantR: []string{`rejected: Secure cookie set by an insecure origin "http://a.example"`},
		},
		{
			name:  "insecure origin cannot overwrite a secure cookie",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; Secure", 0}, {"http://a.example/", "sid=2; Path=/", time.Second}},
			get:   "https://a.example/",
			at:    2 * time.Second,
			want:  "sid=1",
			wantR: []string{"created", "rejected: insecure origin"},
		},
		{
			name:  "samesite none without secure is rejected",
			sets:  []set{{"https://a.example/", "sid=1; Path=/; SameSite=None", 0}},
			get:   "https://a.example/",
			wantR: []string{"rejected: SameSite=None without Secure"},
		},
		{
			name:  "host prefix accepted",
			sets:  []set{{"https://a.example/x/y", "__Host-csrf=1; Path=/; Secure", 0}},
			get:   "https://a.example/",
			want:  "__Host-csrf=1",
			wantR: []string{"created"},
		},
		{
			name:  "host prefix with domain is rejected",
			sets:  []set{{"https://a.example/", "__Host-csrf=1; Path=/; Secure; Domain=a.example", 0}},
			get:   "https://a.example/",
			wantR: []string{"rejected: __Host- cookie with a Domain attribute"},
		},
		{
			name:  "host prefix without path is rejected",
			sets:  []set{{"https://a.example/", "__Host-csrf=1; Secure", 0}},
			get:   "https://a.example/",
			wantR: []string{"rejected: __Host- cookie without Path=/"},
		},
		{
			name:  "secure prefix without secure is rejected, any case",
			sets:  []set{{"https://a.example/", "__SECURE-authjs.session-token=1; Path=/", 0}},
			get:   "https://a.example/",
			wantR: []string{"rejected: __SECURE- cookie without the Secure attribute"},
		},
		{
			name:  "oversized cookie is rejected",
			sets:  []set{{"https://a.example/", "big=" + strings.Repeat("x", 4094) + "; Path=/", 0}},
			get:   "https://a.example/",
			wantR: []string{"rejected: name and value are 4097 bytes"},
		},
		{
			name:  "cookie at the size limit is kept",
			sets:  []set{{"https://a.example/", "big=" + strings.Repeat("x", 4093) + "; Path=/", 0}},
			get:   "https://a.example/",
			want:  "big=" + strings.Repeat("x", 4093),
			wantR: []string{"created"},
		},
		{
			name:  "chunks are separate cookies",
			sets:  []set{{"https://a.example/", "__session__0=a; Path=/", 0}, {"https://a.example/", "__session__1=b; Path=/", 0}, {"https://a.example/", "__session__1=; Max-Age=0; Path=/", time.Second}},
			get:   "https://a.example/",
			at:    2 * time.Second,
			want:  "__session__0=a",
			wantR: []string{"created", "created", "deleted"},
		},
		{
			name:  "nameless cookie",
			sets:  []set{{"https://a.example/", "token; Path=/", 0}},
			get:   "https://a.example/",
			want:  "=token",
			wantR: []string{"created"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New()
			for i, s := range tt.sets {
				r := j.Set(t0.Add(s.after), mustURL(t, s.url), mustSet(t, s.line), i)
				got := r.Outcome.String()
				if r.Outcome == Rejected {
					got += ": " + r.Reason
				}
				if i >= len(tt.wantR) || !strings.HasPrefix(got, tt.wantR[i]) {
					t.Errorf("set %d (%.80q): got %q, want prefix %q", i, s.line, got, tt.wantR[min(i, len(tt.wantR)-1)])
				}
			}
			if got := header(j.Get(t0.Add(tt.at), mustURL(t, tt.get))); got != tt.want {
				t.Errorf("Get(%s) = %.80q, want %.80q", tt.get, got, tt.want)
			}
		})
	}
}

func TestJarResultDetails(t *testing.T) {
	j := New()
	u := mustURL(t, "https://a.example/")
	r1 := j.Set(t0, u, mustSet(t, "sid=1; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax"), 7)
	if !r1.Stored() || r1.Cookie.Source != 7 || !r1.Cookie.HostOnly || r1.Cookie.Domain != "a.example" || !r1.Cookie.Persistent || !r1.Cookie.Expires.Equal(t0.Add(time.Hour)) {
		t.Fatalf("first set: %+v", r1)
	}
	r2 := j.Set(t0.Add(time.Minute), u, mustSet(t, "sid=2; Path=/"), 9)
	if r2.Outcome != Replaced || r2.Old.Value != "1" || r2.Old.Source != 7 || r2.Cookie.Source != 9 ||
		!r2.Cookie.Created.Equal(t0) || !r2.Cookie.Updated.Equal(t0.Add(time.Minute)) || r2.Cookie.Persistent {
		t.Fatalf("replacement: %+v", r2)
	}
	r3 := j.Set(t0.Add(2*time.Minute), u, mustSet(t, "sid=; Max-Age=0; Path=/"), 11)
	if r3.Outcome != Deleted || r3.Old.Value != "2" || r3.Stored() || j.Len() != 0 {
		t.Fatalf("deletion: %+v, len %d", r3, j.Len())
	}
	if r := j.SetLine(t0, nil, Line{Name: "a", Value: "b"}, 0); r.Outcome != Rejected {
		t.Fatalf("nil URL: %+v", r)
	}
}

func TestJarEviction(t *testing.T) {
	j := New()
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	for i := range MaxCookiesPerDomain {
		j.Set(at(i), mustURL(t, "https://a.example/"), mustSet(t, fmt.Sprintf("c%d=v; Path=/p%d", i, i)), i)
	}
	// Use the oldest cookie: eviction removes the least recently used.
	if got := header(j.Get(at(MaxCookiesPerDomain), mustURL(t, "https://a.example/p0"))); got != "c0=v" {
		t.Fatalf("Get /p0 = %q", got)
	}
	j.Set(at(MaxCookiesPerDomain+1), mustURL(t, "https://a.example/"), mustSet(t, "last=v; Path=/"), 0)
	if got, want := j.Len(), MaxCookiesPerDomain-PurgeCookiesPerDomain; got != want {
		t.Fatalf("after %d cookies the jar holds %d, want %d", MaxCookiesPerDomain+1, got, want)
	}
	kept := map[string]bool{}
	for _, c := range j.All(at(MaxCookiesPerDomain + 2)) {
		kept[c.Name] = true
	}
	for name, want := range map[string]bool{"c0": true, "last": true, "c1": false, "c31": false, "c32": true} {
		if kept[name] != want {
			t.Errorf("cookie %s kept = %v, want %v", name, kept[name], want)
		}
	}
}

func TestJarGlobalLimit(t *testing.T) {
	j := New()
	n := 0
	for d := 0; n <= MaxCookies; d++ {
		u := mustURL(t, fmt.Sprintf("https://h%d.example/", d))
		for i := 0; i < 100 && n <= MaxCookies; i++ {
			j.Set(t0.Add(time.Duration(n)*time.Millisecond), u, mustSet(t, fmt.Sprintf("c%d=v", i)), n)
			n++
		}
	}
	if got, want := j.Len(), MaxCookies-PurgeCookies; got != want {
		t.Fatalf("jar holds %d cookies, want %d", got, want)
	}
}

func TestJarExpiredDroppedOnGet(t *testing.T) {
	j := New()
	u := mustURL(t, "https://a.example/")
	j.Set(t0, u, mustSet(t, "a=1; Path=/; Max-Age=1"), 0)
	j.Set(t0, u, mustSet(t, "b=1; Path=/"), 0)
	if got := header(j.Peek(t0.Add(2*time.Second), u)); got != "b=1" {
		t.Fatalf("got %q", got)
	}
	if j.Len() != 1 {
		t.Fatalf("expired cookie kept: len %d", j.Len())
	}
}

func TestIDAndFingerprint(t *testing.T) {
	if ID("") != "" || Fingerprint("") != "" {
		t.Fatal("empty value must keep an empty ID and fingerprint")
	}
	// redact.Fingerprint("abc") is the first 4 bytes of SHA-256("abc") in hex.
	if got := Fingerprint(ID("abc")); got != "ba7816bf" {
		t.Fatalf("Fingerprint(ID(abc)) = %q", got)
	}
	if ID("a") == ID("b") || len(ID("a")) != 8 {
		t.Fatal("IDs must be 8 bytes and differ")
	}
}

func TestLineCompact(t *testing.T) {
	u := mustURL(t, "https://a.example/")
	l := NewLine(mustSet(t, "__Host-x="+strings.Repeat("v", 100)+"; Path=/"), u)
	if l.PrefixError == "" || l.Size != len("__Host-x")+100 {
		t.Fatalf("NewLine: %+v", l)
	}
	c := l.Compact(ID(l.Value))
	if c.Size != l.Size || c.Value != ID(l.Value) || c.PrefixError != l.PrefixError {
		t.Fatalf("Compact: %+v", c)
	}
	if r := New().SetLine(t0, u, c, 0); r.Outcome != Rejected {
		t.Fatalf("prefix error must survive Compact: %+v", r)
	}
}
