package rules

import (
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/httpcache"
)

func TestCookieMint(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	times := func(delivered string, age time.Duration) httpcache.Times {
		d := at(delivered)
		return httpcache.Times{Delivered: d, Stored: d.Add(-age), Age: age}
	}
	set := func(line string) SetCookie {
		sc, err := cookie.ParseSetCookie(line)
		if err != nil {
			t.Fatal(err)
		}
		return SetCookie{SetCookie: sc, Line: line}
	}
	tests := []struct {
		name  string
		line  string
		times httpcache.Times
		want  mint
	}{
		// The Verge's vmidv1 (playwright corpus HAR): five years after Date,
		// to the second, on a hit with Age 2615.
		{"expires counted from delivery", "vmidv1=9faf31ab; Expires=Tue, 15 Jun 2027 21:41:24 GMT; Path=/", times("2022-06-16T21:41:24Z", 2615*time.Second), mintAtDelivery},
		{"expires counted from storage", "vmidv1=9faf31ab; Expires=Tue, 15 Jun 2027 20:57:49 GMT; Path=/", times("2022-06-16T21:41:24Z", 2615*time.Second), mintAtStorage},
		{"expires one second off still counts", "a=b; Expires=Tue, 15 Jun 2027 21:41:25 GMT", times("2022-06-16T21:41:24Z", 2615*time.Second), mintAtDelivery},
		{"max-age from delivery", "s=v; Max-Age=86400; Expires=Wed, 05 Mar 2025 10:00:00 GMT", times("2025-03-04T10:00:00Z", 2615*time.Second), mintAtDelivery},
		{"max-age from storage", "s=v; Max-Age=86400; Expires=Wed, 05 Mar 2025 09:16:25 GMT", times("2025-03-04T10:00:00Z", 2615*time.Second), mintAtStorage},
		{"age a whole number of minutes tells nothing", "a=b; Expires=Tue, 15 Jun 2027 21:41:24 GMT", times("2022-06-16T21:41:24Z", 120*time.Second), mintUnknown},
		{"midnight expiry tells nothing", "WMF-Last-Access=23-Oct-2018; Expires=Sat, 24 Nov 2018 00:00:00 GMT", times("2018-10-23T06:23:27Z", 10391*time.Second), mintUnknown},
		{"small age tells nothing", "a=b; Expires=Tue, 15 Jun 2027 21:41:24 GMT", times("2022-06-16T21:41:24Z", 3*time.Second), mintUnknown},
		{"session cookie without expiry", "countryCode=BG; Domain=.example.com; Path=/", times("2017-11-13T12:03:01Z", 567034*time.Second), mintUnknown},
		// Cloudflare's retired __cfduid (webpagetest expressen corpus HAR):
		// hex, then the Unix time of Date; the hit has no Age.
		{"timestamp of delivery without age", "__cfduid=d175f5af63f53a4c4c8f4e3e60ed506c41515916349; expires=Mon, 14-Jan-19 07:52:29 GMT", times("2018-01-14T07:52:29Z", 0), mintAtDelivery},
		{"timestamp of delivery with age", "id=x1515916349; Path=/", times("2018-01-14T07:52:29Z", 600*time.Second), mintAtDelivery},
		{"timestamp of storage", "id=x1515915749; Path=/", times("2018-01-14T07:52:29Z", 600*time.Second), mintAtStorage},
		{"millisecond timestamp", "id=1515916349000.abc", times("2018-01-14T07:52:29Z", 600*time.Second), mintAtDelivery},
		{"unrelated number", "id=4242424242; Path=/", times("2018-01-14T07:52:29Z", 600*time.Second), mintUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := cookieMint(set(tt.line), tt.times)
			if got != tt.want {
				t.Errorf("cookieMint = %v (%q), want %v", got, why, tt.want)
			}
			if (got == mintUnknown) != (why == "") {
				t.Errorf("reason %q does not match verdict %v", why, got)
			}
		})
	}
}

func TestUniqueLooking(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"9faf31ab-1415-4b90-b367-24b670205f41", true},
		{"M2xA1AaHn7ni_j55T1CNsgNeAAEBAFvd_dX3A9ZfxRKKnZ47TSo49ePDVo9L2E5s", true},
		{"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..c2Vzc2lvbi1h", true},
		{"US:OH:Columbus:39.97:-83.02:v4", false},
		{"plovdiv|16|4000|BG|EU", false},
		{"23-Oct-2018", false},
		{"BG", false},
		{"aaaaaaaaaaaaaaaaaaaa1111", false},   // too few distinct characters
		{"abcdefghijklmnopqrstuvwxyz", false}, // no digits
		{"", false},
	}
	for _, tt := range tests {
		if got := uniqueLooking(tt.v); got != tt.want {
			t.Errorf("uniqueLooking(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
