package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
	"github.com/authlint/authlint/internal/doctext"
)

// TestRuleTextsParse: every rule's Doc and Fix, and the fix messages
// findings carry (every vendor's cache fix, and the fixes of the findings
// on every fixture HAR), are in the doctext subset, so that explain,
// docs/rules.md, SARIF and the HTML report render them alike. A rule added
// in the style of the others passes without doing anything.
func TestRuleTextsParse(t *testing.T) {
	check := func(what, s string) {
		t.Helper()
		if _, err := doctext.Parse(s); err != nil {
			t.Errorf("%s is outside the doctext subset (see internal/doctext/doc.go): %v\n%s", what, err, s)
		}
	}
	for _, r := range All() {
		check(r.ID+" Doc", r.Doc)
		check(r.ID+" Fix", r.Fix)
	}
	for vendor := range bypassByVendor {
		check(vendor.String()+" cache fix", cacheFix(vendor, "/api/auth/*", "NextAuth v4").Message)
	}
	check("cache fix without a vendor", cacheFix(httpcache.VendorUnknown, "/api/auth/*", "").Message)
	paths, err := filepath.Glob("../testdata/hars/*/*.har")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	fixes := 0
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Analyze(har.NewDecoder(f, filepath.Base(path), har.Options{}), filepath.Base(path), Options{})
		f.Close()
		if err != nil {
			t.Fatalf("analyze %s: %v", path, err)
		}
		for _, fd := range res.Findings {
			if fd.Fix.Message != "" {
				fixes++
				check(path+": "+fd.Rule+" fix", fd.Fix.Message)
			}
		}
	}
	if fixes == 0 {
		t.Fatal("no finding on the fixtures had a fix")
	}
}
