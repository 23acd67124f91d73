package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
	random := "Q2xT9vLm4Rk8Zp1Yw6Nc3Hb7Jd0Fg5Xe"
	uuid := "550e8400-e29b-41d4-a716-446655440000"
	tests := []struct {
		name, in  string
		want      string
		forbidden string
	}{
		{"plain", "https://app.example/api/me", "https://app.example/api/me", ""},
		{"callback code and state", "https://app.example/api/auth/callback?code=abc123&state=xyz",
			"https://app.example/api/auth/callback?code=" + Value("abc123") + "&state=" + Value("xyz"), "abc123"},
		{"keeps redirect_uri", "https://idp.example/authorize?client_id=c1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
			"https://idp.example/authorize?client_id=c1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb", ""},
		{"jwt in any param", "https://app.example/x?t=" + jwt, "https://app.example/x?t=" + Value(jwt), jwt},
		{"random value in any param", "https://app.example/x?ref=" + random, "https://app.example/x?ref=" + Value(random), random},
		{"uuid page id kept", "https://app.example/x?page=" + uuid, "https://app.example/x?page=" + uuid, ""},
		{"uuid under a secret name", "https://app.example/x?sessionid=" + uuid, "https://app.example/x?sessionid=" + Value(uuid), uuid},
		{"camelCase and dashed names", "https://app.example/x?accessToken=abc&access-token=def&csrfToken=ghi&_csrf=jkl",
			"https://app.example/x?accessToken=" + Value("abc") + "&access-token=" + Value("def") + "&csrfToken=" + Value("ghi") + "&_csrf=" + Value("jkl"), ""},
		{"oauth 1", "https://app.example/cb?oauth_token=tok1&oauth_verifier=ver1",
			"https://app.example/cb?oauth_token=" + Value("tok1") + "&oauth_verifier=" + Value("ver1"), "tok1"},
		{"token_type kept", "https://app.example/cb#access_token=tok&token_type=Bearer",
			"https://app.example/cb#access_token=" + Value("tok") + "&token_type=Bearer", "tok&"},
		{"jsessionid path parameter", "https://app.example/cart;jsessionid=1A2B3C4D5E?x=1",
			"https://app.example/cart;jsessionid=" + Value("1A2B3C4D5E") + "?x=1", "1A2B3C4D5E"},
		{"sid path parameter mid-path", "https://app.example/a;sid=s3cr3tv4lue/b", "https://app.example/a;sid=" + Value("s3cr3tv4lue") + "/b", "s3cr3tv4lue"},
		{"plain path parameter kept", "https://app.example/a;v=2/b", "https://app.example/a;v=2/b", ""},
		{"secret fragment without names", "https://app.example/cb#" + random, "https://app.example/cb#" + Value(random), random},
		{"userinfo password", "https://u:hunter2@app.example/", "", "hunter2"},
		{"unparseable", "https://app.example/%zz?code=abc", "", "abc"},
		{"unparseable path parameter", "https://app.example/%zz;jsessionid=abcdefgh", "", "abcdefgh"},
		{"empty value kept", "https://app.example/?code=", "https://app.example/?code=", ""},
		{"relative", "/cb?code=abc123", "/cb?code=" + Value("abc123"), "abc123"},
		{"placeholder kept", "https://app.example/?code=" + Value("x"), "https://app.example/?code=" + Value("x"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := URL(tt.in)
			if tt.want != "" && got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.forbidden != "" && strings.Contains(got, tt.forbidden) {
				t.Errorf("URL(%q) = %q still contains %q", tt.in, got, tt.forbidden)
			}
		})
	}
}

func TestPathParams(t *testing.T) {
	got := PathParams("/a;jsessionid=ABC;x=1/b;Q2xT9vLm4Rk8/c;e=")
	want := [][2]string{{"jsessionid", "ABC"}, {"x", "1"}, {"", "Q2xT9vLm4Rk8"}}
	if len(got) != len(want) {
		t.Fatalf("PathParams = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("PathParams[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://a.example/cb?code=x&state=y", "http://u:p@h/#id_token=eyJ.a.b", "%%", "?code=", "/a;jsessionid=x/b", "https://a.example/p;sid=%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := URL(s)
		if URL(out) != out {
			t.Fatalf("URL not idempotent on %q: %q then %q", s, out, URL(out))
		}
	})
}
