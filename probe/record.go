package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
)

// An Exchange is one request the probe sent and what came back, recorded
// as a HAR entry.
type Exchange struct {
	// Entry is the recorded exchange; Entry.Index is its position in the
	// probe's log. A request that got no response has Entry.Response nil
	// and Entry.Error set.
	Entry *har.Entry
	// Route is the route the request belongs to (its path, as planned).
	Route string
	// Step is the plan step that sent it.
	Step Step
	// Err is why the request got no response (network, TLS, timeout), nil
	// when it got one.
	Err error

	seq int // order in which requests were started
}

// send performs one GET and records it, with the credentials of a
// signed-in step or, for the zero credentials, anonymously.
func (c *client) send(ctx context.Context, u *url.URL, route string, step Step, creds credentials) (*Exchange, error) {
	release, seq, err := c.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	c.lastRoute.Store(route)
	x := c.roundTrip(ctx, u, creds)
	x.Route, x.Step, x.seq = route, step, seq
	comment := "authlint probe: " + string(step)
	if x.Entry.Comment != "" {
		comment += "; " + x.Entry.Comment
	}
	x.Entry.Comment = comment
	c.outcome(x.Err)
	c.progress(route)
	return x, nil
}

// recorder collects what httptrace reports about one request.
type recorder struct {
	mu                               sync.Mutex
	start                            time.Time
	dnsStart, dnsDone                time.Time
	connectStart, connectDone        time.Time
	tlsStart, tlsDone                time.Time
	gotConn, wroteRequest, firstByte time.Time
	remote                           string
	headers                          har.Headers // as written on the wire
	wroteHeaders                     bool
}

func (r *recorder) trace() *httptrace.ClientTrace {
	at := func(p *time.Time) {
		r.mu.Lock()
		if p.IsZero() {
			*p = time.Now()
		}
		r.mu.Unlock()
	}
	return &httptrace.ClientTrace{
		DNSStart:          func(httptrace.DNSStartInfo) { at(&r.dnsStart) },
		DNSDone:           func(httptrace.DNSDoneInfo) { at(&r.dnsDone) },
		ConnectStart:      func(string, string) { at(&r.connectStart) },
		ConnectDone:       func(string, string, error) { at(&r.connectDone) },
		TLSHandshakeStart: func() { at(&r.tlsStart) },
		TLSHandshakeDone:  func(tls.ConnectionState, error) { at(&r.tlsDone) },
		GotConn: func(info httptrace.GotConnInfo) {
			at(&r.gotConn)
			r.mu.Lock()
			if info.Conn != nil {
				r.remote = info.Conn.RemoteAddr().String()
			}
			r.mu.Unlock()
		},
		WroteHeaderField: func(key string, values []string) {
			r.mu.Lock()
			r.wroteHeaders = true
			for _, v := range values {
				r.headers = append(r.headers, har.Header{Name: key, Value: v})
			}
			r.mu.Unlock()
		},
		WroteRequest:         func(httptrace.WroteRequestInfo) { at(&r.wroteRequest) },
		GotFirstResponseByte: func() { at(&r.firstByte) },
	}
}

// credentials are what a signed-in step sends: the session's Cookie header
// (from --cookie-file) and the Authorization header of Config.Header. The
// zero value is an anonymous request, which carries neither.
type credentials struct {
	cookie   string
	signedIn bool
}

// roundTrip sends a GET to u and records the exchange; it never fails: a
// request without a response is recorded with its error.
func (c *client) roundTrip(parent context.Context, u *url.URL, creds credentials) *Exchange {
	ctx, cancel := context.WithTimeout(parent, c.cfg.Timeout)
	defer cancel()
	rec := &recorder{start: time.Now()}
	ctx = httptrace.WithClientTrace(ctx, rec.trace())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	e := &har.Entry{
		Started: rec.start.UTC(),
		Request: har.Request{
			Method: http.MethodGet, URL: u.String(), HTTPVersion: "HTTP/1.1",
			QueryString: queryString(u), HeadersSize: -1, BodySize: 0,
		},
	}
	x := &Exchange{Entry: e}
	if err != nil {
		x.Err = err
		e.Error = err.Error()
		e.Time = 0
		e.Timings = har.Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}
		return x
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "*/*")
	req.Header.Set("Accept-Encoding", "gzip")
	for name, vs := range c.cfg.Header {
		if strings.EqualFold(name, "Host") {
			if len(vs) > 0 {
				req.Host = vs[0]
			}
			continue
		}
		if isCredentialHeader(name) && !creds.signedIn {
			continue // an anonymous request stays anonymous
		}
		req.Header.Del(name)
		for _, v := range vs {
			req.Header.Add(name, v)
		}
	}
	if creds.signedIn && creds.cookie != "" {
		req.Header.Set("Cookie", creds.cookie)
	}
	resp, err := c.hc.Do(req)
	var body []byte
	var wireBytes int64
	var truncated bool
	var fullLen int64 = -1
	if err == nil {
		body, wireBytes, truncated, fullLen, err = c.readBody(resp)
		resp.Body.Close()
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = &timeoutError{after: c.cfg.Timeout, err: err}
		}
	}
	end := time.Now()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.wroteHeaders {
		e.Request.Headers = rec.headers
	} else {
		e.Request.Headers = sentHeaders(req)
	}
	e.Request.Cookies = requestCookies(e.Request.Headers)
	e.ServerIPAddress = hostOf(rec.remote)
	e.Time = ms(end.Sub(rec.start))
	e.Timings = rec.timings(end)

	if resp == nil {
		x.Err = classify(parent, ctx, err, c.cfg.Timeout)
		e.Error = x.Err.Error()
		return x
	}
	if resp.Proto != "" {
		e.Request.HTTPVersion = resp.Proto
	}
	r := &har.Response{
		Status:      resp.StatusCode,
		StatusText:  strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		HTTPVersion: resp.Proto,
		Headers:     receivedHeaders(resp.Header),
		RedirectURL: resp.Header.Get("Location"),
		HeadersSize: -1,
		BodySize:    wireBytes,
	}
	if r.StatusText == "" {
		r.StatusText = http.StatusText(resp.StatusCode)
	}
	r.Cookies = responseCookies(r.Headers)
	r.Content = content(resp.Header.Get("Content-Type"), body, truncated, fullLen)
	if enc := resp.Header.Get("Content-Encoding"); enc != "" && r.Content.Size >= 0 && !truncated {
		r.Content.Compression = r.Content.Size - wireBytes
	}
	e.Response = r
	if err != nil {
		// The headers came but the body did not: keep the response, and
		// say why it is incomplete.
		x.Err = nil
		e.Comment = "body incomplete: " + err.Error()
	}
	return x
}

// readBody reads up to BodyLimit decoded bytes of the body, gunzipping a
// gzip body. It reports the bytes read from the wire, whether the body was
// cut, and its full decoded length when known (-1 otherwise; at most 1 MiB
// past the limit is read to learn it).
func (c *client) readBody(resp *http.Response) (body []byte, wire int64, truncated bool, full int64, err error) {
	limit := c.cfg.BodyLimit
	if limit == 0 {
		limit = har.DefaultBodyLimit
	}
	if limit < 0 {
		limit = 0
	}
	counted := &countingReader{r: resp.Body}
	var src io.Reader = counted
	if strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		zr, zerr := gzip.NewReader(counted)
		if zerr != nil {
			if zerr == io.EOF {
				return nil, counted.n, false, 0, nil
			}
			return nil, counted.n, false, -1, zerr
		}
		defer zr.Close()
		src = zr
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(src, int64(limit)))
	if err != nil {
		return buf.Bytes(), counted.n, false, -1, err
	}
	rest, err := io.Copy(io.Discard, io.LimitReader(src, 1<<20))
	switch {
	case err != nil:
		return buf.Bytes(), counted.n, rest > 0, -1, err
	case rest == 0:
		return buf.Bytes(), counted.n, false, n, nil
	}
	full = n + rest
	if more, _ := io.Copy(io.Discard, io.LimitReader(src, 1)); more > 0 {
		full = -1
	}
	return buf.Bytes(), counted.n, true, full, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// content records a body: as text when it is UTF-8, else base64.
func content(mime string, body []byte, truncated bool, full int64) har.Content {
	ct := har.Content{Size: full, MimeType: mime}
	if mime == "" {
		ct.MimeType = "x-unknown"
	}
	if utf8.Valid(body) || truncated && utf8.Valid(trimPartialRune(body)) {
		ct.Text = string(body)
	} else {
		ct.Text = base64.StdEncoding.EncodeToString(body)
		ct.Encoding = "base64"
	}
	ct.TextLen = int64(len(ct.Text))
	ct.Truncated = truncated
	return ct
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b, left
// by cutting a body at the limit.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// timings converts the trace into HAR timings that add up to the entry's
// time. Trace callbacks run on different goroutines (the response may be
// read before WroteRequest is reported), so the points are put in order
// first: start <= got connection <= request written <= first byte <= end.
// DNS and connect happen before the connection is ready; what is left of
// that stretch is "blocked".
func (r *recorder) timings(end time.Time) har.Timings {
	t := har.Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}
	within := func(p, lo, hi time.Time) time.Time {
		switch {
		case p.IsZero() || p.Before(lo):
			return lo
		case p.After(hi):
			return hi
		}
		return p
	}
	gc := within(r.gotConn, r.start, end)
	if r.gotConn.IsZero() {
		gc = end // never connected: all of it was spent getting there
	}
	fb := end
	if !r.firstByte.IsZero() {
		fb = within(r.firstByte, gc, end)
	}
	wr := within(r.wroteRequest, gc, fb)
	if r.wroteRequest.IsZero() {
		wr = fb
	}
	span := func(a, b time.Time) time.Duration {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return -1
		}
		return b.Sub(a)
	}
	pre := gc.Sub(r.start)
	dns := min(span(r.dnsStart, r.dnsDone), pre)
	connectEnd := r.connectDone
	if !r.tlsDone.IsZero() {
		connectEnd = r.tlsDone
	}
	connect := min(span(r.connectStart, connectEnd), pre-max(dns, 0))
	blocked := pre - max(dns, 0) - max(connect, 0)
	if dns >= 0 {
		t.DNS = ms(dns)
	}
	if connect >= 0 {
		t.Connect = ms(connect)
		if ssl := span(r.tlsStart, r.tlsDone); ssl >= 0 {
			t.SSL = ms(min(ssl, connect))
		}
	}
	t.Blocked = ms(blocked)
	t.Send = ms(wr.Sub(gc))
	t.Wait = ms(fb.Sub(wr))
	t.Receive = ms(end.Sub(fb))
	return t
}

// ms converts a duration to milliseconds, rounded to microseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// isCredentialHeader reports whether a Config.Header field is a user
// credential, sent only in the signed-in steps like the session's cookies:
// Authorization. Other headers (User-Agent, Host, a deployment-protection
// bypass, Proxy-Authorization for a proxy on the way) go with every request.
func isCredentialHeader(name string) bool { return strings.EqualFold(name, "Authorization") }

// sentHeaders returns the headers of a request that was never written (it
// failed before): what would have been sent.
func sentHeaders(req *http.Request) har.Headers {
	hs := har.Headers{{Name: "Host", Value: req.Host}}
	if req.Host == "" {
		hs[0].Value = req.URL.Host
	}
	return append(hs, receivedHeaders(req.Header)...)
}

// receivedHeaders flattens a header map: names sorted (net/http does not keep
// the order of the wire), values of a repeated name in received order.
func receivedHeaders(h http.Header) har.Headers {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	var out har.Headers
	for _, name := range names {
		for _, v := range h[name] {
			out = append(out, har.Header{Name: name, Value: v})
		}
	}
	return out
}

// requestCookies fills the HAR cookies array of a request from its Cookie
// header(s).
func requestCookies(h har.Headers) []har.Cookie {
	var out []har.Cookie
	for _, p := range cookie.ParseCookieHeaders(h.Values("Cookie")) {
		out = append(out, har.Cookie{Name: p.Name, Value: p.Value})
	}
	return out
}

// responseCookies fills the HAR cookies array of a response from its
// Set-Cookie lines.
func responseCookies(h har.Headers) []har.Cookie {
	var out []har.Cookie
	for _, line := range cookie.SplitSetCookie(h.Values("Set-Cookie")) {
		sc, err := cookie.ParseSetCookie(line)
		if err != nil {
			continue
		}
		c := har.Cookie{Name: sc.Name, Value: sc.Value, Path: sc.Path, Domain: sc.Domain,
			HTTPOnly: sc.HTTPOnly, Secure: sc.Secure, SameSite: sc.SameSite}
		if sc.HasExpires {
			c.Expires = sc.Expires.UTC().Format(time.RFC3339)
		}
		out = append(out, c)
	}
	return out
}

// queryString lists the query parameters of u in order.
func queryString(u *url.URL) []har.NameValue {
	var out []har.NameValue
	for part := range strings.SplitSeq(u.RawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out = append(out, har.NameValue{Name: k, Value: v})
	}
	return out
}

// hostOf returns the IP address of "ip:port" (brackets of IPv6 removed).
func hostOf(addr string) string {
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		addr = addr[:i]
	}
	return strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
}
