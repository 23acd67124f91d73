package rules

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/jar"
	"github.com/authlint/authlint/token"
)

var sessBase = time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)

// sessAt returns the time ms milliseconds after sessBase, for the start of a
// test entry.
func sessAt(ms float64) time.Time {
	return sessBase.Add(time.Duration(ms * float64(time.Millisecond)))
}

// sessJWS returns a readable (unsigned) JWS carrying claims, as a Clerk or
// Supabase session would be: enough for claims to be compared.
func sessJWS(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(b) + ".c2lnbmF0dXJl"
}

// sessToken returns a session token for user sub with the given extra
// claims; n varies iat, exp and jti, as a refresh does.
func sessToken(n int, extra map[string]any) string {
	c := map[string]any{"sub": "user-1", "name": "Test User", "iat": 1795600000 + n, "exp": 4070908800 + n, "jti": fmt.Sprintf("jti-%d", n)}
	for k, v := range extra {
		c[k] = v
	}
	return sessJWS(c)
}

const sessAttrs = "; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=86400"

func raceRules() Options { return Options{Rules: []*Rule{SessionCookieRace}} }

func TestSessionCookieRaceScenarios(t *testing.T) {
	const name = "authjs.session-token"
	v0 := sessToken(0, nil)
	upd := sessToken(1, map[string]any{"role": "admin"})
	ref1, ref2 := sessToken(2, nil), sessToken(3, nil)
	cookie := func(v string) string { return name + "=" + v }
	set := func(v string) []string { return []string{name + "=" + v + sessAttrs} }
	const site = "https://app.example.com"
	tests := []struct {
		name    string
		entries []testEntry
		want    string // substring of the one finding's message, "" for none
		sev     Severity
	}{
		{
			name: "update overwritten by an overlapping refresh (claims)",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/auth/session", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref1)},
			},
			want: `lost claims "role"`, sev: High,
		},
		{
			name: "claims decide even off the update route",
			entries: []testEntry{
				{method: "POST", url: site + "/api/profile", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/items", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref1)},
			},
			want: `lost claims "role"`, sev: High,
		},
		{
			name: "overlapping refreshes of the same data",
			entries: []testEntry{
				{url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(ref1)},
				{url: site + "/api/items", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref2)},
			},
		},
		{
			name: "update lands last: the refresh it overwrote changed nothing",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/auth/session", start: sessAt(30), timeMS: 70, cookie: cookie(v0), setCookies: set(ref1)},
			},
		},
		{
			name: "stale request carried the newest value",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/items", start: sessAt(160), timeMS: 100, cookie: cookie(upd), setCookies: set(sessToken(4, map[string]any{"role": "admin"}))},
			},
		},
		{
			name: "stale request started within the slack of the write",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/items", start: sessAt(149), timeMS: 100, cookie: cookie(v0), setCookies: set(ref1)},
			},
		},
		{
			name: "stale request started just beyond the slack",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/items", start: sessAt(147), timeMS: 100, cookie: cookie(v0), setCookies: set(ref1)},
			},
			want: `lost claims "role"`, sev: High,
		},
		{
			name: "stale response ended within the slack after the write",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: site + "/api/items", start: sessAt(30), timeMS: 121, cookie: cookie(v0), setCookies: set(ref1)},
			},
		},
		{
			name: "login overlapping: the late response carried no session",
			entries: []testEntry{
				{url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{method: "POST", url: site + "/api/auth/callback/credentials", start: sessAt(30), timeMS: 200, setCookies: set(ref1)},
			},
		},
		{
			name: "late response deleted the cookie (sign-out)",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{method: "POST", url: site + "/api/auth/signout", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: []string{name + "=; Path=/; Max-Age=0"}},
			},
		},
		{
			name: "cookies on different paths do not overwrite one another",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: []string{name + "=" + upd + "; Path=/api/auth; HttpOnly; Secure"}},
				{url: site + "/items", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: []string{name + "=" + ref1 + "; Path=/; HttpOnly; Secure"}},
			},
		},
		{
			name: "stale write on another host",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: "https://admin.example.com/api/items", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref1)},
			},
		},
		{
			name: "stale write the browser rejects (insecure origin)",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
				{url: "http://app.example.com/api/items", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref1)},
			},
		},
		{
			name: "update route without readable claims",
			entries: []testEntry{
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie("opaque-0"), setCookies: set("opaque-1")},
				{url: site + "/api/items", start: sessAt(30), timeMS: 200, cookie: cookie("opaque-0"), setCookies: set("opaque-2")},
			},
			want: "this was a session update", sev: Medium,
		},
		{
			name: "unreadable values off the update route",
			entries: []testEntry{
				{method: "POST", url: site + "/api/profile", start: sessAt(0), timeMS: 150, cookie: cookie("opaque-0"), setCookies: set("opaque-1")},
				{url: site + "/api/items", start: sessAt(30), timeMS: 200, cookie: cookie("opaque-0"), setCookies: set("opaque-2")},
			},
		},
		{
			name: "entries in file order differ from time order",
			entries: []testEntry{
				{url: site + "/api/auth/session", start: sessAt(30), timeMS: 200, cookie: cookie(v0), setCookies: set(ref1)},
				{method: "POST", url: site + "/api/auth/session", start: sessAt(0), timeMS: 150, cookie: cookie(v0), setCookies: set(upd)},
			},
			want: `lost claims "role"`, sev: High,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testAnalyze(t, raceRules(), fetchCalls(tt.entries...)...).Findings
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want no finding, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want 1 finding, got %d", len(fs))
			}
			f := fs[0]
			if !strings.Contains(f.Message, tt.want) || f.Severity != tt.sev {
				t.Fatalf("got %s %q, want %s containing %q", f.Severity, f.Message, tt.sev, tt.want)
			}
			if len(f.Entries) != 2 || f.Entries[0].Role != "wrote the newer value" || f.Entries[1].Role != "overwrote it with a stale value" {
				t.Fatalf("entries: %+v", f.Entries)
			}
			if f.Entries[1].EndMS <= f.Entries[0].EndMS || f.Entries[1].OffsetMS >= f.Entries[0].EndMS {
				t.Fatalf("stale entry must start before and end after the newer write: %+v", f.Entries)
			}
			for _, ev := range f.Evidence {
				for _, v := range []string{v0, upd, ref1, "opaque-"} {
					if strings.Contains(ev.Value, v) {
						t.Fatalf("evidence leaks a session value: %q", ev.Value)
					}
				}
			}
		})
	}
}

func TestSessionCookieRaceShowClaims(t *testing.T) {
	const name = "authjs.session-token"
	upd := sessToken(1, map[string]any{"role": "admin"})
	entries := []testEntry{
		{method: "POST", url: "https://app.example.com/api/auth/session", start: sessAt(0), timeMS: 150, cookie: name + "=" + sessToken(0, map[string]any{"role": "user"}), setCookies: []string{name + "=" + upd + sessAttrs}},
		{url: "https://app.example.com/api/items", start: sessAt(30), timeMS: 200, cookie: name + "=" + sessToken(0, map[string]any{"role": "user"}), setCookies: []string{name + "=" + sessToken(2, map[string]any{"role": "user"}) + sessAttrs}},
	}
	hidden := testAnalyze(t, raceRules(), fetchCalls(entries...)...).Findings
	if len(hidden) != 1 || strings.Contains(hidden[0].Message, "admin") {
		t.Fatalf("claim values must stay hidden without ShowClaims: %+v", hidden)
	}
	opts := raceRules()
	opts.ShowClaims = true
	shown := testAnalyze(t, opts, fetchCalls(entries...)...).Findings
	if len(shown) != 1 || !strings.Contains(shown[0].Message, `role: "admin" -> "user"`) {
		t.Fatalf("ShowClaims must name the values: %+v", shown)
	}
}

func TestSessionCookieRaceChunked(t *testing.T) {
	// nextjs-auth0 v4 chunks: the update writes two chunks, the stale
	// response re-writes the unchunked cookie and sweeps the chunks.
	big := sessToken(1, map[string]any{"groups": strings.Repeat("g", 3000)})
	half := len(big) / 2
	old := sessToken(0, nil)
	const del = "=; Path=/; Max-Age=0"
	fs := testAnalyze(t, raceRules(), fetchCalls(
		testEntry{method: "POST", url: "https://app.example.com/api/groups", start: sessAt(0), timeMS: 150, cookie: "__session=" + old,
			setCookies: []string{"__session__0=" + big[:half] + sessAttrs, "__session__1=" + big[half:] + sessAttrs, "__session" + del + "; Secure"}},
		testEntry{url: "https://app.example.com/api/items", start: sessAt(30), timeMS: 200, cookie: "__session=" + old,
			setCookies: []string{"__session=" + sessToken(2, nil) + sessAttrs, "__session__0" + del + "; Secure", "__session__1" + del + "; Secure"}},
	)...).Findings
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `lost claims "groups"`) || fs[0].Key != "__session" {
		t.Fatalf("got %+v", fs)
	}
}

func TestSessionGroupEffective(t *testing.T) {
	info := func(chunk int) auth.CookieInfo {
		return auth.CookieInfo{Base: "authjs.session-token", Chunk: chunk, Kind: auth.CookieSession}
	}
	type part struct {
		name  string
		chunk int
		value string
	}
	tests := []struct {
		name   string
		parts  []part
		value  string
		chunks int // len(id)/8
		ok     bool
	}{
		{"unchunked", []part{{"authjs.session-token", -1, "abc"}}, "abc", 1, true},
		{"chunks in order", []part{{"authjs.session-token.1", 1, "def"}, {"authjs.session-token.0", 0, "abc"}}, "abcdef", 2, true},
		{"unchunked wins over chunks", []part{{"authjs.session-token.0", 0, "x"}, {"authjs.session-token", -1, "abc"}}, "abc", 1, true},
		{"gap", []part{{"authjs.session-token.0", 0, "abc"}, {"authjs.session-token.2", 2, "ghi"}}, "", 0, false},
		{"no chunk 0", []part{{"authjs.session-token.1", 1, "abc"}}, "", 0, false},
		{"repeated name", []part{{"authjs.session-token.0", 0, "abc"}, {"authjs.session-token.0", 0, "xyz"}}, "", 0, false},
		{"empty value", []part{{"authjs.session-token", -1, ""}}, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gs []sessionGroup
			for _, p := range tt.parts {
				gs = addSessionPart(gs, info(p.chunk), p.name, p.value)
			}
			if len(gs) != 1 || gs[0].whole != "authjs.session-token" {
				t.Fatalf("groups: %+v", gs)
			}
			v, id, ok := gs[0].effective()
			if ok != tt.ok || v != tt.value || (ok && len(id) != 8*tt.chunks) {
				t.Fatalf("effective() = %q, %d-byte id, %v; want %q, %d chunks, %v", v, len(id), ok, tt.value, tt.chunks, tt.ok)
			}
		})
	}
}

func TestWholeSessionName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"__Secure-authjs.session-token.1", "__Secure-authjs.session-token"},
		{"__SECURE-authjs.session-token.0", "__SECURE-authjs.session-token"},
		{"authjs.session-token", "authjs.session-token"},
		{"__session__2", "__session"},
		{"appSession.0", "appSession"},
		{"sb-abcdefghijklmnop-auth-token.1", "sb-abcdefghijklmnop-auth-token"},
	}
	for _, tt := range tests {
		info, ok := auth.Default().Cookie(tt.name)
		if !ok {
			t.Fatalf("%s: not a known cookie", tt.name)
		}
		if got := wholeSessionName(info, tt.name); got != tt.want {
			t.Errorf("wholeSessionName(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if whole := newChunkNamer(nil).split(tt.name).whole; !strings.EqualFold(whole, tt.want) {
			t.Errorf("chunkNamer.split(%q) = %q, want %q", tt.name, whole, tt.want)
		}
	}
}

func TestChunkNamerView(t *testing.T) {
	c := func(name, value string, src int, at time.Duration) jar.Cookie {
		return jar.Cookie{Name: name, Value: value, Source: src, Updated: sessBase.Add(at)}
	}
	id := func(s string) string { return jar.ID(s) }
	tests := []struct {
		name   string
		cs     []jar.Cookie
		ok     bool
		id     string
		source int
	}{
		{"unchunked", []jar.Cookie{c("__session", id("a"), 3, 0)}, true, id("a"), 3},
		{"chunks of one write", []jar.Cookie{c("__session__1", id("b"), 4, time.Second), c("__session__0", id("a"), 4, 0)}, true, id("a") + id("b"), 4},
		{"chunks of two writes", []jar.Cookie{c("__session__0", id("a"), 4, 0), c("__session__1", id("b"), 5, 0)}, false, "", 0},
		{"gap", []jar.Cookie{c("__session__0", id("a"), 4, 0), c("__session__2", id("b"), 4, 0)}, false, "", 0},
		{"unchunked wins", []jar.Cookie{c("__session__0", id("x"), 2, 0), c("__session", id("a"), 3, 0)}, true, id("a"), 3},
		{"two cookies of one name", []jar.Cookie{c("__session", id("a"), 3, 0), c("__session", id("b"), 4, 0)}, false, "", 0},
		{"other cookies ignored", []jar.Cookie{c("appSession", id("z"), 1, 0), c("__session", id("a"), 3, 0)}, true, id("a"), 3},
		{"none", []jar.Cookie{c("appSession", id("z"), 1, 0)}, false, "", 0},
	}
	n := newChunkNamer(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := n.view(tt.cs, "__session")
			if v.ok != tt.ok || v.id != tt.id || v.source != tt.source {
				t.Fatalf("view = %+v, want ok %v source %d", v, tt.ok, tt.source)
			}
		})
	}
	if v := n.view([]jar.Cookie{c("__session__0", id("a"), 4, 0), c("__session__1", id("b"), 4, time.Second)}, "__session"); !v.updated.Equal(sessBase.Add(time.Second)) {
		t.Fatalf("updated = %v, want the last part's time", v.updated)
	}
}

func TestLostClaims(t *testing.T) {
	cs := func(m map[string]any) *claimSet { return newClaimSet(m, true) }
	base := map[string]any{"sub": "u1", "name": "A", "iat": 1, "exp": 2, "jti": "j1", "user": map[string]any{"email": "a@example.com", "groups": []any{"g1"}}}
	with := func(changes map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name                   string
		newer, staleSent, wins map[string]any
		want                   []string
	}{
		{"refresh changes only times", with(map[string]any{"iat": 5, "exp": 6, "jti": "j2", "uat": 7}), base, with(map[string]any{"iat": 8, "jti": "j3"}), nil},
		{"update lost", with(map[string]any{"name": "B", "jti": "j2"}), base, with(map[string]any{"jti": "j3"}), []string{"name"}},
		{"nested update lost", with(map[string]any{"user": map[string]any{"email": "a@example.com", "groups": []any{"g1", "g2"}}}), base, base, []string{"user.groups"}},
		{"added claim lost", with(map[string]any{"role": "admin"}), base, base, []string{"role"}},
		{"removed claim lost", with(map[string]any{"name": nil}), base, base, []string{"name"}},
		{"newer value made from an older base, winner has the change", with(map[string]any{"name": "B"}), base, with(map[string]any{"name": "B", "jti": "x"}), nil},
		{"refresh overwritten by the update it overlapped", base, base, with(map[string]any{"name": "B"}), nil},
		{"two concurrent token refreshes", with(map[string]any{"access_token": "t1", "refresh_token": "r1"}), with(map[string]any{"access_token": "t0", "refresh_token": "r0"}), with(map[string]any{"access_token": "t2", "refresh_token": "r2"}), nil},
		{"two updates of different claims: one is lost", with(map[string]any{"name": "B"}), base, with(map[string]any{"role": "admin"}), []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, vals := lostClaims(cs(tt.newer), cs(tt.staleSent), cs(tt.wins), true)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("lost = %q, want %q", got, tt.want)
			}
			if len(vals) != len(got) {
				t.Fatalf("values %q for %q", vals, got)
			}
		})
	}
	if a, b := newClaimSet(with(map[string]any{"exp": 99, "nbf": 1, "expires_at": 3}), false), newClaimSet(base, false); a.sum != b.sum || a.values != nil {
		t.Fatal("refresh claims must not change the sum, and values must not be kept without ShowClaims")
	}
}

func TestRaceFixNamesTheLibrary(t *testing.T) {
	tests := []struct {
		lib  auth.Library
		want string
	}{
		{auth.LibraryAuthJSV5, "POST /api/auth/session"},
		{auth.LibraryNextAuthV4, "update()"},
		{auth.LibraryNextjsAuth0V4, "matcher"},
		{auth.LibraryNextjsAuth0V3, "autoSave: false"},
		{auth.LibraryUnknown, "version"},
	}
	for _, tt := range tests {
		f := raceFix(tt.lib)
		if !strings.Contains(f.Message, tt.want) || (tt.lib != auth.LibraryUnknown && (f.Library == "" || f.Reference == "")) {
			t.Errorf("raceFix(%v) = %+v, want it to mention %q with a library and reference", tt.lib, f, tt.want)
		}
	}
}

func TestGapDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{79800 * time.Microsecond, "80 ms"},
		{0, "0 ms"},
		{1250 * time.Millisecond, "1.25 s"},
	}
	for _, tt := range tests {
		if got := gapDuration(tt.d); got != tt.want {
			t.Errorf("gapDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSessionCookieRaceRealTokens(t *testing.T) {
	// The nextjs-auth0 v4 tokens of testdata/tokens/tokens.json: the valid
	// one and the chunked one (with groups), decrypted with their secret.
	var file struct {
		Tokens []struct {
			ID      string   `json:"id"`
			Secrets []string `json:"secrets"`
			Token   string   `json:"token"`
			Chunks  []struct {
				Name, Value string
			} `json:"chunks"`
		} `json:"tokens"`
	}
	b, err := os.ReadFile("../testdata/tokens/tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	var valid, chunked string
	var chunks []string
	var secret string
	for _, tk := range file.Tokens {
		switch tk.ID {
		case "nextjs-auth0-v4-valid":
			valid, secret = tk.Token, tk.Secrets[0]
		case "nextjs-auth0-v4-chunked":
			chunked = tk.Token
			for _, c := range tk.Chunks {
				chunks = append(chunks, c.Name+"="+c.Value+sessAttrs)
			}
		}
	}
	if valid == "" || len(chunks) != 2 || chunked == "" {
		t.Fatal("tokens.json lacks the nextjs-auth0 v4 tokens")
	}
	entries := []testEntry{
		{method: "POST", url: "https://app.example.com/api/groups", start: sessAt(0), timeMS: 150, cookie: "__session=" + valid, setCookies: append(chunks, "__session=; Path=/; Max-Age=0; Secure")},
		{url: "https://app.example.com/api/items", start: sessAt(30), timeMS: 200, cookie: "__session=" + valid, setCookies: []string{"__session=" + valid + sessAttrs}},
	}
	if fs := testAnalyze(t, raceRules(), fetchCalls(entries...)...).Findings; len(fs) != 0 {
		t.Fatalf("without the secret the values are unreadable and no update route is involved: %+v", fs)
	}
	opts := raceRules()
	opts.Keyring = token.NewKeyring(secret)
	fs := testAnalyze(t, opts, fetchCalls(entries...)...).Findings
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `lost claims "user.groups"`) || fs[0].Fix.Library != "nextjs-auth0 v4" {
		t.Fatalf("got %+v", fs)
	}
}

func TestQuotedNamesAndClip(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"a"}, `"a"`},
		{[]string{"a", "b", "c"}, `"a", "b", "c"`},
		{[]string{"a", "b", "c", "d"}, `"a", "b", "c" and 1 more`},
	}
	for _, tt := range tests {
		if got := quotedNames(tt.in, 3); got != tt.want {
			t.Errorf("quotedNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := clipClaim(strings.Repeat("x", 70)); len(got) != 63 || !strings.HasSuffix(got, "...") {
		t.Errorf("clipClaim = %q", got)
	}
}
