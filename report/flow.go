package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/authlint/authlint/rules"
)

// flowHeadline says in one line how a sign-in went.
func flowHeadline(n int, f rules.Flow) string {
	var who []string
	if f.Library != "" {
		who = append(who, f.Library)
	}
	if f.Provider != "" {
		who = append(who, "via "+f.Provider)
	}
	head := fmt.Sprintf("sign-in %d", n)
	if len(who) > 0 {
		head += " (" + strings.Join(who, ", ") + ")"
	}
	switch f.Outcome {
	case "failed":
		head += fmt.Sprintf(": failed at the %s step: %s", f.Steps[f.BrokeAt].Role, f.Reason)
	case "signed-in":
		head += ": signed in"
		if f.Reason != "" {
			head += " (" + f.Reason + ")"
		}
	default:
		head += ": incomplete: " + f.Reason
	}
	return head
}

// stepLine renders one step: "entry 4 callback GET /api/auth/callback -> 400 (edge cache); sent auth_verification".
func stepLine(s rules.FlowStep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "entry %d %s %s %s", s.Entry.Index, s.Role, s.Entry.Method, shortURL(s.Entry.URL))
	if s.Status != 0 {
		fmt.Fprintf(&b, " -> %d", s.Status)
	} else {
		b.WriteString(" -> no response")
	}
	fmt.Fprintf(&b, " (%s)", s.AnsweredBy)
	if len(s.Sent) > 0 {
		b.WriteString("; sent " + strings.Join(s.Sent, ", "))
	}
	if len(s.Set) > 0 {
		b.WriteString("; set " + strings.Join(s.Set, ", "))
	}
	if s.Note != "" {
		b.WriteString("; " + s.Note)
	}
	return b.String()
}

// shortURL drops the query of a URL for a step line (the entry's full URL is
// in the findings and the JSON report): host and path say which step it is.
func shortURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Host + u.EscapedPath()
}

// textFlows writes the compact "login flow" section of an input: a headline
// per sign-in and one line a step, the step where it broke marked with ">".
func textFlows(w io.Writer, p *palette, res *rules.Result, in *InputSummary) {
	if len(res.Flows) == 0 {
		fmt.Fprintln(w, p.faint.Sprint("no sign-in in this HAR"))
		return
	}
	for i, f := range res.Flows {
		fmt.Fprintln(w, p.bold.Sprint(in.Flows[i]))
		for j, s := range f.Steps {
			mark := " "
			if j == f.BrokeAt {
				mark = p.sev[rules.High].Sprint(">")
			}
			fmt.Fprintf(w, " %s %s\n", mark, stepLine(s))
		}
		if f.Truncated > 0 {
			fmt.Fprintf(w, "   %s\n", p.faint.Sprintf("and %d more steps", f.Truncated))
		}
	}
}
