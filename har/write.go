package har

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// Writing HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) in the
// form Chrome DevTools imports. DevTools' importer
// (ChromeDevTools/devtools-frontend front_end/models/har/HARFormat.ts) throws
// on: a missing log.entries array, an entry without a request, response or
// timings object, a startedDateTime that is not a date, a non-numeric time,
// headersSize, bodySize, status, content.size or timings.send/wait/receive, a
// page without pageTimings, and a cookie "expires" that is not a date. The
// writer therefore always writes those members, writes a response (status 0)
// for an entry that has none, writes arrays rather than null, and drops a
// cookie expiry that does not parse. DevTools reads why a request failed from
// response._error, where Chrome writes it and where Decoder reads it back.

// An Encoder writes a HAR 1.2 document one entry at a time, so that a long
// recording never has to be held in memory. Entries are written in the order
// given; HAR readers (Chrome DevTools included) sort them by startedDateTime.
type Encoder struct {
	w       *bufio.Writer
	log     *Log
	started bool
	entries int
	err     error
}

// NewEncoder returns an Encoder writing to w a HAR whose log metadata
// (version, creator, browser, pages, comment) is l. A Log without a version
// is written as version "1.2".
func NewEncoder(w io.Writer, l *Log) *Encoder {
	if l == nil {
		l = &Log{}
	}
	return &Encoder{w: bufio.NewWriter(w), log: l}
}

// Encode writes one entry. Its Index, Offset and Line are not written: the
// entry's position in the output is its index.
func (enc *Encoder) Encode(e *Entry) error {
	if enc.err != nil {
		return enc.err
	}
	if e == nil {
		return enc.fail(errors.New("har: encode nil entry"))
	}
	if err := enc.begin(); err != nil {
		return err
	}
	sep := ",\n      "
	if enc.entries == 0 {
		sep = "\n      "
	}
	enc.entries++
	if _, err := enc.w.WriteString(sep); err != nil {
		return enc.fail(err)
	}
	return enc.value(encodeEntry(e), "      ")
}

// Close ends the document and flushes it. It does not close the underlying
// writer. A document with no entries has an empty entries array.
func (enc *Encoder) Close() error {
	if enc.err != nil {
		return enc.err
	}
	if err := enc.begin(); err != nil {
		return err
	}
	end := "\n    ]"
	if enc.entries == 0 {
		end = "]"
	}
	if _, err := enc.w.WriteString(end); err != nil {
		return enc.fail(err)
	}
	if enc.log.Comment != "" {
		if _, err := enc.w.WriteString(",\n    \"comment\": "); err != nil {
			return enc.fail(err)
		}
		if err := enc.value(enc.log.Comment, "    "); err != nil {
			return err
		}
	}
	if _, err := enc.w.WriteString("\n  }\n}\n"); err != nil {
		return enc.fail(err)
	}
	if err := enc.w.Flush(); err != nil {
		return enc.fail(err)
	}
	enc.err = errors.New("har: encoder closed")
	return nil
}

// Write writes a whole HAR: l's metadata and entries, in order.
func Write(w io.Writer, l *Log, entries []*Entry) error {
	enc := NewEncoder(w, l)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return enc.Close()
}

// begin writes everything of the document up to the entries' '['.
func (enc *Encoder) begin() error {
	if enc.started {
		return nil
	}
	enc.started = true
	l := enc.log
	version := l.Version
	if version == "" {
		version = "1.2"
	}
	head := struct {
		Version string          `json:"version"`
		Creator creatorJSON     `json:"creator"`
		Browser *creatorJSON    `json:"browser,omitempty"`
		Pages   []pageJSON      `json:"pages"`
		Entries json.RawMessage `json:"entries"`
	}{
		Version: version,
		Creator: creatorJSON(l.Creator),
		Pages:   make([]pageJSON, 0, len(l.Pages)),
		Entries: json.RawMessage("[]"),
	}
	if l.Browser != nil {
		b := creatorJSON(*l.Browser)
		head.Browser = &b
	}
	for _, p := range l.Pages {
		head.Pages = append(head.Pages, pageJSON{Started: timeText(p.Started, ""), ID: p.ID, Title: p.Title, PageTimings: struct{}{}})
	}
	b, err := marshal(head, "  ")
	if err != nil {
		return enc.fail(err)
	}
	// b ends with `"entries": []` and the closing brace: cut before the
	// ']' so that entries can follow.
	s := string(b)
	i := strings.LastIndex(s, "[]")
	if i < 0 {
		return enc.fail(errors.New("har: internal error writing the log header"))
	}
	if _, err := enc.w.WriteString("{\n  \"log\": " + s[:i+1]); err != nil {
		return enc.fail(err)
	}
	return nil
}

// value writes v as indented JSON, each line after the first prefixed.
func (enc *Encoder) value(v any, prefix string) error {
	b, err := marshal(v, prefix)
	if err != nil {
		return enc.fail(err)
	}
	if _, err := enc.w.Write(b); err != nil {
		return enc.fail(err)
	}
	return nil
}

func (enc *Encoder) fail(err error) error {
	enc.err = err
	return err
}

// marshal encodes v as indented JSON without HTML escaping (bodies stay
// readable) and without a trailing newline.
func marshal(v any, prefix string) ([]byte, error) {
	var b strings.Builder
	je := json.NewEncoder(&b)
	je.SetEscapeHTML(false)
	je.SetIndent(prefix, "  ")
	if err := je.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// The JSON forms, with members in the order of the HAR 1.2 spec.

type creatorJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Comment string `json:"comment,omitempty"`
}

type pageJSON struct {
	Started     string   `json:"startedDateTime"`
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	PageTimings struct{} `json:"pageTimings"`
}

type entryJSON struct {
	Pageref         string       `json:"pageref,omitempty"`
	Started         string       `json:"startedDateTime"`
	Time            float64      `json:"time"`
	Request         requestJSON  `json:"request"`
	Response        responseJSON `json:"response"`
	Cache           struct{}     `json:"cache"`
	Timings         Timings      `json:"timings"`
	ServerIPAddress string       `json:"serverIPAddress,omitempty"`
	Connection      string       `json:"connection,omitempty"`
	Comment         string       `json:"comment,omitempty"`
	FromCache       string       `json:"_fromCache,omitempty"`
	ResourceType    string       `json:"_resourceType,omitempty"`
}

type requestJSON struct {
	Method      string        `json:"method"`
	URL         string        `json:"url"`
	HTTPVersion string        `json:"httpVersion"`
	Cookies     []cookieJSON  `json:"cookies"`
	Headers     []Header      `json:"headers"`
	QueryString []NameValue   `json:"queryString"`
	PostData    *postDataJSON `json:"postData,omitempty"`
	HeadersSize int64         `json:"headersSize"`
	BodySize    int64         `json:"bodySize"`
}

type postDataJSON struct {
	MimeType string      `json:"mimeType"`
	Params   []NameValue `json:"params"`
	Text     string      `json:"text"`
}

type responseJSON struct {
	Status      int          `json:"status"`
	StatusText  string       `json:"statusText"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []cookieJSON `json:"cookies"`
	Headers     []Header     `json:"headers"`
	Content     contentJSON  `json:"content"`
	RedirectURL string       `json:"redirectURL"`
	HeadersSize int64        `json:"headersSize"`
	BodySize    int64        `json:"bodySize"`
	Error       string       `json:"_error,omitempty"`
}

type contentJSON struct {
	Size        int64  `json:"size"`
	Compression int64  `json:"compression,omitempty"`
	MimeType    string `json:"mimeType"`
	Text        string `json:"text,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
	Comment     string `json:"comment,omitempty"`
}

type cookieJSON struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	SameSite string `json:"sameSite,omitempty"`
}

// encodeEntry converts e to its JSON form.
func encodeEntry(e *Entry) entryJSON {
	out := entryJSON{
		Pageref:         e.Pageref,
		Started:         timeText(e.Started, e.StartedRaw),
		Time:            e.Time,
		Timings:         e.Timings,
		ServerIPAddress: e.ServerIPAddress,
		Connection:      e.Connection,
		Comment:         e.Comment,
		FromCache:       e.FromCache,
		ResourceType:    e.ResourceType,
	}
	r := &e.Request
	out.Request = requestJSON{
		Method:      r.Method,
		URL:         r.URL,
		HTTPVersion: r.HTTPVersion,
		Cookies:     cookiesJSON(r.Cookies),
		Headers:     nonNil(r.Headers),
		QueryString: nonNil(r.QueryString),
		HeadersSize: r.HeadersSize,
		BodySize:    r.BodySize,
	}
	if p := r.PostData; p != nil {
		out.Request.PostData = &postDataJSON{MimeType: p.MimeType, Params: nonNil(p.Params), Text: p.Text}
	}
	if e.Response == nil {
		// HAR 1.2 and DevTools require a response: a failed request has
		// status 0 (as Chrome writes it).
		out.Response = responseJSON{
			Cookies: []cookieJSON{}, Headers: []Header{},
			Content:     contentJSON{MimeType: "x-unknown"},
			HeadersSize: -1, BodySize: -1,
		}
	} else {
		resp := e.Response
		c := resp.Content
		out.Response = responseJSON{
			Status:      resp.Status,
			StatusText:  resp.StatusText,
			HTTPVersion: resp.HTTPVersion,
			Cookies:     cookiesJSON(resp.Cookies),
			Headers:     nonNil(resp.Headers),
			Content: contentJSON{
				Size: c.Size, Compression: c.Compression, MimeType: c.MimeType,
				Text: c.Text, Encoding: c.Encoding,
			},
			RedirectURL: resp.RedirectURL,
			HeadersSize: resp.HeadersSize,
			BodySize:    resp.BodySize,
		}
		if c.Truncated {
			out.Response.Content.Comment = "text cut to its first bytes when recorded"
		}
	}
	out.Response.Error = e.Error
	return out
}

// timeText formats a startedDateTime: t in RFC 3339 with nanoseconds, or
// raw when t is zero and raw holds a text that did not parse (so the value
// is kept); the zero time is written as such.
func timeText(t time.Time, raw string) string {
	if t.IsZero() && raw != "" {
		return raw
	}
	return t.Format(time.RFC3339Nano)
}

// cookiesJSON converts cookies, keeping an expiry only when it is a date
// DevTools can read (RFC 3339, or an HTTP date converted to RFC 3339).
func cookiesJSON(cs []Cookie) []cookieJSON {
	out := make([]cookieJSON, 0, len(cs))
	for _, c := range cs {
		j := cookieJSON{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain,
			HTTPOnly: c.HTTPOnly, Secure: c.Secure, SameSite: c.SameSite}
		if c.Expires != "" {
			if t, err := time.Parse(time.RFC3339Nano, c.Expires); err == nil {
				j.Expires = t.Format(time.RFC3339Nano)
			} else if t, err := http.ParseTime(c.Expires); err == nil {
				j.Expires = t.UTC().Format(time.RFC3339Nano)
			}
		}
		out = append(out, j)
	}
	return out
}

// nonNil returns s, or an empty slice for nil, so that JSON has [] rather
// than null.
func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}
