package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// The HTML report is tested in a real Chromium (Debian's package, which
// .ci/run installs), driven through the DevTools protocol by chromedp.

var screenshot = flag.String("screenshot", "", "write a PNG screenshot of the sample report to `FILE` (go test ./report -run TestHTMLScreenshot -screenshot ../docs/report.png)")

// browserHARs are the fixtures the browser test opens reports of: the bundled
// sample (a failed sign-in behind CloudFront), a race of session cookie
// writes, a healthy sign-in and a HAR with no sign-in.
var browserHARs = []string{
	"../testdata/sample/ticket.har",
	"../testdata/hars/session-cookie-race/authjs-update-lost-no-secret.har",
	"../testdata/hars/healthy/nextauth-cloudfront-healthy.har",
	"../testdata/hars/oversized-cookie/" + firstHAR("../testdata/hars/oversized-cookie"),
}

func firstHAR(dir string) string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	slices.Sort(m)
	if len(m) == 0 {
		return "missing.har"
	}
	return filepath.Base(m[0])
}

// chromium returns the path of the browser; without one the test is
// skipped, except in CI (CI=true), where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium; .ci/run does it)")
	}
	t.Skip("chromium is not installed; the HTML report is not tested in a browser")
	return ""
}

// browser starts one headless Chromium with a fresh profile for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1600),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// page is one tab and what it reported: every request it made and every
// error on its console.
type page struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	errors   []string
}

func (p *page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		p.errors = append(p.errors, "exception: "+msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.errors = append(p.errors, fmt.Sprintf("console.%s", ev.Type))
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			p.errors = append(p.errors, fmt.Sprintf("log %s %s: %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text))
		}
	}
}

// open loads file in a new tab, with or without JavaScript.
func open(t *testing.T, bctx context.Context, file string, script bool) *page {
	t.Helper()
	p := &page{}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(p.listen))
	t.Cleanup(cancel)
	p.ctx = ctx
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if !script {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(file)); err != nil {
		t.Fatalf("open %s: %v", file, err)
	}
	return p
}

// eval runs a JavaScript expression in the page (DevTools evaluation works
// with the page's scripts disabled) and decodes its result.
func eval[T any](t *testing.T, p *page, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// writeHTMLReport analyses path with the timeline on and writes its HTML
// report to dir; it returns the file's URL and the result.
func writeHTMLReport(t *testing.T, path, dir string) (string, *rules.Result) {
	t.Helper()
	page, res := htmlReport(t, path)
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".har")+".html")
	if err := os.WriteFile(out, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + out, res
}

// htmlReport renders the HTML report of a HAR as the CLI does.
func htmlReport(t *testing.T, path string) ([]byte, *rules.Result) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := filepath.Base(path)
	res, err := rules.Analyze(har.NewDecoder(f, name, har.Options{}), name, rules.Options{Timeline: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (&HTML{}).Report(&b, &Run{Tool: "authlint", Version: "dev", Results: []*rules.Result{res}, Rules: rules.All(), FailOn: rules.High}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res
}

type pageFacts struct {
	Entries  []int    `json:"entries"`
	Findings []string `json:"findings"`
	Visible  int      `json:"visible"`
	Steps    int      `json:"steps"`
	NoFlow   bool     `json:"noFlow"`
	Filters  bool     `json:"filters"`
	Links    []struct {
		Finding string `json:"finding"`
		Entry   string `json:"entry"`
		Href    string `json:"href"`
	} `json:"links"`
}

const factsJS = `(() => {
  const all = s => [...document.querySelectorAll(s)];
  const shown = e => e.getBoundingClientRect().height > 0;
  return {
    entries: all('#timeline [data-entry]').map(e => +e.dataset.entry),
    findings: all('#findings [data-finding]').map(e => e.dataset.rule),
    visible: all('#findings [data-finding]').filter(shown).length,
    steps: all('#flow [data-step]').filter(shown).length,
    noFlow: !!document.querySelector('#flow [data-no-flow]'),
    filters: !document.getElementById('filters').hidden,
    links: all('[data-finding] [data-entry-link]').map(a => ({finding: a.closest('[data-finding]').id, entry: a.dataset.entryLink, href: a.getAttribute('href')})),
  };
})()`

// TestHTMLInBrowser opens the HTML reports of fixture HARs in Chromium:
// no script or console error, no request but the file itself, the timeline
// has every entry, the flow its steps, each finding's entry links open the
// matching entry detail, filters and keys work, and with JavaScript off the
// findings and the flow are still shown.
func TestHTMLInBrowser(t *testing.T) {
	bctx := browser(t)
	dir := t.TempDir()
	for _, path := range browserHARs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			file, res := writeHTMLReport(t, path, dir)
			p := open(t, bctx, file, true)
			facts := eval[pageFacts](t, p, factsJS)

			var want []int
			for i := range res.Entries {
				want = append(want, i)
			}
			slices.Sort(facts.Entries) // grouped by site, in file order within a group
			if !slices.Equal(facts.Entries, want) {
				t.Errorf("timeline entries %v, want %v", facts.Entries, want)
			}
			var rulesWant []string // most severe first, as the summary orders them
			for _, i := range severityOrder(res.Findings) {
				rulesWant = append(rulesWant, res.Findings[i].Rule)
			}
			if !slices.Equal(facts.Findings, rulesWant) {
				t.Errorf("findings %v, want %v", facts.Findings, rulesWant)
			}
			steps := 0
			for _, f := range res.Flows {
				steps += len(f.Steps)
			}
			if facts.Steps != steps || facts.NoFlow != (len(res.Flows) == 0) {
				t.Errorf("flow shows %d steps (no-flow note %v), want %d steps of %d flows", facts.Steps, facts.NoFlow, steps, len(res.Flows))
			}
			if !facts.Filters {
				t.Error("the script did not run: the filters are still hidden")
			}
			links := 0
			for _, f := range res.Findings {
				links += len(f.Entries)
			}
			if len(facts.Links) != links {
				t.Errorf("%d entry links in findings, want %d", len(facts.Links), links)
			}
			for _, l := range facts.Links {
				sel := fmt.Sprintf("#%s [data-entry-link=%q]", l.Finding, l.Entry)
				wctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
				err := chromedp.Do(wctx, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(l.Href)))
				cancel()
				if err != nil {
					t.Errorf("click %s: the detail %s did not open: %v", sel, l.Href, err)
					continue
				}
				got := eval[string](t, p, `(document.querySelector(':target') || {dataset: {}}).dataset.entryDetail || ""`)
				if got != l.Entry {
					t.Errorf("click %s opened entry detail %q, want %q", sel, got, l.Entry)
				}
			}
			if len(res.Findings) > 0 {
				keys(t, p, res)
				filter(t, p, res)
			}
			printed(t, p, res)
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, e := range p.errors {
				t.Errorf("browser reported: %s", e)
			}
			if len(p.requests) == 0 {
				t.Error("saw no request at all, not even the document: the network listener is broken")
			}
			for _, u := range p.requests {
				if u != file {
					t.Errorf("the report made a request: %s", u)
				}
			}

			off := open(t, bctx, file, false)
			facts = eval[pageFacts](t, off, factsJS)
			if facts.Filters {
				t.Error("with JavaScript off the script ran")
			}
			if facts.Visible != len(res.Findings) || facts.Steps != steps {
				t.Errorf("with JavaScript off: %d of %d findings and %d of %d steps shown", facts.Visible, len(res.Findings), facts.Steps, steps)
			}
		})
	}
}

// keys checks the keyboard: j focuses the first finding, Enter opens its
// first entry, Escape closes it.
func keys(t *testing.T, p *page, res *rules.Result) {
	t.Helper()
	// Close the detail the links left open and let its hashchange run.
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](`location.hash = '_'`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("j")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, p, `document.activeElement.id`); got != "finding-1-0" {
		t.Errorf("j focused %q, want finding-1-0", got)
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(res.Findings[0].Entries[0].Index)
	if got := eval[string](t, p, `(document.querySelector(':target') || {dataset: {}}).dataset.entryDetail || ""`); got != want {
		t.Errorf("Enter opened entry %q, want %q", got, want)
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	if got := eval[bool](t, p, `!!document.querySelector('[data-entry-detail]:target')`); got {
		t.Error("Escape left the entry detail open")
	}
}

// filter checks that the rule filter hides the findings of other rules.
func filter(t *testing.T, p *page, res *rules.Result) {
	t.Helper()
	rule := res.Findings[len(res.Findings)-1].Rule
	want := 0
	for _, f := range res.Findings {
		if f.Rule == rule {
			want++
		}
	}
	got := eval[int](t, p, fmt.Sprintf(`(() => {
  const s = document.querySelector('[data-filter=rule]');
  s.value = %q;
  s.dispatchEvent(new Event('change', {bubbles: true}));
  const n = [...document.querySelectorAll('#findings [data-finding]')].filter(e => e.getBoundingClientRect().height > 0).length;
  s.value = '';
  s.dispatchEvent(new Event('change', {bubbles: true}));
  return n;
})()`, rule))
	if got != want {
		t.Errorf("filtering on %s shows %d findings, want %d", rule, got, want)
	}
}

// printed checks the print styles: no filters, and the details of the
// entries findings and flows name are on paper.
func printed(t *testing.T, p *page, res *rules.Result) {
	t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
	got := eval[[]int](t, p, `(() => {
  const shown = e => getComputedStyle(e).display !== 'none';
  return [shown(document.getElementById('filters')) ? 1 : 0,
    [...document.querySelectorAll('[data-entry-detail].referenced')].filter(shown).length,
    document.querySelectorAll('[data-entry-detail].referenced').length];
})()`)
	referenced := map[int]bool{}
	for _, f := range res.Findings {
		for _, e := range f.Entries {
			referenced[e.Index] = true
		}
	}
	for _, f := range res.Flows {
		for _, s := range f.Steps {
			referenced[s.Entry.Index] = true
		}
	}
	if got[0] != 0 || got[1] != len(referenced) || got[2] != len(referenced) {
		t.Errorf("printed: filters shown %d, %d of %d referenced details shown, want 0 and %d", got[0], got[1], got[2], len(referenced))
	}
}

// sampleHAR is the HAR docs/report.png shows the report of.
const sampleHAR = "../testdata/sample/ticket.har"

// screenshotHash is the file beside docs/report.png that records the
// SHA-256 of the sample report's HTML the screenshot was taken of.
const screenshotHash = "../docs/report.png.sha256"

// sampleHash returns the hex SHA-256 of the sample report's HTML.
func sampleHash(t *testing.T) string {
	t.Helper()
	page, _ := htmlReport(t, sampleHAR)
	sum := sha256.Sum256(page)
	return hex.EncodeToString(sum[:])
}

// TestHTMLScreenshot writes docs/report.png from the sample when asked,
// and the hash of the HTML it shows beside it (docs/report.png.sha256):
// go test ./report -run TestHTMLScreenshot -screenshot ../docs/report.png
func TestHTMLScreenshot(t *testing.T) {
	if *screenshot == "" {
		t.Skip("no -screenshot FILE")
	}
	bctx := browser(t)
	file, _ := writeHTMLReport(t, sampleHAR, t.TempDir())
	p := open(t, bctx, file, true)
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*screenshot+".sha256", []byte(sampleHash(t)+"  HTML report of testdata/sample/ticket.har shown in report.png\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHTMLScreenshotCurrent fails when the sample report differs from the
// one docs/report.png was taken of, so that a changed report forces a
// retake. It needs no browser.
func TestHTMLScreenshotCurrent(t *testing.T) {
	if *screenshot != "" {
		t.Skip("retaking the screenshot")
	}
	b, err := os.ReadFile(screenshotHash)
	if err != nil {
		t.Fatalf("%v (take the screenshot: go test ./report -run TestHTMLScreenshot -screenshot ../docs/report.png)", err)
	}
	recorded, _, _ := strings.Cut(string(b), " ")
	if got := sampleHash(t); recorded != got {
		t.Errorf("docs/report.png is stale: the sample report's HTML has SHA-256 %s, the screenshot shows %s; retake it with go test ./report -run TestHTMLScreenshot -screenshot ../docs/report.png and look at it", got, recorded)
	}
}
