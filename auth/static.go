package auth

import (
	"net/url"
	"strings"
)

// staticExtensions are file extensions of static assets: scripts, styles,
// source maps, images, fonts, media, WebAssembly and Flash movies.
var staticExtensions = map[string]bool{
	"js": true, "mjs": true, "cjs": true, "css": true, "map": true, "wasm": true,
	"png": true, "jpg": true, "jpeg": true, "gif": true, "webp": true, "avif": true,
	"svg": true, "ico": true, "bmp": true, "tif": true, "tiff": true, "apng": true,
	"woff": true, "woff2": true, "ttf": true, "otf": true, "eot": true,
	"mp4": true, "webm": true, "ogg": true, "ogv": true, "oga": true, "mp3": true,
	"wav": true, "m4a": true, "m4v": true, "mov": true, "flac": true, "aac": true,
	"opus": true, "weba": true, "swf": true,
}

// hashedExtensions are extensions that are static only when the file name
// carries a content hash ("build-manifest.3f2a9c1b.json"); "/api/user.json"
// is not an asset.
var hashedExtensions = map[string]bool{
	"json": true, "txt": true, "xml": true, "webmanifest": true, "html": true,
}

// staticPathPrefixes are build-output directories of common frameworks,
// matched case-sensitively.
var staticPathPrefixes = []string{
	"/_next/static/",   // Next.js build output (content-hashed, immutable)
	"/_next/image",     // Next.js image optimizer
	"/_nuxt/",          // Nuxt
	"/_astro/",         // Astro
	"/_app/immutable/", // SvelteKit
	"/__nextjs_font/",  // Next.js dev fonts
}

// staticMediaTypes are media types of static assets besides the image/*,
// font/*, audio/* and video/* families.
var staticMediaTypes = map[string]bool{
	"text/css":                      true,
	"text/javascript":               true,
	"application/javascript":        true,
	"application/x-javascript":      true,
	"application/ecmascript":        true,
	"text/ecmascript":               true,
	"application/wasm":              true,
	"application/font-woff":         true,
	"application/font-woff2":        true,
	"application/x-font-woff":       true,
	"application/x-font-ttf":        true,
	"application/x-font-otf":        true,
	"application/font-sfnt":         true,
	"application/vnd.ms-fontobject": true,
	"application/x-shockwave-flash": true,
}

// IsStaticAsset reports whether a response is a static asset (script,
// style, source map, image, font, media, WebAssembly), judged by its
// Content-Type (contentType may be "" or carry parameters) or, failing that,
// by its URL path: a known extension, a framework build directory such as
// Next.js "/_next/static/", or a content-hashed name ("app.3f2a9c1b.json").
// Rules use it to stay quiet about assets; it never looks at the query.
func IsStaticAsset(u *url.URL, contentType string) bool {
	if mt := mediaType(contentType); mt != "" {
		if staticMediaTypes[mt] {
			return true
		}
		if family, _, _ := strings.Cut(mt, "/"); family == "image" || family == "font" || family == "audio" || family == "video" {
			return true
		}
	}
	if u == nil {
		return false
	}
	p := u.Path
	for _, prefix := range staticPathPrefixes {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	name := p[strings.LastIndexByte(p, '/')+1:]
	name, _, _ = strings.Cut(name, ";")
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 {
		return false
	}
	ext := strings.ToLower(name[dot+1:])
	if staticExtensions[ext] {
		return true
	}
	return hashedExtensions[ext] && hasContentHash(name[:dot])
}

// mediaType returns the lower-cased media type of a Content-Type value,
// without parameters.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// hasContentHash reports whether a file name (without extension) carries a
// content hash as bundlers write one: a part after '.', '-' or '_' that is
// at least 8 hex digits, or at least 8 letters and digits with both.
// "main-abcdef123456", "app.3f2a9c1b" and "chunk-5XYZ2ABC" do;
// "user-settings" and "report-2024" do not.
func hasContentHash(name string) bool {
	first := true
	for name != "" {
		i := strings.IndexAny(name, ".-_")
		part := name
		if i >= 0 {
			part, name = name[:i], name[i+1:]
		} else {
			name = ""
		}
		if first {
			first = false
			continue
		}
		if len(part) >= 8 && looksLikeHash(part) {
			return true
		}
	}
	return false
}

func looksLikeHash(s string) bool {
	hex, digits, letters := true, 0, 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= '0' && b <= '9':
			digits++
		case b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F':
			letters++
		case b >= 'g' && b <= 'z' || b >= 'G' && b <= 'Z':
			letters++
			hex = false
		default:
			return false
		}
	}
	if hex {
		return digits > 0 // "deadbeef" alone is a word, "3f2a9c1b" a hash
	}
	return digits > 0 && letters > 0
}
