package probe

import (
	"net/http"
	"strings"
	"testing"
)

// TestAuthorizationOnlyWhenSignedIn: an Authorization header given with -H
// goes only with the session steps, like the session's cookies, never with
// an anonymous request, a callback or a discovery request; without a
// cookie file it alone makes the plan have session steps.
func TestAuthorizationOnlyWhenSignedIn(t *testing.T) {
	const bearer = "Bearer probe-test-token-0123456789"
	tests := []struct {
		name    string
		session []Cookie
	}{
		{"with a cookie file", []Cookie{{Name: nextAuthSession, Value: "sess-alice"}}},
		{"Authorization alone", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, srv := newFakeApp(t, appOptions{nextAuth: true})
			cfg := testConfig(srv.URL)
			cfg.Session = tt.session
			cfg.Header = http.Header{"Authorization": {bearer}, "X-Extra": {"yes"}}
			res := run(t, cfg)
			signedIn := 0
			for _, h := range a.log() {
				if h.Extra != "yes" {
					t.Errorf("%s: the other -H headers go with every request", h.Path)
				}
				switch {
				case h.Authorization == "" && h.Cookie == "":
				case h.Authorization != bearer:
					t.Errorf("%s: Authorization %q, want the given one", h.Path, h.Authorization)
				case strings.Contains(h.Path, "callback"):
					t.Errorf("%s: credentials must never go to a callback", h.Path)
				default:
					signedIn++
				}
			}
			steps := 0
			for _, x := range res.Exchanges {
				has := x.Entry.Request.Headers.Get("Authorization") != ""
				if has != (x.Step == StepSession) {
					t.Errorf("%s %s: Authorization sent %v", x.Route, x.Step, has)
				}
				if x.Step == StepSession {
					steps++
				}
			}
			if steps == 0 || signedIn != steps {
				t.Errorf("%d session steps, %d requests with credentials", steps, signedIn)
			}
		})
	}
}
