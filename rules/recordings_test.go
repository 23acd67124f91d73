package rules_test

import (
	"os"
	"slices"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// analyzeFixture runs every rule over one fixture HAR, with the secrets of
// its .secrets file when there is one.
func analyzeFixture(t *testing.T, path string) *rules.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := rules.Analyze(har.NewDecoder(f, path, har.Options{}), path, rules.Options{Keyring: fixtureKeyring(t, path)})
	if err != nil {
		t.Fatalf("analyze %s: %v", path, err)
	}
	return res
}

// TestEdgeRecordingsNameTheVendor checks the recordings of
// testdata/hars/auth-route-cache-hit/record-edge-cache (a real Chromium
// signing in twice to Auth.js through nginx caching the callback, speaking
// as each vendor): the second login's callback, answered from the cache,
// is reported by the three cache rules, and each fix is the vendor's. The
// goldens show the findings but not the fix, so a wrong vendor in the fix
// would pass them.
func TestEdgeRecordingsNameTheVendor(t *testing.T) {
	for _, tc := range []struct{ file, vendor, reference string }{
		{"chromium-authjs-callback-cloudflare-hit.har", "Cloudflare", "https://developers.cloudflare.com/cache/how-to/cache-rules/"},
		{"chromium-authjs-callback-vercel-hit.har", "Vercel", "https://vercel.com/docs/caching/cache-control-headers"},
		{"chromium-authjs-callback-fastly-hit.har", "Fastly", "https://www.fastly.com/documentation/guides/full-site-delivery/caching/about-cache-control-headers/"},
		{"chromium-authjs-callback-netlify-hit.har", "Netlify", "https://docs.netlify.com/platform/caching/"},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			res := analyzeFixture(t, "../testdata/hars/auth-route-cache-hit/"+tc.file)
			var fired []string
			for _, f := range res.Findings {
				fired = append(fired, f.Rule)
				if len(f.Entries) == 0 || f.Entries[0].Index != 13 {
					t.Errorf("%s: entries %+v, want the second callback (entry 13) first", f.Rule, f.Entries)
				}
				if f.Fix.Vendor != tc.vendor || f.Fix.Reference != tc.reference {
					t.Errorf("%s: fix for %q (%s), want %q (%s)", f.Rule, f.Fix.Vendor, f.Fix.Reference, tc.vendor, tc.reference)
				}
				if f.Fix.Library != "Auth.js v5" {
					t.Errorf("%s: fix library %q, want Auth.js v5", f.Rule, f.Fix.Library)
				}
			}
			slices.Sort(fired)
			if want := []string{"auth-route-cache-hit", "cached-set-cookie", "cookie-not-forwarded"}; !slices.Equal(fired, want) {
				t.Errorf("rules fired %v, want %v", fired, want)
			}
		})
	}
}
