package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/english"
	"github.com/authlint/authlint/rules"
)

// notEvaluatedLine is the one line a report for people prints about the
// rules an input left out: how many (or the rule, when only one), and why,
// each cause once. It is "" when every rule was evaluated.
func notEvaluatedLine(res *rules.Result) string {
	switch len(res.NotEvaluated) {
	case 0:
		return ""
	case 1:
		return res.NotEvaluated[0].Rule + ": " + strings.Join(notEvaluatedReasons(res), "; ")
	}
	of := ""
	if n := len(res.Rules); n >= len(res.NotEvaluated) {
		of = fmt.Sprintf(" of %d", n)
	}
	return fmt.Sprintf("%d%s rules: %s", len(res.NotEvaluated), of, strings.Join(notEvaluatedReasons(res), "; "))
}

// notEvaluatedReasons returns the distinct reasons an input left rules out:
// its gaps, or, for results without gaps (a probe, an older JSON report),
// the distinct per-rule reasons.
func notEvaluatedReasons(res *rules.Result) []string {
	var out []string
	for _, g := range res.Gaps {
		out = append(out, g.Reason)
	}
	if len(out) > 0 {
		return out
	}
	for _, ne := range res.NotEvaluated {
		if !slices.Contains(out, ne.Reason) {
			out = append(out, ne.Reason)
		}
	}
	return out
}

// notEvaluatedRule is the verbose line for one rule: its ID, the data it
// lacked and the causes (or, without causes, the reason) that left it out:
// "cookie-not-forwarded: no Cookie headers (sanitized-export)".
func notEvaluatedRule(ne rules.NotEvaluated) string {
	if len(ne.Causes) == 0 {
		return ne.Rule + ": " + ne.Reason
	}
	causes := make([]string, len(ne.Causes))
	for i, c := range ne.Causes {
		causes[i] = string(c)
	}
	var headers, other []string
	for _, m := range ne.Missing {
		if m == rules.MissingCookieValues {
			other = append(other, m)
		} else {
			headers = append(headers, m)
		}
	}
	var missing []string
	if len(headers) > 0 {
		missing = append(missing, strings.Join(headers, " or ")+" headers")
	}
	missing = append(missing, other...)
	return fmt.Sprintf("%s: no %s (%s)", ne.Rule, strings.Join(missing, ", no "), strings.Join(causes, ", "))
}

// cookieArraysLine says which cookies came from the HAR's cookies arrays
// and what those cannot show; "" when none did.
func cookieArraysLine(res *rules.Result) string {
	a := res.CookieArrays
	if a == nil {
		return ""
	}
	var parts []string
	if a.Requests > 0 {
		parts = append(parts, english.Count(a.Requests, "request without a Cookie header", "requests without a Cookie header"))
	}
	if a.Responses > 0 {
		parts = append(parts, english.Count(a.Responses, "response without a Set-Cookie header", "responses without a Set-Cookie header"))
	}
	return fmt.Sprintf("cookies of %s were read from the HAR cookies arrays: %s", strings.Join(parts, " and "), a.Limits)
}
