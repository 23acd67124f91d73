package rules

import (
	"errors"
	"hash/maphash"
	"slices"
	"strings"
	"unsafe"

	"github.com/authlint/authlint/auth"
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
// The result is computed once per exchange and shared by the rules that
// ask: it must not be modified.
func (x *Exchange) Sessions() []SessionCookie {
	if !x.sessionsDone {
		x.sessions, x.sessionsDone = x.readSessions(), true
	}
	return x.sessions
}

func (x *Exchange) readSessions() []SessionCookie {
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

// tokenMemo remembers what Pass.Token returned, by a 64-bit hash of the
// cookie name and value (and the value's length): the key of a memo, not a
// fingerprint anyone sees. In front of it, the last few calls by the
// identity of their strings: the rules of one entry ask about the same
// value several times.
type tokenMemo struct {
	seed   maphash.Seed
	byHash map[tokenKey]token.Token
	recent [4]struct {
		name, value string
		t           token.Token
	}
	next int // the recent slot to overwrite
}

type tokenKey struct {
	h uint64
	n int
}

// sameString reports whether a and b are the same string in memory (so,
// equal) without comparing their bytes.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

func (m *tokenMemo) key(name, value string) tokenKey {
	if m.byHash == nil {
		m.seed = maphash.MakeSeed()
		m.byHash = map[tokenKey]token.Token{}
	}
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteString(name)
	h.WriteByte(0)
	h.WriteString(value)
	return tokenKey{h.Sum64(), len(value)}
}

// get returns the memoised token of name and value, and the key to store
// it under when there is none.
func (m *tokenMemo) get(name, value string) (token.Token, tokenKey, bool) {
	for i := range m.recent {
		if r := &m.recent[i]; sameString(r.value, value) && r.name == name && r.value != "" {
			return r.t, tokenKey{}, true
		}
	}
	k := m.key(name, value)
	t, ok := m.byHash[k]
	if ok {
		m.remember(name, value, t)
	}
	return t, k, ok
}

func (m *tokenMemo) remember(name, value string, t token.Token) {
	m.recent[m.next].name, m.recent[m.next].value, m.recent[m.next].t = name, value, t
	m.next = (m.next + 1) % len(m.recent)
}

func (m *tokenMemo) put(k tokenKey, name, value string, t token.Token) {
	if len(m.byHash) >= maxTokenMemo {
		clear(m.byHash)
	}
	m.byHash[k] = t
	m.remember(name, value, t)
}

// Token reads a session cookie value: decrypted with the run's keyring (or
// read from the annotation of a HAR sanitized with the secrets) when one is
// set, otherwise inspected without a key. Results are memoised per
// run, so a rolling cookie sent on every request is decrypted once.
func (p *Pass) Token(name, value string) token.Token {
	t, k, ok := p.run.tokens.get(name, value)
	if ok {
		return t
	}
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
	p.run.tokens.put(k, name, value, t)
	return t
}
