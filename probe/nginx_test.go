package probe

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// findNginx returns the nginx binary: "nginx" on PATH, or /usr/sbin/nginx
// (Debian installs it there, often outside a user's PATH). Without it the
// test is skipped on a developer machine and fails in CI (CI=true), where
// .ci/run installs it.
func findNginx(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if st, err := os.Stat("/usr/sbin/nginx"); err == nil && !st.IsDir() {
		return "/usr/sbin/nginx"
	}
	msg := "nginx not found (neither on PATH nor /usr/sbin/nginx): the end-to-end probe tests need it (apt-get install nginx)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// nginxCache describes the cache in front of the origin.
type nginxCache struct {
	// misconfigured caches auth routes whatever they say: it ignores
	// Cache-Control, Expires and Set-Cookie and passes Set-Cookie on.
	misconfigured bool
}

// The two nginx configurations. Both cache (proxy_cache_valid 200 302 400
// 1m, nginx's default key $scheme$proxy_host$request_uri, which ignores
// cookies) and expose $upstream_cache_status as X-Cache-Status ("always", so
// error responses carry it too). The misconfigured one adds
// proxy_ignore_headers Set-Cookie Cache-Control Expires without
// proxy_hide_header Set-Cookie: nginx then stores responses that set cookies
// and replays their Set-Cookie (nginx 0.8.44 changelog: "now nginx does not
// cache by default backend responses, if they have a Set-Cookie header
// line"; Maxim Dounin, https://nginx.org/pipermail/nginx/2010-July/021313.html:
// with proxy_ignore_headers Set-Cookie, "Set-Cookie header no longer hidden by
// default so you have to explicitly hide it via proxy_hide_header").
const nginxConf = `daemon off;
master_process off;
worker_processes 1;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path {{dir}}/client_body;
	proxy_temp_path {{dir}}/proxy_temp;
	fastcgi_temp_path {{dir}}/fastcgi_temp;
	uwsgi_temp_path {{dir}}/uwsgi_temp;
	scgi_temp_path {{dir}}/scgi_temp;
	proxy_cache_path {{dir}}/cache levels=1:2 keys_zone=auth:1m max_size=8m inactive=10m use_temp_path=off;
	server {
		listen 127.0.0.1:{{port}};
		location / {
			proxy_pass http://{{origin}};
			proxy_cache auth;
			proxy_cache_valid 200 302 400 1m;
{{extra}}
			add_header X-Cache-Status $upstream_cache_status always;
		}
	}
}
`

// startNginx runs nginx on a free 127.0.0.1 port in front of origin
// ("host:port") and returns its URL. It is stopped when the test ends.
func startNginx(t *testing.T, bin, origin string, c nginxCache) string {
	t.Helper()
	dir := t.TempDir()
	extra := ""
	if c.misconfigured {
		extra = "\t\t\tproxy_ignore_headers Set-Cookie Cache-Control Expires;"
	}
	var lastErr string
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		conf := strings.NewReplacer("{{dir}}", dir, "{{port}}", port, "{{origin}}", origin, "{{extra}}", extra).Replace(nginxConf)
		confPath := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		// -e: the error log before the config is read (nginx >= 1.19.5);
		// -p: the prefix, so nothing is written outside dir.
		cmd := exec.Command(bin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath)
		cmd.Stderr = &stderr
		cmd.Stdout = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start nginx: %v", err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		stop := func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(3 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}
		addr := "127.0.0.1:" + port
		if waitListening(addr, exited) {
			t.Cleanup(stop)
			return "http://" + addr
		}
		stop()
		log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		lastErr = stderr.String() + string(log)
	}
	t.Fatalf("nginx did not start:\n%s", lastErr)
	return ""
}

// freePort returns a TCP port free on 127.0.0.1 right now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// waitListening waits up to 5 s for addr to accept connections; false when
// the process exited or time ran out.
func waitListening(addr string, exited <-chan error) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return false
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// nginxSite starts the fake app (NextAuth and nextjs-auth0 v4) behind nginx.
func nginxSite(t *testing.T, c nginxCache) string {
	t.Helper()
	bin := findNginx(t)
	a, origin := newFakeApp(t, appOptions{nextAuth: true, auth0V4: true, noStore: true})
	front := startNginx(t, bin, strings.TrimPrefix(origin.URL, "http://"), c)
	a.opts.public = func() string { return front }
	return front
}

func TestNginxMisconfigured(t *testing.T) {
	for _, bust := range []bool{false, true} {
		t.Run(fmt.Sprintf("bust=%v", bust), func(t *testing.T) {
			front := nginxSite(t, nginxCache{misconfigured: true})
			cfg := testConfig(front)
			cfg.Session = sessionCookies()
			cfg.Bust = bust
			res := run(t, cfg)
			out, err := Analyze(res, rules.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ids := ruleIDs(out.Findings, rules.High)
			for _, want := range []string{"auth-route-cache-hit", "cached-set-cookie"} {
				if !slices.Contains(ids, want) {
					t.Errorf("findings at or above high: %q, want %s", ids, want)
				}
			}
			confirmedLeak := false
			for _, f := range out.Findings {
				for _, ev := range f.Evidence {
					if ev.Where == "probe" && ev.Name == "cross-user leak" && f.Confirmed && f.Severity == rules.Critical {
						confirmedLeak = true
					}
				}
			}
			if !confirmedLeak {
				t.Errorf("the cross-user leak was not confirmed; observations %+v", res.Observations)
				for _, f := range out.Findings {
					t.Logf("%s %s entry %d: %s", f.Severity, f.Rule, f.Entries[0].Index, f.Message)
				}
			}
			// Without --bust the session's request to the NextAuth session
			// route hits what the anonymous ones stored: the probe says so.
			inconclusive := slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "run with --bust") })
			if inconclusive == bust {
				t.Errorf("notes = %q", res.Notes)
			}
			// The written HAR gives the same rule IDs.
			var buf bytes.Buffer
			if err := har.Write(&buf, res.Log(), res.Entries()); err != nil {
				t.Fatal(err)
			}
			read, err := rules.Analyze(har.NewDecoder(&buf, "probe.har", har.Options{}), "probe.har", rules.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a, b := ruleIDs(out.Findings, rules.Info), ruleIDs(read.Findings, rules.Info); !slices.Equal(a, b) {
				t.Errorf("probe found %q, its HAR %q", a, b)
			}
		})
	}
}

func TestNginxCorrect(t *testing.T) {
	front := nginxSite(t, nginxCache{})
	cfg := testConfig(front)
	cfg.Session = sessionCookies()
	res := run(t, cfg)
	if len(res.Routes) < 6 {
		t.Fatalf("routes = %v: nginx did not pass the app through", routePaths(res))
	}
	if len(res.Observations) != 0 {
		t.Errorf("observations = %+v", res.Observations)
	}
	out, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out.Findings {
		if f.Severity >= rules.Medium {
			t.Errorf("%s %s: %s", f.Severity, f.Rule, f.Message)
		}
	}
}
