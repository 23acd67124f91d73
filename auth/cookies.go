package auth

import (
	"strconv"
	"strings"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/internal/ascii"
)

// CookieInfo is the classification of a cookie name.
type CookieInfo struct {
	// Name is the cookie name as given.
	Name string
	// Base is the name without its "__Secure-"/"__Host-" prefix and
	// without its chunk suffix: "next-auth.session-token" for
	// "__Secure-next-auth.session-token.1".
	Base string
	// Prefix is "__Secure-", "__Host-" or "" (canonical case, whatever
	// case the name used).
	Prefix string
	// Chunk is the chunk index as written in the name (".0" is 0, ASP.NET
	// "C1" is 1), or -1 when the cookie is not a chunk.
	Chunk int
	Kind  CookieKind
	// Library is the library the name belongs to; LibraryUnknown when the
	// name is shared (see [Catalog.ClassifyCookie]).
	Library Library
}

// chunkStyle is how a library names the chunks of a large cookie.
type chunkStyle uint8

const (
	chunkNone   chunkStyle = iota
	chunkDot               // "<name>.0", "<name>.1": next-auth, Auth.js, nextjs-auth0 v3, Supabase, Better Auth
	chunkDunder            // "<name>__0": nextjs-auth0 v4
	chunkUnder             // "<name>_0": oauth2-proxy
	chunkC                 // "<name>C1": ASP.NET Core ChunkingCookieManager (1-based)
)

var chunkSeps = [...]string{chunkDot: ".", chunkDunder: "__", chunkUnder: "_", chunkC: "C"}

// parseChunkStyle parses the Chunked field of a CookieRule.
func parseChunkStyle(s string) (chunkStyle, bool) {
	switch s {
	case "":
		return chunkNone, true
	case ".N":
		return chunkDot, true
	case "__N":
		return chunkDunder, true
	case "_N":
		return chunkUnder, true
	case "CN":
		return chunkC, true
	}
	return chunkNone, false
}

// cut splits name into a base and a chunk index when name ends with the
// style's separator and a decimal index without leading zeros (at most 6
// digits).
func (s chunkStyle) cut(name string) (base string, index int, ok bool) {
	if s == chunkNone {
		return "", 0, false
	}
	j := len(name)
	for j > 0 && name[j-1] >= '0' && name[j-1] <= '9' {
		j--
	}
	digits := name[j:]
	if digits == "" || len(digits) > 6 || (len(digits) > 1 && digits[0] == '0') {
		return "", 0, false
	}
	base, ok = strings.CutSuffix(name[:j], chunkSeps[s])
	if !ok || base == "" {
		return "", 0, false
	}
	index, _ = strconv.Atoi(digits)
	return base, index, true
}

// cookieRule is one rule of a cookie table.
type cookieRule struct {
	name      string            // exact name, or glob when glob is set
	glob      bool              // name is a glob ('*' matches any run)
	match     func(string) bool // custom matcher (built-in patterns)
	kind      CookieKind
	lib       Library
	chunk     chunkStyle
	ambiguous bool // the library is decided by the value (ClassifyCookie)
	// laravelByValue labels the cookie Laravel when its value is a Laravel
	// Encrypter payload (ClassifyCookie).
	laravelByValue bool
}

func (r *cookieRule) matches(name string) bool {
	switch {
	case r.match != nil:
		return r.match(name)
	case r.glob:
		return globMatch(r.name, name, false)
	}
	return r.name == name
}

// cookieTable holds the compiled cookie rules of a catalog.
type cookieTable struct {
	user     []cookieRule   // from configuration, tried first, in order
	exact    []cookieRule   // built-in exact names (case-sensitive)
	index    map[string]int // exact name -> index in exact
	fold     []cookieRule   // built-in generic names, compared ignoring case
	patterns []cookieRule   // built-in patterns, in order
}

// lookup finds the rule for a whole cookie name: written is the name's
// prefix as written ("" when none) and base the rest. It does not allocate
// unless a user rule has to see the full name.
func (t *cookieTable) lookup(written, base string) (*cookieRule, bool) {
	if len(t.user) > 0 {
		full := base
		if written != "" {
			full = written + base
		}
		for i := range t.user {
			r := &t.user[i]
			if r.matches(full) || (written != "" && r.matches(base)) {
				return r, true
			}
		}
	}
	if i, ok := t.index[base]; ok {
		return &t.exact[i], true
	}
	for i := range t.fold {
		if r := &t.fold[i]; ascii.EqualFold(r.name, base) {
			return r, true
		}
	}
	for i := range t.patterns {
		if r := &t.patterns[i]; r.matches(base) {
			return r, true
		}
	}
	return nil, false
}

// splitPrefix returns the canonical prefix of name, the prefix as written,
// and the rest of the name.
func splitPrefix(name string) (canonical, written, rest string) {
	for _, p := range [...]string{cookie.SecurePrefix, cookie.HostPrefix} {
		if cookie.HasPrefixFold(name, p) {
			return p, name[:len(p)], name[len(p):]
		}
	}
	return "", "", name
}

var chunkStyles = [...]chunkStyle{chunkDot, chunkDunder, chunkUnder, chunkC}

// classify is Cookie without the value; it also returns the matched rule.
func (c *Catalog) classify(name string) (CookieInfo, *cookieRule, bool) {
	prefix, written, base := splitPrefix(name)
	info := CookieInfo{Name: name, Base: base, Prefix: prefix, Chunk: -1}
	if r, ok := c.cookies.lookup(written, base); ok {
		if r.kind == CookieUnknown {
			return info, r, false // excluded by configuration
		}
		// A glob rule can match a chunk name directly ("sid*" and
		// "sid.0"): report the chunk when the base matches the rule too.
		if r.glob && r.chunk != chunkNone {
			if b, idx, ok := r.chunk.cut(base); ok && (r.matches(b) || (written != "" && r.matches(written+b))) {
				info.Base, info.Chunk = b, idx
			}
		}
		info.Kind, info.Library = r.kind, r.lib
		return info, r, true
	}
	for _, s := range chunkStyles {
		b, idx, ok := s.cut(base)
		if !ok {
			continue
		}
		r, ok := c.cookies.lookup(written, b)
		if !ok || r.chunk != s || r.kind == CookieUnknown {
			continue
		}
		info.Base, info.Chunk, info.Kind, info.Library = b, idx, r.kind, r.lib
		if r.ambiguous {
			// Only nextjs-auth0 v4 chunks "__session"; Clerk never does.
			info.Library = LibraryNextjsAuth0V4
		}
		return info, r, true
	}
	return info, nil, false
}

// Cookie classifies a cookie by its name alone. The name may carry a
// "__Secure-"/"__Host-" prefix (any case) and a chunk suffix; a chunk suffix
// is recognised only when the base is a known cookie that the library
// chunks that way, so "_ga_ABC.1" or "sessionid2" are not chunks. User rules
// are tried before built-in ones. It returns false for unknown names and for
// names a user rule declares not to be auth cookies.
func (c *Catalog) Cookie(name string) (CookieInfo, bool) {
	info, _, ok := c.classify(name)
	return info, ok
}

// ClassifyCookie is Cookie, also using the value when the name alone cannot
// decide:
//
//   - "__session" is Clerk's session JWT and nextjs-auth0 v4's session JWE
//     (and the only cookie Firebase Hosting forwards): a compact JWE with an
//     empty second part ("alg":"dir") is nextjs-auth0 v4, a three-part JWS
//     is Clerk; otherwise Library stays LibraryUnknown.
//   - "<slug>_session" is Laravel's default name formula but also other
//     frameworks' (CodeIgniter "ci_session"): it is labelled Laravel only
//     when the value is a Laravel Encrypter payload, else LibraryGeneric.
//
// A name no rule knows is a session cookie when its value shows it, unless
// the name says it holds something else ("csrf", "xsrf", "state", "nonce",
// "pkce", "verifier" or "consent" in it, any case):
//
//   - a JWS whose payload, or a JWE whose protected header, carries "exp",
//     "iat" or "sub" ([token.SessionShape]): a JWT session cookie is often
//     called "token", "jwt", "auth-token" or "access_token"; a JWT-looking
//     value without those claims (a tracker's id) is not a session;
//   - an iron seal ("Fe26.2*...", iron-webcrypto's mark, optionally with
//     iron-session's "~<version>": iron-session's cookie name is chosen by
//     the app);
//   - an express-session signed id ("s:<id>.<signature>", URL-encoded as
//     "s%3A...", where the id is a URL-safe token of 16 characters or more).
//
// Library is LibraryIronSession or LibraryExpressSession for those formats
// and LibraryUnknown for a JWT (no library's name to go by). Values are decoded at most once per catalog
// while they stay in a bounded memo, so classifying the same cookie on every
// entry of a large HAR stays cheap.
func (c *Catalog) ClassifyCookie(name, value string) (CookieInfo, bool) {
	info, r, ok := c.classify(name)
	if ok {
		switch {
		case r.ambiguous && info.Chunk < 0:
			info.Library = libraryFromSessionValue(value)
		case r.laravelByValue && c.values != nil && c.values.kind(value) == valueLaravelEnc:
			info.Library = LibraryLaravel
		}
		return info, true
	}
	if r != nil || value == "" || c.values == nil { // excluded by configuration
		return info, false
	}
	var lib Library
	switch c.values.kind(value) {
	case valueJOSE:
		lib = LibraryUnknown // any library, or the app's own code
	case valueIron:
		// iron-webcrypto macPrefix "Fe26.2"; fields separated by '*'.
		lib = LibraryIronSession
	case valueExpress:
		lib = LibraryExpressSession
	default:
		return info, false
	}
	if namedOtherwise(info.Base) {
		return info, false
	}
	info.Kind, info.Library = CookieSession, lib
	return info, true
}

// ParseChunk splits the name of a cookie chunk into the name of the whole
// cookie (prefix included, as written) and the chunk index as written. It
// reports false unless the whole cookie is a known (or configured) cookie
// that is chunked with that separator.
func (c *Catalog) ParseChunk(name string) (base string, index int, ok bool) {
	info, _, ok := c.classify(name)
	if !ok || info.Chunk < 0 {
		return "", 0, false
	}
	_, written, _ := splitPrefix(name)
	return written + info.Base, info.Chunk, true
}

// ParseChunk is [Catalog.ParseChunk] on the [Default] catalog.
func ParseChunk(name string) (base string, index int, ok bool) {
	return Default().ParseChunk(name)
}

// ClassifyCookie is [Catalog.ClassifyCookie] on the [Default] catalog.
func ClassifyCookie(name, value string) (CookieInfo, bool) {
	return Default().ClassifyCookie(name, value)
}

// libraryFromSessionValue tells Clerk from nextjs-auth0 v4 by the shape of a
// "__session" value.
func libraryFromSessionValue(v string) Library {
	parts := strings.Split(v, ".")
	switch {
	case len(parts) == 5 && parts[1] == "" && parts[0] != "" && parts[2] != "" && parts[3] != "" && parts[4] != "":
		return LibraryNextjsAuth0V4 // JWE, alg "dir": header..iv.ciphertext.tag
	case len(parts) == 3 && strings.HasPrefix(parts[0], "eyJ") && parts[1] != "" && parts[2] != "":
		return LibraryClerk // JWS: header.payload.signature
	}
	return LibraryUnknown
}

// isExpressSignedValue matches cookie-signature's output as express-session
// writes it: "s:" + id + "." + base64 HMAC-SHA256 without padding (43
// characters), URL-encoded by cookie.serialize ("s%3A"); expressjs/session
// index.js setcookie: `'s:' + signature.sign(val, secret)`. The id must be a
// URL-safe token of at least 16 characters (the default genid is uid-safe's
// 24 random bytes, 32 characters), so that cookie-parser's other signed
// cookies ("s:j:{...}" JSON, short flags) do not pass for a session.
func isExpressSignedValue(v string) bool {
	rest, ok := strings.CutPrefix(v, "s%3A")
	if !ok {
		if rest, ok = strings.CutPrefix(v, "s:"); !ok {
			return false
		}
	}
	// The signature may itself be URL-encoded ('+' and '/' as %2B, %2F).
	if strings.Contains(rest, "%") {
		d, err := decodePercent(rest)
		if err != nil {
			return false
		}
		rest = d
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 16 {
		return false
	}
	for j := 0; j < i; j++ {
		if !isBase64URLChar(rest[j]) {
			return false
		}
	}
	sig := rest[i+1:]
	if len(sig) != 43 {
		return false
	}
	for i := 0; i < len(sig); i++ {
		if !isBase64Char(sig[i]) {
			return false
		}
	}
	return true
}

func decodePercent(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", err
			}
			b.WriteByte(byte(v))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}

func isBase64Char(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/'
}

func isBase64URLChar(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}
