package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// sanitizedResult is an input where a sanitized export left three rules out
// for one cause, and cookies of one request came from a cookies array.
func sanitizedResult() *rules.Result {
	reason := "the HAR has no Cookie, Authorization or Set-Cookie headers: sanitized"
	ids := []string{"cached-set-cookie", "cookie-not-forwarded", "session-cookie-race"}
	res := &rules.Result{File: "ticket.har", Entries: 3, Rules: append(ids, "token-in-url", "redirect-uri-mismatch"),
		Gaps: []rules.Gap{{Cause: rules.CauseSanitizedExport, Missing: []string{"Cookie", "Authorization", "Set-Cookie"}, Reason: reason, Rules: ids}},
		NotEvaluated: []rules.NotEvaluated{
			{Rule: ids[0], Reason: reason, Causes: []rules.GapCause{rules.CauseSanitizedExport}, Missing: []string{"Set-Cookie"}},
			{Rule: ids[1], Reason: reason, Causes: []rules.GapCause{rules.CauseSanitizedExport}, Missing: []string{"Cookie"}},
			{Rule: ids[2], Reason: reason, Causes: []rules.GapCause{rules.CauseSanitizedExport}, Missing: []string{"Cookie", "Set-Cookie"}},
		},
		CookieArrays: &rules.CookieArrays{Requests: 1, Limits: "no SameSite"},
	}
	return res
}

func render(t *testing.T, r Reporter, res *rules.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Report(&b, &Run{Results: []*rules.Result{res}}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestNotEvaluatedOneLinePerInput(t *testing.T) {
	res := sanitizedResult()
	for _, tt := range []struct {
		name string
		r    Reporter
	}{{"text", &Text{}}, {"short", &Short{}}, {"markdown", &Markdown{}}, {"github", &GitHub{}}} {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.r, res)
			if n := strings.Count(out, "sanitized"); n != 1 {
				t.Errorf("the cause appears %d times, want once:\n%s", n, out)
			}
			if strings.Contains(out, "cookie-not-forwarded") {
				t.Errorf("rules are listed without --verbose:\n%s", out)
			}
			if tt.name != "markdown" && tt.name != "github" && !strings.Contains(out, "3 of 5 rules: the HAR has no Cookie") {
				t.Errorf("no count line:\n%s", out)
			}
		})
	}
}

func TestNotEvaluatedVerbose(t *testing.T) {
	res := sanitizedResult()
	text := render(t, &Text{Verbose: true}, res)
	for _, want := range []string{
		"  cached-set-cookie: no Set-Cookie headers (sanitized-export)\n",
		"  cookie-not-forwarded: no Cookie headers (sanitized-export)\n",
		"  session-cookie-race: no Cookie or Set-Cookie headers (sanitized-export)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text --verbose lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "--verbose lists them") {
		t.Errorf("verbose text still hints at --verbose:\n%s", text)
	}
	short := render(t, &Short{Verbose: true}, res)
	if !strings.Contains(short, "ticket.har: not evaluated: session-cookie-race: no Cookie or Set-Cookie headers (sanitized-export)\n") {
		t.Errorf("short --verbose:\n%s", short)
	}
	md := render(t, &Markdown{Verbose: true}, res)
	if !strings.Contains(md, "rules.md#cookie-not-forwarded") {
		t.Errorf("markdown --verbose does not link the rules:\n%s", md)
	}
	gh := render(t, &GitHub{Verbose: true}, res)
	if !strings.Contains(gh, "cached-set-cookie, cookie-not-forwarded, session-cookie-race: 3 of 5 rules") {
		t.Errorf("github --verbose does not name the rules:\n%s", gh)
	}
}

func TestNotEvaluatedWithoutGaps(t *testing.T) {
	// A probe result, or an older JSON report: the per-rule reasons are
	// all there is; each distinct reason is printed once.
	res := &rules.Result{File: "probe:https://app.example", NotEvaluated: []rules.NotEvaluated{
		{Rule: "a", Reason: "the probe sent no session"}, {Rule: "b", Reason: "the probe sent no session"}, {Rule: "c", Reason: "no probed response set a cookie"},
	}}
	if got, want := notEvaluatedLine(res), "3 rules: the probe sent no session; no probed response set a cookie"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	if got := notEvaluatedRule(res.NotEvaluated[0]); got != "a: the probe sent no session" {
		t.Errorf("rule line = %q", got)
	}
	one := &rules.Result{NotEvaluated: res.NotEvaluated[2:]}
	if got := notEvaluatedLine(one); got != "c: no probed response set a cookie" {
		t.Errorf("one rule = %q", got)
	}
}

func TestCookieArraysShown(t *testing.T) {
	res := sanitizedResult()
	for _, r := range []Reporter{&Text{}, &Short{}, &Markdown{}} {
		if out := render(t, r, res); !strings.Contains(out, "cookies of 1 request without a Cookie header were read from the HAR cookies arrays: no SameSite") {
			t.Errorf("%T does not note the cookies arrays:\n%s", r, out)
		}
	}
	var doc struct {
		Inputs []struct {
			Gaps         []rules.Gap          `json:"gaps"`
			CookieArrays *rules.CookieArrays  `json:"cookie_arrays"`
			NotEvaluated []rules.NotEvaluated `json:"not_evaluated"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(render(t, &JSON{}, res)), &doc); err != nil {
		t.Fatal(err)
	}
	in := doc.Inputs[0]
	if len(in.Gaps) != 1 || in.Gaps[0].Cause != rules.CauseSanitizedExport || len(in.Gaps[0].Rules) != 3 ||
		in.CookieArrays == nil || len(in.NotEvaluated) != 3 || in.NotEvaluated[2].Causes[0] != rules.CauseSanitizedExport {
		t.Errorf("JSON input = %+v", in)
	}
}
