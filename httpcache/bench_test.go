package httpcache

import "testing"

func BenchmarkServed(b *testing.B) {
	h := hdrs("Date", testDate, "Content-Type", "text/html", "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6a7b-AMS",
		"cf-cache-status", "DYNAMIC", "Cache-Control", "private, no-store", "Vary", "Accept-Encoding", "Age", "0")
	b.ReportAllocs()
	for b.Loop() {
		Served(h)
	}
}

func BenchmarkSharedStorable(b *testing.B) {
	e := resp(200, "Content-Type", "application/json", "Cache-Control", "public, max-age=300, s-maxage=600",
		"Vary", "Accept-Encoding, Cookie", "Last-Modified", "Sun, 22 Dec 2024 00:00:00 GMT", "Set-Cookie", "sid=test")
	b.ReportAllocs()
	for b.Loop() {
		SharedStorable(e, VendorCloudflare)
	}
}

func BenchmarkParseCacheControl(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseCacheControl(`no-store, no-cache, must-revalidate, post-check=0, pre-check=0, private="set-cookie"`)
	}
}
