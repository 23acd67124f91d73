package rules

import (
	"errors"
	"slices"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// SessionCookie is a session cookie as the request sent it, with chunks
// reassembled: "__session__0" and "__session__1" become one "__session".
type SessionCookie struct {
	// Name is the cookie's base name (chunk suffix removed, prefix kept).
	Name string
	// Value is the chunk values joined in index order.
	Value string
	// Chunks are the chunk indexes sent, in order; nil for an unchunked
	// cookie. Missing indexes show as gaps.
	Chunks []int
	// Count is the number of chunks an ASP.NET Core base cookie announces
	// ("<name>=chunks-N" beside "<name>C1".."<name>CN"), 0 otherwise.
	Count int
	Info  auth.CookieInfo
}

// Chunked reports whether the cookie was sent in chunks.
func (s SessionCookie) Chunked() bool { return s.Chunks != nil }

// Complete reports whether the chunks run from 0 without gaps, or for an
// ASP.NET Core cookie from 1 to the announced Count (always true for an
// unchunked cookie).
func (s SessionCookie) Complete() bool {
	first := 0
	if s.Count > 0 {
		if len(s.Chunks) != s.Count {
			return false
		}
		first = 1
	}
	return chunksFrom(s.Chunks, func(i int) int { return i }, first)
}

// Missing returns the first chunk index absent from Chunks: counted from 0,
// or for an ASP.NET Core cookie from 1 up to the announced Count; for a
// complete cookie, the index after the last one.
func (s SessionCookie) Missing() int {
	first := 0
	if s.Count > 0 {
		first = 1
	}
	for i, c := range s.Chunks {
		if c != first+i {
			return first + i
		}
	}
	return first + len(s.Chunks)
}

// Sessions returns the session cookies the request sent, chunks reassembled,
// ordered by name. When a request sends both an unchunked cookie and chunks
// of the same name, the unchunked one wins, as in the libraries' readers.
func (x *Exchange) Sessions() []SessionCookie {
	type part struct {
		chunk int
		value string
	}
	var order []string
	groups := map[string][]part{}
	infos := map[string]auth.CookieInfo{}
	for _, c := range x.Cookies {
		if !c.Session() {
			continue
		}
		base := wholeSessionName(c.Info, c.Name)
		if _, ok := groups[base]; !ok {
			order = append(order, base)
			infos[base] = c.Info
		}
		groups[base] = append(groups[base], part{c.Info.Chunk, c.Value})
	}
	slices.Sort(order)
	out := make([]SessionCookie, 0, len(order))
	for _, base := range order {
		parts := groups[base]
		s := SessionCookie{Name: base, Info: infos[base]}
		if i := slices.IndexFunc(parts, func(p part) bool { return p.chunk < 0 }); i >= 0 {
			n, ok := aspNetChunkCount(parts[i].value)
			if !ok || len(parts) == 1 {
				s.Value = parts[i].value
				out = append(out, s)
				continue
			}
			// ASP.NET Core's ChunkingCookieManager reads "chunks-N" in
			// the base cookie and joins "<name>C1".."<name>CN".
			s.Count = n
			parts = slices.Delete(parts, i, i+1)
		}
		sortChunks(parts, func(p part) int { return p.chunk })
		for _, p := range parts {
			s.Chunks = append(s.Chunks, p.chunk)
		}
		s.Value = joinChunks(parts, func(p part) string { return p.value })
		out = append(out, s)
	}
	return out
}

// aspNetChunkCount parses the value ASP.NET Core writes in the base cookie
// of a chunked cookie: "chunks-" and a decimal count (dotnet/aspnetcore
// src/Shared/ChunkingCookieManager/ChunkingCookieManager.cs ChunkCountPrefix,
// ParseChunksCount).
func aspNetChunkCount(v string) (int, bool) {
	digits, ok := strings.CutPrefix(v, "chunks-")
	if !ok || digits == "" || len(digits) > 3 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
		n = n*10 + int(digits[i]-'0')
	}
	return n, n > 0
}

// wholeSessionName returns the name of the whole cookie a cookie or chunk
// belongs to: the name with its chunk suffix removed and its
// "__Secure-"/"__Host-" prefix kept as written ("__Secure-authjs.session-token"
// for "__Secure-authjs.session-token.1"), which is also the name Auth.js
// derives its key from.
func wholeSessionName(info auth.CookieInfo, name string) string {
	if info.Chunk < 0 {
		return name
	}
	if n := len(info.Prefix) + len(info.Base); n > 0 && n < len(name) {
		return name[:n]
	}
	return name
}

// maxTokenMemo bounds the per-run memo of decoded tokens.
const maxTokenMemo = 4096

// Token reads a session cookie value: decrypted with the run's keyring (or
// read from the annotation of a HAR sanitized with the secrets) when one is
// set, otherwise inspected without a key. Results are memoised per
// run, so a rolling cookie sent on every request is decrypted once.
func (p *Pass) Token(name, value string) token.Token {
	k := redact.Fingerprint(name + "\x00" + value)
	if t, ok := p.run.tokens[k]; ok {
		return t
	}
	var t token.Token
	if kr := p.run.opts.Keyring; kr != nil && kr.Len() > 0 {
		t = kr.Decrypt(name, value)
		switch {
		case errors.Is(t.Err, token.ErrNotEncrypted), errors.Is(t.Err, token.ErrNotRecorded):
			t = token.Inspect(name, value)
		case t.Err != nil && !t.Decrypted:
			// Not decryptable: keep what can be read without a key, and
			// the failure.
			insp := token.Inspect(name, value)
			insp.Err, insp.Tried, insp.Attempts = t.Err, t.Tried, t.Attempts
			t = insp
		}
	} else {
		t = token.Inspect(name, value)
	}
	if len(p.run.tokens) >= maxTokenMemo {
		clear(p.run.tokens)
	}
	p.run.tokens[k] = t
	return t
}
