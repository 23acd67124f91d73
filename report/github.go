package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/authlint/authlint/rules"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the run and the pull request:
//
//	::error file=e2e/login.har,line=93,title=cached-set-cookie%3A a response served from cache carries set-cookie::response served from cache ... — fix: send "Cache-Control: private, no-store" ...
//
// Findings at or above Run.FailOn are errors, info findings notices, the
// rest warnings. Inputs cut short come first (errors), then findings, most
// severe first, because GitHub shows only the first 10 annotations of each
// level per step (actions/toolkit docs/problem-matchers.md, "Limitations");
// then the run's warnings, rules that were not evaluated (one notice per
// input), findings left out and cookies read from the cookies arrays (a
// notice each per input), and the summary's headline as a plain line.
type GitHub struct {
	// Verbose names every rule that was not evaluated in its notice.
	Verbose bool
}

var _ Reporter = (*GitHub)(nil)

// annotationsShown is how many annotations of one level GitHub shows per
// step (actions/toolkit docs/problem-matchers.md).
const annotationsShown = 10

// Report writes run as workflow commands, one per line.
func (g *GitHub) Report(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	levels := map[string]int{}
	emit := func(level string, props []ghProp, msg string) {
		levels[level]++
		bw.WriteString(workflowCommand(level, props, msg) + "\n")
	}
	sum := run.Summary()
	for i, in := range sum.Inputs {
		if c := run.Results[i].Cut; c != nil {
			title := "authlint: input malformed"
			if c.Truncated {
				title = "authlint: input cut short"
			}
			emit("error", []ghProp{
				{"file", ghFile(in.File)}, {"line", ghInt(c.Line)}, {"col", ghInt(c.Column)}, {"title", title},
			}, in.CutNote)
		}
	}
	findings := run.Findings()
	for _, j := range severityOrder(findings) {
		f := findings[j]
		line := 0
		if len(f.Entries) > 0 {
			line = f.Entries[0].Line
		}
		msg := f.Message
		if f.Fix.Message != "" {
			msg += " — fix: " + f.Fix.Message
		}
		emit(ghLevel(f.Severity, run.FailOn), []ghProp{
			{"file", ghFile(f.File)}, {"line", ghInt(line)}, {"title", f.Rule + ": " + f.Title},
		}, msg)
	}
	for _, w := range sum.Warnings {
		emit("warning", []ghProp{{"title", "authlint: warning"}}, w)
	}
	// One notice per input and kind: a sanitized export leaves most rules
	// without data for the same reason, and notices count against the same
	// limit.
	for i, in := range sum.Inputs {
		res := run.Results[i]
		if line := in.NotEvaluated; line != "" {
			title := "authlint: " + res.NotEvaluated[0].Rule + " not evaluated"
			if len(res.NotEvaluated) > 1 {
				title = fmt.Sprintf("authlint: %d rules not evaluated", len(res.NotEvaluated))
			}
			if g.Verbose && len(res.NotEvaluated) > 1 {
				var ids []string
				for _, ne := range res.NotEvaluated {
					ids = append(ids, ne.Rule)
				}
				line = strings.Join(ids, ", ") + ": " + line
			}
			emit("notice", []ghProp{{"file", ghFile(in.File)}, {"title", title}}, line)
		}
		if in.LeftOut != "" {
			emit("notice", []ghProp{{"file", ghFile(in.File)}, {"title", "authlint: findings about other sites left out"}}, in.LeftOut)
		}
		if in.CookieArrays != "" {
			emit("notice", []ghProp{{"file", ghFile(in.File)}, {"title", "authlint: cookies read from the HAR cookies arrays"}}, in.CookieArrays)
		}
	}
	summary := "authlint: " + sum.Headline().String()
	for _, level := range []string{"error", "warning", "notice"} {
		if levels[level] > annotationsShown {
			summary += fmt.Sprintf("; GitHub shows only the first %d of %d %s annotations, the rest are in this log", annotationsShown, levels[level], level)
		}
	}
	bw.WriteString(summary + "\n")
	return bw.Flush()
}

// ghLevel is the annotation level of a finding: error at or above failOn,
// notice for info, warning otherwise.
func ghLevel(s, failOn rules.Severity) string {
	switch {
	case failOn != 0 && s >= failOn:
		return "error"
	case s <= rules.Info:
		return "notice"
	}
	return "warning"
}

// ghProp is one key=value property of a workflow command.
type ghProp struct{ key, value string }

// ghFile is the file property: the input path with forward slashes, or ""
// (no property) for standard input and live probes, which have no file.
func ghFile(file string) string {
	if _, _, isURI := uriName(file); file == "" || file == "-" || isURI {
		return ""
	}
	return slashPath(file)
}

// ghInt renders a positive line or column; 0 (unknown) leaves the property
// out.
func ghInt(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// workflowCommand renders "::name key=value,key=value::message", leaving out
// empty properties, as the toolkit's Command.toString does
// (actions/toolkit packages/core/src/command.ts). Property values are
// trimmed: the runner trims the property list as a whole, so a last value
// ending in a space would change (actions/runner
// src/Runner.Common/ActionCommand.cs, TryParseV2).
func workflowCommand(name string, props []ghProp, msg string) string {
	var b strings.Builder
	b.WriteString("::" + name)
	first := true
	for _, p := range props {
		p.value = strings.TrimSpace(p.value)
		if p.value == "" {
			continue
		}
		if first {
			b.WriteByte(' ')
			first = false
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p.key + "=" + escapeProperty(p.value))
	}
	b.WriteString("::" + escapeData(msg))
	return b.String()
}

// escapeData escapes a command's message exactly as the toolkit does:
// % → %25, CR → %0D, LF → %0A (actions/toolkit packages/core/src/command.ts,
// escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value as the toolkit does: as
// escapeData, plus : → %3A and , → %2C (command.ts, escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
