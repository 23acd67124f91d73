package rules

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
)

// A Policy is what a project decided about findings: which to ignore (with a
// reason), which are already known (a baseline), and severity overrides. It
// is applied after the rules ran, in that order: ignores, baseline,
// severity, sort.
type Policy struct {
	// Ignores suppress findings of a rule on matching URLs.
	Ignores []*Ignore
	// Baseline holds the fingerprints of accepted findings; findings with
	// these fingerprints are suppressed, so only new ones are reported.
	Baseline map[string]bool
	// Severity overrides the severity of every finding of a rule.
	Severity map[string]Severity
}

// An Ignore suppresses the findings of one rule on URLs matching a pattern.
// Every ignore must say why; one that matches nothing is reported, so stale
// ignores do not pile up.
type Ignore struct {
	Rule string
	// URL is a pattern matched against the finding's first entry: either a
	// path pattern ("/api/public/*") or a URL pattern with scheme and host
	// ("https://app.example.com/api/*"); "*" matches within a path
	// segment, "**" across segments; the query string is ignored.
	URL    string
	Reason string
	// Source says where the ignore came from ("file.yaml:12"), for messages.
	Source string

	matched int
}

// Matched returns how many findings the ignore suppressed so far.
func (ig *Ignore) Matched() int { return ig.matched }

// Validate reports a problem with the ignore: unknown rule, empty pattern,
// missing reason.
func (ig *Ignore) Validate() error {
	if _, ok := ByID(ig.Rule); !ok {
		return fmt.Errorf("ignore: unknown rule %q", ig.Rule)
	}
	if ig.URL == "" {
		return fmt.Errorf("ignore for %s: url is required (use \"**\" to match every URL)", ig.Rule)
	}
	if strings.TrimSpace(ig.Reason) == "" {
		return fmt.Errorf("ignore for %s on %q: a reason is required", ig.Rule, ig.URL)
	}
	return nil
}

// matches reports whether f is suppressed by the ignore.
func (ig *Ignore) matches(f *Finding) bool {
	if f.Rule != ig.Rule || len(f.Entries) == 0 {
		return false
	}
	u, err := url.Parse(f.Entries[0].URL)
	if err != nil {
		return false
	}
	pattern := ig.URL
	subject := u.EscapedPath()
	if strings.Contains(pattern, "://") {
		subject = strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + subject
		if scheme, rest, ok := strings.Cut(pattern, "://"); ok {
			host, p, _ := strings.Cut(rest, "/")
			pattern = strings.ToLower(scheme) + "://" + strings.ToLower(host) + "/" + p
		}
	}
	if subject == "" {
		subject = "/"
	}
	return globPath(pattern, subject)
}

// globPath matches a slash-separated subject against a pattern where "*"
// matches within one segment and "**" matches any number of segments.
func globPath(pattern, subject string) bool {
	ps, ss := strings.Split(pattern, "/"), strings.Split(subject, "/")
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(ps) {
			if ps[i] == "**" {
				for k := j; k <= len(ss); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			}
			if j >= len(ss) {
				return false
			}
			if ok, err := path.Match(ps[i], ss[j]); err != nil || !ok {
				return false
			}
			i, j = i+1, j+1
		}
		return j == len(ss)
	}
	return match(0, 0)
}

// Apply filters and adjusts res.Findings in place and records how many
// findings were suppressed.
func (p *Policy) Apply(res *Result) {
	if p == nil {
		return
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if i := slices.IndexFunc(p.Ignores, func(ig *Ignore) bool { return ig.matches(&f) }); i >= 0 {
			p.Ignores[i].matched++
			res.Ignored++
			continue
		}
		if p.Baseline[f.Fingerprint] {
			res.Baselined++
			continue
		}
		if s, ok := p.Severity[f.Rule]; ok {
			f.Severity = s
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	slices.SortStableFunc(res.Findings, CompareFindings)
}

// Unused returns the ignores that matched no finding, after every input was
// analysed.
func (p *Policy) Unused() []*Ignore {
	if p == nil {
		return nil
	}
	var out []*Ignore
	for _, ig := range p.Ignores {
		if ig.matched == 0 {
			out = append(out, ig)
		}
	}
	return out
}
