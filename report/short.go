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
	sum := run.Summary()
	for _, in := range sum.Inputs {
		if in.NotEvaluated != "" {
			fmt.Fprintf(bw, "%s: not evaluated: %s\n", in.File, in.NotEvaluated)
		}
		if s.Verbose {
			for _, line := range in.NotEvaluatedRules {
				fmt.Fprintf(bw, "%s: not evaluated: %s\n", in.File, line)
			}
		}
		if in.CookieArrays != "" {
			fmt.Fprintf(bw, "%s: note: %s\n", in.File, in.CookieArrays)
		}
		if in.Cut != "" {
			fmt.Fprintf(bw, "%s: cut: %s\n", in.File, in.Cut)
		}
		if in.LeftOut != "" {
			fmt.Fprintf(bw, "%s: %s\n", in.File, in.LeftOut)
		}
	}
	for _, w := range sum.Warnings {
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
