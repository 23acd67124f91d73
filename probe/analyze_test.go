package probe

import (
	"bytes"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// cachedApp serves the fake app behind a fakeCache.
func cachedApp(t *testing.T, app appOptions, cache cacheOptions) string {
	t.Helper()
	a := &fakeApp{opts: app}
	srv := httptest.NewServer(newFakeCache(a, cache))
	t.Cleanup(srv.Close)
	a.opts.public = func() string { return srv.URL }
	return srv.URL
}

func sessionCookies() []Cookie {
	return []Cookie{
		{Name: nextAuthSession, Value: "sess-alice"},
		{Name: auth0V4Session, Value: "sess-carol"},
	}
}

// ruleIDs returns the sorted, distinct rule IDs of findings at or above min.
func ruleIDs(fs []rules.Finding, min rules.Severity) []string {
	var ids []string
	for _, f := range fs {
		if f.Severity >= min {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func kinds(obs []Observation) map[ObservationKind]int {
	m := map[ObservationKind]int{}
	for _, o := range obs {
		m[o.Kind]++
	}
	return m
}

func TestCrossUserLeakConfirmed(t *testing.T) {
	url := cachedApp(t, appOptions{nextAuth: true, auth0V4: true}, cacheOptions{statuses: []int{200, 302, 400}})
	cfg := testConfig(url)
	cfg.Session = sessionCookies()
	res := run(t, cfg)
	k := kinds(res.Observations)
	// /auth/profile and /auth/access-token answer 401 anonymously (not
	// stored), so the session's 200 is stored and replayed; the CSRF cookie
	// of the first anonymous request is replayed to the second.
	if k[LeakedSetCookie] != 2 || k[LeakedBody] != 2 || k[ReplayedCookie] != 1 {
		t.Fatalf("observations = %+v", res.Observations)
	}
	out, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := ruleIDs(out.Findings, rules.High)
	for _, want := range []string{"auth-route-cache-hit", "cached-set-cookie"} {
		if !slices.Contains(ids, want) {
			t.Errorf("rules = %q, want %s", ids, want)
		}
	}
	leaks := 0
	for _, f := range out.Findings {
		var probeEv []rules.Evidence
		for _, ev := range f.Evidence {
			if ev.Where == "probe" {
				probeEv = append(probeEv, ev)
			}
		}
		if len(probeEv) > 0 != f.Confirmed {
			t.Errorf("%s %q: confirmed=%v with probe evidence %v", f.Rule, f.Message, f.Confirmed, probeEv)
		}
		for _, ev := range probeEv {
			if strings.Contains(ev.Value, "sess-") {
				t.Errorf("probe evidence shows a session value: %q", ev.Value)
			}
			if ev.Name == "cross-user leak" {
				leaks++
				if f.Severity != rules.Critical {
					t.Errorf("%s: cross-user leak at %s, want critical", f.Rule, f.Severity)
				}
			}
		}
	}
	if leaks == 0 {
		t.Error("no finding carries the cross-user leak")
	}
	if out.File != "probe:"+url {
		t.Errorf("file = %q", out.File)
	}
}

func TestLeakWithoutCacheHeader(t *testing.T) {
	// The cache says nothing about itself: only the probe's comparison shows
	// it, so the findings are made from the observations.
	url := cachedApp(t, appOptions{auth0V4: true}, cacheOptions{statuses: []int{200}, noStatus: true})
	cfg := testConfig(url)
	cfg.Session = sessionCookies()
	res := run(t, cfg)
	out, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Made from observations: two entries (the anonymous request and the
	// session's), critical. Findings of other rules on the same entries
	// (cacheable-set-cookie, from heuristic freshness) are confirmed too.
	var got []string
	for _, f := range out.Findings {
		if !f.Confirmed {
			continue
		}
		if f.Rule == "cacheable-set-cookie" {
			continue
		}
		got = append(got, f.Rule+" "+f.Severity.String())
		if f.Fingerprint == "" || f.Title == "" || len(f.Entries) != 2 || f.Entries[1].Role != "request with the session" {
			t.Errorf("synthesized finding incomplete: %+v", f)
		}
	}
	slices.Sort(got)
	want := []string{"auth-route-cache-hit critical", "auth-route-cache-hit critical", "cached-set-cookie critical", "cached-set-cookie critical"}
	if !slices.Equal(got, want) {
		t.Errorf("confirmed findings = %q, want %q", got, want)
	}
	if n := len(out.Rules); n != len(rules.All()) {
		t.Errorf("%d rules listed, want %d (no duplicates)", n, len(rules.All()))
	}
	// A rule left out stays out.
	sel, _ := rules.Select(nil, []string{"cached-set-cookie"})
	out, err = Analyze(res, rules.Options{Rules: sel})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ruleIDs(out.Findings, rules.Info), "cached-set-cookie") {
		t.Error("a disabled rule reported")
	}
}

func TestHealthyCacheNoLeak(t *testing.T) {
	// A cache that stores only what it may: the app sends private, no-store
	// and the cache hides Set-Cookie.
	url := cachedApp(t, appOptions{nextAuth: true, auth0V4: true, noStore: true}, cacheOptions{statuses: []int{}, hideCookie: true})
	cfg := testConfig(url)
	cfg.Session = sessionCookies()
	res := run(t, cfg)
	if len(res.Observations) != 0 {
		t.Errorf("observations = %+v", res.Observations)
	}
	out, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ids := ruleIDs(out.Findings, rules.Medium); len(ids) > 0 {
		t.Errorf("findings at or above medium: %q", ids)
	}
}

func TestHARRoundTrip(t *testing.T) {
	url := cachedApp(t, appOptions{nextAuth: true, auth0V4: true}, cacheOptions{statuses: []int{200, 302, 400}})
	cfg := testConfig(url)
	cfg.Session = sessionCookies()
	res := run(t, cfg)
	probed, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := har.Write(&buf, res.Log(), res.Entries()); err != nil {
		t.Fatal(err)
	}
	read, err := rules.Analyze(har.NewDecoder(&buf, "probe.har", har.Options{}), "probe.har", rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := ruleIDs(probed.Findings, rules.Info), ruleIDs(read.Findings, rules.Info)
	if !slices.Equal(a, b) || len(a) == 0 {
		t.Errorf("probe found %q, its HAR %q", a, b)
	}
	if read.Entries != len(res.Exchanges) || read.Creator != "authlint test" {
		t.Errorf("HAR: %d entries by %q", read.Entries, read.Creator)
	}
}

func TestNotEvaluatedReasons(t *testing.T) {
	url := cachedApp(t, appOptions{auth0V4: true}, cacheOptions{statuses: []int{200}})
	res := run(t, testConfig(url))
	out, err := Analyze(res, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.NotEvaluated) == 0 {
		t.Fatal("without a session, rules that need cookies are not evaluated")
	}
	for _, ne := range out.NotEvaluated {
		if strings.Contains(ne.Reason, "HAR") || strings.Contains(ne.Reason, "export") {
			t.Errorf("%s: reason speaks of HAR files: %q", ne.Rule, ne.Reason)
		}
	}
}

// entry builds a recorded exchange for observation tests.
func entry(i int, step Step, status int, body string, reqCookie string, setCookies ...string) *Exchange {
	e := &har.Entry{
		Index:   i,
		Started: time.Date(2025, 1, 1, 0, 0, i, 0, time.UTC),
		Request: har.Request{Method: "GET", URL: "https://app.example/api/auth/session"},
		Response: &har.Response{Status: status, Content: har.Content{Text: body, MimeType: "application/json"},
			Headers: har.Headers{{Name: "Content-Type", Value: "application/json"}}},
	}
	if reqCookie != "" {
		e.Request.Headers = append(e.Request.Headers, har.Header{Name: "Cookie", Value: reqCookie})
	}
	for _, sc := range setCookies {
		e.Response.Headers = append(e.Response.Headers, har.Header{Name: "Set-Cookie", Value: sc})
	}
	return &Exchange{Entry: e, Route: "/api/auth/session", Step: step}
}

func TestObserve(t *testing.T) {
	const (
		csrf     = "next-auth.csrf-token=abc%7Cdef; Path=/; HttpOnly"
		locale   = "locale=en; Path=/"
		rolled   = "next-auth.session-token=sess-rolled; Path=/; HttpOnly"
		deletion = "next-auth.session-token=; Max-Age=0; Path=/"
		sent     = "next-auth.session-token=sess-alice"
		user     = `{"user":{"name":"Alice"}}`
	)
	tests := []struct {
		name string
		xs   []*Exchange
		want []ObservationKind
	}{
		{"auth cookie replayed to the second anonymous request", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", "", csrf), entry(1, StepAnonymous2, 200, "{}", "", csrf),
		}, []ObservationKind{ReplayedCookie}},
		{"constant cookie is not a replay", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", "", locale), entry(1, StepAnonymous2, 200, "{}", "", locale),
		}, nil},
		{"fresh auth cookie each time", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", "", csrf), entry(1, StepAnonymous2, 200, "{}", "", strings.Replace(csrf, "abc", "xyz", 1)),
		}, nil},
		{"session cookie and body replayed", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", ""), entry(1, StepAnonymous2, 200, "{}", ""),
			entry(2, StepSession, 200, user, sent, rolled), entry(3, StepAfterSession, 200, user, "", rolled),
		}, []ObservationKind{LeakedSetCookie, LeakedBody}},
		{"the session's own cookie value replayed", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", ""), entry(1, StepAnonymous2, 200, "{}", ""),
			entry(2, StepSession, 200, user, sent), entry(3, StepAfterSession, 200, "{}", "", "next-auth.session-token=sess-alice; Path=/"),
		}, []ObservationKind{LeakedSetCookie}},
		{"anonymous answer after the session is the anonymous one", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", ""), entry(1, StepAnonymous2, 200, "{}", ""),
			entry(2, StepSession, 200, user, sent, rolled), entry(3, StepAfterSession, 200, "{}", ""),
		}, nil},
		{"a deletion is not a leak", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", ""), entry(1, StepAnonymous2, 200, "{}", ""),
			entry(2, StepSession, 200, "{}", sent, deletion), entry(3, StepAfterSession, 200, "{}", "", deletion),
		}, nil},
		{"cookie the anonymous requests also got is not the session's", []*Exchange{
			entry(0, StepAnonymous1, 200, "{}", "", csrf), entry(1, StepAnonymous2, 200, "{}", "", strings.Replace(csrf, "abc", "xyz", 1)),
			entry(2, StepSession, 200, "{}", sent, csrf), entry(3, StepAfterSession, 200, "{}", "", csrf),
		}, nil},
		{"same body as the anonymous baseline", []*Exchange{
			entry(0, StepAnonymous1, 200, user, ""), entry(1, StepAnonymous2, 200, user, ""),
			entry(2, StepSession, 200, user, sent), entry(3, StepAfterSession, 200, user, ""),
		}, nil},
		{"no baseline: body not judged, only auth cookies", []*Exchange{
			entry(2, StepSession, 200, user, sent, rolled, locale), entry(3, StepAfterSession, 200, user, "", rolled, locale),
		}, []ObservationKind{LeakedSetCookie}},
		{"different status", []*Exchange{
			entry(0, StepAnonymous1, 401, "", ""), entry(1, StepAnonymous2, 401, "", ""),
			entry(2, StepSession, 200, user, sent), entry(3, StepAfterSession, 401, "", ""),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []ObservationKind
			for _, o := range observe(tt.xs, auth.Default()) {
				got = append(got, o.Kind)
				if o.Describe(false) == "" || strings.Contains(o.Describe(false), "sess-") {
					t.Errorf("describe %+v = %q", o, o.Describe(false))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("observations = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSessionFromCacheIsNotABodyLeak(t *testing.T) {
	xs := []*Exchange{
		entry(0, StepAnonymous1, 200, `{"n":1}`, ""), entry(1, StepAnonymous2, 200, `{"n":2}`, ""),
		entry(2, StepSession, 200, `{"n":0}`, "next-auth.session-token=sess-a"), entry(3, StepAfterSession, 200, `{"n":0}`, ""),
	}
	xs[2].Entry.Response.Headers = append(xs[2].Entry.Response.Headers, har.Header{Name: "X-Cache-Status", Value: "HIT"})
	if obs := observe(xs, auth.Default()); len(obs) != 0 {
		t.Errorf("observations = %+v: the session's response came from the cache, so it proves nothing", obs)
	}
}
