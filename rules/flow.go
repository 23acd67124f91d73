package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
)

// A Flow is one sign-in reconstructed from the HAR: the app's login route,
// the authorization request, the identity provider's pages, the callback and
// what followed it. Reports show it before the findings ("where did the login
// break?"); rules may read it.
type Flow struct {
	// Library is the auth library the app's routes belong to, when known.
	Library string `json:"library,omitempty"`
	// Provider is the identity provider's host, when the flow reached it.
	Provider string `json:"provider,omitempty"`
	// Steps are the entries of the sign-in, in file order.
	Steps []FlowStep `json:"steps"`
	// Outcome is "signed-in", "failed" or "incomplete" (the HAR ends before
	// the callback answered).
	Outcome string `json:"outcome"`
	// BrokeAt is the index in Steps of the step where the sign-in failed,
	// -1 when it did not.
	BrokeAt int `json:"broke_at"`
	// Reason says in one phrase why it failed or stopped.
	Reason string `json:"reason,omitempty"`
	// Truncated counts steps left out past MaxFlowSteps.
	Truncated int `json:"truncated,omitempty"`
}

// FlowStep is one entry of a sign-in.
type FlowStep struct {
	Entry  EntryRef `json:"entry"`
	Role   StepRole `json:"role"`
	Status int      `json:"status"`
	// AnsweredBy is "app", "edge cache" or "identity provider".
	AnsweredBy string `json:"answered_by"`
	// Sent and Set are the names of the cookies the request sent and the
	// response set (auth cookies first; names that embed state redacted).
	Sent []string `json:"sent,omitempty"`
	Set  []string `json:"set,omitempty"`
	// Note says what the step shows, when it is more than its role.
	Note string `json:"note,omitempty"`
}

// StepRole is what an entry does in a sign-in.
type StepRole string

// Step roles.
const (
	StepLogin     StepRole = "login"             // the app's login route
	StepAuthorize StepRole = "authorize"         // the authorization request
	StepProvider  StepRole = "identity-provider" // a page or form of the provider
	StepCallback  StepRole = "callback"          // the provider sends the browser back
	StepError     StepRole = "error"             // the library's auth error page
	StepLanding   StepRole = "landing"           // the page the callback redirects to
	StepSession   StepRole = "session"           // a later request that sends the new session
	StepNoSession StepRole = "session-not-sent"  // a later page load without it
)

// Bounds on flows, so memory does not grow with the input.
const (
	MaxFlows     = 20
	MaxFlowSteps = 24
)

// flowBuilder reconstructs sign-ins as exchanges stream by.
type flowBuilder struct {
	scope *scope // which sites are the app's, as known so far
	flows []*Flow
	open  *Flow
	// provider is the host of the open flow's identity provider; app the
	// site of its app.
	provider, app string
	// sessions are the session cookie names the callback set, and
	// callbackDone whether the callback has answered.
	sessions     map[string]bool
	callbackDone bool
	// dropped counts sign-ins past MaxFlows.
	dropped int
}

// observe adds x to the open sign-in, or starts one.
func (b *flowBuilder) observe(p *Pass, x *Exchange) {
	if x.URL == nil {
		return
	}
	site := siteOf(x.Host())
	authorize := auth.LooksLikeAuthorizationRequest(x.URL) || x.Route.Kind == auth.RouteAuthorize
	login := x.Route.Kind == auth.RouteLogin || x.Route.Kind == auth.RouteSignIn && x.Request.Method == "POST"
	host := x.Host()
	callback := host != b.provider && (x.Route.Kind == auth.RouteCallback || x.IsOIDCCallback(auth.Default()))
	settled := b.open == nil || b.callbackDone
	switch {
	case login:
		// A second request of the same login step (Auth.js GET then POST)
		// stays in the sign-in; any other login starts a new one.
		if settled || b.last() != StepLogin {
			b.begin(x)
		}
	case authorize && settled && (navigation(x) || b.scope.returnsToApp(x)):
		// Provider-initiated, or the HAR starts at the provider. Widgets
		// ping their own providers (Facebook's SDK), so the request must
		// load a page or send the browser back to the app.
		b.begin(x)
	case callback && b.open == nil:
		b.begin(x) // the HAR starts at the callback
	}
	f := b.open
	if f == nil {
		return
	}
	switch {
	case login:
		b.add(p, x, StepLogin, "")
		// A form login (no identity provider) sets the session itself.
		for _, sc := range x.SetCookies {
			if sc.Session() && !sc.IsDeletion(x.Started) {
				b.sessions[sc.Name] = true
			}
		}
		if len(b.sessions) > 0 && x.Status() < 400 {
			b.callbackDone, f.Outcome = true, "pending"
		}
	case authorize && !b.callbackDone:
		b.provider = host
		f.Provider = host
		b.add(p, x, StepAuthorize, "")
	case callback && !b.callbackDone:
		b.callbackDone = true
		note := ""
		if e := x.URL.Query().Get("error"); e != "" {
			note = fmt.Sprintf("the provider answered error %q", e)
		}
		b.add(p, x, StepCallback, note)
		for _, sc := range x.SetCookies {
			if sc.Session() && !sc.IsDeletion(x.Started) {
				b.sessions[sc.Name] = true
			}
		}
		b.judgeCallback(x, note)
	case x.Route.Kind == auth.RouteError && host != b.provider:
		b.add(p, x, StepError, "error "+fmt.Sprintf("%q", x.URL.Query().Get("error")))
		if f.BrokeAt < 0 {
			f.Outcome, f.BrokeAt = "failed", len(f.Steps)-1
			f.Reason = "the auth library showed its error page"
		}
	case host == b.provider && !b.callbackDone && navigationLike(x):
		b.add(p, x, StepProvider, "")
	case b.callbackDone && site == b.app && host != b.provider && navigationLike(x) && b.last() == StepCallback:
		b.add(p, x, StepLanding, "")
		b.judgeSession(p, x, true)
	case b.callbackDone && site == b.app && host != b.provider && f.Outcome == "pending":
		b.judgeSession(p, x, false)
	}
}

// flowStep returns the sign-in that x is a step of and the step's index,
// when the flow builder made x the last step of the open sign-in; nil and -1
// otherwise. Rules see each exchange after the flow builder has, so a rule
// may follow the sign-ins as they are built (login-redirect-loop does).
func (p *Pass) flowStep(x *Exchange) (*Flow, int) {
	f := p.run.flows.open
	if f == nil || len(f.Steps) == 0 || f.Steps[len(f.Steps)-1].Entry.Index != x.Index {
		return nil, -1
	}
	return f, len(f.Steps) - 1
}

// last returns the role of the open sign-in's last step, "" when none.
func (b *flowBuilder) last() StepRole {
	if b.open == nil || len(b.open.Steps) == 0 {
		return ""
	}
	return b.open.Steps[len(b.open.Steps)-1].Role
}

// begin closes the open sign-in and starts a new one at x.
func (b *flowBuilder) begin(x *Exchange) {
	b.close()
	if len(b.flows) >= MaxFlows {
		b.dropped++
		b.open = nil
		return
	}
	f := &Flow{Outcome: "incomplete", BrokeAt: -1, Library: libraryName(x.Route.Library)}
	b.flows = append(b.flows, f)
	b.open, b.provider, b.app = f, "", siteOf(x.Host())
	b.sessions, b.callbackDone = map[string]bool{}, false
	if auth.LooksLikeAuthorizationRequest(x.URL) {
		if ru, err := url.Parse(x.URL.Query().Get("redirect_uri")); err == nil && ru.Hostname() != "" {
			b.app = siteOf(ru.Hostname())
		}
	}
}

// close settles the open sign-in's outcome.
func (b *flowBuilder) close() {
	f := b.open
	if f == nil {
		return
	}
	switch {
	case f.Outcome == "pending":
		// The callback set a session but no later request of the app shows
		// whether the browser kept it.
		f.Outcome = "signed-in"
		f.Reason = "the callback set the session; no later request of the app is in the HAR"
	case f.Outcome == "incomplete" && f.Reason == "":
		switch last := f.Steps[len(f.Steps)-1]; {
		case last.Status == 0:
			f.Reason = fmt.Sprintf("the %s request got no response", last.Role)
		case f.Provider == "":
			f.Reason = "the HAR ends before the sign-in reached an identity provider or set a session"
		default:
			f.Reason = "the HAR ends before the provider sent the browser back"
		}
	}
	b.open = nil
}

func (b *flowBuilder) add(p *Pass, x *Exchange, role StepRole, note string) {
	f := b.open
	if len(f.Steps) >= MaxFlowSteps {
		f.Truncated++
		return
	}
	if f.Library == "" {
		f.Library = libraryName(x.Route.Library)
	}
	by := "app"
	switch {
	case x.Served.State.FromCache():
		by = "edge cache"
	case x.Host() == b.provider && b.provider != "":
		by = "identity provider"
	}
	s := FlowStep{Entry: p.Ref(x, string(role)), Role: role, Status: x.Status(), AnsweredBy: by, Note: note}
	for _, c := range x.Cookies {
		if c.Known {
			s.Sent = append(s.Sent, p.CookieName(c.Name))
		}
	}
	for _, c := range x.SetCookies {
		if c.Known {
			s.Set = append(s.Set, p.CookieName(c.Name))
		}
	}
	f.Steps = append(f.Steps, s)
}

// judgeCallback decides from the callback's answer whether the sign-in
// failed there.
func (b *flowBuilder) judgeCallback(x *Exchange, providerError string) {
	f := b.open
	at := len(f.Steps) - 1
	switch {
	case x.Served.State.FromCache():
		f.Outcome, f.BrokeAt, f.Reason = "failed", at, "the callback was answered by the edge cache, not the app"
	case providerError != "":
		f.Outcome, f.BrokeAt, f.Reason = "failed", at, providerError
	case x.Status() <= 0 && x.Error != "":
		f.Outcome, f.BrokeAt, f.Reason = "failed", at, fmt.Sprintf("the callback request failed (%s)", clipText(x.Error, 80))
	case x.Status() >= 400:
		f.Outcome, f.BrokeAt, f.Reason = "failed", at, fmt.Sprintf("the callback answered %d", x.Status())
	case len(b.sessions) == 0:
		f.Outcome, f.BrokeAt, f.Reason = "failed", at, "the callback set no session cookie"
	default:
		f.Outcome = "pending"
	}
}

// judgeSession reads a request of the app after a callback that set a
// session: the browser sent it back (signed in), or not. The landing page is
// the first such request and its step says so; a later one gets a step of
// its own.
func (b *flowBuilder) judgeSession(p *Pass, x *Exchange, landing bool) {
	f := b.open
	if f.Outcome != "pending" {
		return
	}
	sent := false
	for _, c := range x.Cookies {
		sent = sent || b.sessions[c.Name]
	}
	switch {
	case sent:
		f.Outcome = "signed-in"
		if !landing {
			b.add(p, x, StepSession, "")
		}
	case navigationLike(x): // a subresource may go to a path the cookie does not cover
		if !landing {
			b.add(p, x, StepNoSession, "")
		}
		at := &f.Steps[len(f.Steps)-1]
		at.Note = "the browser did not send the session cookie the callback set"
		f.Outcome, f.BrokeAt = "failed", len(f.Steps)-1
		f.Reason = "the session cookie set by the callback was not sent back"
	}
}

// finish closes the last sign-in and returns them all.
func (b *flowBuilder) finish() []Flow {
	b.close()
	out := make([]Flow, 0, len(b.flows))
	for _, f := range b.flows {
		out = append(out, *f)
	}
	return out
}

// navigationLike reports whether x loads a page: a top-level navigation by
// Fetch Metadata, or, without it, a request for HTML, a redirect or a form
// post.
func navigationLike(x *Exchange) bool {
	h := x.Request.Headers
	if mode := h.Get("Sec-Fetch-Mode"); mode != "" {
		return strings.EqualFold(mode, "navigate")
	}
	if x.ResourceType != "" {
		return x.ResourceType == "document"
	}
	if st := x.Status(); st >= 300 && st < 400 || x.Request.Method == "POST" {
		return true
	}
	return strings.Contains(x.ResponseHeader("Content-Type"), "text/html") || strings.Contains(h.Get("Accept"), "text/html")
}
