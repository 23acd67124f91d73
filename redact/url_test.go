package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
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
		{"fragment tokens", "https://app.example/cb#access_token=tok&token_type=Bearer",
			"https://app.example/cb#access_token=" + Value("tok") + "&token_type=Bearer", "tok&"},
		{"userinfo password", "https://u:hunter2@app.example/", "", "hunter2"},
		{"unparseable", "https://app.example/%zz?code=abc", "", "abc"},
		{"empty value kept", "https://app.example/?code=", "https://app.example/?code=", ""},
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

func TestLooksLikeJWT(t *testing.T) {
	for in, want := range map[string]bool{
		"eyJhbGciOiJkaXIifQ..iv.ct.tag": true,
		"eyJa.b.c":                      true,
		"eyJa.b":                        false,
		"abc.def.ghi":                   false,
		"":                              false,
	} {
		if got := LooksLikeJWT(in); got != want {
			t.Errorf("LooksLikeJWT(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://a.example/cb?code=x&state=y", "http://u:p@h/#id_token=eyJ.a.b", "%%", "?code="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := URL(s)
		if URL(out) != URL(URL(s)) {
			t.Fatalf("URL not idempotent on %q", s)
		}
	})
}
