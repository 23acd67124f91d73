package rules

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// Options configure one analysis.
type Options struct {
	// Catalog holds the auth routes and cookie names (defaults plus config).
	// Nil means auth.Default().
	Catalog *auth.Catalog
	// Rules are the rules to run; nil means All().
	Rules []*Rule
	// ShowSecrets disables redaction of cookie values, tokens and secret
	// query parameters in findings.
	ShowSecrets bool
	// Keyring decrypts session cookies: a *token.Keyring of the app
	// secrets. Nil or empty means tokens are only inspected (JWS claims,
	// JWE headers), unless the input is a HAR sanitized with the secrets:
	// then the results its "_authlint" annotations recorded are used
	// (token.Annotation). Secrets given here always win over an
	// annotation.
	Keyring token.Decrypter
	// ShowClaims lets findings name decrypted claim values; by default only
	// exp, iat, nbf, claim names and the library are shown.
	ShowClaims bool
	// ClockSkew is an allowance for the clock of the browser that recorded
	// the input differing from the server's, added to the library's own
	// tolerance when judging token expiry: a token that expired within it
	// is reported at low severity at most (unless a request that sent it
	// got a 5xx). Zero means DefaultClockSkew.
	ClockSkew time.Duration
	// Policy suppresses ignored and baselined findings and overrides
	// severities; nil keeps every finding as the rules reported it.
	Policy *Policy
	// IncludeThirdParty keeps findings about sites other than the app's
	// (ads, trackers, analytics); by default they are left out and counted
	// in Result.LeftOut.
	IncludeThirdParty bool
	// Timeline keeps a compact, redacted record of every entry in
	// Result.Timeline, for reports that draw the input (the HTML report).
	Timeline bool
	// Observations are what a live probe proved about the input's
	// entries beyond their headers (see Observation): the rules report
	// them and they confirm the findings on their entries.
	Observations []Observation
}

// DefaultClockSkew is the default allowance for clock differences: none.
// The libraries' own tolerances are applied per library (see
// libraryTolerance): nextjs-auth0 v3 and 4.5.1 to 4.5.x allow none, 4.6.0
// and later, NextAuth v4 and Auth.js 15 seconds, so one default for all of
// them would hide tokens that some of them reject.
const DefaultClockSkew time.Duration = 0

// Result is the outcome of analysing one input.
type Result struct {
	File string `json:"file"`
	// Creator names the tool that wrote the HAR ("WebInspector 537.36").
	Creator string `json:"creator,omitempty"`
	// Entries is the number of entries analysed.
	Entries  int       `json:"entries"`
	Findings []Finding `json:"findings"`
	// Rules are the IDs of the rules that ran.
	Rules []string `json:"rules"`
	// AppSites are the sites judged to be the app and its login (the
	// registrable domains of its pages, navigations and identity
	// providers).
	AppSites []string `json:"app_sites,omitempty"`
	// Flows are the sign-ins reconstructed from the input.
	Flows []Flow `json:"flows,omitempty"`
	// LeftOut counts the findings about other sites that were left out.
	LeftOut *LeftOut `json:"left_out,omitempty"`
	// NotEvaluated lists rules that could not work on this input, and why.
	NotEvaluated []NotEvaluated `json:"not_evaluated,omitempty"`
	// Gaps say once per input what data it lacks, why (read from the
	// HAR), and which rules that left out; reports print these, and the
	// per-rule list only when asked.
	Gaps []Gap `json:"gaps,omitempty"`
	// CookieArrays is set when some cookies were read from the HAR's
	// cookies arrays because the headers were missing.
	CookieArrays *CookieArrays `json:"cookie_arrays,omitempty"`
	// Ignored and Baselined count the findings a Policy suppressed.
	Ignored   int `json:"ignored,omitempty"`
	Baselined int `json:"baselined,omitempty"`
	// Cut is set when the input ended early or was malformed after some
	// complete entries: the findings cover only the entries before it.
	Cut *har.SyntaxError `json:"-"`

	policy *redact.Policy // the run's redaction policy (see Redact)
	// Timeline is set when Options.Timeline is (see timeline.go).
	Timeline *Timeline `json:"-"`
}

// NotEvaluated says why a rule could not be evaluated on an input.
type NotEvaluated struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Causes name the gaps that left the rule out (see Gap), and Missing
	// the data of theirs the rule needs ("Cookie", "Set-Cookie", "cookie
	// values"; "Authorization" for rules that take either credential).
	Causes  []GapCause `json:"causes,omitempty"`
	Missing []string   `json:"missing,omitempty"`
}

// run is the state of one Analyze call, shared by the passes.
type run struct {
	file     string
	opts     Options
	findings []Finding
	earliest time.Time
	coverage coverage
	scope    *scope
	flows    flowBuilder
	tokens   tokenMemo        // memo of Pass.Token
	policy   *redact.Policy   // what is secret; learns the input's secret values
	timeline *timelineBuilder // nil unless opts.Timeline
}

// A Source yields exchanges one at a time: a *har.Decoder reading a HAR
// file, or a live probe recording its requests.
type Source interface {
	// Next returns the next exchange, or io.EOF after the last one.
	Next() (*har.Entry, error)
	// Log returns the metadata of the input (complete after io.EOF).
	Log() *har.Log
}

var _ Source = (*har.Decoder)(nil)

// Analyze streams the entries of src through the selected rules and returns
// their findings. A malformed or truncated input yields the findings for the
// complete entries before the problem in the Result, and the
// *har.SyntaxError as the error. Any other error means authlint itself failed
// or the source could not be read.
func Analyze(src Source, file string, opts Options) (res *Result, err error) {
	if opts.Catalog == nil {
		opts.Catalog = auth.Default()
	}
	if opts.Rules == nil {
		opts.Rules = All()
	}
	if opts.ClockSkew == 0 {
		opts.ClockSkew = DefaultClockSkew
	}
	if opts.Keyring == nil {
		opts.Keyring = token.NewKeyring()
	}
	r := &run{file: file, opts: opts, scope: newScope(), policy: redact.NewPolicy(opts.ShowSecrets)}
	r.flows.scope = r.scope
	if opts.Timeline {
		r.timeline = newTimelineBuilder()
	}
	type active struct {
		pass    *Pass
		checker Checker
	}
	var rs []active
	flowPass := &Pass{run: r}
	for _, rule := range opts.Rules {
		p := &Pass{Rule: rule, run: r}
		a := active{pass: p}
		if rule.Start != nil {
			a.checker = rule.Start(p)
		}
		rs = append(rs, a)
	}
	passes := make([]*Pass, len(rs))
	for i, a := range rs {
		passes[i] = a.pass
	}
	observed := newObservationStage(opts.Observations, passes)
	current := -1
	defer func() {
		if v := recover(); v != nil {
			res = nil
			err = fmt.Errorf("%s: internal error in rule while analysing entry %d: %v\n%s", file, current, v, debug.Stack())
		}
	}()
	logOf := src.Log
	next := func() (*Exchange, error) {
		e, err := src.Next()
		if err != nil {
			return nil, err
		}
		return newExchange(e, opts.Catalog), nil
	}
	if dec, ok := src.(*har.Decoder); ok && runtime.GOMAXPROCS(0) > 1 {
		pf := prefetch(dec, file, opts.Catalog)
		defer pf.stop()
		next, logOf = pf.next, pf.Log
	}
	res = &Result{File: file, policy: r.policy}
	for _, a := range rs {
		res.Rules = append(res.Rules, a.pass.Rule.ID)
	}
	for {
		x, derr := next()
		if derr == io.EOF {
			break
		}
		if derr != nil {
			var se *har.SyntaxError
			if !errors.As(derr, &se) {
				return nil, derr // already names the file ("read x.har: ...")
			}
			res.Cut = se
			err = se
			break
		}
		e := x.Entry
		current = e.Index
		if res.Entries == 0 {
			if l := logOf(); l != nil {
				r.scope.addPages(l.Pages) // pages come before entries in every exporter seen
			}
		}
		r.annotation(e)
		r.observe(x)
		r.flows.observe(flowPass, x)
		r.timeline.observe(flowPass, x)
		for _, a := range rs {
			if a.checker != nil {
				a.checker.Visit(a.pass, x)
			} else if a.pass.Rule.Check != nil {
				a.pass.Rule.Check(a.pass, x)
			}
		}
		observed.visit(flowPass, x)
		res.Entries++
	}
	current = -1
	for _, a := range rs {
		if a.checker != nil {
			a.checker.Finish(a.pass)
		}
	}
	observed.report(r.findings)
	if l := logOf(); l != nil {
		res.Creator = strings.TrimSpace(l.Creator.Name + " " + l.Creator.Version)
	}
	r.scope.settle()
	res.AppSites = r.scope.appSites()
	res.Findings = r.finish()
	res.Flows = r.flows.finish()
	for i := range res.Flows {
		for j := range res.Flows[i].Steps {
			r.place(&res.Flows[i].Steps[j].Entry)
		}
	}
	if !opts.IncludeThirdParty {
		res.Findings, res.LeftOut = r.scope.apply(res.Findings)
	}
	res.Gaps = r.coverage.gaps(opts.Rules, logOf())
	res.NotEvaluated = notEvaluated(opts.Rules, res.Gaps)
	res.CookieArrays = r.coverage.cookieArrays()
	res.Redact()
	opts.Policy.Apply(res)
	if observed != nil {
		observed.confirm(res, opts)
		res.Redact() // the observations' evidence, as the rest
	}
	res.Timeline = r.timeline.finish(r.earliest, res)
	redactTimeline(r.policy, res.Timeline)
	return res, err
}

// annotation reads the "_authlint" annotation of an entry of a sanitized
// HAR: the first entry's makes the run replay it as its decrypter when no
// secret was given (and is ignored unless well-formed), later entries' add
// the values they are the first to carry.
func (r *run) annotation(e *har.Entry) {
	if e.Authlint == "" {
		return
	}
	if a, ok := r.opts.Keyring.(*token.Annotation); ok {
		a.Add(e.Authlint) // a malformed one is ignored
		return
	}
	if e.Index == 0 && r.opts.Keyring.Len() == 0 {
		if a, err := token.NewAnnotation(e.Authlint); err == nil {
			r.opts.Keyring = a
		}
	}
}

// observe records what the input contains, for coverage and time offsets.
func (r *run) observe(x *Exchange) {
	if !x.Started.IsZero() && (r.earliest.IsZero() || x.Started.Before(r.earliest)) {
		r.earliest = x.Started
	}
	r.coverage.observe(x)
	r.scope.observe(x)
	r.learnSecrets(x)
}

// finish redacts the findings (redactFinding), fills in time offsets and
// fingerprints, merges findings that share a fingerprint, and sorts them. A
// finding that a rule reported with Occurrences already counted (one
// finding for many URLs) keeps its count.
func (r *run) finish() []Finding {
	merged := map[string]int{}
	var out []Finding
	for _, f := range r.findings {
		for i := range f.Entries {
			r.place(&f.Entries[i])
		}
		redactFinding(r.policy, &f)
		f.Key = r.policy.Key(f.Key)
		f.Fingerprint = fingerprint(f)
		f.Route = findingRoute(f)
		if f.ReliesOn == "" && fromCookieArrays(f) {
			f.ReliesOn = "cookies read from the HAR's cookies arrays, for lack of Cookie or Set-Cookie headers: " + harCookieLimits
		}
		f.Occurrences = max(f.Occurrences, 1)
		k := f.Rule + "\x00" + f.Fingerprint
		if i, ok := merged[k]; ok {
			m := &out[i]
			m.Occurrences += f.Occurrences
			m.Severity = max(m.Severity, f.Severity)
			for _, e := range f.Entries {
				if len(m.Entries) < MaxEntries && !refsHave(m.Entries, e.Index) {
					m.Entries = append(m.Entries, e)
				}
			}
			continue
		}
		merged[k] = len(out)
		out = append(out, f)
	}
	slices.SortStableFunc(out, CompareFindings)
	return out
}

// place fills in an entry's offsets from the earliest entry of the input.
func (r *run) place(e *EntryRef) {
	if !e.Started.IsZero() && !r.earliest.IsZero() {
		e.OffsetMS = ms(e.Started.Sub(r.earliest))
	}
	e.EndMS = e.OffsetMS + e.dur
}

// findingRoute is the path pattern of the route where f was seen: the
// merge key of findings on many URLs of one route ("/users/*/orders").
func findingRoute(f Finding) string {
	if len(f.Entries) == 0 {
		return ""
	}
	u, err := url.Parse(f.Entries[0].URL)
	if err != nil {
		return ""
	}
	return pathPattern(u.EscapedPath())
}

// fromCookieArrays reports whether a finding quotes a cookie that came
// from a HAR cookies array rather than a header.
func fromCookieArrays(f Finding) bool {
	return slices.ContainsFunc(f.Evidence, func(e Evidence) bool { return strings.HasSuffix(e.Where, "cookies array") })
}

// ms converts a duration to milliseconds, rounded to microseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// CompareFindings orders findings as reports list them: by file, first
// entry, severity (most severe first), rule and message.
func CompareFindings(a, b Finding) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := firstIndex(a) - firstIndex(b); c != 0 {
		return c
	}
	if c := int(b.Severity) - int(a.Severity); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

func firstIndex(f Finding) int {
	if len(f.Entries) == 0 {
		return -1
	}
	return f.Entries[0].Index
}
