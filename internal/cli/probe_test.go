package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlint/authlint/probe"
)

// probeSite is a small NextAuth-like app; cached puts a misconfigured shared
// cache in front of it (every 200 stored by URI, Set-Cookie included).
func probeSite(t *testing.T, cached bool) (string, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	n := 0
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		n++
		v := n
		mu.Unlock()
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/auth/session":
			if c, err := r.Cookie("next-auth.session-token"); err == nil && strings.HasPrefix(c.Value, "sess-") {
				w.Header().Add("Set-Cookie", fmt.Sprintf("next-auth.session-token=sess-%d; Path=/; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax", v))
				fmt.Fprint(w, `{"user":{"email":"alice@example.com"}}`)
				return
			}
			fmt.Fprint(w, `{}`)
		case "/api/auth/csrf":
			w.Header().Add("Set-Cookie", fmt.Sprintf("next-auth.csrf-token=tok%d%%7Chash; Path=/; HttpOnly; Secure; SameSite=Lax", v))
			fmt.Fprintf(w, `{"csrfToken":"tok%d"}`, v)
		default:
			http.NotFound(w, r)
		}
	})
	var h http.Handler = app
	if cached {
		type stored struct {
			header http.Header
			code   int
			body   []byte
		}
		store := map[string]stored{}
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			s, ok := store[r.URL.RequestURI()]
			mu.Unlock()
			status := "HIT"
			if !ok {
				status = "MISS"
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, r)
				s = stored{rec.Header(), rec.Code, rec.Body.Bytes()}
				if s.code == 200 {
					mu.Lock()
					store[r.URL.RequestURI()] = s
					mu.Unlock()
				}
			}
			for k, v := range s.header {
				w.Header()[k] = v
			}
			w.Header().Set("X-Cache-Status", status)
			w.WriteHeader(s.code)
			w.Write(s.body)
		})
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, &seen
}

// ruleIDsOf returns the distinct rule IDs of a short report.
func ruleIDsOf(short string) []string {
	var ids []string
	for _, line := range strings.Split(short, "\n") {
		if i := strings.LastIndex(line, " ["); i >= 0 && strings.HasSuffix(line, "]") {
			ids = append(ids, line[i+2:len(line)-1])
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestProbeLeakAndHAROut(t *testing.T) {
	site, _ := probeSite(t, true)
	harPath := filepath.Join(t.TempDir(), "probe.har")
	// An existing, world-readable file is rewritten readable only by
	// the user: the recording holds the session as sent.
	if err := os.WriteFile(harPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{cookieEnv: "next-auth.session-token=sess-alice"}
	r := runCLI(t, "", env, "probe", "--rate", "0", "--format", "short", "--har-out", harPath, site)
	if r.code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitFindings, r.stdout, r.stderr)
	}
	if fi, err := os.Stat(harPath); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("--har-out file has mode %v, want 0600", fi.Mode().Perm())
	}
	ids := ruleIDsOf(r.stdout)
	for _, want := range []string{"auth-route-cache-hit", "cached-set-cookie"} {
		if !slices.Contains(ids, want) {
			t.Errorf("rules %q, want %s\n%s", ids, want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "sess-alice") {
		t.Error("the session value appears in the output")
	}
	// The HAR analyses to the same rule IDs.
	a := runCLI(t, "", nil, "analyze", "--format", "short", harPath)
	if got := ruleIDsOf(a.stdout); !slices.Equal(got, ids) {
		t.Errorf("analyze of --har-out found %q, the probe %q\n%s%s", got, ids, a.stdout, a.stderr)
	}
	// JSON: the leak is confirmed and critical.
	j := runCLI(t, "", env, "probe", "--rate", "0", "--format", "json", "--bust", site)
	var rep struct {
		Findings []struct {
			Rule      string `json:"rule"`
			Severity  string `json:"severity"`
			Confirmed bool   `json:"confirmed"`
			Evidence  []struct {
				Where, Name string
			} `json:"evidence"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, j.stdout)
	}
	leak := false
	for _, f := range rep.Findings {
		for _, ev := range f.Evidence {
			if ev.Where == "probe" && ev.Name == "cross-user leak" && f.Confirmed && f.Severity == "critical" {
				leak = true
			}
		}
	}
	if !leak {
		t.Errorf("no confirmed critical cross-user leak in\n%s", j.stdout)
	}
}

func TestProbeHealthy(t *testing.T) {
	site, seen := probeSite(t, false)
	cookies := writeTemp(t, "cookies.txt", []byte("# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tnext-auth.session-token\tsess-alice\n"))
	r := runCLI(t, "", nil, "probe", "--rate", "0", "--cookie-file", cookies, "--fail-on", "medium", site)
	if r.code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, s := range *seen {
		if !strings.HasPrefix(s, "GET ") {
			t.Errorf("%s: only GET is allowed", s)
		}
	}
	if !strings.Contains(r.stdout, "probe:"+site) {
		t.Errorf("report does not name the target:\n%s", r.stdout)
	}
}

func TestProbeErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	site, _ := probeSite(t, false)
	missing := filepath.Join(t.TempDir(), "nope.txt")
	bad := writeTemp(t, "bad.txt", []byte("just-a-token-without-equals\n"))
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unreachable", nil, []string{"probe", closed}, ExitFailure, "could not be reached: connection refused"},
		{"not a URL", nil, []string{"probe", "ftp://x.example"}, ExitUsage, "http or https"},
		{"cookie header", nil, []string{"probe", "-H", "Cookie: a=b", site}, ExitUsage, "--cookie-file"},
		{"bad header", nil, []string{"probe", "-H", "nocolon", site}, ExitUsage, "'Name: value'"},
		{"bad header name", nil, []string{"probe", "-H", "X Y: z", site}, ExitUsage, "'Name: value'"},
		{"missing cookie file", nil, []string{"probe", "--cookie-file", missing, site}, ExitUsage, "--cookie-file"},
		{"bad cookie file", nil, []string{"probe", "--cookie-file", bad, site}, ExitUsage, "line 1"},
		{"bad cookie env", map[string]string{cookieEnv: "x"}, []string{"probe", site}, ExitUsage, cookieEnv},
		{"zero concurrency", nil, []string{"probe", "--concurrency", "0", site}, ExitUsage, "--concurrency"},
		{"no discover without routes", nil, []string{"probe", "--no-discover", site}, ExitUsage, "--no-discover"},
		{"route on another origin", nil, []string{"probe", "--route", "https://other.example/x", site}, ExitUsage, "origin"},
		{"no URL", nil, []string{"probe"}, ExitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.env, tt.args...)
			if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestProbeRouteAndHeader(t *testing.T) {
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Path+" "+r.Header.Get("X-Env")+" "+r.Header.Get("User-Agent"))
		mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	r := runCLI(t, "", nil, "probe", "--rate", "0", "--no-discover", "--route", "/api/me", "-H", "X-Env: staging", "-H", "User-Agent: custom/1", srv.URL)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := []string{"/api/me staging custom/1", "/api/me staging custom/1"}
	if !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

func TestProgressLine(t *testing.T) {
	var b strings.Builder
	p := &progressLine{w: &b, on: true}
	up := p.update("https://app.example")
	up(probe.Progress{Route: "/api/auth/session", Sent: 3, Max: 60})
	up(probe.Progress{Route: "/me", Sent: 4, Max: 60})
	p.clear()
	want := "\rprobe https://app.example: 3/60 requests, /api/auth/session" +
		"\rprobe https://app.example: 4/60 requests, /me" + strings.Repeat(" ", len("/api/auth/session")-len("/me")) +
		"\r" + strings.Repeat(" ", len("probe https://app.example: 4/60 requests, /me")) + "\r"
	if b.String() != want {
		t.Errorf("progress output %q, want %q", b.String(), want)
	}
	// Not a terminal: silent.
	var q strings.Builder
	silent := newProgressLine(&env{stderr: &q})
	if silent.update("x") != nil {
		t.Error("progress shown on a non-terminal")
	}
	silent.clear()
	if q.Len() != 0 {
		t.Errorf("wrote %q to a non-terminal", q.String())
	}
}

func TestProbeRouteErrorInReport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/auth/csrf":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"csrfToken":"x"}`)
		case "/api/auth/session":
			select { // never answers within --timeout
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	r := runCLI(t, "", nil, "probe", "--rate", "0", "--timeout", "200ms", "--format", "json", srv.URL)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := "probe " + srv.URL + ": GET /api/auth/session (anonymous-1): no response within 200ms (--timeout)"
	if !slices.Contains(rep.Warnings, want) {
		t.Errorf("warnings %q, want %q", rep.Warnings, want)
	}
}

// TestProbeWarningsRedacted: a --route that carries a secret parameter is
// named in the warnings with its value redacted, on stderr and in reports.
func TestProbeWarningsRedacted(t *testing.T) {
	site, _ := probeSite(t, false)
	const secret = "probeRouteSecret0123456789"
	for _, format := range []string{"text", "json"} {
		r := runCLI(t, "", nil, "probe", "--rate", "0", "--format", format, "--fail-on", "none", "--route", "/missing?access_token="+secret, site)
		if !strings.Contains(r.stdout+r.stderr, "/missing?access_token=") {
			t.Errorf("%s: the warning about the missing route is gone:\n%s%s", format, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("%s: the route's secret is printed:\n%s%s", format, r.stdout, r.stderr)
		}
		s := runCLI(t, "", nil, "probe", "--rate", "0", "--format", format, "--fail-on", "none", "--show-secrets", "--route", "/missing?access_token="+secret, site)
		if !strings.Contains(s.stdout+s.stderr, secret) {
			t.Errorf("%s: --show-secrets hides the route's value", format)
		}
	}
}
