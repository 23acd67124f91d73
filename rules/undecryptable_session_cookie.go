package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/token"
)

// UndecryptableSessionCookie finds session cookies that look like a known
// library's JWE but do not decrypt with the supplied secrets.
var UndecryptableSessionCookie = &Rule{
	ID:       "undecryptable-session-cookie",
	Category: CategorySession,
	Severity: High,
	Title:    "a session cookie does not decrypt with the app's secrets",
	Doc: `Needs the app's secrets (` + "`AUTHLINT_SECRET`" + `, ` + "`AUTH_SECRET`" + `, ` + "`NEXTAUTH_SECRET`" + `,
` + "`AUTH0_SECRET`" + ` or ` + "`--secret-file`" + `) and never fires without them.

Fires when a request sent a session cookie that looks like the JWE of a known
library (NextAuth v4, Auth.js, nextjs-auth0 v3 or v4: a compact JWE with
` + "`\"alg\": \"dir\"`" + ` and an encryption those libraries use) but does not decrypt with any
supplied secret in any of the formats plausible for the cookie, or is not a
whole JWE at all (a chunk lost on the way, parts that do not decode). The
server, given the same secrets, cannot read it either: the user is signed out,
or the middleware fails. Common causes are a secret rotated without keeping the
old one, instances or deployments running with different secrets, a cookie
tampered with, and chunks lost or mixed from two writes. The finding lists the
formats tried, and when a request shortly before or after (within five
minutes) sent a value of the same cookie that did decrypt, it says so and which
secret decrypted it: the app's secret is right, so the failing value was
written elsewhere.

When the HAR shows the app's instances disagreeing on the secret
(` + "`session-secret-mismatch`" + `: values written with different secrets in turn, or one
value accepted by some responses and refused by others), that rule reports
the cookie, and this one leaves its undecryptable values to it.

There is one finding per distinct cookie value. Values that are not JWEs
(signed JWTs, opaque ids, iron seals) and JWEs with algorithms no supported
library uses are left alone.

Severity: high when another value of the same cookie in the HAR decrypted
with the supplied secrets, or when the value is not a whole JWE; medium when
no value of the cookie decrypted, because then the supplied secrets may simply
not be the app's (the finding says it relies on them).`,
	Fix:   "Run every instance with the same secret, keep the previous secret in the decryption list when rotating (Auth.js and nextjs-auth0 v3: `secret` as an array, new secret first), and treat a session cookie that does not decrypt as no session: delete it and continue signed out.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsCookieValues,
	Start: func(*Pass) Checker {
		return &undecryptableSessionCookie{byValue: map[valueKey]*undecryptable{}, decrypted: map[string]bool{}, runs: map[runKey]successRun{}, setBy: map[valueKey]setRecord{}, mismatch: newSessionSecretMismatch()}
	},
}

// nearbyWindow is how close in time a value that decrypted must be to an
// undecryptable one to be named in its finding.
const nearbyWindow = 5 * time.Minute

// undecryptable is one distinct session-cookie value that did not decrypt,
// with the requests that sent it.
type undecryptable struct {
	name, library string
	key           string
	family        sessionFamily
	at            time.Time // start of the first request that sent it
	set           *setRecord
	why           string // completes "...is unreadable: ..."
	cause         undecryptableCause
	refs          []EntryRef
	evidence      []Evidence
	count         int
}

// decryptedAt is a request whose session cookie decrypted.
type decryptedAt struct {
	key    string
	at     time.Time
	entry  int
	secret int // keyring index
}

type undecryptableSessionCookie struct {
	byValue   map[valueKey]*undecryptable // key of name and value
	order     []valueKey
	decrypted map[string]bool // cookie keys with a value that decrypted
	successes []decryptedAt   // thinned: see recordSuccess
	runs      map[runKey]successRun
	setBy     map[valueKey]setRecord // key of name and value: the response that set it
	mismatch  *sessionSecretMismatch // the cookies session-secret-mismatch reports, left to it
}

// runKey identifies the successes of one cookie with one secret.
type runKey struct {
	key    string
	secret int
}

// successRun is the current minute of successes of one runKey: when it
// started, and the index in successes of its latest record (-1 while the
// first is the only one).
type successRun struct {
	anchor time.Time
	tail   int
}

func (c *undecryptableSessionCookie) Visit(p *Pass, x *Exchange) {
	if p.Options().Keyring.Len() == 0 {
		return
	}
	c.mismatch.Visit(p, x)
	for _, s := range x.Sessions() {
		name := s.Name
		key := cookieKey(s.Info, name)
		t := p.Token(name, s.Value)
		if t.Decrypted {
			c.decrypted[key] = true
			c.recordSuccess(decryptedAt{key: key, at: x.Started, entry: x.Index, secret: t.SecretIndex})
			continue
		}
		why, cause, ok := undecryptableReason(s, t, p.Options().Keyring.Len())
		if !ok {
			continue
		}
		k := keyOf(name, s.Value)
		e := c.byValue[k]
		if e == nil {
			if len(c.byValue) >= maxTracked {
				continue
			}
			e = &undecryptable{
				name:     name,
				library:  tokenLibrary(t, s.Info),
				key:      key,
				family:   familyOf(t, s.Info),
				at:       x.Started,
				why:      why,
				cause:    cause,
				refs:     []EntryRef{p.Ref(x, "sent the undecryptable cookie")},
				evidence: sessionEvidence(p, x, s),
			}
			if r, ok := c.setBy[k]; ok {
				e.set = &r
			}
			c.byValue[k] = e
			c.order = append(c.order, k)
		} else if len(e.refs) < MaxEntries && !refsHave(e.refs, x.Index) {
			e.refs = append(e.refs, p.Ref(x, "also sent it"))
		}
		e.count++
	}
	for _, s := range setSessions(x) {
		k := keyOf(s.Name, s.Value)
		if _, ok := c.setBy[k]; ok {
			continue
		}
		if len(c.setBy) >= maxTracked {
			clear(c.setBy) // the latest values matter most
		}
		c.setBy[k] = newSetRecord(x, s, true)
	}
}

// recordSuccess remembers a request whose cookie decrypted. To stay small
// on long HARs with a rolling cookie, it keeps at most two successes per
// cookie and secret in each minute: the first and the latest, so that the
// nearest success before and after any time stays known to within the
// minute's bounds.
func (c *undecryptableSessionCookie) recordSuccess(d decryptedAt) {
	if d.at.IsZero() {
		return
	}
	k := runKey{d.key, d.secret}
	if r, ok := c.runs[k]; ok && d.at.Sub(r.anchor) >= 0 && d.at.Sub(r.anchor) < time.Minute {
		if r.tail >= 0 {
			c.successes[r.tail] = d
			return
		}
		if len(c.successes) < 16*maxTracked {
			r.tail = len(c.successes)
			c.successes = append(c.successes, d)
			c.runs[k] = r
		}
		return
	}
	if len(c.successes) < 16*maxTracked {
		c.runs[k] = successRun{anchor: d.at, tail: -1}
		c.successes = append(c.successes, d)
	}
}

func (c *undecryptableSessionCookie) Finish(p *Pass) {
	mismatched := c.mismatch.reports()
	slices.SortStableFunc(c.successes, func(a, b decryptedAt) int { return a.at.Compare(b.at) })
	for _, k := range c.order {
		e := c.byValue[k]
		if e.cause == causeOtherKey && mismatched[e.key] {
			continue // session-secret-mismatch reports the cookie: its instances disagree on the secret
		}
		var b strings.Builder
		fmt.Fprintf(&b, "session cookie %q%s is unreadable: %s", e.name, inParens(e.library), e.why)
		if e.count > 1 {
			fmt.Fprintf(&b, "; %d requests sent it", e.count)
		}
		refs, ev := e.refs, e.evidence
		if e.set != nil {
			fmt.Fprintf(&b, "; the response to entry %d set it", e.set.entry)
			refs = append(refs, e.set.rec.ref(p, "set the undecryptable value"))
			ev = append(ev, e.set.evidence(p))
		}
		near, secrets := nearbySuccesses(c.successes, e.key, e.at)
		if near != nil && e.cause == causeOtherKey {
			fmt.Fprintf(&b, "; entry %d, %s, sent a value that decrypted with secret #%d", near.entry, relativeTime(near.at.Sub(e.at)), near.secret+1)
			if len(secrets) > 1 {
				fmt.Fprintf(&b, ", and values around it decrypted with %s: the app's instances encrypt with different secrets", secretList(secrets))
			} else {
				b.WriteString(": the secret is right, so this value was written with another one (another instance or deployment, a rotation that dropped the old secret) or altered")
			}
		}
		sev := Medium
		relies := ""
		if e.cause != causeOtherKey || c.decrypted[e.key] {
			sev = High
		} else {
			relies = "the supplied secrets are the app's current ones: no value of this cookie in the HAR decrypted with them, so a wrong or stale secret is the likelier cause"
		}
		why := "the server cannot decrypt this session cookie either: the user is signed out on every request that sends it, and middleware that throws on a decryption failure answers them with errors"
		switch e.cause {
		case causeMalformed:
			why = "the cookie is not a whole token, so no server can read it: the user is signed out, and middleware that throws on a malformed token answers with errors"
		case causeAltered:
			why = "the cookie was changed after the server wrote it, so no server can read it: the user is signed out, and middleware that throws on a decryption failure answers with errors"
		}
		p.Report(Finding{
			Severity: sev,
			Message:  b.String(),
			Why:      why,
			Entries:  refs,
			Evidence: ev,
			Fix:      undecryptableFix(e.family, e.cause, e.library),
			ReliesOn: relies,
			Key:      e.key,
		})
	}
}

// undecryptableCause tells a value written with a key the secrets do not
// give from a value that is itself broken.
type undecryptableCause int

const (
	causeOtherKey  undecryptableCause = iota + 1 // encrypted with another secret, or altered undetectably
	causeAltered                                 // the Auth.js kid matches a supplied secret, yet it does not decrypt
	causeMalformed                               // not a whole JWE: cut short, chunks missing, parts that do not decode
)

// undecryptableReason says why a session cookie that was not decrypted is
// an undecryptable JWE of a known library, and the likely cause. It reports
// false for values that are not JWEs a supported library writes.
func undecryptableReason(s SessionCookie, t token.Token, secrets int) (why string, cause undecryptableCause, ok bool) {
	if broken, cut := brokenJWE(s); cut {
		return "it is " + broken, causeMalformed, true
	}
	if t.Format != token.JWE {
		return "", 0, false
	}
	switch {
	case !s.Complete():
		return fmt.Sprintf("chunk %d is missing (sent %s)", s.Missing(), chunkList(s.Chunks)), causeMalformed, true
	case errors.Is(t.Err, token.ErrMalformed):
		return "it is not a well-formed JWE (" + strings.TrimPrefix(t.Err.Error(), token.ErrMalformed.Error()+": ") + ")", causeMalformed, true
	case errors.Is(t.Err, token.ErrNoKey):
		cause = causeOtherKey
		why = fmt.Sprintf("%s it as %s", noSecretDecrypts(secrets), orList(t.Tried))
		if t.Kid != "" && slices.Contains(t.Tried, token.AuthJSV5) {
			// Auth.js picks the secret by kid and tries no other
			// (packages/core/src/jwt.ts decode), so no attempt means no
			// secret's key has this kid.
			if t.Attempts == 0 {
				why += ": its kid is not the kid of any supplied secret's key"
			} else {
				why += ", although its kid names the key of a supplied secret: the value was altered after it was written"
				cause = causeAltered
			}
		}
		if s.Chunked() {
			why += fmt.Sprintf(" (joined from %s, possibly from different writes)", chunkList(s.Chunks))
		}
		return why, cause, true
	}
	return "", 0, false
}

// nearbySuccesses returns the success with key closest in time to at,
// within nearbyWindow, and the distinct secrets (keyring indexes, sorted)
// of the successes in that window; nil when there is none.
func nearbySuccesses(successes []decryptedAt, key string, at time.Time) (*decryptedAt, []int) {
	if at.IsZero() {
		return nil, nil
	}
	var best *decryptedAt
	var secrets []int
	lo, _ := slices.BinarySearchFunc(successes, at.Add(-nearbyWindow), func(d decryptedAt, t time.Time) int { return d.at.Compare(t) })
	for i := lo; i < len(successes) && !successes[i].at.After(at.Add(nearbyWindow)); i++ {
		d := &successes[i]
		if d.key != key {
			continue
		}
		if best == nil || absDuration(d.at.Sub(at)) < absDuration(best.at.Sub(at)) {
			best = d
		}
		if !slices.Contains(secrets, d.secret) {
			secrets = append(secrets, d.secret)
		}
	}
	slices.Sort(secrets)
	return best, secrets
}

// relativeTime renders an offset for messages: "40s earlier", "2m0s later".
func relativeTime(d time.Duration) string {
	if d < 0 {
		return humanDuration(-d) + " earlier"
	}
	if d == 0 {
		return "at the same time"
	}
	return humanDuration(d) + " later"
}

// secretList renders keyring indexes as 1-based names: "secrets #1 and #2".
func secretList(secrets []int) string {
	parts := make([]string, len(secrets))
	for i, s := range secrets {
		parts[i] = fmt.Sprintf("#%d", s+1)
	}
	if len(parts) == 1 {
		return "secret " + parts[0]
	}
	return "secrets " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// orList renders the library formats tried: "nextjs-auth0 v4",
// "NextAuth v4, Auth.js v5 or nextjs-auth0 v4".
func orList(libs []token.Library) string {
	if len(libs) == 0 {
		return "any supported format"
	}
	names := make([]string, len(libs))
	for i, l := range libs {
		names[i] = l.String()
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// undecryptableFix is the fix for a session cookie that does not decrypt.
func undecryptableFix(f sessionFamily, cause undecryptableCause, library string) Fix {
	kind := problemUndecryptable
	if cause == causeMalformed {
		kind = problemMalformed
	}
	handle := errorFix(f, kind, library)
	var msg string
	switch f {
	case familyNextAuth:
		// Auth.js: secret may be an array; the first encrypts, decode
		// picks the secret whose key thumbprint is the token's kid
		// (nextauthjs/next-auth packages/core/src/jwt.ts). The
		// AUTH_SECRET_1..3 variables are not mentioned: next-auth v5 sets
		// secret from AUTH_SECRET before @auth/core would read them.
		msg = "run every instance with the same AUTH_SECRET (NEXTAUTH_SECRET for NextAuth v4); when rotating with Auth.js, set `secret` in the config to an array with the new secret first and the old one after it, so cookies written with the old secret still decrypt"
	case familyNextjsAuth0V3:
		// v3: secret may be an array; the first encrypts, all are tried
		// (src/auth0-session/session/stateless-session.ts getKeys/decrypt).
		msg = "run every instance with the same AUTH0_SECRET; when rotating, pass `secret` as an array with the new secret first, so cookies written with the old one still decrypt"
	case familyNextjsAuth0V4:
		// v4 takes one secret (src/server/cookies.ts decrypt(value, secret)).
		msg = "run every instance and deployment with the same AUTH0_SECRET: nextjs-auth0 v4 decrypts with a single secret, so a changed secret signs every user out"
	default:
		msg = "run every instance with the same secret, and keep the previous secret in the decryption list while rotating"
	}
	switch cause {
	case causeAltered:
		msg = "find what rewrites the session cookie between the server and the browser (a proxy, an extension, client-side code writing the cookie)"
	case causeMalformed:
		msg = "find where the cookie is cut or mixed (a proxy or CDN limiting header size, chunks of two writes): every chunk of the session cookie must reach the server together"
	}
	return Fix{Message: msg + "; " + handle.Message, Library: library, Reference: handle.Reference}
}
