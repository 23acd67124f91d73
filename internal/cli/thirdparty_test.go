package cli

import (
	"strings"
	"testing"
)

const thirdPartyTracker = "../../testdata/hars/cacheable-set-cookie/near-miss-third-party-tracker.har"

// TestThirdParty checks that findings about other sites are left out and
// counted by default, and come back with --third-party or the config key,
// which the flag overrides.
func TestThirdParty(t *testing.T) {
	withConfig := func(body string) string {
		return writeTemp(t, ".authlint.yaml", []byte(body))
	}
	tests := []struct {
		name     string
		args     []string
		included bool
	}{
		{"default leaves them out", []string{"analyze", "--format", "short", "--fail-on", "none", thirdPartyTracker}, false},
		{"flag includes them", []string{"analyze", "--format", "short", "--fail-on", "none", "--third-party", thirdPartyTracker}, true},
		{"config includes them", []string{"analyze", "--format", "short", "--fail-on", "none", "--config", withConfig("third-party: true\n"), thirdPartyTracker}, true},
		{"flag overrides config", []string{"analyze", "--format", "short", "--fail-on", "none", "--third-party=false", "--config", withConfig("third-party: true\n"), thirdPartyTracker}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", nil, tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			finding := strings.Contains(r.stdout, "[cacheable-set-cookie]")
			note := strings.Contains(r.stdout, "left out 1 finding about 2 responses on 1 site other than the app's (the app: example.com)")
			if finding != tt.included || note == tt.included {
				t.Errorf("finding shown %v, left-out note %v; want finding %v\n%s", finding, note, tt.included, r.stdout)
			}
		})
	}
}
