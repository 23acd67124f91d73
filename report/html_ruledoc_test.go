package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/authlint/authlint/rules"
)

// TestHTMLRuleDocs: every rule that reported is documented once in #rules,
// rendered from its Doc and Fix (code spans as <code>, no Markdown left),
// and every finding's rule link points at it.
func TestHTMLRuleDocs(t *testing.T) {
	run := goldenRuns(t)["findings"]
	var b bytes.Buffer
	if err := (&HTML{}).Report(&b, run); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	docs := map[string]int{}
	for _, m := range regexp.MustCompile(`data-rule-doc="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		docs[m[1]]++
	}
	for _, f := range run.Findings() {
		if docs[f.Rule] != 1 {
			t.Errorf("rule %s is documented %d times, want once", f.Rule, docs[f.Rule])
		}
	}
	for _, m := range regexp.MustCompile(`href="#rule-([^"]+)" data-rule-link`).FindAllStringSubmatch(page, -1) {
		if docs[m[1]] == 0 {
			t.Errorf("finding links to rule %s, which is not documented", m[1])
		}
	}
	start := strings.Index(page, `<section id="rules"`)
	end := strings.Index(page, `<section id="entries"`)
	if start < 0 || end < start {
		t.Fatal("no #rules section before #entries")
	}
	section := page[start:end]
	if strings.Contains(section, "`") || strings.Contains(section, "**") {
		t.Errorf("#rules shows Markdown markup:\n%s", section)
	}
	r, _ := rules.ByID("cached-set-cookie")
	if want := string(r.DocText().HTML()); !strings.Contains(section, want) {
		t.Errorf("#rules does not hold cached-set-cookie's Doc as doctext renders it")
	}
	if !strings.Contains(section, "<code>Set-Cookie</code>") {
		t.Errorf("code spans are not <code> in #rules")
	}
}
