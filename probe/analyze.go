package probe

import (
	"io"
	"slices"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// source streams the probe's entries to rules.Analyze.
type source struct {
	log     *har.Log
	entries []*har.Entry
	next    int
}

// Next returns the next entry, io.EOF after the last.
func (s *source) Next() (*har.Entry, error) {
	if s.next >= len(s.entries) {
		return nil, io.EOF
	}
	e := s.entries[s.next]
	s.next++
	return e, nil
}

// Log returns the recording's metadata.
func (s *source) Log() *har.Log { return s.log }

// Source returns the probe's exchanges as a rules.Source, the way a HAR
// file of them would be read.
func (r *Result) Source() rules.Source {
	return &source{log: r.Log(), entries: r.Entries()}
}

// Analyze runs the rules over the probe's exchanges, exactly as over a HAR of
// them, with the probe's observations (what it proved by comparing its own
// responses) for the rules to report and to confirm findings with
// (rules.Observation); the reasons for rules it could not evaluate speak of
// the probe, not of HAR exports.
func Analyze(res *Result, opts rules.Options) (*rules.Result, error) {
	if opts.Catalog == nil {
		opts.Catalog = auth.Default()
	}
	selected := opts.Rules
	if selected == nil {
		selected = rules.All()
	}
	opts.Observations = res.Observations
	out, err := rules.Analyze(res.Source(), res.Name(), opts)
	if err != nil {
		return out, err
	}
	explainNotEvaluated(out, selected, len(res.Exchanges) > 0 && anySession(res))
	out.Redact() // the reasons go through the run's redaction policy too
	return out, nil
}

// anySession reports whether the probe sent a session.
func anySession(res *Result) bool {
	return slices.ContainsFunc(res.Exchanges, func(x *Exchange) bool { return x.Step == StepSession })
}

// explainNotEvaluated rewrites the reasons of rules that could not be
// evaluated: the engine's reasons speak of HAR exports, the probe's cause is
// that it sent no session or got no cookie.
func explainNotEvaluated(out *rules.Result, selected []*rules.Rule, sentSession bool) {
	needs := map[string]rules.Needs{}
	for _, r := range selected {
		needs[r.ID] = r.Needs
	}
	// The gaps speak of HAR exports; reports fall back to these reasons.
	out.Gaps = nil
	for i := range out.NotEvaluated {
		ne := &out.NotEvaluated[i]
		n := needs[ne.Rule]
		switch {
		case n&(rules.NeedsRequestCookies|rules.NeedsCredentials) != 0 && !sentSession:
			ne.Reason = "the probe sent no session; give one with --cookie-file, AUTHLINT_COOKIE or -H 'Authorization: ...' to evaluate this rule"
		case n&rules.NeedsSetCookie != 0:
			ne.Reason = "no probed response set a cookie"
		}
	}
}
