package httpcache

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
)

func TestReplayOf(t *testing.T) {
	cookie := []string{"Set-Cookie", "sid=abc; Path=/"}
	with := func(kv ...string) []string { return append(append([]string{}, kv...), cookie...) }
	tests := []struct {
		name     string
		e        *har.Entry
		v        Vendor
		part     Part
		want     Replay
		reason   string // substring of Reason
		reliesOn string // substring of ReliesOn; "-" means empty
	}{
		{"explicit s-maxage", resp(200, with("Cache-Control", "s-maxage=300")...), VendorUnknown, PartSetCookie, ReplayFresh, "s-maxage", "RFC 9111"},
		{"explicit max-age", resp(200, with("Cache-Control", "max-age=60")...), VendorUnknown, PartSetCookie, ReplayFresh, "max-age", "RFC 9111"},
		{"future expires", resp(200, with("Expires", "Wed, 01 Jan 2025 01:00:00 GMT")...), VendorUnknown, PartSetCookie, ReplayFresh, "expires", "RFC 9111"},
		{"cdn-cache-control", resp(200, with("Cache-Control", "no-cache", "CDN-Cache-Control", "max-age=60")...), VendorUnknown, PartSetCookie, ReplayFresh, "", "RFC 9111"},
		{"heuristic only", resp(200, with("Last-Modified", "Tue, 01 Oct 2024 00:00:00 GMT")...), VendorUnknown, PartSetCookie, ReplayHeuristic, "heuristic", "RFC 9111"},
		{"no-cache without validator", resp(200, with("Cache-Control", "no-cache")...), VendorUnknown, PartSetCookie, ReplayNone, "without etag or last-modified", "-"},
		{"max-age=0 without validator", resp(200, with("Cache-Control", "max-age=0")...), VendorUnknown, PartSetCookie, ReplayNone, "full request", "-"},
		{"past expires without validator", resp(200, with("Expires", "Thu, 01 Dec 1994 16:00:00 GMT")...), VendorUnknown, PartSetCookie, ReplayNone, "full request", "-"},
		{"expires equal to date", resp(200, with("Expires", testDate)...), VendorUnknown, PartSetCookie, ReplayNone, "full request", "-"},
		{"status 200 and nothing else", resp(200, cookie...), VendorUnknown, PartSetCookie, ReplayNone, "full request", "-"},
		{"no-cache with etag", resp(200, with("Cache-Control", "no-cache", "ETag", `"v1"`)...), VendorUnknown, PartSetCookie, ReplayOnRevalidation, `etag: "\"v1\""`, "RFC 9111"},
		{"max-age=0 with last-modified", resp(200, with("Cache-Control", "max-age=0, must-revalidate", "Last-Modified", "Tue, 01 Oct 2024 00:00:00 GMT")...), VendorUnknown, PartSetCookie, ReplayOnRevalidation, "last-modified", "RFC 9111"},
		{"stale body with etag is no replay", resp(200, with("Cache-Control", "no-cache", "ETag", `"v1"`)...), VendorUnknown, PartBody, ReplayNone, "304 revalidation only confirms", "-"},
		{"no-store", resp(200, with("Cache-Control", "no-store, max-age=60")...), VendorUnknown, PartSetCookie, ReplayNone, "no-store", "-"},
		{"private", resp(200, with("Cache-Control", "private, max-age=60")...), VendorUnknown, PartSetCookie, ReplayNone, "private", "-"},
		{"qualified no-cache strips set-cookie", resp(200, with("Cache-Control", `max-age=60, no-cache="set-cookie"`)...), VendorUnknown, PartSetCookie, ReplayNone, "names set-cookie", "-"},
		{"qualified no-cache keeps the body", resp(200, with("Cache-Control", `max-age=60, no-cache="set-cookie"`)...), VendorUnknown, PartBody, ReplayFresh, "max-age", "-"},
		{"fastly refuses set-cookie", resp(200, with("Cache-Control", "max-age=60")...), VendorFastly, PartSetCookie, ReplayNone, "Fastly's default VCL", "-"},
		{"fastly stores nothing with set-cookie", resp(200, with("Cache-Control", "max-age=60")...), VendorFastly, PartBody, ReplayNone, "Fastly's default VCL", "-"},
		{"fastly body without cookie", resp(200, "Cache-Control", "max-age=60"), VendorFastly, PartBody, ReplayFresh, "max-age", "-"},
		{"nginx refuses set-cookie", resp(200, with("Cache-Control", "max-age=60")...), VendorNginx, PartSetCookie, ReplayNone, "nginx does not store", "-"},
		{"cloudfront depends on config", resp(200, with("Cache-Control", "max-age=60")...), VendorCloudFront, PartSetCookie, ReplayFresh, "max-age", "CloudFront: "},
		{"post without content-location", req("POST", 200, nil, with("Date", testDate, "Cache-Control", "max-age=60")...), VendorUnknown, PartSetCookie, ReplayNone, "POST", "-"},
		{"no response", &har.Entry{Request: har.Request{Method: "GET", URL: testURL}}, VendorUnknown, PartSetCookie, ReplayNone, "no response", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReplayOf(tt.e, tt.v, SharedStorable(tt.e, tt.v), tt.part)
			if got.Replay != tt.want {
				t.Fatalf("Replay = %v, want %v (reason %q)", got.Replay, tt.want, got.Reason)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", got.Reason, tt.reason)
			}
			if tt.reliesOn == "-" && got.ReliesOn != "" || tt.reliesOn != "-" && !strings.Contains(got.ReliesOn, tt.reliesOn) {
				t.Errorf("ReliesOn = %q, want %q", got.ReliesOn, tt.reliesOn)
			}
			if got.Replayable() != (tt.want != ReplayNone) {
				t.Errorf("Replayable() = %v", got.Replayable())
			}
		})
	}
}
