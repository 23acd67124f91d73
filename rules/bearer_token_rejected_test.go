package rules

import (
	"maps"
	"strings"
	"testing"
	"time"
)

func TestBearerChallenge(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string // nil: no Bearer challenge
	}{
		{"rfc 6750 example", `Bearer realm="example", error="invalid_token", error_description="The access token expired"`,
			map[string]string{"realm": "example", "error": "invalid_token", "error_description": "The access token expired"}},
		{"scope list", `Bearer error="insufficient_scope", scope="read:orders write:orders"`,
			map[string]string{"error": "insufficient_scope", "scope": "read:orders write:orders"}},
		{"lower-case scheme, token values", `bearer error=invalid_token,realm=api`,
			map[string]string{"error": "invalid_token", "realm": "api"}},
		{"no params", `Bearer`, map[string]string{}},
		{"after another challenge", `Basic realm="admin", Bearer realm="api", error="invalid_token"`,
			map[string]string{"realm": "api", "error": "invalid_token"}},
		{"before another challenge", `Bearer realm="api", Basic realm="admin"`, map[string]string{"realm": "api"}},
		{"express-oauth2-jwt-bearer 1.10.0 with DPoP", `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value", DPoP algs="RS256 ES256"`,
			map[string]string{"realm": "api", "error": "invalid_token", "error_description": "Unexpected 'aud' value"}},
		{"escaped quote and comma in value", `Bearer error_description="bad \"aud\", expected x", error="invalid_token"`,
			map[string]string{"error_description": `bad "aud", expected x`, "error": "invalid_token"}},
		{"first duplicate wins", `Bearer error="invalid_token", error="other"`, map[string]string{"error": "invalid_token"}},
		{"only Basic", `Basic realm="admin"`, nil},
		{"Negotiate token68", `Negotiate abc==`, nil},
		{"empty", ``, nil},
		{"unterminated quote", `Bearer error="invalid_token`, map[string]string{"error": "invalid_token"}},
		{"scheme prefix is not Bearer", `BearerX error="invalid_token"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := bearerChallenge(tt.in)
			if ok != (tt.want != nil) {
				t.Fatalf("bearerChallenge(%q) ok = %v, want %v", tt.in, ok, tt.want != nil)
			}
			if ok && !maps.Equal(got, tt.want) {
				t.Errorf("bearerChallenge(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzBearerChallenge(f *testing.F) {
	for _, s := range []string{`Bearer realm="api", error="invalid_token"`, `Basic realm="x", Bearer scope="a b"`,
		`Bearer error_description="a\"b"`, `Bearer ,,, =`, `Bearer a="`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		params, ok := bearerChallenge(s)
		if !ok {
			return
		}
		if !strings.Contains(strings.ToLower(s), "bearer") {
			t.Fatalf("Bearer challenge found in %q", s)
		}
		for k := range params {
			if k != strings.ToLower(k) || k == "" {
				t.Fatalf("parameter name %q not lower-case token", k)
			}
		}
	})
}

func TestJSONTokenError(t *testing.T) {
	tests := []struct {
		name, body string
		ok         bool
		code, desc string
	}{
		{"oauth error", `{"error":"invalid_token","error_description":"Token expired"}`, true, "invalid_token", "Token expired"},
		{"code field", `{"code":"INVALID_TOKEN","message":"bad aud"}`, true, "invalid_token", "bad aud"},
		{"jsonwebtoken expired", `{"message":"jwt expired"}`, true, "", "jwt expired"},
		{"jsonwebtoken audience", `{"error":"jwt audience invalid. expected: https://api.example.com"}`, true, "", "jwt audience invalid. expected: https://api.example.com"},
		{"generic unauthorized", `{"message":"Unauthorized"}`, false, "", ""},
		{"not json", `jwt expired`, false, "", ""},
		{"array", `[{"error":"invalid_token"}]`, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te, ok := jsonTokenError(tt.body)
			if ok != tt.ok || ok && (te.code != tt.code || te.description != tt.desc) {
				t.Errorf("jsonTokenError(%q) = %+v, %v; want code %q desc %q, %v", tt.body, te, ok, tt.code, tt.desc, tt.ok)
			}
		})
	}
}

func TestExpectedAudience(t *testing.T) {
	for in, want := range map[string]string{
		"jwt audience invalid. expected: https://api.example.com":                "https://api.example.com",
		"jwt audience invalid. expected: https://a.example or https://b.example": "https://a.example",
		`Unexpected 'aud' value, expected: "urn:api".`:                           "urn:api",
		"jwt issuer invalid. expected: https://tenant.example.com/":              "",
		"Unexpected 'aud' value":                                                 "",
	} {
		got, _ := expectedAudience(in)
		if got != want {
			t.Errorf("expectedAudience(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBearerTokenRejectedFlows(t *testing.T) {
	api := "https://api.example.com/v1/orders"
	authz := testEntry{url: "https://tenant.example.com/authorize?client_id=client-1&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback&state=s1", status: 302,
		resp: [][2]string{{"location", "https://tenant.example.com/u/login"}}}
	bearer := func(claims map[string]any) [][2]string {
		return [][2]string{{"authorization", "Bearer " + flowJWS(t, map[string]any{"alg": "RS256"}, claims)}}
	}
	invalid := [][2]string{{"www-authenticate", `Bearer error="invalid_token"`}}
	exp := func(d time.Duration) float64 { return float64(testStart.Add(d).Unix()) }
	tests := []struct {
		name    string
		entries []testEntry
		want    string // substring of the one finding; "" for none
		sev     Severity
	}{
		{"expired at request start without Date",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "https://api.example.com", "exp": exp(-time.Hour)}), resp: invalid}},
			"expired at 2025-03-04T09:00:00Z, 1h0m0s before the request's start", High},
		{"expected audience from the description",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "https://other.example.com", "exp": exp(time.Hour)}),
				resp: [][2]string{{"www-authenticate", `Bearer error="invalid_token", error_description="jwt audience invalid. expected: urn:orders"`}}}},
			`not the audience "urn:orders" the API expects`, High},
		{"audience described, compared with the API's origin",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "https://other.example.com", "exp": exp(time.Hour)}),
				resp: [][2]string{{"www-authenticate", `Bearer error="invalid_token", error_description="Invalid audience"`}}}},
			"does not name the API at https://api.example.com", High},
		{"audience naming the API's host is not blamed",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "https://api.example.com/v1", "exp": exp(time.Hour)}),
				resp: [][2]string{{"www-authenticate", `Bearer error="invalid_token", error_description="Invalid audience"`}}}},
			"show no reason", Low},
		{"audience of another host without a description",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "https://billing.example.com/", "exp": exp(time.Hour)}), resp: invalid}},
			`has aud "https://billing.example.com/", which does not name the API at https://api.example.com`, High},
		{"identifier audience without a description is not judged",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "urn:billing", "exp": exp(time.Hour)}), resp: invalid}},
			"show no reason", Low},
		{"id token by nonce",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "c", "nonce": "n", "exp": exp(time.Hour)}), resp: invalid}},
			"is an ID token: it has nonce and no scope", High},
		{"id token by the flow's client_id",
			[]testEntry{authz, {url: api, status: 401, req: bearer(map[string]any{"aud": "client-1", "exp": exp(time.Hour), "scope": "openid"}), resp: invalid}},
			`its aud "client-1" is the client_id`, High},
		{"typed access token is never an ID token",
			[]testEntry{authz, {url: api, status: 401, req: [][2]string{{"authorization", "Bearer " + flowJWS(t, map[string]any{"alg": "RS256", "typ": "at+jwt"}, map[string]any{"aud": "client-1", "nonce": "n", "exp": exp(time.Hour)})}}, resp: invalid}},
			"show no reason", Low},
		{"scp array covers the scope",
			[]testEntry{{url: api, status: 403, req: bearer(map[string]any{"aud": "https://api.example.com", "scp": []any{"read", "write"}, "exp": exp(time.Hour)}),
				resp: [][2]string{{"www-authenticate", `Bearer error="insufficient_scope", scope="write"`}}}},
			"show no reason", Low},
		{"scp string lacks the scope",
			[]testEntry{{url: api, status: 403, req: bearer(map[string]any{"aud": "https://api.example.com", "scp": "read", "exp": exp(time.Hour)}),
				resp: [][2]string{{"www-authenticate", `Bearer error="insufficient_scope", scope="read write"`}}}},
			`lacks the scope "write" the API requires (it has scope "read")`, High},
		{"issuer other than the flow's provider",
			[]testEntry{authz, {url: api, status: 401, req: bearer(map[string]any{"iss": "https://evil.example.net/", "aud": "https://api.example.com", "exp": exp(time.Hour), "scope": "read"}), resp: invalid}},
			`was issued by "https://evil.example.net/"`, High},
		{"issuer not judged without a flow",
			[]testEntry{{url: api, status: 401, req: bearer(map[string]any{"iss": "https://evil.example.net/", "aud": "https://api.example.com", "exp": exp(time.Hour), "scope": "read"}), resp: invalid}},
			"show no reason", Low},
		{"401 asking for a token", []testEntry{{url: api, status: 401, req: bearer(map[string]any{"aud": "x"}), resp: [][2]string{{"www-authenticate", `Bearer realm="api"`}}}}, "", 0},
		{"200", []testEntry{{url: api, req: bearer(map[string]any{"aud": "x", "exp": exp(-time.Hour)}), resp: invalid}}, "", 0},
		{"JWE bearer", []testEntry{{url: api, status: 401, req: [][2]string{{"authorization", "Bearer " + flowJWE()}}, resp: invalid}}, "", 0},
		{"token scheme other than Bearer", []testEntry{{url: api, status: 401, req: [][2]string{{"authorization", "DPoP " + flowJWS(t, map[string]any{"alg": "ES256"}, map[string]any{"aud": "x"})}}, resp: invalid}}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, BearerTokenRejected, tt.entries...)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("got %d findings, want none: %s", len(fs), fs[0].Message)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			if !strings.Contains(fs[0].Message, tt.want) {
				t.Errorf("message %q does not contain %q", fs[0].Message, tt.want)
			}
			if fs[0].Severity != tt.sev {
				t.Errorf("severity %v, want %v", fs[0].Severity, tt.sev)
			}
			for _, ev := range fs[0].Evidence {
				if ev.Name == "authorization" && strings.Contains(ev.Value, "eyJ") {
					t.Errorf("token not redacted in evidence: %q", ev.Value)
				}
			}
		})
	}
}

func TestRedactWords(t *testing.T) {
	p := &Pass{run: &run{}}
	jwt := flowJWS(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "x"})
	got := redactWords(p, "token "+jwt+" rejected; key AbCdEf0123456789AbCdEf0123456789xy is wrong; see https://example.com/docs")
	if strings.Contains(got, jwt) || strings.Contains(got, "AbCdEf0123456789AbCdEf0123456789xy") {
		t.Errorf("secrets left in %q", got)
	}
	if !strings.Contains(got, "rejected") || !strings.Contains(got, "https://example.com/docs") {
		t.Errorf("explanation lost: %q", got)
	}
}
