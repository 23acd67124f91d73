package auth

import "testing"

func TestLooksLikeAuthorizationRequest(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://tenant.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb&state=x", true},
		{"https://idp.example/auth?client_id=abc&response_type=code", true},
		{"https://idp.example/anything?redirect_uri=https://app/cb", true},
		{"https://idp.example/par?client_id=abc&request_uri=urn:ietf:params:oauth:request_uri:6esc", true},
		{"https://idp.example/x?client%5Fid=abc&response%5Ftype=code", true},
		{"https://idp.example/authorize?response_type=code", false},
		{"https://idp.example/authorize?client_id=abc", false},
		{"https://idp.example/authorize?response_type=&client_id=abc", false},
		{"https://idp.example/authorize?redirect_uri=", false},
		{"https://idp.example/logout?post_logout_redirect_uri=https://app/", false},
		{"https://idp.example/authorize", false},
		{"https://app.example/search?q=client_id+response_type", false},
	}
	for _, tt := range tests {
		if got := LooksLikeAuthorizationRequest(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("LooksLikeAuthorizationRequest(%s) = %v, want %v", tt.url, got, tt.want)
		}
	}
	if LooksLikeAuthorizationRequest(nil) {
		t.Error("LooksLikeAuthorizationRequest(nil) = true")
	}
}

func TestIsOIDCCallback(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://app.example/api/auth/callback/github", true},
		{"https://app.example/auth/callback", true},
		{"https://app.example/signin-oidc", true},
		{"https://app.example/whatever?code=abc&state=xyz", true},
		{"https://app.example/whatever?state=xyz&error=access_denied&error_description=no", true},
		{"https://app.example/whatever?code=abc", false},
		{"https://app.example/whatever?state=xyz", false},
		{"https://app.example/whatever?code=&state=xyz", false},
		{"https://app.example/api/auth/session", false},
		{"https://app.example/promo?code=SUMMER", false},
		{"https://app.example/", false},
	}
	for _, tt := range tests {
		if got := IsOIDCCallback(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("IsOIDCCallback(%s) = %v, want %v", tt.url, got, tt.want)
		}
	}
	if IsOIDCCallback(nil) {
		t.Error("IsOIDCCallback(nil) = true")
	}
}
