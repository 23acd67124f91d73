package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/rules"
)

// SARIF writes a SARIF 2.1.0 log that GitHub code scanning accepts: one run
// whose rules table is built from rule metadata and whose results point into
// the HAR files (docs/formats.md#sarif).
//
// What GitHub reads is documented in "SARIF support for code scanning"
// (github/docs, content/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning.md).
type SARIF struct{}

var _ Reporter = (*SARIF)(nil)

const (
	// sarifSchema is the schema URI GitHub's own examples use.
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// sarifSrcRoot is the base of relative artifact URIs: the directory
	// authlint ran in, which in CI is the repository checkout.
	sarifSrcRoot = "%SRCROOT%"
	// fingerprintKey names authlint's own fingerprint in partialFingerprints;
	// the version suffix changes only if the fingerprint recipe does.
	fingerprintKey = "authlint/v1"

	informationURI = "https://github.com/authlint/authlint"
	rulesDocURL    = "https://github.com/authlint/authlint/blob/main/docs/rules.md"
)

// RuleURL returns the address of a rule's section in docs/rules.md.
func RuleURL(id string) string { return rulesDocURL + "#" + id }

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string            `json:"name"`
	Version         string            `json:"version,omitempty"`
	SemanticVersion string            `json:"semanticVersion,omitempty"`
	InformationURI  string            `json:"informationUri"`
	Rules           []sarifRule       `json:"rules"`
	Notifications   []sarifDescriptor `json:"notifications,omitempty"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifText           `json:"help"`
	HelpURI              string              `json:"helpUri"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

// sarifDescriptor describes a notification authlint can raise.
type sarifDescriptor struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	ShortDescription sarifText `json:"shortDescription"`
	FullDescription  sarifText `json:"fullDescription"`
	Help             sarifText `json:"help"`
	HelpURI          string    `json:"helpUri"`
}

// sarifText is a message or a multiformatMessageString.
type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Category string   `json:"category,omitempty"`
	Tags     []string `json:"tags"`
	// Precision is one of very-high, high, medium, low (GitHub orders
	// results by it).
	Precision string `json:"precision"`
	// SecuritySeverity is GitHub's score, a string holding a number in
	// (0, 10].
	SecuritySeverity string `json:"security-severity"`
	DefaultSeverity  string `json:"defaultSeverity"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level          string          `json:"level"`
	Message        sarifText       `json:"message"`
	Descriptor     *sarifReference `json:"descriptor,omitempty"`
	AssociatedRule *sarifReference `json:"associatedRule,omitempty"`
	Locations      []sarifLocation `json:"locations,omitempty"`
}

type sarifReference struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             sarifText             `json:"message"`
	Locations           []sarifLocation       `json:"locations"`
	RelatedLocations    []sarifLocation       `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Properties          sarifResultProperties `json:"properties"`
}

type sarifResultProperties struct {
	Severity    string           `json:"severity"`
	Title       string           `json:"title,omitempty"`
	Why         string           `json:"why,omitempty"`
	Evidence    []rules.Evidence `json:"evidence"`
	Fix         rules.Fix        `json:"fix"`
	ReliesOn    string           `json:"reliesOn,omitempty"`
	Confirmed   bool             `json:"confirmed"`
	Occurrences int              `json:"occurrences"`

	// EvidenceOmitted counts the evidence left out (rules.MaxEvidence).
	EvidenceOmitted int `json:"evidenceOmitted,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// Notification descriptors, in driver.notifications order.
const (
	notifyInputCut     = "input-cut"
	notifyNotEvaluated = "rule-not-evaluated"
)

var sarifNotifications = []sarifDescriptor{
	{
		ID:               notifyInputCut,
		Name:             "InputCut",
		ShortDescription: sarifText{Text: "The input ended early or was malformed."},
		FullDescription:  sarifText{Text: "The HAR ended early or was malformed after some complete entries; only the entries before the problem were analysed."},
		Help:             sarifText{Text: "Export the HAR again and check that the file is complete: the browser or proxy may have stopped writing it, or the upload cut it short."},
		HelpURI:          "https://github.com/authlint/authlint/blob/main/docs/json.md",
	},
	{
		ID:               notifyNotEvaluated,
		Name:             "RuleNotEvaluated",
		ShortDescription: sarifText{Text: "A rule could not be evaluated on an input."},
		FullDescription:  sarifText{Text: "The input lacks data the rule needs, such as Cookie or Set-Cookie headers that a sanitized export removes, so the rule neither passed nor failed."},
		Help:             sarifText{Text: "Record the HAR with cookies included (for example, Chrome DevTools' \"Export HAR (with sensitive data)\") to evaluate every rule."},
		HelpURI:          "https://github.com/authlint/authlint/blob/main/docs/json.md",
	},
}

// Report writes run as one SARIF log.
func (*SARIF) Report(w io.Writer, run *Run) error {
	tool := run.Tool
	if tool == "" {
		tool = "authlint"
	}
	table := sarifRules(run)
	index := map[string]int{}
	for i, r := range table {
		index[r.ID] = i
	}
	out := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            tool,
			Version:         toolVersion(run.Version),
			SemanticVersion: semanticVersion(toolVersion(run.Version)),
			InformationURI:  informationURI,
			Rules:           table,
			Notifications:   sarifNotifications,
		}},
		Results: []sarifResult{},
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	relative := false
	for _, res := range run.Results {
		art := artifact(res.File)
		relative = relative || art.URIBaseID != ""
		if c := res.Cut; c != nil {
			inv.ExecutionSuccessful = false
			what := "is malformed"
			if c.Truncated {
				what = "was cut short"
			}
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level: "error",
				Message: sarifText{Text: sentence(fmt.Sprintf("%s %s at line %d, column %d: %s; only the %s before that point were analysed",
					res.File, what, c.Line, c.Column, c.Msg, english.Count(c.Entries, "complete entry", "complete entries")))},
				Descriptor: &sarifReference{ID: notifyInputCut, Index: 0},
				Locations: []sarifLocation{{PhysicalLocation: &sarifPhysicalLocation{
					ArtifactLocation: art,
					Region:           &sarifRegion{StartLine: max(c.Line, 1), StartColumn: max(c.Column, 1)},
				}}},
			})
		}
		for _, ne := range res.NotEvaluated {
			n := sarifNotification{
				Level:      "warning",
				Message:    sarifText{Text: sentence(fmt.Sprintf("rule %s was not evaluated on %s: %s", ne.Rule, res.File, ne.Reason))},
				Descriptor: &sarifReference{ID: notifyNotEvaluated, Index: 1},
				Locations:  []sarifLocation{{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: art}}},
			}
			if i, ok := index[ne.Rule]; ok {
				n.AssociatedRule = &sarifReference{ID: ne.Rule, Index: i}
			}
			inv.Notifications = append(inv.Notifications, n)
		}
		for _, f := range res.Findings {
			out.Results = append(out.Results, sarifFinding(f, art, index[f.Rule]))
		}
	}
	out.Invocations = []sarifInvocation{inv}
	if relative {
		out.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			sarifSrcRoot: {Description: &sarifText{Text: "The directory authlint ran in; in CI, the root of the repository checkout."}},
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{out}})
}

// sarifRules builds the rules table: the rules of the run, then any rule
// that a result names but the run does not describe (looked up among the
// built-in rules, or described by its findings' title).
func sarifRules(run *Run) []sarifRule {
	var table []sarifRule
	seen := map[string]bool{}
	add := func(r *rules.Rule) {
		if r == nil || seen[r.ID] {
			return
		}
		seen[r.ID] = true
		table = append(table, sarifRuleOf(r))
	}
	for _, r := range run.Rules {
		add(r)
	}
	var named []string
	titles := map[string]string{}
	for _, res := range run.Results {
		named = append(named, res.Rules...)
		for _, ne := range res.NotEvaluated {
			named = append(named, ne.Rule)
		}
		for _, f := range res.Findings {
			named = append(named, f.Rule)
			titles[f.Rule] = f.Title
		}
	}
	slices.Sort(named)
	for _, id := range slices.Compact(named) {
		if seen[id] {
			continue
		}
		if r, ok := rules.ByID(id); ok {
			add(r)
			continue
		}
		// An unknown rule (a plugin, or results from another authlint
		// version): describe it as well as its findings allow.
		title := titles[id]
		if title == "" {
			title = id
		}
		add(&rules.Rule{ID: id, Title: title, Doc: title, Fix: "See the finding's fix."})
	}
	if table == nil {
		table = []sarifRule{}
	}
	return table
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	doc, fix := r.DocText(), r.FixText()
	first := doc.First()
	sev := r.Severity
	if sev < rules.Info || sev > rules.Critical {
		sev = rules.Medium
	}
	tags := []string{"security"}
	if r.Category != "" {
		tags = append(tags, string(r.Category))
	}
	return sarifRule{
		ID:               r.ID,
		Name:             camelCase(r.ID),
		ShortDescription: sarifText{Text: limit(sentence(capitalize(r.Title)), 1024)},
		FullDescription:  sarifText{Text: limit(sentence(first.Plain()), 1024), Markdown: first.Markdown()},
		Help: sarifText{
			Text:     doc.Plain() + "\n\nFix: " + fix.Plain() + "\n\nSee " + RuleURL(r.ID),
			Markdown: doc.Markdown() + "\n\n**Fix:** " + fix.Markdown() + "\n\nSee [" + r.ID + "](" + RuleURL(r.ID) + ") in docs/rules.md.",
		},
		HelpURI:              RuleURL(r.ID),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(sev)},
		Properties: sarifRuleProperties{
			Category: string(r.Category),
			Tags:     tags,
			// Rules carry no precision of their own yet; every finding
			// quotes the headers it rests on, and assumptions are named
			// in reliesOn, so "high" is the honest default.
			Precision:        "high",
			SecuritySeverity: securitySeverity(sev),
			DefaultSeverity:  sev.String(),
		},
	}
}

func sarifFinding(f rules.Finding, art sarifArtifactLocation, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID:    f.Rule,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		PartialFingerprints: map[string]string{
			fingerprintKey: f.Fingerprint,
			// GitHub matches alerts across runs only by
			// primaryLocationLineHash; without it, upload-sarif hashes the
			// HAR line, which changes whenever the flow is re-recorded.
			// github/codeql-action src/fingerprints.ts keeps a value that
			// is present (and logs a warning when the HAR is in the
			// repository and its own hash differs).
			"primaryLocationLineHash": f.Fingerprint,
		},
		Properties: sarifResultProperties{
			Severity:    f.Severity.String(),
			Title:       f.Title,
			Why:         f.Why,
			Evidence:    f.Evidence,
			Fix:         f.Fix,
			ReliesOn:    f.ReliesOn,
			Confirmed:   f.Confirmed,
			Occurrences: f.Occurrences,
		},
	}
	if res.Properties.Evidence == nil {
		res.Properties.Evidence = []rules.Evidence{}
	}
	res.Properties.EvidenceOmitted = f.EvidenceOmitted
	primary := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: art, Region: &sarifRegion{StartLine: 1}}}
	if len(f.Entries) > 0 {
		primary = entryLocation(f.Entries[0], art)
	}
	res.Locations = []sarifLocation{primary}
	var links []string
	for i, e := range f.Entries[min(1, len(f.Entries)):] {
		loc := entryLocation(e, art)
		id := i + 1
		loc.ID = &id
		text := fmt.Sprintf("entry %d", e.Index)
		if e.Role != "" {
			text += ": " + e.Role
		}
		loc.Message = &sarifText{Text: sentence(text)}
		res.RelatedLocations = append(res.RelatedLocations, loc)
		link := fmt.Sprintf("[entry %d](%d)", e.Index, id)
		if e.Role != "" {
			link += " (" + sarifEscape(e.Role) + ")"
		}
		links = append(links, link)
	}
	parts := []string{sentence(sarifEscape(f.Message))}
	if f.Why != "" {
		parts = append(parts, "Why: "+sentence(sarifEscape(f.Why)))
	}
	if f.Fix.Message != "" {
		parts = append(parts, "Fix: "+sentence(sarifEscape(f.Fix.Message)))
	}
	if len(links) > 0 {
		parts = append(parts, "Other entries: "+strings.Join(links, ", ")+".")
	}
	if f.Occurrences > len(f.Entries) {
		parts = append(parts, fmt.Sprintf("Seen in %d exchanges.", f.Occurrences))
	}
	res.Message = sarifText{Text: strings.Join(parts, " ")}
	return res
}

// entryLocation points at one HAR entry: its line in the file (at least 1:
// SARIF lines are 1-based) and a logical location naming the entry.
func entryLocation(e rules.EntryRef, art sarifArtifactLocation) sarifLocation {
	return sarifLocation{
		PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: art, Region: &sarifRegion{StartLine: max(e.Line, 1)}},
		LogicalLocations: []sarifLogicalLocation{{
			Name:               fmt.Sprintf("entry %d", e.Index),
			FullyQualifiedName: strings.TrimSpace(e.Method + " " + e.URL),
			// "object": the entry is a JSON object in log.entries.
			Kind: "object",
		}},
	}
}

// sarifLevel maps a severity to a SARIF level: critical and high are
// errors, medium and low warnings, info a note.
func sarifLevel(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s >= rules.Low:
		return "warning"
	}
	return "note"
}

// securitySeverity maps a severity to GitHub's security-severity score.
// GitHub reads scores over 9.0 as critical, 7.0 to 8.9 as high, 4.0 to 6.9
// as medium and 0.1 to 3.9 as low (sarif-support-for-code-scanning.md,
// reportingDescriptor object); it has no band for info, which shows as low.
func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return "9.5"
	case rules.High:
		return "8.0"
	case rules.Medium:
		return "5.5"
	case rules.Low:
		return "3.0"
	}
	return "1.0"
}

// artifact returns the artifact location of an input: a relative path with
// forward slashes against %SRCROOT%, or a file URI for an absolute path.
//
// A live probe has no file ("probe:https://app.example.com/"); it becomes
// the relative path "probe/app.example.com/", because GitHub rejects an
// upload whose absolute URIs use another scheme than its source root,
// file: (sarif-support-for-code-scanning.md, "Specifying the root for source
// files"). The logical location keeps the real URL.
func artifact(file string) sarifArtifactLocation {
	if file == "" || file == "-" {
		return sarifArtifactLocation{URI: "stdin", URIBaseID: sarifSrcRoot}
	}
	p := slashPath(file)
	if scheme, rest, ok := uriName(file); ok {
		p = scheme
		if u, err := url.Parse(rest); err == nil && u.Host != "" {
			p += "/" + u.Host + u.Path
		} else {
			p += "/" + strings.TrimLeft(strings.ReplaceAll(rest, ":", "/"), "/")
		}
		p = path.Clean(p)
		if strings.HasSuffix(rest, "/") {
			p += "/"
		}
	} else if strings.HasPrefix(p, "/") || isDrivePath(p) {
		if isDrivePath(p) {
			p = "/" + p
		}
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	uri := (&url.URL{Path: p}).EscapedPath()
	// A colon in the first segment would read as a scheme (RFC 3986 §4.2).
	if first, _, _ := strings.Cut(uri, "/"); strings.Contains(first, ":") {
		uri = "./" + uri
	}
	return sarifArtifactLocation{URI: uri, URIBaseID: sarifSrcRoot}
}

// uriName reports whether an input name is a URI rather than a path, such as
// a probe's "probe:https://app.example.com/", and splits off its scheme.
func uriName(file string) (scheme, rest string, ok bool) {
	u, err := url.Parse(file)
	if err != nil || len(u.Scheme) < 2 || strings.ContainsRune(file, '\\') {
		return "", "", false
	}
	rest = file[len(u.Scheme)+1:]
	if u.Scheme != "probe" && !strings.HasPrefix(rest, "//") {
		return "", "", false
	}
	return strings.ToLower(u.Scheme), rest, true
}

// slashPath cleans a file path and turns backslashes into slashes, so that
// the same file has the same name on every OS.
func slashPath(file string) string {
	p := path.Clean(strings.ReplaceAll(file, `\`, "/"))
	return strings.TrimPrefix(p, "./")
}

// isDrivePath reports whether p starts with a Windows drive ("C:/").
func isDrivePath(p string) bool {
	return len(p) >= 3 && p[1] == ':' && p[2] == '/' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z')
}

// semverRE is the regular expression semver.org suggests ("Is there a
// suggested regular expression (RegEx) to check a SemVer string?").
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// toolVersion returns the version for tool.driver.version. SARIF consumers
// compare versions that start with a number (the validator's SARIF2005,
// UseNumericToolVersions), so a leading "v" is dropped, and a build without
// a release version ("dev") becomes the pre-release "0.0.0-dev".
func toolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		pre := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
				return r
			}
			return '-'
		}, v)
		pre = strings.Trim(strings.ReplaceAll(pre, "..", "."), ".")
		if pre == "" {
			pre = "dev"
		}
		return "0.0.0-" + pre
	}
	return v
}

// semanticVersion returns v without a leading "v" when it is a Semantic
// Versioning 2.0 version, else "".
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if semverRE.MatchString(v) {
		return v
	}
	return ""
}

// camelCase turns a kebab-case ID into CamelCase: "cached-set-cookie" →
// "CachedSetCookie".
func camelCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence ends s with a period, as SARIF asks of plain text messages
// (SARIF 2.1.0 §3.11.4, and the validator's SARIF2001).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// limit cuts s to at most n bytes at a rune boundary, ending with "…" when
// cut (GitHub limits descriptions to 1024 characters).
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// sarifLinkRE matches text that a SARIF viewer could take for an embedded
// link, "[text](target)".
var sarifLinkRE = regexp.MustCompile(`\[[^\]]*\]\(`)

// sarifEscape escapes backslashes and square brackets in literal message
// text when they could be read as an embedded link (SARIF 2.1.0 §3.11.6,
// "Messages with embedded links"; oasis-tcs/sarif-spec#768 makes escaping
// them anywhere valid). Text that cannot be mistaken for a link is left as
// it is, so redaction markers like "[redacted:1a2b3c4d]" stay readable.
func sarifEscape(s string) string {
	if !sarifLinkRE.MatchString(s) {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`)
	return r.Replace(s)
}
