package rules

import (
	"strings"
	"testing"
)

func TestCORSCredentialsBlocked(t *testing.T) {
	const app = "https://app.example.com"
	api := "https://api.example.com/session"
	cors := func(extra ...[2]string) [][2]string {
		return append([][2]string{{"origin", app}, {"sec-fetch-mode", "cors"}}, extra...)
	}
	preflight := func(headers string, extra ...[2]string) [][2]string {
		return append([][2]string{{"origin", app}, {"sec-fetch-mode", "cors"}, {"access-control-request-method", "GET"},
			{"access-control-request-headers", headers}}, extra...)
	}
	bearer := [2]string{"authorization", "Bearer " + flowJWS(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "u"})}
	tests := []struct {
		name string
		e    testEntry
		want string // substring of the one finding; "" for none
		sev  Severity
	}{
		{"cookie, no ACAO", testEntry{url: api, req: cors(), cookie: "theme=test1"}, "has no Access-Control-Allow-Origin", Medium},
		{"cookie, wildcard", testEntry{url: api, req: cors(), cookie: "theme=test1", resp: [][2]string{{"access-control-allow-origin", "*"}, {"access-control-allow-credentials", "true"}}},
			`answers Access-Control-Allow-Origin "*"`, Medium},
		{"cookie, ACAC True is not true", testEntry{url: api, req: cors(), cookie: "theme=test1", resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-credentials", "True"}}},
			`has Access-Control-Allow-Credentials "True", not "true"`, Medium},
		{"cookie, origin with trailing slash", testEntry{url: api, req: cors(), cookie: "theme=test1", resp: [][2]string{{"access-control-allow-origin", app + "/"}, {"access-control-allow-credentials", "true"}}},
			`allows the origin "https://app.example.com/"`, Medium},
		{"session cookie is high", testEntry{url: api, req: cors(), cookie: "next-auth.session-token=test1", resp: [][2]string{{"access-control-allow-origin", app}}},
			"no Access-Control-Allow-Credentials", High},
		{"bearer, wildcard is fine", testEntry{url: api, req: cors(bearer), resp: [][2]string{{"access-control-allow-origin", "*"}}}, "", 0},
		{"bearer, origin without ACAC is fine", testEntry{url: api, req: cors(bearer), resp: [][2]string{{"access-control-allow-origin", app}}}, "", 0},
		{"bearer, cached for another origin", testEntry{url: api, req: cors(bearer), resp: [][2]string{{"access-control-allow-origin", "https://www.example.com"}, {"cache-control", "public, max-age=300"}, {"x-cache", "Hit from cloudfront"}}},
			`a cache served it (x-cache: "Hit from cloudfront"), stored for another origin's request without Vary: Origin`, High},
		{"bearer, no ACAO", testEntry{url: api, req: cors(bearer)}, "sent an Authorization header, but the response has no Access-Control-Allow-Origin", High},
		{"correct credentialed", testEntry{url: api, req: cors(), cookie: "theme=test1", resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-credentials", "true"}}}, "", 0},
		{"null origin needs null", testEntry{url: api, req: [][2]string{{"origin", "null"}, {"sec-fetch-mode", "cors"}}, cookie: "theme=test1", resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-credentials", "true"}}},
			`allows the origin "https://app.example.com", not "null"`, Medium},
		{"same origin with explicit default port", testEntry{url: "https://app.example.com:443/api", req: cors(), cookie: "theme=test1"}, "", 0},
		{"other port is another origin", testEntry{url: "https://app.example.com:8443/api", req: cors(), cookie: "theme=test1"}, "has no Access-Control-Allow-Origin", Medium},
		{"no-cors request", testEntry{url: api, req: [][2]string{{"origin", app}, {"sec-fetch-mode", "no-cors"}}, cookie: "theme=test1"}, "", 0},
		{"navigation", testEntry{method: "POST", url: api, req: [][2]string{{"origin", app}, {"sec-fetch-mode", "navigate"}}, cookie: "theme=test1"}, "", 0},
		{"no fetch metadata, xhr", testEntry{url: api, req: [][2]string{{"origin", app}}, cookie: "theme=test1", resourceType: "xhr"}, "has no Access-Control-Allow-Origin", Medium},
		{"no fetch metadata, GET with Origin is CORS", testEntry{url: api, req: [][2]string{{"origin", app}}, cookie: "theme=test1"}, "has no Access-Control-Allow-Origin", Medium},
		{"no fetch metadata, POST may be a form", testEntry{method: "POST", url: api, req: [][2]string{{"origin", app}}, cookie: "theme=test1"}, "", 0},
		{"no fetch metadata, websocket handshake", testEntry{url: api, status: 101, req: [][2]string{{"origin", app}, {"upgrade", "websocket"}}, cookie: "theme=test1"}, "", 0},
		{"no response", testEntry{url: api, req: cors(), cookie: "theme=test1", status: -1}, "", 0},
		{"preflight without authorization", testEntry{method: "OPTIONS", url: api, req: preflight("content-type"), status: 403}, "", 0},
		{"preflight 403", testEntry{method: "OPTIONS", url: api, req: preflight("authorization"), status: 403}, "has status 403, not a 2xx status (preflights never carry credentials", High},
		{"preflight 500", testEntry{method: "OPTIONS", url: api, req: preflight("authorization"), status: 500}, "has status 500, not a 2xx status, so", High},
		{"preflight no ACAO", testEntry{method: "OPTIONS", url: api, req: preflight("authorization"), status: 204}, "has no Access-Control-Allow-Origin", High},
		{"preflight no ACAH", testEntry{method: "OPTIONS", url: api, req: preflight("authorization"), status: 204, resp: [][2]string{{"access-control-allow-origin", app}}},
			"has no Access-Control-Allow-Headers", High},
		{"preflight wildcard ACAH", testEntry{method: "OPTIONS", url: api, req: preflight("authorization"), status: 204, resp: [][2]string{{"access-control-allow-origin", "*"}, {"access-control-allow-headers", "*"}}},
			"the wildcard does not cover Authorization), which the Fetch standard refuses; Chromium and Firefox still allow it", Low},
		{"preflight ACAH lower-case list", testEntry{method: "OPTIONS", url: api, req: preflight("Authorization"), status: 200, resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-headers", "content-type, authorization"}}}, "", 0},
		{"preflight method not allowed", testEntry{method: "OPTIONS", url: api, req: [][2]string{{"origin", app}, {"access-control-request-method", "DELETE"}, {"access-control-request-headers", "authorization"}}, status: 204,
			resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-headers", "authorization"}, {"access-control-allow-methods", "GET, POST"}}},
			`does not allow the method "DELETE"`, High},
		{"preflight method wildcard", testEntry{method: "OPTIONS", url: api, req: [][2]string{{"origin", app}, {"access-control-request-method", "PUT"}, {"access-control-request-headers", "authorization"}}, status: 204,
			resp: [][2]string{{"access-control-allow-origin", app}, {"access-control-allow-headers", "authorization"}, {"access-control-allow-methods", "*"}}}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, CORSCredentialsBlocked, tt.e)
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
				if strings.Contains(ev.Value, "test1") || strings.Contains(ev.Value, "eyJ") {
					t.Errorf("secret in evidence: %+v", ev)
				}
			}
		})
	}
}
