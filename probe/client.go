package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// client sends the probe's requests within its limits and records them.
type client struct {
	cfg    Config
	target *url.URL
	hc     *http.Client
	sem    chan struct{} // Concurrency slots
	rate   *limiter

	mu        sync.Mutex
	sent      int        // requests sent (budget used)
	seq       int        // order of requests, for ties in start times
	notSent   int        // requests of the plan not sent (budget, deadline, unreachable)
	whyNot    string     // the first reason a request was not sent
	cond      *sync.Cond // signals outcomes; uses mu
	inflight  int        // requests sent and not yet done
	responded bool       // some request got a response
	failures  int        // requests that failed before any response
	firstErr  error      // the first of those failures
	down      error      // set when the site is known to be unreachable

	lastRoute atomic.Value // string, for progress
}

func newClient(cfg Config, target *url.URL) *client {
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   cfg.Timeout,
			KeepAlive: 30 * time.Second,
			Resolver:  cfg.Resolver,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          cfg.Concurrency,
		MaxConnsPerHost:       cfg.Concurrency,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		// The probe asks for gzip itself and records the encoded headers
		// as received; it decodes the body on its own (see record.go).
		DisableCompression: true,
		TLSClientConfig: &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: cfg.Insecure, //nolint:gosec // opt-in via --insecure
			RootCAs:            cfg.RootCAs,
		},
	}
	c := &client{
		cfg:    cfg,
		target: target,
		hc: &http.Client{
			Transport: tr,
			// Redirects are recorded, never followed by the client: the
			// plan follows on-origin ones itself when asked.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		sem: make(chan struct{}, cfg.Concurrency),
	}
	c.cond = sync.NewCond(&c.mu)
	if cfg.Rate > 0 {
		c.rate = &limiter{interval: time.Duration(float64(time.Second) / cfg.Rate)}
	}
	return c
}

// close releases idle connections.
func (c *client) close() { c.hc.CloseIdleConnections() }

// errNotSent marks a planned request that was not sent; the reason is in
// client.whyNot.
var errNotSent = errors.New("not sent")

// acquire reserves a slot and a request from the budget, waiting for the
// rate limit. It returns errNotSent when the request must not be sent.
//
// Until the site has answered once, a failure makes new requests wait for
// the verdict of those in flight: if one of them gets a response, the probe
// goes on; if all fail, the site is unreachable and nothing more is sent.
// So a site that never answers costs one --timeout, not one per request.
func (c *client) acquire(ctx context.Context) (release func(), seq int, err error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		c.skip("the probe's deadline (--deadline) passed")
		return nil, 0, errNotSent
	}
	release = func() { <-c.sem }
	if err := c.rate.wait(ctx); err != nil {
		release()
		c.skip("the probe's deadline (--deadline) passed")
		return nil, 0, errNotSent
	}
	c.mu.Lock()
	for !c.responded && c.failures > 0 && c.inflight > 0 && c.down == nil {
		c.cond.Wait()
	}
	if !c.responded && c.failures > 0 && c.down == nil {
		c.down = c.firstErr
	}
	switch {
	case c.down != nil:
		c.mu.Unlock()
		release()
		c.skip("the site could not be reached")
		return nil, 0, errNotSent
	case ctx.Err() != nil:
		c.mu.Unlock()
		release()
		c.skip("the probe's deadline (--deadline) passed")
		return nil, 0, errNotSent
	case c.sent >= c.cfg.MaxRequests:
		c.mu.Unlock()
		release()
		c.skip("--max-requests was reached")
		return nil, 0, errNotSent
	}
	c.sent++
	c.seq++
	c.inflight++
	seq = c.seq
	c.mu.Unlock()
	return release, seq, nil
}

// skip counts a planned request that was not sent.
func (c *client) skip(why string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notSent++
	if c.whyNot == "" {
		c.whyNot = why
	}
}

// outcome records whether a sent request got a response. Before the
// first response, an error that every request to the origin would meet (DNS,
// connection refused, TLS) marks the site unreachable at once.
func (c *client) outcome(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.cond.Broadcast()
	c.inflight--
	if err == nil {
		c.responded = true
		return
	}
	if c.responded {
		return
	}
	c.failures++
	if c.firstErr == nil {
		c.firstErr = err
	}
	if c.down == nil && originLevel(err) {
		c.down = err
	}
}

// progress reports a sent request.
func (c *client) progress(route string) {
	if c.cfg.Progress == nil {
		return
	}
	c.mu.Lock()
	p := Progress{Route: route, Sent: c.sent, Max: c.cfg.MaxRequests}
	c.mu.Unlock()
	c.cfg.Progress(p)
}

// limiter spaces request starts at least interval apart.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

// wait blocks until the next start is allowed; a nil limiter never waits.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	at := l.next
	if at.Before(now) {
		at = now
	}
	l.next = at.Add(l.interval)
	l.mu.Unlock()
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
