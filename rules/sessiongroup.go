package rules

import (
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/jar"
)

// Session cookies as whole values: the cookies and chunks of one session
// cookie that a request sent (sessionGroup, Exchange.Sessions) or a response
// set (sessionGroup, setSessions), and the same read from a jar replay
// (chunkNamer.view). Every one of them puts chunks together one way:
// sortChunks orders them by index, chunksFrom says whether they run without
// gaps, and joinChunks joins their values.

// sortChunks orders chunks by chunk index, keeping the order seen for
// repeats.
func sortChunks[T any](chunks []T, index func(T) int) {
	slices.SortStableFunc(chunks, func(a, b T) int { return index(a) - index(b) })
}

// chunksFrom reports whether sorted chunks run first, first+1, ... without
// gaps or repeats.
func chunksFrom[T any](chunks []T, index func(T) int, first int) bool {
	for i, c := range chunks {
		if index(c) != first+i {
			return false
		}
	}
	return true
}

// joinChunks joins the values of sorted chunks: the whole cookie's value.
func joinChunks[T any](chunks []T, value func(T) string) string {
	var b strings.Builder
	for _, c := range chunks {
		b.WriteString(value(c))
	}
	return b.String()
}

func partIndex(p sessionPart) int    { return p.index }
func partValue(p sessionPart) string { return p.value }

// sessionPart is one cookie of a whole session cookie: the cookie itself or
// one chunk.
type sessionPart struct {
	name, value string
	index       int // chunk index, -1 for the cookie itself
}

// sessionGroup is the cookies of one whole session cookie that a request
// sent or a response set, in the order seen.
type sessionGroup struct {
	whole string
	lib   auth.Library
	parts []sessionPart
}

// addSessionPart appends a part to the group of its whole name.
func addSessionPart(groups []sessionGroup, info auth.CookieInfo, name, value string) []sessionGroup {
	whole := wholeSessionName(info, name)
	i := slices.IndexFunc(groups, func(g sessionGroup) bool { return g.whole == whole })
	if i < 0 {
		groups = append(groups, sessionGroup{whole: whole, lib: info.Library})
		i = len(groups) - 1
	}
	groups[i].parts = append(groups[i].parts, sessionPart{name: name, value: value, index: info.Chunk})
	return groups
}

// requestSessionGroups returns the session cookies the request sent, grouped
// by whole name, ordered by name.
func requestSessionGroups(x *Exchange) []sessionGroup {
	var gs []sessionGroup
	for _, c := range x.Cookies {
		if c.Session() {
			gs = addSessionPart(gs, c.Info, c.Name, c.Value)
		}
	}
	slices.SortFunc(gs, func(a, b sessionGroup) int { return strings.Compare(a.whole, b.whole) })
	return gs
}

// responseSessionGroups returns the session cookies the response stored (no
// deletions, no lines a browser refuses to parse), grouped by whole name,
// ordered by name.
func responseSessionGroups(x *Exchange) []sessionGroup {
	var gs []sessionGroup
	end := x.End()
	for _, c := range x.SetCookies {
		if c.Session() && c.Err == nil && !c.IsDeletion(end) {
			gs = addSessionPart(gs, c.Info, c.Name, c.Value)
		}
	}
	slices.SortFunc(gs, func(a, b sessionGroup) int { return strings.Compare(a.whole, b.whole) })
	return gs
}

// unchunked returns the part that is the whole cookie itself, if any.
func (g sessionGroup) unchunked() (sessionPart, bool) {
	i := slices.IndexFunc(g.parts, func(p sessionPart) bool { return p.index < 0 })
	if i < 0 {
		return sessionPart{}, false
	}
	return g.parts[i], true
}

// chunks returns the chunks, ordered by index (stable for duplicates).
func (g sessionGroup) chunks() []sessionPart {
	var cs []sessionPart
	for _, p := range g.parts {
		if p.index >= 0 {
			cs = append(cs, p)
		}
	}
	sortChunks(cs, partIndex)
	return cs
}

// duplicate returns a cookie name that occurs twice in the group.
func (g sessionGroup) duplicate() (string, bool) {
	for i, p := range g.parts {
		for _, q := range g.parts[i+1:] {
			if p.name == q.name {
				return p.name, true
			}
		}
	}
	return "", false
}

// chunksContiguous reports whether chunks run 0, 1, ... without gaps or repeats.
func chunksContiguous(chunks []sessionPart) bool { return chunksFrom(chunks, partIndex, 0) }

// effective returns the session value the group stands for, the way the
// libraries read it when it is unambiguous: the unchunked cookie when there
// is one (nextjs-auth0 v3 and v4, Supabase), else the chunks joined in index
// order when they run from 0 without gaps. id identifies the value the way a
// jar replay of IDs does (see sessionView): the ID of the unchunked value,
// or the chunk IDs joined. ok is false when the group is ambiguous
// (repeated names, gaps).
func (g sessionGroup) effective() (value, id string, ok bool) {
	if _, dup := g.duplicate(); dup {
		return "", "", false
	}
	if u, ok := g.unchunked(); ok {
		return u.value, jar.ID(u.value), u.value != ""
	}
	cs := g.chunks()
	if len(cs) == 0 || !chunksContiguous(cs) {
		return "", "", false
	}
	v := joinChunks(cs, partValue)
	return v, joinChunks(cs, func(p sessionPart) string { return jar.ID(p.value) }), v != ""
}

// chunkNamer maps the cookie names met in a replay to their whole session
// cookie and chunk index, with a cache: a HAR has few distinct names.
type chunkNamer struct {
	cat   *auth.Catalog
	cache map[string]chunkName
}

type chunkName struct {
	whole string
	index int // -1 for an unchunked cookie
}

func newChunkNamer(cat *auth.Catalog) *chunkNamer {
	if cat == nil {
		cat = auth.Default()
	}
	return &chunkNamer{cat: cat, cache: map[string]chunkName{}}
}

func (n *chunkNamer) split(name string) chunkName {
	if c, ok := n.cache[name]; ok {
		return c
	}
	c := chunkName{whole: name, index: -1}
	if whole, idx, ok := n.cat.ParseChunk(name); ok {
		c = chunkName{whole: whole, index: idx}
	}
	n.cache[name] = c
	return c
}

// sessionView is a whole session cookie as a jar holds it for one URL.
type sessionView struct {
	id      string    // as sessionGroup.effective
	source  int       // the response that wrote every part
	updated time.Time // when the last part was written
	ok      bool      // one unambiguous value from a single response
}

// view returns the whole session cookie named whole among cs (a jar's
// cookies for one URL), read as sessionGroup.effective reads it. It is not
// ok when the value is ambiguous or its parts came from different
// responses.
func (n *chunkNamer) view(cs []jar.Cookie, whole string) sessionView {
	var unchunked *jar.Cookie
	var chunks []*jar.Cookie
	seen := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		cn := n.split(c.Name)
		if cn.whole != whole {
			continue
		}
		if seen[c.Name] {
			return sessionView{} // two cookies of one name (paths, domains)
		}
		seen[c.Name] = true
		if cn.index < 0 {
			unchunked = c
		} else {
			chunks = append(chunks, c)
		}
	}
	if unchunked != nil {
		chunks = []*jar.Cookie{unchunked}
	} else {
		index := func(c *jar.Cookie) int { return n.split(c.Name).index }
		sortChunks(chunks, index)
		if !chunksFrom(chunks, index, 0) {
			return sessionView{}
		}
	}
	if len(chunks) == 0 {
		return sessionView{}
	}
	v := sessionView{source: chunks[0].Source, ok: true}
	for _, c := range chunks {
		if c.Source != v.source || c.Value == "" {
			return sessionView{}
		}
		if c.Updated.After(v.updated) {
			v.updated = c.Updated
		}
	}
	v.id = joinChunks(chunks, func(c *jar.Cookie) string { return c.Value }) // the values are IDs
	return v
}
