package httpcache

import (
	"testing"
	"time"

	"github.com/authlint/authlint/har"
)

func TestCacheTimes(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	entry := func(started string, kv ...string) *har.Entry {
		e := &har.Entry{Request: har.Request{Method: "GET", URL: testURL}, Response: &har.Response{Status: 200, Headers: hdrs(kv...)}}
		if started != "" {
			e.Started = at(started)
		}
		return e
	}
	tests := []struct {
		name              string
		e                 *har.Entry
		delivered, stored string
		age               time.Duration
		dateIsStored      bool
	}{
		// Varnish and Fastly send the time of delivery in Date.
		{"date is delivery", entry("2022-06-16T21:41:24.022Z", "Date", "Thu, 16 Jun 2022 21:41:24 GMT", "Age", "2615"), "2022-06-16T21:41:24Z", "2022-06-16T20:57:49Z", 2615 * time.Second, false},
		// Wikimedia's ATS keeps the stored Date: Date + Age is now.
		{"date is storage", entry("2026-05-12T12:16:34.854Z", "Date", "Mon, 11 May 2026 20:49:32 GMT", "Age", "55622"), "2026-05-12T12:16:34Z", "2026-05-11T20:49:32Z", 55622 * time.Second, true},
		{"no age", entry("2025-01-01T00:00:00.300Z", "Date", testDate), "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0, false},
		{"list-valued age uses the first", entry("2025-01-01T00:00:00Z", "Date", testDate, "Age", "60, 7"), "2025-01-01T00:00:00Z", "2024-12-31T23:59:00Z", time.Minute, false},
		{"no date uses the start", entry("2025-01-01T00:00:10.700Z", "Age", "10"), "2025-01-01T00:00:10Z", "2025-01-01T00:00:00Z", 10 * time.Second, false},
		{"invalid age", entry("2025-01-01T00:00:00Z", "Date", testDate, "Age", "soon"), "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0, false},
		{"nothing to go on", entry("", "Age", "10"), "", "", 10 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CacheTimes(tt.e)
			var wantD, wantS time.Time
			if tt.delivered != "" {
				wantD, wantS = at(tt.delivered), at(tt.stored)
			}
			if !got.Delivered.Equal(wantD) || !got.Stored.Equal(wantS) || got.Age != tt.age || got.DateIsStored != tt.dateIsStored {
				t.Errorf("CacheTimes = %+v, want delivered %v stored %v age %v dateIsStored %v", got, wantD, wantS, tt.age, tt.dateIsStored)
			}
		})
	}
}
