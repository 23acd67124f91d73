package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // substring of the error, "" for no error
	}{
		{"empty", "", ""},
		{"comments only", "# nothing\n", ""},
		{"full", "fail-on: medium\nrules:\n  disable: [cached-set-cookie]\nroutes:\n  - path: /login/oauth2/code/:provider\n    kind: callback\n    methods: [GET]\ncookies:\n  - name: my_session\n    kind: session\n    chunked: .N\n", ""},
		{"unknown top-level key", "fail-on: high\nrulez: {}\n", "cfg.yaml:2: field rulez not found"},
		{"unknown route key", "routes:\n  - path: /x\n    kind: callback\n    method: GET\n", `cfg.yaml:4: unknown key "method"`},
		{"unknown cookie key", "cookies:\n  - nam: x\n", `cfg.yaml:2: unknown key "nam"`},
		{"bad route kind", "routes:\n  - path: /x\n    kind: callbak\n", "cfg.yaml:2: routes:"},
		{"bad cookie kind", "cookies:\n  - name: x\n    kind: sesion\n", "cfg.yaml:2: cookies:"},
		{"bad fail-on", "fail-on: severe\n", "fail-on: unknown severity"},
		{"unknown rule", "rules:\n  disable: [nope]\n", `unknown rule "nope"`},
		{"wrong type", "rules: [a, b]\n", "cfg.yaml:1:"},
		{"ignore ok", "ignore:\n  - rule: cached-set-cookie\n    url: /static/**\n    reason: assets carry a load-balancer cookie only\n", ""},
		{"ignore without reason", "ignore:\n  - rule: cached-set-cookie\n    url: /x\n", "cfg.yaml:2: ignore for cached-set-cookie on \"/x\": a reason is required"},
		{"ignore without url", "ignore:\n  - rule: cached-set-cookie\n    reason: r\n", "cfg.yaml:2: ignore for cached-set-cookie: url is required"},
		{"ignore unknown rule", "ignore:\n  - rule: nope\n    url: /x\n    reason: r\n", `cfg.yaml:2: ignore: unknown rule "nope"`},
		{"ignore typo key", "ignore:\n  - rule: cached-set-cookie\n    url: /x\n    reasn: r\n", `cfg.yaml:4: unknown key "reasn"`},
		{"severity override", "rules:\n  severity:\n    rolling-session-cookie: low\n", ""},
		{"severity bad value", "rules:\n  severity:\n    rolling-session-cookie: loud\n", "rules.severity: rolling-session-cookie"},
		{"severity unknown rule", "rules:\n  severity:\n    nope: low\n", `rules.severity: unknown rule "nope"`},
		{"syntax error", "routes: [\n", "cfg.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("cfg.yaml", []byte(tt.in))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("no error, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q does not contain %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func TestCatalogExtension(t *testing.T) {
	c, err := Parse("cfg.yaml", []byte("routes:\n  - path: /login/oauth2/code/:provider\n    kind: callback\ncookies:\n  - name: my_session\n    kind: session\n"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := c.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://app.example/login/oauth2/code/google?code=x")
	if r, ok := cat.Route("GET", u); !ok || r.Kind != auth.RouteCallback {
		t.Errorf("configured route not recognised: %+v %v", r, ok)
	}
	if info, ok := cat.ClassifyCookie("my_session", "v"); !ok || info.Kind != auth.CookieSession {
		t.Errorf("configured cookie not recognised: %+v %v", info, ok)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got != "" {
		t.Fatalf("Find with no config = %q", got)
	}
	p := filepath.Join(root, "a", FileName)
	os.WriteFile(p, []byte("fail-on: low\n"), 0o644)
	if got := Find(deep); got != p {
		t.Fatalf("Find = %q, want %q", got, p)
	}
}
