package probe

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
)

// testConfig is a Config for tests: no rate limit, short timeouts.
func testConfig(target string) Config {
	return Config{Target: target, Rate: -1, Timeout: 2 * time.Second, Deadline: 10 * time.Second, Version: "test"}
}

func run(t *testing.T, cfg Config) *Result {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func routePaths(res *Result) []string {
	var out []string
	for _, r := range res.Routes {
		out = append(out, r.Path)
	}
	return out
}

func TestDiscovery(t *testing.T) {
	tests := []struct {
		name       string
		opts       appOptions
		wantRoutes []string
		wantAbsent int
		wantNote   string
	}{
		{
			name:       "nextauth",
			opts:       appOptions{nextAuth: true},
			wantRoutes: []string{"/api/auth/providers", "/api/auth/csrf", "/api/auth/session", "/api/auth/callback/google"},
			wantAbsent: 3,
		},
		{
			name:       "nextjs-auth0 v3",
			opts:       appOptions{auth0V3: true},
			wantRoutes: []string{"/api/auth/me", "/api/auth/callback"},
			wantAbsent: 5,
		},
		{
			name:       "nextjs-auth0 v4",
			opts:       appOptions{auth0V4: true},
			wantRoutes: []string{"/auth/profile", "/auth/access-token", "/auth/callback"},
			wantAbsent: 4,
		},
		{
			name:       "spa catch-all is not an auth library",
			opts:       appOptions{catchAll: true},
			wantAbsent: 6,
			wantNote:   "--route",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newFakeApp(t, tt.opts)
			res := run(t, testConfig(srv.URL))
			if got := routePaths(res); !slices.Equal(got, tt.wantRoutes) {
				t.Errorf("routes = %q, want %q", got, tt.wantRoutes)
			}
			if len(res.Absent) != tt.wantAbsent {
				t.Errorf("absent = %q, want %d", res.Absent, tt.wantAbsent)
			}
			if tt.wantNote != "" && !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, tt.wantNote) }) {
				t.Errorf("notes = %q, want one mentioning %q", res.Notes, tt.wantNote)
			}
			for _, x := range res.Exchanges {
				if x.Entry.Aborted() || x.Entry.Response.Status == 404 {
					t.Errorf("entry %d (%s %s): absent or failed requests must not be recorded", x.Entry.Index, x.Step, x.Route)
				}
			}
		})
	}
}

func TestDiscoveryBasePath(t *testing.T) {
	a, srv := newFakeApp(t, appOptions{nextAuth: true})
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app", a))
	base := httptest.NewServer(mux)
	t.Cleanup(base.Close)
	_ = srv
	res := run(t, testConfig(base.URL+"/app/"))
	want := []string{"/app/api/auth/providers", "/app/api/auth/csrf", "/app/api/auth/session"}
	if got := routePaths(res); len(got) < 3 || !slices.Equal(got[:3], want) {
		t.Errorf("routes = %q, want %q first", got, want)
	}
}

// planOf summarises what the app received: "path step-ish" lines.
func TestPlan(t *testing.T) {
	a, srv := newFakeApp(t, appOptions{nextAuth: true, auth0V4: true})
	cfg := testConfig(srv.URL)
	cfg.Session = []Cookie{{Name: nextAuthSession, Value: "sess-alice"}, {Name: auth0V4Session, Value: "sess-carol"}}
	cfg.Header = http.Header{"X-Extra": {"yes"}}
	cfg.Routes = []string{"/dashboard"}
	res := run(t, cfg)

	type count struct{ anon, session int }
	got := map[string]*count{}
	for _, h := range a.log() {
		if h.Method != http.MethodGet {
			t.Errorf("%s %s: the probe sends only GET", h.Method, h.Path)
		}
		if h.UserAgent != "authlint/test (+https://github.com/authlint/authlint)" {
			t.Errorf("User-Agent = %q", h.UserAgent)
		}
		if h.Extra != "yes" {
			t.Errorf("%s: extra header missing", h.Path)
		}
		c := got[h.Path]
		if c == nil {
			c = &count{}
			got[h.Path] = c
		}
		if h.Cookie != "" {
			c.session++
		} else {
			c.anon++
		}
		if strings.Contains(h.Path, "callback") {
			if h.Cookie != "" {
				t.Errorf("%s: the session must never go to a callback", h.Path)
			}
			q, _ := url.ParseQuery(h.Query)
			if q.Get("code") != DummyCode || q.Get("state") != DummyState {
				t.Errorf("%s?%s: callback without the dummy code and state", h.Path, h.Query)
			}
		}
	}
	want := map[string]count{
		"/api/auth/providers":       {2, 0}, // public: no session step
		"/api/auth/csrf":            {3, 1},
		"/api/auth/session":         {3, 1},
		"/api/auth/callback/google": {2, 0},
		"/api/auth/me":              {1, 0}, // absent: discovery only
		"/auth/profile":             {3, 1},
		"/auth/access-token":        {3, 1},
		"/auth/callback":            {2, 0},
		"/dashboard":                {1, 0}, // 404 on this app: absent
	}
	for path, w := range want {
		g := got[path]
		if g == nil || *g != w {
			t.Errorf("%s: got %+v requests (anonymous, with session), want %+v", path, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("requests went to %d paths, want %d: %v", len(got), len(want), got)
	}
	// The session step is followed by the anonymous one, same URL.
	for i, x := range res.Exchanges {
		if x.Step != StepSession {
			continue
		}
		if i+1 >= len(res.Exchanges) {
			t.Fatalf("session step of %s is the last exchange", x.Route)
		}
		var after *Exchange
		for _, y := range res.Exchanges[i+1:] {
			if y.Route == x.Route {
				after = y
				break
			}
		}
		if after == nil || after.Step != StepAfterSession || after.Entry.Request.URL != x.Entry.Request.URL {
			t.Errorf("%s: the session step must be followed by an anonymous request to the same URL", x.Route)
		}
		if !after.Entry.Started.After(x.Entry.End()) && !after.Entry.Started.Equal(x.Entry.End()) {
			t.Errorf("%s: the anonymous request started before the session's response ended", x.Route)
		}
	}
	if res.Requests != len(a.log()) {
		t.Errorf("Requests = %d, the app saw %d", res.Requests, len(a.log()))
	}
}

func TestBust(t *testing.T) {
	a, srv := newFakeApp(t, appOptions{nextAuth: true})
	cfg := testConfig(srv.URL)
	cfg.Bust = true
	cfg.Session = []Cookie{{Name: nextAuthSession, Value: "sess-alice"}}
	run(t, cfg)
	values := map[string][]string{} // path -> bust values in order
	for _, h := range a.log() {
		q, _ := url.ParseQuery(h.Query)
		v := q.Get(BustParam)
		if v == "" {
			t.Errorf("%s?%s: no cache buster", h.Path, h.Query)
		}
		values[h.Path] = append(values[h.Path], v)
	}
	s := values["/api/auth/session"]
	if len(s) != 4 || s[0] != s[1] || s[2] != s[3] || s[0] == s[2] {
		t.Errorf("session route busters = %q, want one value per pair of requests", s)
	}
	a2, srv2 := newFakeApp(t, appOptions{nextAuth: true})
	run(t, testConfig(srv2.URL))
	for _, h := range a2.log() {
		if strings.Contains(h.Query, BustParam) {
			t.Errorf("%s?%s: cache buster sent without Bust", h.Path, h.Query)
		}
	}
}

func TestMaxRequests(t *testing.T) {
	a, srv := newFakeApp(t, appOptions{nextAuth: true, auth0V4: true})
	cfg := testConfig(srv.URL)
	cfg.MaxRequests = 5
	res := run(t, cfg)
	if n := len(a.log()); n != 5 || res.Requests != 5 {
		t.Errorf("app saw %d requests, Requests = %d; want 5", n, res.Requests)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "--max-requests") }) {
		t.Errorf("notes = %q, want the budget named", res.Notes)
	}
}

func TestConcurrencyAndRate(t *testing.T) {
	var inFlight, peak atomic.Int32
	a := &fakeApp{opts: appOptions{nextAuth: true, auth0V4: true}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		a.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	a.opts.public = func() string { return srv.URL }
	for _, conc := range []int{1, 3} {
		peak.Store(0)
		cfg := testConfig(srv.URL)
		cfg.Concurrency = conc
		run(t, cfg)
		if p := peak.Load(); p > int32(conc) || p < 1 {
			t.Errorf("concurrency %d: peak in flight %d", conc, p)
		}
	}
	// Rate: 8 requests at 40/s take at least 7/40 s.
	cfg := testConfig(srv.URL)
	cfg.Rate = 40
	cfg.Concurrency = 4
	cfg.MaxRequests = 8
	start := time.Now()
	res := run(t, cfg)
	if res.Requests != 8 {
		t.Fatalf("Requests = %d, want 8", res.Requests)
	}
	if d := time.Since(start); d < 7*time.Second/40 {
		t.Errorf("8 requests at 40/s took %s", d)
	}
}

func TestRedirects(t *testing.T) {
	var other atomic.Int32
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	t.Cleanup(idp.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("/go-away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, idp.URL+"/authorize?client_id=x", http.StatusFound)
	})
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/landing", http.StatusFound) })
	var landed atomic.Int32
	mux.HandleFunc("/landing", func(w http.ResponseWriter, r *http.Request) { landed.Add(1) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	for _, follow := range []bool{false, true} {
		landed.Store(0)
		cfg := testConfig(srv.URL)
		cfg.NoDiscovery = true
		cfg.Routes = []string{"/go-away", "/hop"}
		cfg.FollowRedirects = follow
		res := run(t, cfg)
		if other.Load() != 0 {
			t.Fatalf("follow=%v: a redirect to another origin was followed", follow)
		}
		wantLanded := int32(0)
		if follow {
			wantLanded = 2 // one per anonymous request to /hop
		}
		if landed.Load() != wantLanded {
			t.Errorf("follow=%v: /landing got %d requests, want %d", follow, landed.Load(), wantLanded)
		}
		redirects := 0
		for _, x := range res.Exchanges {
			if x.Step == StepRedirect {
				redirects++
			}
			if x.Route == "/go-away" && x.Entry.Response.RedirectURL == "" {
				t.Errorf("the redirect of /go-away was not recorded")
			}
		}
		if redirects != int(wantLanded) {
			t.Errorf("follow=%v: %d redirect steps recorded, want %d", follow, redirects, wantLanded)
		}
		hasNote := slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "not followed") })
		if hasNote != follow {
			t.Errorf("follow=%v: notes = %q", follow, res.Notes)
		}
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	start := time.Now()
	res, err := Run(context.Background(), testConfig("http://"+addr))
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want an *UnreachableError", err)
	}
	if !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("err = %q, want it to say the connection was refused", err)
	}
	if res == nil || res.Reachable() || len(res.Exchanges) == 0 || res.Requests > DefaultConcurrency {
		t.Errorf("result = %+v: want the failed requests recorded and the rest not sent", res)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

func TestDNSFailure(t *testing.T) {
	cfg := testConfig("http://no-such-host.invalid")
	// A resolver whose DNS server cannot be reached, so the lookup fails
	// here without a query leaving the machine.
	cfg.Resolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server in tests")
	}}
	_, err := Run(context.Background(), cfg)
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "DNS") {
		t.Fatalf("err = %v, want a DNS failure", err)
	}
}

func TestTLS(t *testing.T) {
	a := &fakeApp{opts: appOptions{nextAuth: true}}
	srv := httptest.NewUnstartedServer(a)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	a.opts.public = func() string { return srv.URL }
	_, err := Run(context.Background(), testConfig(srv.URL))
	if err == nil || !strings.Contains(err.Error(), "TLS certificate not accepted") || !strings.Contains(err.Error(), "--insecure") {
		t.Fatalf("err = %v, want a certificate error that names --insecure", err)
	}
	cfg := testConfig(srv.URL)
	cfg.Insecure = true
	if res := run(t, cfg); len(res.Routes) == 0 {
		t.Error("--insecure: no route found")
	}
	cfg = testConfig(srv.URL)
	cfg.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	if res := run(t, cfg); len(res.Routes) == 0 || res.Exchanges[0].Entry.Request.HTTPVersion == "" {
		t.Error("trusted CA: no route found")
	}
	// Plain http to a TLS port: Go's server answers 400, so nothing is
	// found there.
	res, err := Run(context.Background(), testConfig(strings.Replace(srv.URL, "https:", "http:", 1)))
	if err != nil || len(res.Routes) != 0 {
		t.Errorf("http to a TLS server: routes %v, err %v", res.Routes, err)
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + l.Addr().String()
}

func TestNeverAnswers(t *testing.T) {
	cfg := testConfig(silentServer(t))
	cfg.Timeout = 300 * time.Millisecond
	start := time.Now()
	res, err := Run(context.Background(), cfg)
	d := time.Since(start)
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "no response within 300ms (--timeout)") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if d > 2*cfg.Timeout {
		t.Errorf("took %s with --timeout %s", d, cfg.Timeout)
	}
	for _, x := range res.Exchanges {
		var ne *NetError
		if !errors.As(x.Err, &ne) || ne.Kind != "timeout" || x.Entry.Error == "" {
			t.Errorf("entry %d: err %v, want a recorded timeout", x.Entry.Index, x.Err)
		}
	}
}

func TestDeadline(t *testing.T) {
	a := &fakeApp{opts: appOptions{nextAuth: true, auth0V4: true}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		a.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	a.opts.public = func() string { return srv.URL }
	cfg := testConfig(srv.URL)
	cfg.Deadline = 250 * time.Millisecond
	start := time.Now()
	res, err := Run(context.Background(), cfg)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s with a 250ms deadline", d)
	}
	if err != nil && !errors.As(err, new(*UnreachableError)) {
		t.Fatalf("err = %v", err)
	}
	if res == nil || !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "--deadline") }) {
		t.Errorf("notes = %q, want the deadline named", res.Notes)
	}
}

func TestProgress(t *testing.T) {
	_, srv := newFakeApp(t, appOptions{nextAuth: true})
	cfg := testConfig(srv.URL)
	var mu sync.Mutex
	var last Progress
	calls := 0
	cfg.Progress = func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		last = p
	}
	res := run(t, cfg)
	if calls != res.Requests || last.Max != DefaultMaxRequests || last.Sent == 0 || last.Route == "" {
		t.Errorf("%d progress calls (last %+v) for %d requests", calls, last, res.Requests)
	}
}

func TestRecordedEntries(t *testing.T) {
	_, srv := newFakeApp(t, appOptions{nextAuth: true})
	cfg := testConfig(srv.URL)
	cfg.Session = []Cookie{{Name: nextAuthSession, Value: "sess-alice"}}
	res := run(t, cfg)
	for i, x := range res.Exchanges {
		e := x.Entry
		if e.Index != i || e.Started.IsZero() || e.Time < 0 || e.Response == nil {
			t.Fatalf("entry %d: index %d, started %v, time %v", i, e.Index, e.Started, e.Time)
		}
		if i > 0 && e.Started.Before(res.Exchanges[i-1].Entry.Started) {
			t.Errorf("entry %d starts before entry %d", i, i-1)
		}
		sum := e.Timings.Send + e.Timings.Wait + e.Timings.Receive + max(e.Timings.Blocked, 0) + max(e.Timings.DNS, 0) + max(e.Timings.Connect, 0)
		if d := sum - e.Time; d > 0.01 || d < -0.01 {
			t.Errorf("entry %d: timings add up to %v, time is %v", i, sum, e.Time)
		}
		if e.Request.Headers.Get("User-Agent") == "" || e.Request.Headers.Get("Host") == "" {
			t.Errorf("entry %d: request headers as sent are missing: %v", i, e.Request.Headers)
		}
		if x.Step == StepSession {
			if e.Request.Headers.Get("Cookie") != nextAuthSession+"=sess-alice" || len(e.Request.Cookies) != 1 {
				t.Errorf("entry %d: session step headers %v", i, e.Request.Headers)
			}
			if x.Route == "/api/auth/session" && (len(e.Response.Cookies) != 1 || e.Response.Cookies[0].Name != nextAuthSession) {
				t.Errorf("entry %d: response cookies %+v", i, e.Response.Cookies)
			}
		} else if e.Request.Headers.Has("Cookie") {
			t.Errorf("entry %d (%s): anonymous request sent a Cookie", i, x.Step)
		}
		if !strings.HasPrefix(e.Comment, "authlint probe: ") {
			t.Errorf("entry %d: comment %q", i, e.Comment)
		}
	}
	lg := res.Log()
	if lg.Creator.Name != "authlint" || lg.Creator.Version != "test" || len(lg.Pages) != 1 {
		t.Errorf("log = %+v", lg)
	}
}

func TestBodies(t *testing.T) {
	big := strings.Repeat("x", 100)
	mux := http.NewServeMux()
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/json")
		w.Write(gzipBytes(t, `{"user":"alice"}`))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(big)) })
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte{0xff, 0xfe, 0}) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cfg := testConfig(srv.URL)
	cfg.NoDiscovery = true
	cfg.Routes = []string{"/gzip", "/big", "/binary"}
	cfg.BodyLimit = 10
	res := run(t, cfg)
	for _, x := range res.Exchanges {
		c := x.Entry.Response.Content
		switch x.Route {
		case "/gzip":
			if c.Text != `{"user":"a` || !c.Truncated || x.Entry.Response.Headers.Get("Content-Encoding") != "gzip" {
				t.Errorf("gzip body: %+v, headers %v", c, x.Entry.Response.Headers)
			}
		case "/big":
			if c.Text != big[:10] || !c.Truncated || c.Size != 100 {
				t.Errorf("big body: %+v", c)
			}
		case "/binary":
			if c.Encoding != "base64" || c.Text != "//4A" {
				t.Errorf("binary body: %+v", c)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"not http", Config{Target: "ftp://x.example"}, "http or https"},
		{"no host", Config{Target: "https://"}, "no host"},
		{"credentials", Config{Target: "https://u:p@x.example"}, "credentials"},
		{"relative route", Config{Target: "https://x.example", Routes: []string{"api/me"}}, "starting with '/'"},
		{"other origin route", Config{Target: "https://x.example", Routes: []string{"https://y.example/api/me"}}, "not on the target's origin"},
		{"cookie header", Config{Target: "https://x.example", Header: http.Header{"Cookie": {"a=b"}}}, "cookie file"},
		{"negative", Config{Target: "https://x.example", MaxRequests: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(tt.cfg.Target, "u:p@") && strings.Contains(err.Error(), "u:p") {
				t.Errorf("err %q shows the credentials", err)
			}
		})
	}
}

func TestRouteURL(t *testing.T) {
	target, _ := ParseTarget("https://App.Example:443/base/")
	tests := []struct {
		route, want string
	}{
		{"/api/me", "https://app.example:443/api/me"},
		{"/api/me?x=1", "https://app.example:443/api/me?x=1"},
		{"https://app.example/dashboard", "https://app.example:443/dashboard"},
	}
	for _, tt := range tests {
		u, err := routeURL(target, tt.route)
		if err != nil || u.String() != tt.want {
			t.Errorf("routeURL(%q) = %v, %v; want %s", tt.route, u, err, tt.want)
		}
	}
	if target.Path != "/base" {
		t.Errorf("base path = %q", target.Path)
	}
}

func TestSessionAllowed(t *testing.T) {
	for _, k := range []auth.RouteKind{auth.RouteCallback, auth.RouteLogin, auth.RouteLogout, auth.RouteSignIn, auth.RouteProviders, auth.RouteSessionUpdate, auth.RouteBackchannelLogout} {
		if sessionAllowed(k) {
			t.Errorf("session allowed to a %s route", k)
		}
	}
	for _, k := range []auth.RouteKind{auth.RouteSession, auth.RouteProfile, auth.RouteToken, auth.RouteCSRF, auth.RouteUnknown} {
		if !sessionAllowed(k) {
			t.Errorf("session not allowed to a %s route", k)
		}
	}
}

// TestRequestCounts keeps docs/probe.md ("How many requests") true.
func TestRequestCounts(t *testing.T) {
	tests := []struct {
		name              string
		opts              appOptions
		without, withSess int
	}{
		{"nextauth", appOptions{nextAuth: true}, 11, 15},
		{"nextjs-auth0 v4", appOptions{auth0V4: true}, 10, 14},
		{"nextjs-auth0 v3", appOptions{auth0V3: true}, 9, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, withSession := range []bool{false, true} {
				a, srv := newFakeApp(t, tt.opts)
				cfg := testConfig(srv.URL)
				want := tt.without
				if withSession {
					cfg.Session = []Cookie{{Name: "x", Value: "y"}}
					want = tt.withSess
				}
				res := run(t, cfg)
				if got := len(a.log()); got != want || res.Requests != want {
					t.Errorf("session=%v: %d requests (Requests %d), docs/probe.md says %d", withSession, got, res.Requests, want)
				}
			}
		})
	}
}
