package auth

import "testing"

func TestIsStaticAsset(t *testing.T) {
	tests := []struct {
		url, contentType string
		want             bool
	}{
		// by extension
		{"https://a.example/static/js/main.3f2a9c1b.js", "", true},
		{"https://a.example/app.3f2a9c1b.js?v=2", "", true},
		{"https://a.example/assets/chunk-5XYZ.js", "", true},
		{"https://a.example/css/main-abcdef123456.css", "", true},
		{"https://a.example/main.js.map", "", true},
		{"https://a.example/img/logo.PNG", "", true},
		{"https://a.example/static/login.png", "", true},
		{"https://a.example/fonts/inter.woff2", "", true},
		{"https://a.example/images/Flash/ColorsAndModels.swf", "", true},
		{"https://a.example/player", "application/x-shockwave-flash", true},
		{"https://a.example/favicon.ico", "", true},
		{"https://a.example/video/intro.mp4", "", true},
		{"https://a.example/pkg/module_bg.wasm", "", true},
		{"https://a.example/sprite.svg;v=1", "", true},
		// framework build directories
		{"https://a.example/_next/static/chunks/pages/_app-0a1b2c3d4e5f.js", "", true},
		{"https://a.example/_next/static/media/font.woff2", "", true},
		{"https://a.example/_next/static/BUILD_ID/_buildManifest", "", true},
		{"https://a.example/_next/image?url=%2Fhero.png&w=1080&q=75", "", true},
		{"https://a.example/_nuxt/entry.abc123de.mjs", "", true},
		{"https://a.example/_app/immutable/start.js", "", true},
		// by content type, whatever the path
		{"https://a.example/pixel", "image/gif", true},
		{"https://a.example/cdn-cgi/styles", "text/css; charset=utf-8", true},
		{"https://a.example/bundle", "application/javascript", true},
		{"https://a.example/x", "Font/WOFF2", true},
		{"https://a.example/x", "video/webm", true},
		// content-hashed data files
		{"https://a.example/build-manifest.3f2a9c1b.json", "", true},
		{"https://a.example/locales/en.a1b2c3d4e5.json", "", true},
		// not assets
		{"https://a.example/api/auth/session", "application/json", false},
		{"https://a.example/api/user.json", "", false},
		{"https://a.example/report-2024.json", "", false},
		{"https://a.example/user-settings.json", "", false},
		{"https://a.example/deadbeef.deadbeef.json", "", false},
		{"https://a.example/login", "text/html; charset=utf-8", false},
		{"https://a.example/index.html", "", false},
		{"https://a.example/", "", false},
		{"https://a.example/.js", "", false},
		{"https://a.example/download?file=a.js", "", false},
		{"https://a.example/api/export.csv", "text/csv", false},
		{"https://a.example/_next/data/abc/page.json", "application/json", false},
		{"https://a.example/static", "", false},
	}
	for _, tt := range tests {
		if got := IsStaticAsset(mustURL(t, tt.url), tt.contentType); got != tt.want {
			t.Errorf("IsStaticAsset(%s, %q) = %v, want %v", tt.url, tt.contentType, got, tt.want)
		}
	}
	if !IsStaticAsset(nil, "image/png") || IsStaticAsset(nil, "") {
		t.Error("IsStaticAsset with a nil URL must judge by content type only")
	}
}

func TestHasContentHash(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"main-abcdef123456", true},
		{"app.3f2a9c1b", true},
		{"chunk-5XYZ2ABC", true},
		{"_app-0a1b2c3d4e5f", true},
		{"a1b2c3d4", false}, // the first part is the name, not a hash
		{"user-settings", false},
		{"report-2024", false},
		{"deadbeef.deadbeef", false},
		{"vendor-12345678", true},
		{"page.abcdefgh", false},
		{"x.ab12", false},
	}
	for _, tt := range tests {
		if got := hasContentHash(tt.name); got != tt.want {
			t.Errorf("hasContentHash(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
