package rules

import "time"

// A Finding is one problem a rule found, with the evidence for it and the fix.
// Every reporter renders this one type.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Message says what was seen, in one line, without secret values.
	Message string `json:"message"`
	// Why says how this breaks login or leaks a session.
	Why string `json:"why"`
	// File is the HAR the finding came from ("-" for standard input).
	File string `json:"file"`
	// Entries are the exchanges involved; the first is where it was seen.
	Entries  []EntryRef `json:"entries"`
	Evidence []Evidence `json:"evidence,omitempty"`
	Fix      Fix        `json:"fix"`
	// ReliesOn names the vendor default or assumption the finding depends
	// on, when the verdict would differ under another configuration.
	ReliesOn string `json:"relies_on,omitempty"`
	// Fingerprint identifies the problem across re-recordings of the same
	// flow: rule, method, host, path template and cookie or header name;
	// never entry index, time or values.
	Fingerprint string `json:"fingerprint"`
	// Confirmed is set when a live probe reproduced the problem (for
	// example, an anonymous request received another session's cookie),
	// not only inferred it from headers.
	Confirmed bool `json:"confirmed,omitempty"`
	// Occurrences counts the exchanges that showed the same problem (same
	// fingerprint); Entries lists at most MaxEntries of them.
	Occurrences int `json:"occurrences"`
	// Route is the path pattern of the route the finding is about, with
	// variable segments as "*" ("/users/*/orders"): the occurrences of a
	// finding are on URLs of this route.
	Route string `json:"route,omitempty"`
	// EvidenceOmitted counts the evidence beyond MaxEvidence that was left
	// out of Evidence ("and N more").
	EvidenceOmitted int `json:"evidence_omitted,omitempty"`

	// Key is the rule's part of the fingerprint (a cookie or header name).
	Key string `json:"-"`
}

// MaxEntries caps the entries listed on one merged finding.
const MaxEntries = 10

// MaxEvidence caps the evidence quoted on one finding: one response with a
// million Set-Cookie lines must not make a report of a million lines. No
// finding on the fixtures or the corpus quotes more than 7.
const MaxEvidence = 20

// EntryRef points at one exchange of the input.
type EntryRef struct {
	Index int `json:"index"`
	// Line is the 1-based line of the entry in the HAR, when known.
	Line int `json:"line,omitempty"`
	// Pointer is the RFC 6901 JSON pointer of the entry.
	Pointer string `json:"pointer"`
	Method  string `json:"method"`
	// URL is the request URL with secret query values redacted.
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	// Started is the request start in UTC; OffsetMS is the start relative to
	// the earliest entry of the input, in milliseconds.
	Started  time.Time `json:"started,omitzero"`
	OffsetMS float64   `json:"offset_ms"`
	// EndMS is when the response completed, relative to the earliest entry.
	EndMS float64 `json:"end_ms"`
	// Role says what this entry shows, when a finding involves several.
	Role string `json:"role,omitempty"`

	dur float64 // the entry's total time in ms, for EndMS
}

// Evidence is one observed header, cookie or URL part, quoted exactly except
// that secret values are replaced by a fingerprint.
type Evidence struct {
	Entry int `json:"entry"`
	// Where is "request header", "response header", "request cookie",
	// "set-cookie", "url" or "body"; "request cookies array" and "response
	// cookies array" when a HAR cookies array stood in for a missing header.
	Where string `json:"where"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Fix is the concrete remedy for one finding.
type Fix struct {
	// Message is an imperative sentence naming the exact header or setting.
	Message string `json:"message"`
	// Headers lists response header changes that implement the fix.
	Headers []HeaderEdit `json:"headers,omitempty"`
	// Vendor and Library name the CDN and auth library the fix targets.
	Vendor  string `json:"vendor,omitempty"`
	Library string `json:"library,omitempty"`
	// Reference is documentation that backs the fix.
	Reference string `json:"reference,omitempty"`
}

// HeaderEdit is one change to a response header.
type HeaderEdit struct {
	Op    EditOp `json:"op"`
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
}

// EditOp is what a HeaderEdit does to its header.
type EditOp string

// The header edits.
const (
	EditSet    EditOp = "set"    // set the header to Value, replacing any
	EditRemove EditOp = "remove" // remove the header
	EditAppend EditOp = "append" // add Value to the header's list
)

// String renders the edit as a line of plain text: "set Cache-Control:
// private, no-store", "remove header Vary".
func (h HeaderEdit) String() string {
	if h.Op == EditRemove {
		return "remove header " + h.Name
	}
	return string(h.Op) + " " + h.Name + ": " + h.Value
}
