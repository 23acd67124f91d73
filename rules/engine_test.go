package rules

import (
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

func TestSessions(t *testing.T) {
	cat := auth.Default()
	tests := []struct {
		name   string
		cookie string
		want   []SessionCookie // Name, Value, Chunks only
	}{
		{"unchunked keeps __Secure- prefix", "__Secure-authjs.session-token=abc; theme=dark",
			[]SessionCookie{{Name: "__Secure-authjs.session-token", Value: "abc"}}},
		{"prefix kept as written", "__secure-authjs.session-token=abc",
			[]SessionCookie{{Name: "__secure-authjs.session-token", Value: "abc"}}},
		{"chunked prefix kept", "__Secure-authjs.session-token.0=ab; __Secure-authjs.session-token.1=c",
			[]SessionCookie{{Name: "__Secure-authjs.session-token", Value: "abc", Chunks: []int{0, 1}}}},
		{"chunks joined in index order", "appSession.1=def; appSession.0=abc",
			[]SessionCookie{{Name: "appSession", Value: "abcdef", Chunks: []int{0, 1}}}},
		{"gap is kept visible", "__session__0=abc; __session__2=ghi",
			[]SessionCookie{{Name: "__session", Value: "abcghi", Chunks: []int{0, 2}}}},
		{"unchunked wins over chunks", "next-auth.session-token=whole; next-auth.session-token.0=part",
			[]SessionCookie{{Name: "next-auth.session-token", Value: "whole"}}},
		{"no session cookies", "_ga=GA1.1; theme=dark", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &har.Entry{Request: har.Request{Method: "GET", URL: "https://app.example/", Headers: har.Headers{{Name: "cookie", Value: tt.cookie}}}}
			got := newExchange(e, cat).Sessions()
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sessions %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Name != w.Name || g.Value != w.Value || len(g.Chunks) != len(w.Chunks) {
					t.Errorf("session %d = %q=%q chunks %v, want %q=%q chunks %v", i, g.Name, g.Value, g.Chunks, w.Name, w.Value, w.Chunks)
				}
				if g.Complete() != (w.Chunks == nil || w.Chunks[len(w.Chunks)-1] == len(w.Chunks)-1) {
					t.Errorf("session %d: Complete() = %v", i, g.Complete())
				}
			}
		})
	}
}

func TestPathTemplate(t *testing.T) {
	tests := map[string]string{
		"/api/auth/callback/google":                     "/api/auth/callback/google",
		"/users/12345/orders":                           "/users/:id/orders",
		"/orders/3f2a9c1b-5d6e-4f80-9a1b-2c3d4e5f6a7b":  "/orders/:id",
		"/files/a1b2c3d4e5f60718":                       "/files/:id",
		"/invite/Xk29fjQ0aL7mZp3R":                      "/invite/:id",
		"/_next/static/chunks/main-3f2a9c1b5d6e7f80.js": "/_next/static/chunks/:id",
		"/dashboard":                        "/dashboard",
		"/api/v1/me":                        "/api/v1/me",
		"/":                                 "/",
		"/.well-known/openid-configuration": "/.well-known/openid-configuration",
		"/blog/2024/how-we-fixed-login-on-every-platform": "/blog/:id/how-we-fixed-login-on-every-platform",
	}
	for in, want := range tests {
		if got := PathTemplate(in); got != want {
			t.Errorf("PathTemplate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFingerprintIgnoresVolatileParts(t *testing.T) {
	a := Finding{Rule: "cached-set-cookie", Key: "appSession", Entries: []EntryRef{{Index: 3, Method: "GET", URL: "https://App.example/users/123?code=[redacted:1]", OffsetMS: 10}}}
	b := Finding{Rule: "cached-set-cookie", Key: "appSession", Entries: []EntryRef{{Index: 9, Method: "get", URL: "https://app.example/users/456?code=[redacted:2]", OffsetMS: 99}}}
	if fingerprint(a) != fingerprint(b) {
		t.Error("fingerprint must not depend on entry index, time, ids in paths or query values")
	}
	c := b
	c.Key = "other"
	if fingerprint(c) == fingerprint(b) {
		t.Error("fingerprint must depend on the key")
	}
}

func TestIsRedactionMarker(t *testing.T) {
	for in, want := range map[string]bool{
		"[REDACTED]": true, "redacted": true, "********": true, "xxxxxxxx": true, "[redacted:1a2b3c4d]": true,
		"<hidden>": true, "abc": false, "eyJhbGciOiJkaXIifQ..a.b.c": false, "x": false, "**": false, "": false,
	} {
		if got := IsRedactionMarker(in); got != want {
			t.Errorf("IsRedactionMarker(%q) = %v, want %v", in, got, want)
		}
	}
}
