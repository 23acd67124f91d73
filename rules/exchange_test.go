package rules

import (
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

func TestExchangeSessionsByValue(t *testing.T) {
	// A JWS whose payload is {"sub":"test-user","exp":1795604400}, with a
	// fake signature.
	const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJleHAiOjE3OTU2MDQ0MDB9.c2lnbmF0dXJl"
	const sig = "9c2f0e1d4b7a6c5e8f3a2b1c0d9e8f7a"
	tests := []struct {
		name       string
		e          testEntry
		sent, set  []string // names expected to be session cookies
		notSession []string
	}{
		{"JWT named token; its deletion clears the session",
			testEntry{url: "https://app.example.com/api/session", cookie: "token=" + jwt + "; _ga=GA1.1.1.2",
				setCookies: []string{"token=; Path=/; Max-Age=0", "lang=; Path=/; Max-Age=0"}},
			[]string{"token"}, []string{"token"}, []string{"_ga", "lang"}},
		{"a deletion of a name the request did not send as a session stays unknown",
			testEntry{url: "https://app.example.com/", cookie: "_ga=GA1.1.1.2", setCookies: []string{"token=; Path=/; Max-Age=0"}},
			nil, nil, []string{"_ga", "token"}},
		{"uid and signature set together",
			testEntry{url: "https://app.example.com/login", setCookies: []string{"km_uid=1842; Path=/", "km_sign=" + sig + "; Path=/; HttpOnly", "ckpf_uid=63f2ae9c; Path=/"}},
			nil, []string{"km_uid", "km_sign"}, []string{"ckpf_uid"}},
		{"uid and enc sent together",
			testEntry{url: "https://app.example.com/", cookie: "km_uid=1842; km_enc=" + sig + "; mako_uid=15fb542f"},
			[]string{"km_uid", "km_enc"}, nil, []string{"mako_uid"}},
		{"a uid without its partner is a tracker",
			testEntry{url: "https://app.example.com/", cookie: "ckpf_uid=63f2ae9c658d46f6a36123da0fa693e9; other_enc=" + sig},
			nil, nil, []string{"ckpf_uid", "other_enc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := testExchange(t, tt.e)
			session := map[string]bool{}
			for _, c := range x.Cookies {
				session["sent "+c.Name] = c.Session()
			}
			for _, c := range x.SetCookies {
				session["set "+c.Name] = c.Session()
			}
			for _, n := range tt.sent {
				if !session["sent "+n] {
					t.Errorf("request cookie %q is not a session cookie", n)
				}
			}
			for _, n := range tt.set {
				if !session["set "+n] {
					t.Errorf("Set-Cookie %q is not a session cookie", n)
				}
			}
			for _, n := range tt.notSession {
				if session["sent "+n] || session["set "+n] {
					t.Errorf("cookie %q became a session cookie", n)
				}
			}
		})
	}
	x := testExchange(t, testEntry{url: "https://app.example.com/", cookie: "token=" + jwt})
	if s := x.Sessions(); len(s) != 1 || s[0].Name != "token" || s[0].Info.Library != auth.LibraryUnknown {
		t.Errorf("Sessions() = %+v, want the JWT cookie \"token\"", s)
	}
}

// TestExchangeIsOIDCCallback checks the memoised answer against the
// catalog's own, for the catalog the exchange was made with (whose route
// it reuses for GET and HEAD) and another one, with method-bound routes.
func TestExchangeIsOIDCCallback(t *testing.T) {
	custom, err := auth.Default().With([]auth.RouteRule{
		{Path: "/sso/done", Methods: []string{"POST"}, Kind: auth.RouteCallback},
		{Path: "/app/back", Methods: []string{"GET"}, Kind: auth.RouteCallback},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{
		"https://app.example.com/api/auth/callback/github?code=x&state=y",
		"https://app.example.com/api/auth/callback/github",
		"https://app.example.com/sso/done",
		"https://app.example.com/app/back",
		"https://app.example.com/home?code=abc&state=def",
		"https://app.example.com/home?error=access_denied&state=def",
		"https://app.example.com/home?state=def",
		"https://app.example.com/home",
		"://bad",
	}
	for _, made := range []*auth.Catalog{auth.Default(), custom} {
		for _, method := range []string{"GET", "HEAD", "POST", "get", "PUT"} {
			for _, raw := range urls {
				e := &har.Entry{Request: har.Request{Method: method, URL: raw}}
				x := newExchange(e, made)
				for _, ask := range []*auth.Catalog{made, auth.Default(), custom} {
					want := ask.IsOIDCCallback(x.URL)
					for range 2 { // computed, then memoised
						if got := x.IsOIDCCallback(ask); got != want {
							t.Errorf("%s %s: IsOIDCCallback = %v, catalog says %v", method, raw, got, want)
						}
					}
				}
			}
		}
	}
}
