package cookie

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, hh, mm, ss int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	}
	tests := []struct {
		name, in string
		want     time.Time
		ok       bool
	}{
		{"rfc1123", "Wed, 21 Oct 2015 07:28:00 GMT", utc(2015, 10, 21, 7, 28, 0), true},
		{"netscape dashes", "Wed, 21-Oct-2015 07:28:00 GMT", utc(2015, 10, 21, 7, 28, 0), true},
		// chrome-devtools-all-status-methods.har (cf_use_ob)
		{"two-digit year 22", "Sun, 07-Aug-22 16:57:53 GMT", utc(2022, 8, 7, 16, 57, 53), true},
		{"two-digit year 70", "Thu, 01-Jan-70 00:00:01 GMT", utc(1970, 1, 1, 0, 0, 1), true},
		{"two-digit year 69", "Tue, 01-Jan-69 00:00:00 GMT", utc(2069, 1, 1, 0, 0, 0), true},
		// chrome-har-capturer-0.10.3-cnn.har (tryThing00): JavaScript Date.toString
		{"js date string", "Sun Apr 01 2018 00:00:00 GMT", utc(2018, 4, 1, 0, 0, 0), true},
		{"asctime", "Sun Nov  6 08:49:37 1994", utc(1994, 11, 6, 8, 49, 37), true},
		{"rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37), true},
		{"lower-case month", "wed, 21 oct 2015 07:28:00 gmt", utc(2015, 10, 21, 7, 28, 0), true},
		{"full month name", "21 October 2015 07:28:00", utc(2015, 10, 21, 7, 28, 0), true},
		{"single-digit time fields", "1 Jan 2020 1:2:3", utc(2020, 1, 1, 1, 2, 3), true},
		{"epoch", "Thu, 01 Jan 1970 00:00:00 GMT", utc(1970, 1, 1, 0, 0, 0), true},
		{"trailing junk after time", "Wed, 21 Oct 2015 07:28:00GMT", utc(2015, 10, 21, 7, 28, 0), true},
		{"year 1601", "01 Jan 1601 00:00:00", utc(1601, 1, 1, 0, 0, 0), true},
		{"leap day", "29 Feb 2024 00:00:00", utc(2024, 2, 29, 0, 0, 0), true},
		{"no time", "Wed, 21 Oct 2015", time.Time{}, false},
		{"no year", "Wed, 21 Oct 07:28:00 GMT", time.Time{}, false},
		{"no month", "Wed, 21 2015 07:28:00 GMT", time.Time{}, false},
		{"empty", "", time.Time{}, false},
		{"garbage", "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN", time.Time{}, false},
		{"iso 8601 is not a cookie date", "2015-10-21T07:28:00Z", time.Time{}, false},
		{"hour 24", "21 Oct 2015 24:00:00", time.Time{}, false},
		{"minute 60", "21 Oct 2015 07:60:00", time.Time{}, false},
		{"second 60", "21 Oct 2015 07:28:60", time.Time{}, false},
		{"day 0", "0 Oct 2015 07:28:00", time.Time{}, false},
		{"day 32", "32 Oct 2015 07:28:00", time.Time{}, false},
		{"year before 1601", "01 Jan 1600 00:00:00", time.Time{}, false},
		{"february 30", "30 Feb 2015 00:00:00", time.Time{}, false},
		{"three-digit hour is not a time", "21 Oct 2015 123:00:00", time.Time{}, false},
		{"five-digit year", "21 Oct 20155 07:28:00", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 07-Aug-22 16:57:53 GMT",
		"Sun Apr 01 2018 00:00:00 GMT", "30 Feb 2015 00:00:00", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseDate(s)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, got)
			}
			return
		}
		if got.Location() != time.UTC || got.Year() < 1601 || got.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v: not a whole-second UTC time after 1601", s, got)
		}
	})
}
