package rules

import (
	"errors"
	"fmt"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/token"
)

// mintLog follows, per session cookie, which key wrote the values that
// responses of the input set: the secret of the keyring that decrypts them,
// the Auth.js kid in their header, or "a secret not supplied". It tells a
// rotation (one key writes until another takes over for good) from
// instances that write with their own secrets (a key writes again after
// another one wrote), for session-secret-mismatch. It reads tokens only through Pass.Token, so it works
// with decryption results from any source the run has.
type mintLog struct {
	keys  map[string]*mintState // cookie key
	order []string
}

// mintState is the mint history of one cookie.
type mintState struct {
	key, name string
	lib       auth.Library
	cur       string          // class of the latest mint
	left      map[string]bool // classes that minted and were followed by another
	classes   []*mintClass    // in order of first mint
	// revisit describes the first mint by a class that had been left, and
	// revisitRef is its entry; empty while the history is a rotation.
	revisit    string
	revisitRef EntryRef
	// undecrypted counts minted values no supplied secret decrypts.
	undecrypted int
	// keyless is set when the classes come from Auth.js kids alone.
	keyless bool
}

// mintClass is one key that wrote values of a cookie.
type mintClass struct {
	id, label string
	entries   []int
	refs      []EntryRef
	count     int
}

// maxMintClasses bounds the classes kept per cookie.
const maxMintClasses = 8

func newMintLog() *mintLog { return &mintLog{keys: map[string]*mintState{}} }

// observe records the session cookies x's response set.
func (l *mintLog) observe(p *Pass, x *Exchange) {
	for _, s := range setSessions(x) {
		t := p.Token(s.Name, s.Value)
		id, label := mintClassOf(t, p.Options().Keyring.Len())
		if id == "" {
			continue
		}
		key := cookieKey(s.Info, s.Name)
		m := l.keys[key]
		if m == nil {
			if len(l.keys) >= maxTracked {
				continue
			}
			m = &mintState{key: key, name: s.Name, lib: x.refineLibrary(s.Info.Library), left: map[string]bool{}, keyless: true}
			l.keys[key] = m
			l.order = append(l.order, key)
		}
		m.add(p, x, id, label, t)
	}
}

// add records one mint of class id.
func (m *mintState) add(p *Pass, x *Exchange, id, label string, t token.Token) {
	if t.Decrypted || id == mintOther {
		m.keyless = false
	}
	if !t.Decrypted && p.Options().Keyring.Len() > 0 {
		m.undecrypted++
	}
	var cl *mintClass
	for _, c := range m.classes {
		if c.id == id {
			cl = c
		}
	}
	if cl == nil {
		if len(m.classes) >= maxMintClasses {
			return
		}
		cl = &mintClass{id: id, label: label}
		m.classes = append(m.classes, cl)
	}
	cl.count++
	if len(cl.entries) < 3 {
		cl.entries = append(cl.entries, x.Index)
		cl.refs = append(cl.refs, p.Ref(x, "set a value written with "+label))
	}
	if m.cur == id {
		return
	}
	if m.cur != "" {
		m.left[m.cur] = true
	}
	if m.left[id] && m.revisit == "" {
		m.revisit = fmt.Sprintf("entry %d wrote with %s again after another key had written", x.Index, label)
		m.revisitRef = p.Ref(x, "set a value written with "+label+" again after another key")
	}
	m.cur = id
}

// mismatch reports whether the cookie's values were written with different
// keys in an order that is not a rotation.
func (m *mintState) mismatch() bool { return m != nil && m.revisit != "" }

// mintOther is the class of values no supplied secret decrypts.
const mintOther = "other"

// mintClassOf returns the key that wrote t, as an id and a label for
// messages: the keyring secret that decrypted it, else its Auth.js kid,
// else, with secrets, "a secret not supplied" for a JWE none decrypts.
// Values whose key cannot be told (not a JWE, malformed, no secrets and no
// kid) have no class.
func mintClassOf(t token.Token, secrets int) (id, label string) {
	switch {
	case t.Decrypted:
		return fmt.Sprintf("secret#%d", t.SecretIndex), fmt.Sprintf("secret #%d", t.SecretIndex+1)
	case t.Format != token.JWE:
		return "", ""
	case t.Kid != "" && (secrets == 0 || errors.Is(t.Err, token.ErrNoKey)):
		// An Auth.js kid is the thumbprint of the key derived from the
		// secret and the cookie name (@auth/core@0.41.1 jwt.js encode:
		// setProtectedHeader({alg, enc, kid: thumbprint})), so within one
		// cookie name one kid is one secret.
		short := t.Kid
		if len(short) > 8 {
			short = short[:8] + "…"
		}
		return "kid:" + t.Kid, fmt.Sprintf("the key with kid %q", short)
	case secrets > 0 && errors.Is(t.Err, token.ErrNoKey):
		return mintOther, "a secret not supplied"
	}
	return "", ""
}
