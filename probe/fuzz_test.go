package probe

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzParseCookies checks the cookie-file parser on arbitrary input: no
// panic; every cookie it returns has a name and a name and value that fit in
// a Cookie header unchanged; and the Cookie header of them parses back to
// the same cookies.
func FuzzParseCookies(f *testing.F) {
	seeds := []string{
		"# Netscape HTTP Cookie File\n#HttpOnly_app.example.com\tFALSE\t/\tTRUE\t0\t__Secure-next-auth.session-token\teyJhbGciOiJkaXIifQ..abc\n",
		".example.com\tTRUE\t/api\tFALSE\t4102444800\tappSession\tv1\n",
		"next-auth.session-token=abc.def\r\nCookie: a=1; b=2\n",
		"x.example\tFALSE\t/\tFALSE\t0\tjwt\ta=b=c\td\n",
		"__session=eyJhbGciOiJSUzI1NiJ9.e30.sig; __client_uat=1700000000\n",
		"\ufeffappSession.0=part1\nappSession.1=part2\n",
		"#HttpOnly_x\n",
		"a=b\x01c\n",
		"\t\t\t\t\t\t\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	u, _ := url.Parse("https://app.example.com/api/auth/session")
	f.Fuzz(func(t *testing.T, in string) {
		cs, _, err := ParseCookies(strings.NewReader(in), now)
		if err != nil {
			if cs != nil {
				t.Fatalf("cookies returned with error %v", err)
			}
			return
		}
		var lines []string
		for _, c := range cs {
			if c.Name == "" {
				t.Fatalf("cookie without a name: %+v", c)
			}
			if strings.ContainsAny(c.Name, "=; \t\r\n") || strings.ContainsAny(c.Value, ";\r\n") {
				t.Fatalf("cookie unfit for a Cookie header: %+v", c)
			}
			if !c.Expires.IsZero() && !c.Expires.After(now) {
				t.Fatalf("expired cookie returned: %+v", c)
			}
			_ = CookieHeader([]Cookie{c}, u)
			if strings.TrimSpace(c.Value) == c.Value {
				lines = append(lines, c.Name+"="+c.Value)
			}
		}
		if len(lines) == 0 {
			return
		}
		again, _, err := ParseCookies(strings.NewReader("Cookie: "+strings.Join(lines, "; ")), now)
		if err != nil {
			t.Fatalf("name=value form of %q does not parse: %v", lines, err)
		}
		if len(again) != len(lines) {
			t.Fatalf("name=value form gave %d cookies, want %d", len(again), len(lines))
		}
		for i, c := range again {
			if c.Name+"="+c.Value != lines[i] {
				t.Fatalf("cookie %d read back as %s=%s, want %s", i, c.Name, c.Value, lines[i])
			}
		}
	})
}
