package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
)

// Short writes one line per finding, grep-friendly, in the form
//
//	ticket.har:entry 3: GET /api/auth/callback: message [rule-id]
//
// Rules that were not evaluated are one line per input ("12 of 15 rules: why").
// It is the format of the golden files under testdata/hars.
type Short struct {
	// Verbose adds one line per rule that was not evaluated after the
	// line per input.
	Verbose bool
}

var _ Reporter = (*Short)(nil)

// Report writes run, one finding per line.
func (s *Short) Report(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	for _, f := range run.Findings() {
		where := "-"
		method := ""
		if len(f.Entries) > 0 {
			e := f.Entries[0]
			where = fmt.Sprintf("entry %d", e.Index)
			method = e.Method + " " + pathOf(e.URL)
		}
		confirmed := ""
		if f.Confirmed {
			confirmed = " (confirmed by probe)"
		}
		fmt.Fprintf(bw, "%s:%s: %s: %s: %s%s [%s]\n", f.File, where, f.Severity, method, f.Message, confirmed, f.Rule)
	}
	for _, res := range run.Results {
		if line := notEvaluatedLine(res); line != "" {
			fmt.Fprintf(bw, "%s: not evaluated: %s\n", res.File, line)
		}
		if s.Verbose && len(res.NotEvaluated) > 1 {
			for _, ne := range res.NotEvaluated {
				fmt.Fprintf(bw, "%s: not evaluated: %s\n", res.File, notEvaluatedRule(ne))
			}
		}
		if line := cookieArraysLine(res); line != "" {
			fmt.Fprintf(bw, "%s: note: %s\n", res.File, line)
		}
		if res.Cut != nil {
			fmt.Fprintf(bw, "%s: cut: %s\n", res.File, res.Cut.Error())
		}
		if note := leftOutNote(res); note != "" {
			fmt.Fprintf(bw, "%s: %s\n", res.File, note)
		}
	}
	for _, w := range run.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", w)
	}
	return bw.Flush()
}

// pathOf returns the path of a URL, or the URL itself when it has none.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return raw
	}
	return u.Path
}
