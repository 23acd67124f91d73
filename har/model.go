package har

import (
	"strings"
	"time"

	"github.com/authlint/authlint/internal/ascii"
)

// Log is the metadata of a HAR file: everything in "log" except the entries,
// which are streamed to the caller one at a time.
type Log struct {
	Version string   `json:"version"`
	Creator Creator  `json:"creator"`
	Browser *Creator `json:"browser,omitempty"`
	Pages   []Page   `json:"pages,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

// Creator names the application (or browser) that wrote the HAR.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Comment string `json:"comment,omitempty"`
}

// Page is one page of log.pages.
type Page struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Started time.Time `json:"startedDateTime"`
}

// Entry is one HTTP exchange: a request and, unless it was aborted, its
// response.
type Entry struct {
	// Index is the entry's position in log.entries, starting at 0.
	Index int `json:"-"`
	// Offset is the byte offset of the entry's opening brace in the
	// (decompressed, BOM-stripped) input, and Line its 1-based line.
	Offset int64 `json:"-"`
	Line   int   `json:"-"`

	Pageref string `json:"pageref,omitempty"`
	// Started is startedDateTime; zero when absent or unparseable (StartedRaw
	// keeps the text).
	Started    time.Time `json:"startedDateTime"`
	StartedRaw string    `json:"-"`
	// Time is the total elapsed time in milliseconds; -1 when unknown.
	Time     float64   `json:"time"`
	Request  Request   `json:"request"`
	Response *Response `json:"response,omitempty"`
	Timings  Timings   `json:"timings"`

	ServerIPAddress string `json:"serverIPAddress,omitempty"`
	Connection      string `json:"connection,omitempty"`
	Comment         string `json:"comment,omitempty"`

	// Browser-specific fields kept because rules can use them.
	FromCache    string `json:"_fromCache,omitempty"`    // Chrome: "memory" or "disk" when served by the browser cache
	ResourceType string `json:"_resourceType,omitempty"` // Chrome: "document", "fetch", "script", ...
	Error        string `json:"_error,omitempty"`        // Chrome, BrowserMob: why the request failed

	// Authlint is the JSON text of the entry's "_authlint" member, the
	// annotation authlint sanitize writes (read by token.NewAnnotation);
	// empty when absent.
	Authlint string `json:"-"`
}

// Request is an entry's request.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Headers     Headers     `json:"headers"`
	Cookies     []Cookie    `json:"cookies"`
	QueryString []NameValue `json:"queryString"`
	PostData    *PostData   `json:"postData,omitempty"`
	HeadersSize int64       `json:"headersSize"`
	BodySize    int64       `json:"bodySize"`
}

// Response is an entry's response. Status 0 means the request got no
// response (network error, blocked, aborted).
type Response struct {
	Status      int      `json:"status"`
	StatusText  string   `json:"statusText"`
	HTTPVersion string   `json:"httpVersion"`
	Headers     Headers  `json:"headers"`
	Cookies     []Cookie `json:"cookies"`
	Content     Content  `json:"content"`
	RedirectURL string   `json:"redirectURL"`
	HeadersSize int64    `json:"headersSize"`
	BodySize    int64    `json:"bodySize"`
}

// Content describes a response body.
type Content struct {
	Size        int64  `json:"size"`
	Compression int64  `json:"compression,omitempty"`
	MimeType    string `json:"mimeType"`
	Encoding    string `json:"encoding,omitempty"` // "base64" or empty
	// Text is the body as written in the HAR (still base64 when Encoding is
	// "base64"), cut to the reader's body limit. TextLen is the full length
	// of the decoded JSON string and Truncated says whether Text is a prefix.
	Text      string `json:"text,omitempty"`
	TextLen   int64  `json:"-"`
	Truncated bool   `json:"-"`
}

// PostData is a request body.
type PostData struct {
	MimeType string `json:"mimeType"`
	// Text is cut to the reader's body limit like Content.Text.
	Text      string      `json:"text,omitempty"`
	Params    []NameValue `json:"params,omitempty"`
	Truncated bool        `json:"-"`
}

// Timings are the phases of an exchange in milliseconds; -1 means "does not
// apply".
type Timings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// Cookie is one element of a HAR cookies array. authlint reads cookies from
// the raw Cookie and Set-Cookie headers; the rules fall back to these arrays
// only for a request or response without those headers, because exporters
// often leave them empty or incomplete (rules.Exchange.CookiesFromHAR).
type Cookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"` // raw text; may be invalid ("NaN-NaN-...")
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	SameSite string `json:"sameSite,omitempty"`
}

// NameValue is a query parameter or form field. Value holds the JSON text of
// non-string values (some exporters write objects there).
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Header is one header line. Names keep their original case; HTTP/2 and
// HTTP/3 pseudo-headers (":authority", ":path", ...) are kept as written.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Headers is an ordered list of header lines, repeated names included.
type Headers []Header

// Get returns the value of the first header named name (case-insensitive),
// or "" when there is none.
func (h Headers) Get(name string) string {
	for _, x := range h {
		if ascii.EqualFold(x.Name, name) {
			return x.Value
		}
	}
	return ""
}

// Has reports whether a header named name is present.
func (h Headers) Has(name string) bool {
	for _, x := range h {
		if ascii.EqualFold(x.Name, name) {
			return true
		}
	}
	return false
}

// Values returns the values of every header named name, in order.
func (h Headers) Values(name string) []string {
	var vs []string
	for _, x := range h {
		if ascii.EqualFold(x.Name, name) {
			vs = append(vs, x.Value)
		}
	}
	return vs
}

// Index returns the position of the first header named name, or -1.
func (h Headers) Index(name string) int {
	for i, x := range h {
		if ascii.EqualFold(x.Name, name) {
			return i
		}
	}
	return -1
}

// Joined returns all values of name joined with ", ", the way RFC 9110 §5.3
// combines repeated field lines into one field value.
func (h Headers) Joined(name string) string {
	return strings.Join(h.Values(name), ", ")
}

// Aborted reports whether the entry has no usable response.
func (e *Entry) Aborted() bool {
	return e.Response == nil || e.Response.Status == 0
}

// End returns when the response completed: Started plus Time. When Time is
// unknown it returns Started.
func (e *Entry) End() time.Time {
	if e.Time <= 0 {
		return e.Started
	}
	return e.Started.Add(time.Duration(e.Time * float64(time.Millisecond)))
}
