package rules

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
)

// fakeValue returns a cookie value of n base64url characters.
func fakeValue(n int) string {
	return strings.Repeat("Ab3_x-Q9", n/8+1)[:n]
}

func TestOversizedSetCookie(t *testing.T) {
	ironSeal := "Fe26.2*1*" + strings.Repeat("9f", 32) + "*" + fakeValue(5000) + "*1742292000000*~2"
	tests := []struct {
		name    string
		setCk   []string
		wantSev []Severity // one per finding, in order
		wantIn  string     // substring of the first message
	}{
		{"iron-session over the limit is high", []string{"auth=" + ironSeal + "; Path=/; HttpOnly; Secure"},
			[]Severity{High}, `session cookie "auth" with 5`},
		{"transaction cookie over the limit is high", []string{"auth_verification=" + fakeValue(4200) + "; Path=/; HttpOnly; Secure"},
			[]Severity{High}, `transaction cookie "auth_verification" with 4217 bytes`},
		{"CSRF cookie over the limit is high", []string{"next-auth.csrf-token=" + fakeValue(4200) + "; Path=/; HttpOnly"},
			[]Severity{High}, `csrf cookie "next-auth.csrf-token"`},
		{"callback URL cookie over the limit is medium", []string{"next-auth.callback-url=" + fakeValue(4200) + "; Path=/; HttpOnly"},
			[]Severity{Medium}, `callback-url cookie "next-auth.callback-url"`},
		{"non-auth cookie over the limit is medium", []string{"cart=" + fakeValue(4200) + "; Path=/"},
			[]Severity{Medium}, `cookie "cart" with 4204 bytes`},
		{"exactly 4096 bytes of name and value is kept", []string{"cart=" + fakeValue(4096-4) + "; Path=/"}, nil, ""},
		{"chunks under the limit are fine", []string{
			"__Secure-next-auth.session-token.0=" + fakeValue(3933) + "; Path=/; HttpOnly; Secure",
			"__Secure-next-auth.session-token.1=" + fakeValue(3933) + "; Path=/; HttpOnly; Secure"}, nil, ""},
		{"a deletion is never reported", []string{"auth=" + fakeValue(5000) + "; Path=/; Max-Age=0"}, nil, ""},
		{"a redaction marker has no size", []string{"auth=[REDACTED]; Path=/"}, nil, ""},
		{"a path over 1024 bytes is low and Firefox drops the cookie", []string{"prefs=1; Path=/" + fakeValue(1100)},
			[]Severity{Low}, "Firefox rejects the whole cookie"},
		{"another long attribute is low", []string{"prefs=1; Path=/; Comment=" + fakeValue(1100)},
			[]Severity{Low}, "Chromium ignores the attribute"},
		{"an attribute of 1024 bytes is kept", []string{"prefs=1; Path=/" + fakeValue(1023)}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testFindings(t, OversizedCookie, testEntry{url: "https://app.example.com/api/login", setCookies: tt.setCk})
			if len(got) != len(tt.wantSev) {
				t.Fatalf("got %d findings, want %d: %+v", len(got), len(tt.wantSev), got)
			}
			for i, f := range got {
				if f.Severity != tt.wantSev[i] {
					t.Errorf("finding %d: severity %v, want %v (%s)", i, f.Severity, tt.wantSev[i], f.Message)
				}
				name, rest, _ := strings.Cut(tt.setCk[i], "=")
				value, _, _ := strings.Cut(rest, ";")
				if len(value) > 8 && (strings.Contains(f.Message, value) || strings.Contains(f.Evidence[0].Value, value)) {
					t.Errorf("finding %d leaks the value of %q", i, name)
				}
			}
			if len(got) > 0 && !strings.Contains(got[0].Message, tt.wantIn) {
				t.Errorf("message %q does not contain %q", got[0].Message, tt.wantIn)
			}
		})
	}
}

func TestOversizedSetCookieReportedOnce(t *testing.T) {
	line := "cart=" + fakeValue(4200) + "; Path=/"
	got := testFindings(t, OversizedCookie,
		testEntry{url: "https://shop.example.com/a", setCookies: []string{line}},
		testEntry{url: "https://shop.example.com/b", setCookies: []string{line}},
		testEntry{url: "https://other.example.com/a", setCookies: []string{line}},
	)
	if len(got) != 2 {
		t.Fatalf("got %d findings, want one per host: %+v", len(got), got)
	}
}

func TestJudgeCookieHeader(t *testing.T) {
	nginx := []*headerLimit{&limitNginx}
	vercel := []*headerLimit{&limitVercel, &limitVercelTotal}
	cloudfront := []*headerLimit{&limitCloudFront}
	tests := []struct {
		name          string
		size, total   int
		front         []*headerLimit
		failure, sess bool
		wantSev       Severity
		wantCase      headerCase
		wantLimit     *headerLimit
	}{
		{"rejection with big cookies", 9000, 9500, nginx, true, false, High, headerRejected, &limitNginx},
		{"rejection by an unknown server past Node's limit", 17000, 17500, nil, true, false, High, headerRejected, &limitNode},
		{"rejection with small cookies is not blamed on them", 3000, 20000, nil, true, true, 0, headerFine, nil},
		{"over 8 KB, unknown server", 9000, 9500, nil, false, false, Medium, headerOverDefault, &limitNginx},
		{"between Apache's 8190 and nginx's 8192", 8191, 8600, nil, false, false, Medium, headerOverDefault, &limitApache},
		{"over Node's total, unknown server", 16000, 16500, nil, false, false, Medium, headerOverDefault, &limitNode},
		{"nginx answered over its limit", 8500, 9000, nginx, false, false, Medium, headerOverFront, &limitNginx},
		{"Vercel accepts 10 KB", 10000, 10500, vercel, false, true, 0, headerFine, nil},
		{"over Vercel's per-header limit", 17000, 17500, vercel, false, false, Medium, headerOverFront, &limitVercel},
		{"over Vercel's total limit", 16500, 33000, vercel, false, false, Medium, headerOverFront, &limitVercelTotal},
		{"behind CloudFront over nginx's default", 9000, 9500, cloudfront, false, false, Low, headerBehindFront, &limitNginx},
		{"over CloudFront's quota", 20000, 21000, cloudfront, false, false, Medium, headerOverFront, &limitCloudFront},
		{"approaching with a session", 7000, 7400, nil, false, true, Low, headerApproaching, &limitNginx},
		{"approaching with a session behind nginx", 7000, 7400, nginx, false, true, Low, headerApproaching, &limitNginx},
		{"approaching without auth cookies", 7000, 7400, nil, false, false, 0, headerFine, nil},
		{"approaching on Vercel", 7000, 7400, vercel, false, true, 0, headerFine, nil},
		{"approaching behind CloudFront", 7000, 7400, cloudfront, false, true, 0, headerFine, nil},
		{"small header", 5000, 5400, nil, false, true, 0, headerFine, nil},
		{"another header fills Node's total", 5000, 17000, nil, false, false, 0, headerFine, nil},
		{"another header fills CloudFront's quota", 6000, 21000, cloudfront, false, false, 0, headerFine, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeCookieHeader(tt.size, tt.total, tt.front, tt.failure, tt.sess)
			if v.sev != tt.wantSev || v.why != tt.wantCase || v.limit != tt.wantLimit {
				var got, want string
				if v.limit != nil {
					got = v.limit.who
				}
				if tt.wantLimit != nil {
					want = tt.wantLimit.who
				}
				t.Errorf("got sev %v case %d limit %q (%p), want %v %d %q (%p)", v.sev, v.why, got, v.limit, tt.wantSev, tt.wantCase, want, tt.wantLimit)
			}
		})
	}
}

func TestHeaderTooLarge(t *testing.T) {
	nginxPage := "<html><head><title>400 Request Header Or Cookie Too Large</title></head><body><center><h1>400 Bad Request</h1></center></body></html>"
	tests := []struct {
		name       string
		status     int
		statusText string
		body, enc  string
		want       bool
	}{
		{"431", 431, "Request Header Fields Too Large", "", "", true},
		{"494", 494, "", "", "", true},
		{"nginx page", 400, "Bad Request", nginxPage, "", true},
		{"nginx page in base64", 400, "", base64.StdEncoding.EncodeToString([]byte(nginxPage)), "base64", true},
		{"Apache error note", 400, "", "Size of a request header field exceeds server limit.", "", true},
		{"413 with reason phrase", 413, "Request Header Fields Too Large", "", "", true},
		{"Vercel error code", 400, "", "REQUEST_HEADER_TOO_LARGE", "", true},
		{"a plain 400", 400, "Bad Request", `{"error":"invalid_grant"}`, "", false},
		{"a 200 mentioning the phrase", 200, "", "FAQ: what does Request Header Or Cookie Too Large mean?", "", false},
		{"a 413 for a big body", 413, "Payload Too Large", "request entity too large", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := &Exchange{Entry: &har.Entry{Response: &har.Response{Status: tt.status, StatusText: tt.statusText,
				Content: har.Content{Text: tt.body, Encoding: tt.enc}}}}
			got, _, note := headerTooLarge(x, 9000)
			if got != tt.want {
				t.Errorf("headerTooLarge = %v (%q), want %v", got, note, tt.want)
			}
			if got && note == "" {
				t.Error("no note for a rejection")
			}
		})
	}
	if got, _, _ := headerTooLarge(&Exchange{Entry: &har.Entry{}}, 9000); got {
		t.Error("an aborted entry shows no rejection")
	}
}

func TestOversizedCookieHeader(t *testing.T) {
	session := "appSession.0=" + fakeValue(4040) + "; appSession.1=" + fakeValue(2500)
	analytics := "_ga=GA1.1.1.1; _big=" + fakeValue(2500)
	tests := []struct {
		name     string
		entries  []testEntry
		wantSev  Severity
		wantIn   []string
		wantNone bool
	}{
		{name: "nginx rejection", entries: []testEntry{{url: "https://shop.example.com/", status: 400,
			cookie: analytics + "; " + session,
			resp:   [][2]string{{"server", "nginx"}}, body: "<title>400 Request Header Or Cookie Too Large</title>"}},
			wantSev: High, wantIn: []string{`"appSession.0"`, "nginx", "8192"}},
		{name: "the worst exchange of a host is reported once", entries: []testEntry{
			{url: "https://shop.example.com/a", cookie: analytics + "; " + session},
			{url: "https://shop.example.com/b", status: 431, cookie: analytics + "; " + session},
			{url: "https://shop.example.com/c", cookie: analytics + "; " + session}},
			wantSev: High, wantIn: []string{"431"}},
		{name: "no failure, unknown server", entries: []testEntry{{url: "https://shop.example.com/",
			cookie: analytics + "; " + session}},
			wantSev: Medium, wantIn: []string{"nginx", "large_client_header_buffers"}},
		{name: "split HTTP/2 cookie headers count together", entries: []testEntry{{url: "https://shop.example.com/",
			req: [][2]string{{"cookie", analytics}, {"cookie", "appSession.0=" + fakeValue(4040)}, {"cookie", "appSession.1=" + fakeValue(2500)}}}},
			wantSev: Medium},
		{name: "sanitized values are not measured", entries: []testEntry{{url: "https://shop.example.com/",
			cookie: analytics + "; " + session + "; sid=[REDACTED]"}},
			wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testFindings(t, OversizedCookie, tt.entries...)
			if tt.wantNone {
				if len(got) != 0 {
					t.Fatalf("want no finding, got %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(got), got)
			}
			f := got[0]
			if f.Severity != tt.wantSev {
				t.Errorf("severity %v, want %v: %s", f.Severity, tt.wantSev, f.Message)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(f.Message, s) {
					t.Errorf("message %q does not contain %q", f.Message, s)
				}
			}
			for _, e := range f.Evidence {
				if strings.Contains(e.Value, fakeValue(64)) {
					t.Errorf("evidence leaks a cookie value: %q", e.Value)
				}
			}
			if !strings.Contains(f.Fix.Message, "nextjs-auth0 v3") {
				t.Errorf("fix %q does not name the library whose session fills the header", f.Fix.Message)
			}
		})
	}
}

func TestBiggestCookies(t *testing.T) {
	cs := []RequestCookie{{Name: "a", Value: "1"}, {Name: "big", Value: "123456"}, {Name: "mid", Value: "123"}, {Name: "big", Value: "12345"}}
	got := biggestCookies(cs, 3)
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "big,mid,a" {
		t.Errorf("biggestCookies = %v, want big,mid,a", names)
	}
}

// FuzzJudgeCookieHeader checks the invariants of the Cookie header
// verdict: a finding needs at least 4096 bytes of cookies, names a limit
// unless it is a rejection, and a header within every limit is reported
// only as approaching.
func FuzzJudgeCookieHeader(f *testing.F) {
	f.Add(9000, 9500, uint8(0), true, false)
	f.Add(7000, 7400, uint8(1), false, true)
	f.Add(17000, 17500, uint8(2), false, false)
	f.Add(20000, 21000, uint8(3), false, true)
	fronts := [][]*headerLimit{nil, {&limitNginx}, {&limitVercel, &limitVercelTotal}, {&limitCloudFront}, {&limitFastly}, {&limitApache, &limitFastly}}
	f.Fuzz(func(t *testing.T, size, extra int, front uint8, failure, session bool) {
		if size < 0 || extra < 0 || size > 1<<24 || extra > 1<<24 {
			t.Skip()
		}
		total := size + extra
		fr := fronts[int(front)%len(fronts)]
		v := judgeCookieHeader(size, total, fr, failure, session)
		if v.sev == 0 {
			if v.why != headerFine {
				t.Fatalf("no severity but case %d", v.why)
			}
			return
		}
		if v.sev < Low || v.sev > High {
			t.Fatalf("severity %v out of range", v.sev)
		}
		if size < headerFailureMin {
			t.Fatalf("finding for a %d-byte header", size)
		}
		if v.why != headerRejected && v.limit == nil {
			t.Fatalf("case %d without a limit", v.why)
		}
		if v.why == headerApproaching && (!session || size < headerApproachMin) {
			t.Fatalf("approaching without a session or under %d bytes", headerApproachMin)
		}
		if v.why == headerOverFront || v.why == headerOverDefault {
			n := size
			if v.limit.total {
				n = total
			}
			if n <= v.limit.bytes {
				t.Fatalf("limit %s (%d) reported as crossed by %d bytes", v.limit.who, v.limit.bytes, n)
			}
		}
	})
}

func TestHeaderTooLargeCloudflare520(t *testing.T) {
	for _, tt := range []struct {
		name   string
		server string
		size   int
		want   bool
	}{
		{"Cloudflare 520 with a large Cookie header", "cloudflare", 9000, true},
		{"Cloudflare 520 with a small Cookie header", "cloudflare", 5000, false},
		{"a 520 from another server", "nginx", 9000, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := &Exchange{Entry: &har.Entry{Response: &har.Response{Status: 520, Headers: har.Headers{{Name: "Server", Value: tt.server}}}}}
			got, likely, note := headerTooLarge(x, tt.size)
			if got != tt.want || got && (!likely || !strings.Contains(note, "520")) {
				t.Errorf("headerTooLarge = %v, %v, %q; want %v, likely", got, likely, note, tt.want)
			}
		})
	}
}

func TestChunkSummary(t *testing.T) {
	x := testExchange(t, testEntry{url: "https://app.example.com/", cookie: "appSession.0=aaaa; appSession.1=bb; theme=dark"})
	want := `; session cookie "appSession" in 2 chunks, 30 bytes: appSession.0 16, appSession.1 14`
	if got := chunkSummary(x); got != want {
		t.Errorf("chunkSummary = %q, want %q", got, want)
	}
	if got := chunkSummary(testExchange(t, testEntry{url: "https://app.example.com/", cookie: "appSession=aaaa"})); got != "" {
		t.Errorf("an unchunked session gave %q", got)
	}
}
