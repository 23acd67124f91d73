package rules

import (
	"strings"
	"testing"
	"time"
)

// loopRound returns one pass through a nextjs-auth0 v3 login whose callback
// sets session (a Set-Cookie line) and whose next page sends cookie and
// redirects to the login when it is empty.
func loopRoundEntries(host, session, cookie string) []testEntry {
	app := "https://" + host
	cb := app + "/api/auth/callback"
	login := nav(app + "/api/auth/login")
	login.status = 302
	login.resp = [][2]string{{"location", "https://idp.example.net/authorize?client_id=abc&response_type=code&redirect_uri=" + cb + "&state=s1"}}
	authz := nav("https://idp.example.net/authorize?client_id=abc&response_type=code&redirect_uri=" + cb + "&state=s1")
	authz.status = 302
	authz.resp = [][2]string{{"location", cb + "?code=c0d3&state=s1"}}
	callback := nav(cb + "?code=c0d3&state=s1")
	callback.status = 302
	callback.resp = [][2]string{{"location", "/dashboard"}}
	callback.setCookies = []string{session}
	landing := nav(app + "/dashboard")
	landing.cookie = cookie
	if cookie == "" {
		landing.status = 302
		landing.resp = [][2]string{{"location", "/api/auth/login"}}
	}
	return []testEntry{login, authz, callback, landing}
}

func TestLoginRedirectLoop(t *testing.T) {
	const (
		foreign = "appSession=s3ss10n; Path=/; HttpOnly; Secure; SameSite=Lax; Domain=example.org"
		good    = "appSession=s3ss10n; Path=/; HttpOnly; Secure; SameSite=Lax"
	)
	cat := func(rs ...[]testEntry) []testEntry {
		var out []testEntry
		for _, r := range rs {
			out = append(out, r...)
		}
		return out
	}
	tests := []struct {
		name    string
		entries []testEntry
		want    string // "" for no finding
	}{
		{"two rounds", cat(loopRoundEntries("app.example.com", foreign, ""), loopRoundEntries("app.example.com", foreign, "")),
			`went round the login 2 times (entries 0 to 7): the session cookie "appSession" that the callback on entry 2 set was not sent back on entry 3: the browser refused it when entry 2 set it: its Domain "example.org" does not domain-match "app.example.com"`},
		{"one round", loopRoundEntries("app.example.com", foreign, ""), ""},
		{"the second login succeeds", cat(loopRoundEntries("app.example.com", foreign, ""), loopRoundEntries("app.example.com", good, "appSession=s3ss10n")), ""},
		{"rounds of two apps", cat(loopRoundEntries("app.example.com", foreign, ""), loopRoundEntries("shop.example.net", foreign, "")), ""},
		{"signed in twice", cat(loopRoundEntries("app.example.com", good, "appSession=s3ss10n"), loopRoundEntries("app.example.com", good, "appSession=s3ss10n")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, LoginRedirectLoop, tt.entries...)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("got %+v, want no finding", fs)
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) {
				t.Fatalf("got %+v, want one finding saying %q", fs, tt.want)
			}
		})
	}
}

// TestLoginRedirectLoopCallbackRounds checks rounds whose callback set no
// session: they loop only when the next sign-in follows at once.
func TestLoginRedirectLoopCallbackRounds(t *testing.T) {
	round := func(start int) []testEntry {
		es := loopRoundEntries("app.example.com", "other=1; Path=/", "")
		for i := range es {
			es[i].start = testStart.Add(time.Duration(start+i) * time.Second)
			es[i].timeMS = 50
		}
		es[2].setCookies = nil
		return es
	}
	if fs := testFindings(t, LoginRedirectLoop, append(round(0), round(4)...)...); len(fs) != 1 || !strings.Contains(fs[0].Message, "did not sign the browser in (the callback set no session cookie)") {
		t.Errorf("back to back: got %+v, want one finding", fs)
	}
	if fs := testFindings(t, LoginRedirectLoop, append(round(0), round(3600)...)...); len(fs) != 0 {
		t.Errorf("an hour apart: got %+v, want none", fs)
	}
}

// TestLoginRedirectLoopNoCookieHeaders checks that a HAR without any Cookie
// header (an exporter that drops them) is no loop when nothing else
// explains the missing session.
func TestLoginRedirectLoopNoCookieHeaders(t *testing.T) {
	const good = "appSession=s3ss10n; Path=/; HttpOnly; Secure; SameSite=Lax"
	es := append(loopRoundEntries("app.example.com", good, ""), loopRoundEntries("app.example.com", good, "")...)
	if fs := testFindings(t, LoginRedirectLoop, es...); len(fs) != 0 {
		t.Errorf("got %+v, want none", fs)
	}
	es[0].cookie = "theme=dark" // the exporter keeps Cookie headers: the browser dropped the session
	if fs := testFindings(t, LoginRedirectLoop, es...); len(fs) != 1 || fs[0].Severity != Medium || !strings.Contains(fs[0].Message, "nothing in its attributes") {
		t.Errorf("got %+v, want one medium finding", fs)
	}
}
