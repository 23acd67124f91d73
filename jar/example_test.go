package jar_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/jar"
)

func ExampleJar() {
	j := jar.New()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	login, _ := url.Parse("https://app.example.com/api/auth/callback/github")
	for _, line := range []string{
		"__Secure-authjs.session-token=v1; Path=/; Secure; HttpOnly; SameSite=Lax",
		"__Host-authjs.csrf-token=c1; Path=/api; Secure", // __Host- needs Path=/
	} {
		sc, _ := cookie.ParseSetCookie(line)
		if r := j.Set(now, login, sc, 0); r.Outcome == jar.Rejected {
			fmt.Println("rejected:", r.Reason)
		} else {
			fmt.Println(r.Outcome)
		}
	}
	page, _ := url.Parse("https://app.example.com/dashboard")
	for _, c := range j.Get(now.Add(time.Second), page) {
		fmt.Println(c.Name, c.Value)
	}
	// Output:
	// created
	// rejected: __Host- cookie with Path="/api" instead of /
	// __Secure-authjs.session-token v1
}

func ExampleTimeline() {
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	u, _ := url.Parse("https://app.example.com/api/auth/session")
	line := func(s string) jar.Line {
		sc, _ := cookie.ParseSetCookie(s)
		return jar.NewLine(sc, u)
	}
	var tl jar.Timeline
	// Entry 1 is first in the file but started later: the replay orders by time.
	tl.Add(jar.Exchange{Tag: 1, Start: t0.Add(30 * time.Millisecond), End: t0.Add(230 * time.Millisecond), URL: u,
		Sent: []cookie.Pair{{Name: "sid", Value: "old"}}, Set: []jar.Line{line("sid=refreshed; Path=/")}})
	tl.Add(jar.Exchange{Tag: 0, Start: t0, End: t0.Add(150 * time.Millisecond), URL: u,
		Sent: []cookie.Pair{{Name: "sid", Value: "old"}}, Set: []jar.Line{line("sid=updated; Path=/")}})
	tl.Replay(func(e *jar.Event) {
		switch e.Kind {
		case jar.RequestStart:
			fmt.Printf("+%v request %d sent %s, jar held %d cookie(s)\n", e.At.Sub(t0), e.Exchange.Tag, e.Exchange.Sent[0].Value, len(e.Held))
		case jar.ResponseEnd:
			w := e.Writes[0]
			fmt.Printf("+%v response %d %s %q (was %q, from %d)\n", e.At.Sub(t0), e.Exchange.Tag, w.Outcome, w.Cookie.Value, w.Old.Value, w.Old.Source)
		}
	})
	// Output:
	// +0s request 0 sent old, jar held 0 cookie(s)
	// +30ms request 1 sent old, jar held 0 cookie(s)
	// +150ms response 0 created "updated" (was "", from 0)
	// +230ms response 1 replaced "refreshed" (was "updated", from 0)
}
