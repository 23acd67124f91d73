package cli

import (
	"strings"
	"testing"
)

// updateRace is the Chromium recording of an Auth.js update() racing two
// session reads (testdata/hars/session-cookie-race/record-update-race):
// results.json there shows the browser's jar ended with the stale name.
const updateRace = "../../testdata/hars/session-cookie-race/chromium-authjs-update-race.har"

// updateRaceSecret is the fake AUTH_SECRET that record.mjs gave the app.
const updateRaceSecret = "authlint-fake-secret-authjs-update-race-not-real-0123456789"

// TestUpdateRaceRecordingWithAndWithoutSecret checks that session-cookie-race
// reports the lost update on the recording both ways: without a secret from
// the update route alone (medium), and with AUTH_SECRET from the environment
// by decrypting the cookies and naming the claim the stale write lost (high).
func TestUpdateRaceRecordingWithAndWithoutSecret(t *testing.T) {
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"no secret", nil, `entry 8: medium: POST /api/auth/session: session cookie "authjs.session-token" set here was overwritten`},
		{"AUTH_SECRET", map[string]string{"AUTH_SECRET": updateRaceSecret}, `entry 8: high: POST /api/auth/session: session cookie "authjs.session-token" set here was overwritten`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", tc.vars, "analyze", "--format", "short", "--fail-on", "none", "--rule", "session-cookie-race", updateRace)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tc.want) || !strings.HasSuffix(lines[0], "[session-cookie-race]") {
				t.Fatalf("stdout:\n%s\nwant one session-cookie-race line containing %q", r.stdout, tc.want)
			}
			lostName := strings.Contains(lines[0], `lost claims "name"`)
			if lostName != (tc.vars != nil) {
				t.Errorf("names the lost claim: %v, want %v (only with the secret):\n%s", lostName, tc.vars != nil, lines[0])
			}
		})
	}
}
