package httpcache

import (
	"testing"
	"time"
)

func TestParseHTTPDate(t *testing.T) {
	ref := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	tests := []struct {
		name   string
		in     string
		ref    time.Time
		want   time.Time
		wantOK bool
	}{
		{"IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", ref, want, true},
		{"IMF-fixdate with spaces", "  Sun, 06 Nov 1994 08:49:37 GMT ", ref, want, true},
		{"case-insensitive names", "SUN, 06 NOV 1994 08:49:37 gmt", ref, want, true},
		{"rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", ref, want, true},
		{"rfc850 near future year", "Thursday, 06-Nov-30 08:49:37 GMT", ref, time.Date(2030, 11, 6, 8, 49, 37, 0, time.UTC), true},
		{"rfc850 more than 50 years ahead goes back a century", "Tuesday, 06-Nov-85 08:49:37 GMT", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1985, 11, 6, 8, 49, 37, 0, time.UTC), true},
		{"rfc850 within 50 years stays ahead", "Saturday, 06-Nov-94 08:49:37 GMT", time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2094, 11, 6, 8, 49, 37, 0, time.UTC), true},
		{"rfc850 without reference", "Sunday, 06-Nov-94 08:49:37 GMT", time.Time{}, want, true},
		{"asctime", "Sun Nov  6 08:49:37 1994", ref, want, true},
		{"asctime two-digit day", "Sun Nov 16 08:49:37 1994", ref, want.AddDate(0, 0, 10), true},
		{"zero", "0", ref, time.Time{}, false},
		{"minus one", "-1", ref, time.Time{}, false},
		{"empty", "", ref, time.Time{}, false},
		{"other zone", "Sun, 06 Nov 1994 08:49:37 PST", ref, time.Time{}, false},
		{"numeric zone", "Sun, 06 Nov 1994 08:49:37 +0000", ref, time.Time{}, false},
		{"bad day", "Sun, 32 Nov 1994 08:49:37 GMT", ref, time.Time{}, false},
		{"junk", "tomorrow at noon, probably GMT", ref, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseHTTPDate(tt.in, tt.ref)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("ParseHTTPDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
