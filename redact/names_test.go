package redact

import "testing"

func TestClassOf(t *testing.T) {
	tests := []struct {
		name string
		want Class
	}{
		// The names issue 9 found printed in clear.
		{"accessToken", Credential}, {"access-token", Credential}, {"csrfToken", Credential},
		{"csrf", Credential}, {"_csrf", Credential}, {"sessionid", Session}, {"sso", Credential},
		{"bearer", Credential}, {"pass", Credential}, {"oauth_token", Credential},
		{"oauth_verifier", OneTime}, {"hash", OneTime},
		// The OAuth and OIDC parameters.
		{"code", OneTime}, {"state", OneTime}, {"id_token", Credential}, {"refresh_token", Credential},
		{"client_secret", Credential}, {"password", Credential}, {"Access_Token", Credential},
		{"X-Amz-Signature", Credential}, {"x-csrf-token", Credential}, {"nextPageToken", Credential},
		{"jsessionid", Session}, {"JSESSIONID", Session}, {"PHPSESSID", Session}, {"sid", Session},
		{"deviceSessionId", Session}, {"app.secret", Credential},
		// Ordinary names stay plain.
		{"token_type", Plain}, {"tokenUrl", Plain}, {"page", Plain}, {"redirect_uri", Plain},
		{"client_id", Plain}, {"scope", Plain}, {"ref", Plain}, {"q", Plain}, {"countryCode", Plain},
		{"", Plain},
	}
	for _, tt := range tests {
		if got := ClassOf(tt.name); got != tt.want {
			t.Errorf("ClassOf(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNormName(t *testing.T) {
	for in, want := range map[string]string{
		"access_token": "accesstoken", "accessToken": "accesstoken", "Access-Token": "accesstoken",
		"_csrf": "csrf", "id_token_hint": "idtokenhint", "": "",
	} {
		if got := NormName(in); got != want {
			t.Errorf("NormName(%q) = %q, want %q", in, got, want)
		}
	}
}
