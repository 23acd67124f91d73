package jar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
)

// ms returns t0 plus n milliseconds.
func ms(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Millisecond))) }

// trace replays tl and renders every event on one line:
// "req 2 held=sid=a sent=sid=a" or "resp 1 held=sid=a writes=replaced".
func trace(tl *Timeline) string {
	var b strings.Builder
	tl.Replay(func(e *Event) {
		if e.Kind == RequestStart {
			fmt.Fprintf(&b, "req %d held=%s sent=%s\n", e.Exchange.Tag, header(e.Held), pairs(e.Exchange.Sent))
			return
		}
		var ws []string
		for _, w := range e.Writes {
			ws = append(ws, w.Outcome.String())
		}
		fmt.Fprintf(&b, "resp %d held=%s writes=%s after=%s\n", e.Exchange.Tag, header(e.Held), strings.Join(ws, ","), header(e.After()))
	})
	return b.String()
}

func pairs(ps []cookie.Pair) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name+"="+p.Value)
	}
	return strings.Join(s, "; ")
}

func line(t *testing.T, u, s string) Line {
	t.Helper()
	return NewLine(mustSet(t, s), mustURL(t, u))
}

func TestTimelineOrder(t *testing.T) {
	const u = "https://app.example/api"
	tests := []struct {
		name string
		xs   []Exchange
		want string
	}{
		{
			name: "added out of order, replayed by time",
			xs: []Exchange{
				{Tag: 1, Start: ms(50), End: ms(120), Sent: []cookie.Pair{{Name: "sid", Value: "a"}}, Set: []Line{line(t, u, "sid=c; Path=/")}},
				{Tag: 0, Start: ms(0), End: ms(100), Set: []Line{line(t, u, "sid=a; Path=/")}},
				{Tag: 2, Start: ms(110), End: ms(115), Sent: []cookie.Pair{{Name: "sid", Value: "a"}}},
			},
			want: "req 0 held= sent=\n" +
				"req 1 held= sent=sid=a\n" +
				"resp 0 held= writes=created after=sid=a\n" +
				"req 2 held=sid=a sent=sid=a\n" +
				"resp 2 held=sid=a writes= after=sid=a\n" +
				"resp 1 held=sid=a writes=replaced after=sid=c\n",
		},
		{
			name: "a response ending as a request starts is seen by it",
			xs: []Exchange{
				{Tag: 0, Start: ms(0), End: ms(10), Set: []Line{line(t, u, "sid=a; Path=/")}},
				{Tag: 1, Start: ms(10), End: ms(20)},
			},
			want: "req 0 held= sent=\n" +
				"resp 0 held= writes=created after=sid=a\n" +
				"req 1 held=sid=a sent=\n" +
				"resp 1 held=sid=a writes= after=sid=a\n",
		},
		{
			name: "a response without duration comes after its own request",
			xs: []Exchange{
				{Tag: 0, Start: ms(10), End: ms(10), Set: []Line{line(t, u, "sid=a; Path=/")}},
				{Tag: 1, Start: ms(10), End: ms(20)},
			},
			want: "req 0 held= sent=\n" +
				"req 1 held= sent=\n" +
				"resp 0 held= writes=created after=sid=a\n" +
				"resp 1 held=sid=a writes= after=sid=a\n",
		},
		{
			name: "an end before the start is taken as the start",
			xs: []Exchange{
				{Tag: 0, Start: ms(10), End: ms(5), Set: []Line{line(t, u, "sid=a; Path=/")}},
			},
			want: "req 0 held= sent=\nresp 0 held= writes=created after=sid=a\n",
		},
		{
			name: "rejected and deleting lines",
			xs: []Exchange{
				{Tag: 0, Start: ms(0), End: ms(10), Set: []Line{line(t, u, "sid=a; Path=/"), line(t, u, "__Host-x=1; Path=/api")}},
				{Tag: 1, Start: ms(20), End: ms(30), Set: []Line{line(t, u, "sid=; Path=/; Max-Age=0"), line(t, u, "sid=; Path=/; Max-Age=0")}},
			},
			want: "req 0 held= sent=\n" +
				"resp 0 held= writes=created,rejected after=sid=a\n" +
				"req 1 held=sid=a sent=\n" +
				"resp 1 held=sid=a writes=deleted,unmatched after=\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tl Timeline
			for _, x := range tt.xs {
				x.URL = mustURL(t, u)
				tl.Add(x)
			}
			if got := trace(&tl); got != tt.want {
				t.Errorf("got:\n%swant:\n%s", got, tt.want)
			}
			if again := trace(&tl); again != tt.want {
				t.Errorf("a second replay differs:\n%s", again)
			}
		})
	}
}

func TestTimelineSkipsUnplaceable(t *testing.T) {
	var tl Timeline
	tl.Add(Exchange{Tag: 0, URL: mustURL(t, "https://a.example/")})
	tl.Add(Exchange{Tag: 1, Start: t0})
	tl.Add(Exchange{Tag: 2, Start: t0, URL: mustURL(t, "/relative")})
	tl.Add(Exchange{Tag: 3, Start: t0, URL: mustURL(t, "https://a.example/")})
	if tl.Len() != 1 || tl.Skipped() != 3 {
		t.Fatalf("Len %d Skipped %d, want 1 and 3", tl.Len(), tl.Skipped())
	}
}

func TestTimelineSourceAndScope(t *testing.T) {
	var tl Timeline
	tl.Add(Exchange{Tag: 4, Start: ms(0), End: ms(10), URL: mustURL(t, "https://a.example/login"),
		Set: []Line{line(t, "https://a.example/login", "sid=a; Path=/; Secure")}})
	tl.Add(Exchange{Tag: 5, Start: ms(20), End: ms(30), URL: mustURL(t, "http://a.example/")})
	tl.Add(Exchange{Tag: 6, Start: ms(20), End: ms(30), URL: mustURL(t, "https://b.example/")})
	tl.Add(Exchange{Tag: 7, Start: ms(20), End: ms(30), URL: mustURL(t, "https://a.example/x")})
	held := map[int]string{}
	tl.Replay(func(e *Event) {
		if e.Kind == RequestStart {
			var s []string
			for _, c := range e.Held {
				s = append(s, fmt.Sprintf("%s=%s@%d", c.Name, c.Value, c.Source))
			}
			held[e.Exchange.Tag] = strings.Join(s, ";")
		}
	})
	want := map[int]string{4: "", 5: "", 6: "", 7: "sid=a@4"}
	for tag, w := range want {
		if held[tag] != w {
			t.Errorf("request %d held %q, want %q", tag, held[tag], w)
		}
	}
}

func TestEventCompare(t *testing.T) {
	const u = "https://app.example/"
	var tl Timeline
	tl.Add(Exchange{Tag: 0, Start: ms(0), End: ms(10), URL: mustURL(t, u), Set: []Line{
		line(t, u, "a=1; Path=/"), line(t, u, "b=2; Path=/"), line(t, u, "s=root; Path=/"), line(t, u, "s=deep; Path=/x")}})
	tl.Add(Exchange{Tag: 1, Start: ms(20), End: ms(30), URL: mustURL(t, u+"x/y"), Sent: []cookie.Pair{
		{Name: "a", Value: "1"}, {Name: "b", Value: "changed"}, {Name: "c", Value: "3"}, {Name: "s", Value: "deep"}, {Name: "s", Value: "root"}}})
	var got []string
	tl.Replay(func(e *Event) {
		if e.Kind != RequestStart || e.Exchange.Tag != 1 {
			return
		}
		for _, c := range e.Compare() {
			got = append(got, fmt.Sprintf("%s held=%q/%v sent=%q/%v same=%v", c.Name, c.Held.Value, c.HeldOK, c.Sent, c.SentOK, c.Same()))
		}
	})
	want := []string{
		`a held="1"/true sent="1"/true same=true`,
		`b held="2"/true sent="changed"/true same=false`,
		`c held=""/false sent="3"/true same=false`,
		`s held="deep"/true sent="deep"/true same=true`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
