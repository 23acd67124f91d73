package rules

import (
	"testing"
)

func TestFlows(t *testing.T) {
	const (
		authorize = "https://tenant.auth0.example/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback&state=s1"
		session   = "appSession=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn"
	)
	login := func() testEntry {
		e := nav("https://app.example.com/api/auth/login")
		e.status = 302
		e.resp = [][2]string{{"location", authorize}}
		e.setCookies = []string{"auth_verification=abc; Path=/; HttpOnly; Secure; SameSite=Lax"}
		return e
	}
	authz := func() testEntry {
		e := nav(authorize)
		e.status = 302
		e.resp = [][2]string{{"location", "https://tenant.auth0.example/u/login?state=s1"}}
		return e
	}
	idpPage := nav("https://tenant.auth0.example/u/login?state=s1")
	idpPost := nav("https://tenant.auth0.example/u/login?state=s1")
	idpPost.method, idpPost.status = "POST", 302
	callback := func(mod func(*testEntry)) testEntry {
		e := nav("https://app.example.com/api/auth/callback?code=c0d3&state=s1")
		e.status = 302
		e.cookie = "auth_verification=abc"
		e.resp = [][2]string{{"location", "/dashboard"}}
		e.setCookies = []string{session + "; Path=/; HttpOnly; Secure; SameSite=Lax", "auth_verification=; Path=/; Max-Age=0"}
		if mod != nil {
			mod(&e)
		}
		return e
	}
	landing := func(withSession bool) testEntry {
		e := nav("https://app.example.com/dashboard")
		if withSession {
			e.cookie = session
		}
		return e
	}
	tests := []struct {
		name    string
		entries []testEntry
		want    []string // per flow: outcome, then the role of each step; "!" marks the step it broke at
	}{
		{"signed in", []testEntry{login(), authz(), idpPage, idpPost, callback(nil), landing(true)},
			[]string{"signed-in login authorize identity-provider identity-provider callback landing"}},
		{"callback answered from cache", []testEntry{login(), authz(), callback(func(e *testEntry) {
			e.resp = append(e.resp, [2]string{"x-cache", "Hit from cloudfront"}, [2]string{"age", "300"})
		}), landing(false)},
			[]string{"failed login authorize !callback landing"}},
		{"session not sent back", []testEntry{login(), authz(), callback(nil), landing(false)},
			[]string{"failed login authorize callback !landing"}},
		{"callback fails", []testEntry{login(), authz(), callback(func(e *testEntry) { e.status, e.setCookies = 400, nil })},
			[]string{"failed login authorize !callback"}},
		{"provider error", []testEntry{login(), authz(), callback(func(e *testEntry) {
			e.url = "https://app.example.com/api/auth/callback?error=access_denied&state=s1"
			e.setCookies = nil
		})},
			[]string{"failed login authorize !callback"}},
		{"ends at the provider", []testEntry{login(), authz(), idpPage},
			[]string{"incomplete login authorize identity-provider"}},
		{"two sign-ins", []testEntry{login(), authz(), callback(func(e *testEntry) { e.status, e.setCookies = 400, nil }), login(), authz(), callback(nil), landing(true)},
			[]string{"failed login authorize !callback", "signed-in login authorize callback landing"}},
		{"form login without a provider", func() []testEntry {
			post := nav("https://app.example.com/login")
			post.method, post.status = "POST", 302
			post.resp = [][2]string{{"location", "/home"}}
			post.setCookies = []string{"connect.sid=s%3AAbCdEfGhIjKlMnOpQrStUv.sig; Path=/; HttpOnly"}
			home := nav("https://app.example.com/home")
			home.cookie = "connect.sid=s%3AAbCdEfGhIjKlMnOpQrStUv.sig"
			return []testEntry{post, home}
		}(), []string{"signed-in login session"}},
		{"login without a response", func() []testEntry {
			post := nav("https://app.example.com/login")
			post.method, post.status = "POST", -1
			return []testEntry{post}
		}(), []string{"incomplete login"}},
		{"no sign-in", []testEntry{nav("https://news.example.com/"), sub("https://ads.example.net/x.js")}, nil},
		{"a widget's ping is no sign-in", []testEntry{nav("https://news.example.com/"), sub("https://www.social.example/connect/ping?client_id=1&redirect_uri=https%3A%2F%2Fstatic.social.example%2Fxd")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}}, tt.entries...)
			var got []string
			for _, f := range res.Flows {
				s := f.Outcome
				for i, st := range f.Steps {
					mark := ""
					if i == f.BrokeAt {
						mark = "!"
					}
					s += " " + mark + string(st.Role)
				}
				got = append(got, s)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("flows = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("flow %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
