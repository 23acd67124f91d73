package probe

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Session cookies of the fake app. A session is valid when its value starts
// with "sess-"; every response to a request with a valid session re-issues
// the cookie with a new value (a rolling session).
const (
	nextAuthSession = "next-auth.session-token"
	nextAuthCSRF    = "next-auth.csrf-token"
	auth0V4Session  = "__session"
	auth0V3Session  = "appSession"
)

// appOptions choose what the fake app serves.
type appOptions struct {
	nextAuth bool // NextAuth v4 under /api/auth
	auth0V3  bool // nextjs-auth0 v3 /api/auth/me and /api/auth/callback
	auth0V4  bool // nextjs-auth0 v4 under /auth
	catchAll bool // answer every other path 200 text/html (an SPA)
	// noStore sends "Cache-Control: private, no-store" on auth routes other
	// than providers, as a correctly configured app does.
	noStore bool
	// public, when set, returns the URL the app is reached at, for
	// NextAuth's callbackUrl.
	public func() string
}

// hit is one request the fake app received.
type hit struct {
	Method, Path, Query, Cookie, UserAgent, Extra, Authorization string
}

// fakeApp is a test origin that mimics NextAuth and nextjs-auth0 routes.
type fakeApp struct {
	opts appOptions
	mu   sync.Mutex
	hits []hit
}

func (a *fakeApp) log() []hit {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]hit(nil), a.hits...)
}

func newFakeApp(t *testing.T, opts appOptions) (*fakeApp, *httptest.Server) {
	t.Helper()
	a := &fakeApp{opts: opts}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	if a.opts.public == nil {
		a.opts.public = func() string { return srv.URL }
	}
	return a, srv
}

func randomToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sessionCookie returns a Set-Cookie line for a rolled session value.
func sessionCookie(name string) string {
	exp := time.Now().Add(30 * 24 * time.Hour).UTC().Format(http.TimeFormat)
	return fmt.Sprintf("%s=sess-%s; Path=/; Expires=%s; HttpOnly; Secure; SameSite=Lax", name, randomToken(), exp)
}

func (a *fakeApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.hits = append(a.hits, hit{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Cookie: r.Header.Get("Cookie"),
		UserAgent: r.Header.Get("User-Agent"), Extra: r.Header.Get("X-Extra"), Authorization: r.Header.Get("Authorization")})
	a.mu.Unlock()
	valid := func(name string) bool {
		c, err := r.Cookie(name)
		return err == nil && strings.HasPrefix(c.Value, "sess-")
	}
	h := w.Header()
	private := func() {
		if a.opts.noStore {
			h.Set("Cache-Control", "private, no-store")
		}
	}
	jsonBody := func(status int, body string) {
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
	p := r.URL.Path
	switch {
	case a.opts.nextAuth && p == "/api/auth/providers":
		pub := a.opts.public()
		jsonBody(200, fmt.Sprintf(`{"google":{"id":"google","name":"Google","type":"oidc","signinUrl":"%[1]s/api/auth/signin/google","callbackUrl":"%[1]s/api/auth/callback/google"},"email":{"id":"email","name":"Email","type":"email","signinUrl":"%[1]s/api/auth/signin/email","callbackUrl":"%[1]s/api/auth/callback/email"}}`, pub))
	case a.opts.nextAuth && p == "/api/auth/csrf":
		private()
		token := randomToken()
		if c, err := r.Cookie(nextAuthCSRF); err == nil {
			token, _, _ = strings.Cut(c.Value, "|")
		} else {
			h.Add("Set-Cookie", fmt.Sprintf("%s=%s%%7C%s; Path=/; HttpOnly; Secure; SameSite=Lax", nextAuthCSRF, token, randomToken()))
		}
		jsonBody(200, fmt.Sprintf(`{"csrfToken":"%s"}`, token))
	case a.opts.nextAuth && p == "/api/auth/session":
		private()
		if !valid(nextAuthSession) {
			jsonBody(200, `{}`)
			return
		}
		h.Add("Set-Cookie", sessionCookie(nextAuthSession))
		jsonBody(200, `{"user":{"name":"Alice","email":"alice@example.com"},"expires":"2099-01-01T00:00:00.000Z"}`)
	case a.opts.nextAuth && strings.HasPrefix(p, "/api/auth/callback/"):
		private()
		// A callback without the state cookie fails the state check and
		// redirects to the error page (next-auth v4).
		h.Set("Location", "/api/auth/error?error=OAuthCallback")
		w.WriteHeader(http.StatusFound)
	case a.opts.auth0V3 && p == "/api/auth/me":
		if !valid(auth0V3Session) {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Cache-Control", "no-store")
		h.Add("Set-Cookie", sessionCookie(auth0V3Session))
		jsonBody(200, `{"nickname":"bob","email":"bob@example.com","sub":"auth0|123"}`)
	case a.opts.auth0V3 && p == "/api/auth/callback":
		// nextjs-auth0 v3's default error handler: an empty 400.
		w.WriteHeader(http.StatusBadRequest)
	case a.opts.auth0V4 && p == "/auth/profile":
		private()
		if !valid(auth0V4Session) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.Add("Set-Cookie", sessionCookie(auth0V4Session))
		jsonBody(200, `{"nickname":"carol","email":"carol@example.com","sub":"auth0|456"}`)
	case a.opts.auth0V4 && p == "/auth/access-token":
		private()
		if !valid(auth0V4Session) {
			jsonBody(401, `{"error":{"message":"The user does not have an active session.","code":"missing_session"}}`)
			return
		}
		h.Add("Set-Cookie", sessionCookie(auth0V4Session))
		jsonBody(200, fmt.Sprintf(`{"token":"at-%s","expires_at":4102444800}`, randomToken()))
	case a.opts.auth0V4 && p == "/auth/callback":
		private()
		h.Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "The state parameter is invalid.")
	case a.opts.catchAll:
		h.Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>app</title><div id=root></div>")
	default:
		http.NotFound(w, r)
	}
}

// cacheOptions configure fakeCache.
type cacheOptions struct {
	statuses   []int // statuses stored
	noStatus   bool  // send no X-Cache-Status header (only replays show the cache)
	hideCookie bool  // strip Set-Cookie before storing (proxy_hide_header)
}

// fakeCache is a misconfigured shared cache in front of a handler: it stores
// every GET response whose status is listed, ignoring Cache-Control and
// Set-Cookie, keyed by the request URI alone (as nginx's default key), and
// says HIT or MISS in X-Cache-Status.
type fakeCache struct {
	next http.Handler
	opts cacheOptions
	mu   sync.Mutex
	kept map[string]*httptest.ResponseRecorder
}

func newFakeCache(next http.Handler, opts cacheOptions) *fakeCache {
	return &fakeCache{next: next, opts: opts, kept: map[string]*httptest.ResponseRecorder{}}
}

func (c *fakeCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.RequestURI()
	c.mu.Lock()
	rec, ok := c.kept[key]
	c.mu.Unlock()
	status := "HIT"
	if !ok {
		status = "MISS"
		rec = httptest.NewRecorder()
		c.next.ServeHTTP(rec, r)
		if c.opts.hideCookie {
			rec.Header().Del("Set-Cookie")
		}
		for _, s := range c.opts.statuses {
			if rec.Code == s && r.Method == http.MethodGet {
				c.mu.Lock()
				c.kept[key] = rec
				c.mu.Unlock()
			}
		}
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	if !c.opts.noStatus {
		w.Header().Set("X-Cache-Status", status)
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(bytes.Clone(rec.Body.Bytes()))
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
