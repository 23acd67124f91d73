package rules

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

func TestRedactHeader(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"
	v := redact.Value
	tests := []struct {
		name, header, in, want string
		show                   bool
	}{
		{"cookie values", "Cookie", "sid=test-secret-1; theme=dark", "sid=" + v("test-secret-1") + "; theme=" + v("dark"), false},
		{"transaction cookie name", "cookie", "__txn_abc123=x", "__txn_" + v("abc123") + "=" + v("x"), false},
		{"set-cookie value, attributes kept", "Set-Cookie", "sid=test-secret-1; Path=/; HttpOnly", "sid=" + v("test-secret-1") + "; Path=/; HttpOnly", false},
		{"set-cookie lines", "set-cookie", "a=1111\nb=2222; Secure", "a=" + v("1111") + "\nb=" + v("2222") + "; Secure", false},
		{"nameless set-cookie", "set-cookie", "token123; Path=/", v("token123") + "; Path=/", false},
		{"authorization keeps the scheme", "Authorization", "Bearer abc.def", "Bearer " + v("abc.def"), false},
		{"location query", "Location", "https://app.example.com/cb?code=test-code&x=1", "https://app.example.com/cb?code=" + v("test-code") + "&x=1", false},
		{"named secret header", "X-CSRF-Token", "test-csrf", v("test-csrf"), false},
		{"api key header", "x-api-key", "test-key", v("test-key"), false},
		{"jwt under any name", "X-Whatever", jwt, v(jwt), false},
		{"plain header", "Cache-Control", "public, max-age=600", "public, max-age=600", false},
		{"url in another header", "X-Original-URL", "https://a.example/?state=s3cr3t", "https://a.example/?state=" + v("s3cr3t"), false},
		{"show secrets", "Cookie", "sid=test-secret-1", "sid=test-secret-1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Pass{run: &run{opts: Options{ShowSecrets: tt.show}}}
			if got := redactHeader(p, tt.header, tt.in); got != tt.want {
				t.Errorf("redactHeader(%q, %q) = %q, want %q", tt.header, tt.in, got, tt.want)
			}
		})
	}
}

// TestTimeline: with Options.Timeline the engine records every entry, who
// answered it and the session cookie values it sent and set, and keeps
// redacted details; without it, nothing.
func TestTimeline(t *testing.T) {
	entries := pageLoads(
		testEntry{url: "https://app.example.com/api/auth/signin", setCookies: []string{"next-auth.session-token=test-session-value-one; Path=/; Max-Age=3600; HttpOnly; Secure"}},
		testEntry{url: "https://app.example.com/dashboard", cookie: "next-auth.session-token=test-session-value-one",
			resp: [][2]string{{"x-cache", "Hit from cloudfront"}}, setCookies: []string{"next-auth.session-token=test-session-value-two; Path=/; HttpOnly; Secure"}},
		testEntry{url: "https://cdn.other.example/x.js", status: -1},
	)
	if res := testAnalyze(t, Options{}, entries...); res.Timeline != nil {
		t.Fatal("a timeline without Options.Timeline")
	}
	res := testAnalyze(t, Options{Timeline: true}, entries...)
	tl := res.Timeline
	if tl == nil || len(tl.Entries) != 3 {
		t.Fatalf("timeline %+v, want 3 entries", tl)
	}
	wantAnswered := []string{AnsweredOrigin, AnsweredCacheHit, AnsweredError}
	for i, e := range tl.Entries {
		if e.Index != i || e.Answered != wantAnswered[i] {
			t.Errorf("entry %d: index %d answered %q, want %q", i, e.Index, e.Answered, wantAnswered[i])
		}
		if want := float64(i) * 1000; e.OffsetMS != want {
			t.Errorf("entry %d starts at %v ms, want %v", i, e.OffsetMS, want)
		}
	}
	one, two := redact.Fingerprint("test-session-value-one"), redact.Fingerprint("test-session-value-two")
	set := tl.Entries[0].SessionSet
	if len(set) != 1 || set[0].Fingerprint != one || set[0].ExpiresMS == nil || *set[0].ExpiresMS != 3600*1000+100 {
		t.Errorf("entry 0 set %+v, want %s expiring at +3600.1s", set, one)
	}
	if s := tl.Entries[1].SessionSent; len(s) != 1 || s[0].Fingerprint != one {
		t.Errorf("entry 1 sent %+v, want %s", s, one)
	}
	if s := tl.Entries[1].SessionSet; len(s) != 1 || s[0].Fingerprint != two || s[0].ExpiresMS != nil {
		t.Errorf("entry 1 set %+v, want %s for the browser session", s, two)
	}
	if tl.EndMS != 2100 {
		t.Errorf("end %v ms, want 2100", tl.EndMS)
	}
	d := tl.Details[1]
	if d == nil || len(tl.Details) != 3 {
		t.Fatalf("details %v, want all 3", tl.Details)
	}
	if d.Cache.State != "hit" || d.Cache.Header != "x-cache" {
		t.Errorf("cache %+v, want a hit read from x-cache", d.Cache)
	}
	all := fmt.Sprint(*d)
	for _, secret := range []string{"test-session-value-one", "test-session-value-two"} {
		if strings.Contains(all, secret) {
			t.Errorf("details print %q: %s", secret, all)
		}
	}
	if len(d.Sent) != 1 || d.Sent[0].Kind != "session" || d.Sent[0].Value != redact.Value("test-session-value-one") {
		t.Errorf("sent %+v", d.Sent)
	}
}

// TestTimelineBounds: past MaxTimelineDetails entries, details are kept
// only for entries a finding or flow names.
func TestTimelineBounds(t *testing.T) {
	n := MaxTimelineDetails + 20
	var entries []testEntry
	for i := range n {
		e := testEntry{url: fmt.Sprintf("https://app.example.com/page/%d", i), timeMS: 1}
		if i == n-1 {
			e.url = "https://app.example.com/api/auth/session"
			e.resp = [][2]string{{"x-cache", "Hit from cloudfront"}, {"cache-control", "public, max-age=60"}}
			e.mime, e.body = "application/json", `{"user":{"name":"x"}}`
		}
		entries = append(entries, e)
	}
	res := testAnalyze(t, Options{Timeline: true}, entries...)
	tl := res.Timeline
	if len(tl.Entries) != n {
		t.Fatalf("%d entries, want %d", len(tl.Entries), n)
	}
	if len(res.Findings) == 0 || res.Findings[0].Entries[0].Index != n-1 {
		t.Fatalf("findings %+v, want one on the last entry", res.Findings)
	}
	if tl.Details[n-1] == nil {
		t.Error("the entry a finding names has no details")
	}
	if len(tl.Details) != MaxTimelineDetails+1 || tl.DetailsDropped != n-MaxTimelineDetails-1 {
		t.Errorf("%d details, %d dropped; want %d and %d", len(tl.Details), tl.DetailsDropped, MaxTimelineDetails+1, n-MaxTimelineDetails-1)
	}
}

// TestTimelineTokens: entry details show what the claims policy allows of a
// decrypted session: claim names by default, values with ShowClaims, and
// credentials inside the claims only with ShowSecrets.
func TestTimelineTokens(t *testing.T) {
	path := "../testdata/hars/session-cookie-race/nextjs-auth0-v4-update-lost-decrypted"
	secrets, err := token.ReadSecretFile(path + ".secrets")
	if err != nil {
		t.Fatal(err)
	}
	analyze := func(opts Options) string {
		f, err := os.Open(path + ".har")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		opts.Timeline, opts.Keyring = true, token.NewKeyring(secrets...)
		res, err := Analyze(har.NewDecoder(f, "x.har", har.Options{}), "x.har", opts)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, d := range res.Timeline.Details {
			for _, tk := range d.Tokens {
				fmt.Fprintf(&b, "%s %s %v %v\n", tk.Cookie, tk.About, tk.Claims, tk.Values)
			}
		}
		return b.String()
	}
	tests := []struct {
		name      string
		opts      Options
		want, not []string
	}{
		{"names only", Options{}, []string{"decrypted", "[exp internal tokenSet user]"}, []string{"test@example.com", "fake-access-token"}},
		{"show claims", Options{ShowClaims: true}, []string{"test@example.com", redact.Value("fake-access-token")}, []string{"fake-access-token", "fake-sid"}},
		{"show secrets", Options{ShowClaims: true, ShowSecrets: true}, []string{"fake-access-token"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyze(tt.opts)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("tokens lack %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("tokens show %q:\n%s", n, got)
				}
			}
		})
	}
}
