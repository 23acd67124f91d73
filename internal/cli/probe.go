package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/authlint/authlint/config"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/probe"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/report"
)

// probeFlags are the flags of probe besides the shared ones.
type probeFlags struct {
	commonFlags
	routes      []string
	noDiscover  bool
	cookieFile  string
	headers     []string
	maxRequests int
	concurrency int
	rate        float64
	timeout     time.Duration
	deadline    time.Duration
	insecure    bool
	bust        bool
	follow      bool
	harOut      string
}

// cookieEnv is the environment variable that may hold the probe's session.
const cookieEnv = "AUTHLINT_COOKIE"

func newProbeCmd(e *env) *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use:   "probe [flags] URL...",
		Short: "Check a deployed site's auth routes against its edge cache",
		Long: `Probe a live site with a small, fixed plan of GET requests (listed in
docs/probe.md) and analyse the exchanges with the same rules as analyze.

The probe discovers the auth routes the site serves (NextAuth/Auth.js,
nextjs-auth0 v3 and v4), adds those given with --route and in the config
file, and sends each route two anonymous GETs (the callback route: two GETs
with a dummy code and state). With a session (--cookie-file, or the
AUTHLINT_COOKIE variable holding "name=value; name2=value2"), it sends the
session once (with -H 'Authorization: ...' if given, which anonymous
requests never carry; an Authorization header alone is a session too) and
then one anonymous GET to the same URL: an anonymous
response that carries the session's Set-Cookie or its response is a
confirmed cross-user leak. It never sends anything but GET, never sends the
session to a login, callback or logout route, and never contacts another
origin.

Use a test account: on a misconfigured cache, the response to the request
with the session may be stored and served to other visitors until it
expires; --bust keeps it under a URL nobody else requests.

Exit codes are those of analyze; 3 also when a site cannot be reached.`,
		Example: `  authlint probe https://app.example
  authlint probe --cookie-file cookies.txt --bust https://staging.app.example
  authlint probe --route /api/me --har-out probe.har --format json https://app.example`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProbe(e, cmd, &f, args)
		},
	}
	fl := cmd.Flags()
	f.commonFlags.register(fl)
	fl.StringArrayVar(&f.routes, "route", nil, "also probe this `PATH` on the target (repeatable)")
	fl.BoolVar(&f.noDiscover, "no-discover", false, "probe only the routes given with --route and in the config file")
	fl.StringVar(&f.cookieFile, "cookie-file", "", "send the session in `FILE` (Netscape cookies.txt, or name=value lines); also read from "+cookieEnv)
	fl.StringArrayVarP(&f.headers, "header", "H", nil, "send this extra header with every request, as 'Name: value' (repeatable; not Cookie); Authorization is sent only with the session, in the signed-in steps")
	fl.IntVar(&f.maxRequests, "max-requests", probe.DefaultMaxRequests, "send at most `N` requests per site, discovery included")
	fl.IntVar(&f.concurrency, "concurrency", probe.DefaultConcurrency, "have at most `N` requests in flight at once")
	fl.Float64Var(&f.rate, "rate", probe.DefaultRate, "start at most `N` requests per second (0: no limit)")
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "give up on a request after this long")
	fl.DurationVar(&f.deadline, "deadline", probe.DefaultDeadline, "stop probing a site after this long")
	fl.BoolVar(&f.insecure, "insecure", false, "do not verify TLS certificates")
	fl.BoolVar(&f.bust, "bust", false, "add a cache-busting query parameter ("+probe.BustParam+"), a new value for each pair of requests")
	fl.BoolVar(&f.follow, "follow-redirects", false, "follow redirects on the target's origin (never to another origin)")
	fl.StringVar(&f.harOut, "har-out", "", "write the exchanges to `FILE` as a HAR (Chrome DevTools imports it; authlint analyze reads it), readable only by you (mode 0600): it holds the session as sent")
	return cmd
}

func runProbe(e *env, cmd *cobra.Command, f *probeFlags, targets []string) error {
	s, err := f.resolve(e, cmd)
	if err != nil {
		return err
	}
	opts := s.opts
	base, err := f.probeConfig(e, s.cfg)
	if err != nil {
		return usage(err)
	}
	for _, t := range targets {
		if _, err := probe.ParseTarget(t); err != nil {
			return usage(err)
		}
	}
	progress := newProgressLine(e)
	run := &report.Run{Tool: "authlint", Version: version(), Rules: s.rules, FailOn: s.failOn}
	var recorded []*probe.Result
	failed := false
	for _, t := range targets {
		cfg := base
		cfg.Target = t
		cfg.Catalog = s.catalog
		cfg.Progress = progress.update(t)
		res, err := probe.Run(context.Background(), cfg)
		progress.clear()
		if res == nil {
			// Only an invalid Config gives no result: a usage error.
			return usage(err)
		}
		recorded = append(recorded, res)
		if err != nil {
			// No report may be written: say everything on stderr.
			for _, w := range probeProblems(res, f.showSecrets) {
				fmt.Fprintf(e.stderr, "authlint: %s\n", w)
			}
			fmt.Fprintf(e.stderr, "authlint: %v\n", err)
			failed = true
			continue
		}
		run.Warnings = append(run.Warnings, probeProblems(res, f.showSecrets)...)
		out, err := probe.Analyze(res, opts)
		if err != nil {
			fmt.Fprintf(e.stderr, "authlint: %v\n", err)
			failed = true
			continue
		}
		run.Results = append(run.Results, out)
	}
	if f.harOut != "" {
		if err := writeHAR(f.harOut, recorded); err != nil {
			fmt.Fprintf(e.stderr, "authlint: --har-out: %v\n", err)
			failed = true
		}
	}
	return s.finish(e, run, failed)
}

// probeConfig builds the probe's Config (all but the target) from the flags,
// the environment and the config file's routes.
func (f *probeFlags) probeConfig(e *env, cfg *config.Config) (probe.Config, error) {
	c := probe.Config{
		Routes: append([]string{}, f.routes...), NoDiscovery: f.noDiscover,
		MaxRequests: f.maxRequests, Concurrency: f.concurrency, Rate: f.rate,
		Timeout: f.timeout, Deadline: f.deadline, Insecure: f.insecure,
		Bust: f.bust, FollowRedirects: f.follow, Version: version(),
		// The body limit of analyze, so that a --har-out file analyses the
		// same.
		BodyLimit: defaultBodyLimit,
	}
	switch {
	case f.maxRequests < 1:
		return c, errors.New("--max-requests must be at least 1")
	case f.concurrency < 1:
		return c, errors.New("--concurrency must be at least 1")
	case f.rate < 0:
		return c, errors.New("--rate must not be negative")
	case f.timeout <= 0:
		return c, errors.New("--timeout must be positive")
	case f.deadline <= 0:
		return c, errors.New("--deadline must be positive")
	}
	if f.rate == 0 {
		c.Rate = -1 // no limit
	}
	for _, r := range cfg.Routes {
		if exactPath(r.Path) {
			c.Routes = append(c.Routes, r.Path)
		}
	}
	if f.noDiscover && len(c.Routes) == 0 {
		return c, errors.New("--no-discover needs routes: give --route or routes in the config file")
	}
	h, err := parseHeaders(f.headers)
	if err != nil {
		return c, err
	}
	c.Header = h
	if ua := h.Get("User-Agent"); ua != "" {
		c.UserAgent = ua
	}
	c.Session, err = loadSession(e, f.cookieFile)
	return c, err
}

// exactPath reports whether a config route path names one path (no
// ":param", "*" or "**" segment), so that it can be requested.
func exactPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.ContainsAny(p, "*") && !strings.Contains(p, "/:")
}

// parseHeaders parses -H values, "Name: value".
func parseHeaders(values []string) (http.Header, error) {
	h := http.Header{}
	for _, v := range values {
		name, value, ok := strings.Cut(v, ":")
		name = strings.TrimSpace(name)
		if !ok || !isToken(name) || strings.ContainsAny(value, "\r\n\x00") {
			return nil, fmt.Errorf("-H %q: want 'Name: value'", v)
		}
		if strings.EqualFold(name, "Cookie") {
			return nil, fmt.Errorf("-H Cookie: give the session with --cookie-file or %s, so that the anonymous requests stay anonymous", cookieEnv)
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}

// isToken reports whether s is an HTTP field name (RFC 9110 §5.1: a token).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// loadSession reads the session from --cookie-file and AUTHLINT_COOKIE.
// Values never come from a flag, so they stay out of shell history and
// process listings.
func loadSession(e *env, file string) ([]probe.Cookie, error) {
	var out []probe.Cookie
	now := time.Now()
	if file != "" {
		data, err := readSideFile("--cookie-file", file, "cookie file", maxCookieFile)
		if err != nil {
			return nil, err
		}
		cs, expired, err := probe.ParseCookies(bytes.NewReader(data), now)
		if err != nil {
			return nil, fmt.Errorf("--cookie-file %s: %w", file, err)
		}
		if len(cs) == 0 {
			msg := "no cookie in the file"
			if len(expired) > 0 {
				msg = fmt.Sprintf("every cookie in the file has expired (%s)", strings.Join(expired, ", "))
			}
			return nil, fmt.Errorf("--cookie-file %s: %s", file, msg)
		}
		out = append(out, cs...)
	}
	if v := e.getenv(cookieEnv); v != "" {
		cs, _, err := probe.ParseCookies(strings.NewReader(v), now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cookieEnv, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// probeProblems lists, for the report's warnings, the requests that got no
// response (per route and step) and the probe's notes, with secret URL
// parameters redacted (a --route may carry one).
func probeProblems(res *probe.Result, show bool) []string {
	out := probeProblemsRaw(res)
	if !show {
		var p *redact.Policy // by name and shape: these name routes, not values
		for i, s := range out {
			out[i] = p.Text(s)
		}
	}
	return out
}

func probeProblemsRaw(res *probe.Result) []string {
	var out []string
	name := res.Target.String()
	for _, x := range res.Errors() {
		out = append(out, fmt.Sprintf("probe %s: %s %s (%s): %v", name, x.Entry.Request.Method, x.Route, x.Step, x.Err))
	}
	for _, n := range res.Notes {
		out = append(out, fmt.Sprintf("probe %s: %s", name, n))
	}
	return out
}

// writeHAR writes the exchanges of every probe to one HAR file.
func writeHAR(path string, results []*probe.Result) error {
	if len(results) == 0 {
		return nil
	}
	log := results[0].Log()
	var entries []*har.Entry
	for i, r := range results {
		if i > 0 {
			log.Pages = append(log.Pages, r.Log().Pages...)
		}
		for _, e := range r.Entries() {
			c := *e
			c.Pageref = fmt.Sprintf("page_%d", i+1)
			entries = append(entries, &c)
		}
	}
	for i := range log.Pages {
		log.Pages[i].ID = fmt.Sprintf("page_%d", i+1)
	}
	// The recording holds the session's cookies and Authorization header
	// as sent: only the user may read it.
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := fh.Chmod(0o600); err != nil { // an existing file keeps its mode otherwise
		fh.Close()
		return err
	}
	if err := har.Write(fh, log, entries); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// progressLine shows "probe URL: N/M requests, PATH" on a terminal's
// standard error, rewritten in place; it is silent when standard error is
// not a terminal.
type progressLine struct {
	mu  sync.Mutex
	w   io.Writer
	on  bool
	len int
}

func newProgressLine(e *env) *progressLine {
	p := &progressLine{w: e.stderr}
	if f, ok := e.stderr.(*os.File); ok {
		p.on = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return p
}

// update returns the progress callback for one target; nil when silent.
func (p *progressLine) update(target string) func(probe.Progress) {
	if !p.on {
		return nil
	}
	return func(pr probe.Progress) {
		p.mu.Lock()
		defer p.mu.Unlock()
		line := fmt.Sprintf("probe %s: %d/%d requests, %s", target, pr.Sent, pr.Max, pr.Route)
		if len(line) > 100 {
			line = line[:97] + "..."
		}
		pad := max(p.len-len(line), 0)
		fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
		p.len = len(line)
	}
}

// clear erases the progress line.
func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.on && p.len > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.len))
		p.len = 0
	}
}
