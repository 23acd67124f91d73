package token

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/authlint/authlint/redact"
)

// A Decrypter reads encrypted session-cookie values. A *Keyring decrypts
// them with the app's secrets; an *Annotation replays what authlint
// sanitize recorded when it decrypted them, so that a sanitized HAR is
// analysed without any secret as its original was with them.
type Decrypter interface {
	// Decrypt reads one session-cookie value as Keyring.Decrypt does;
	// cookieName is the base name of the (joined) cookie.
	Decrypt(cookieName, value string) Token
	// Len is the number of app secrets the results come from.
	Len() int
}

var (
	_ Decrypter = (*Keyring)(nil)
	_ Decrypter = (*Annotation)(nil)
)

// ErrNotRecorded means an Annotation holds no result for the value: read it
// as if there were no secret (Inspect).
var ErrNotRecorded = errors.New("not recorded in the annotation")

// AnnotationVersion is the version of the annotation format this package
// reads and writes.
const AnnotationVersion = 1

// maxAnnotatedSecrets bounds the secret count an annotation may claim.
const maxAnnotatedSecrets = 1000

// AnnotationJSON is the "_authlint" member authlint sanitize writes into an
// entry of a sanitized HAR (docs/sanitize.md#the-_authlint-annotation):
// the version of the format, how many app secrets were tried, and what
// decrypting each encrypted session cookie the entry is the first to carry
// showed.
type AnnotationJSON struct {
	Version int              `json:"version"`
	Secrets int              `json:"secrets"`
	Tokens  []AnnotatedToken `json:"tokens"`
}

// AnnotatedToken is what decryption showed of one session-cookie value.
// Value is the sanitized value (a pseudonym): the annotation says nothing
// about any other value. Claims are the decrypted claims with the values
// of personal claims replaced by pseudonyms (names, times, audience and
// issuer kept), so that equal claims stay equal.
type AnnotatedToken struct {
	Cookie    string          `json:"cookie"`
	Value     string          `json:"value"`
	Decrypted bool            `json:"decrypted"`
	Library   string          `json:"library,omitempty"`
	Secret    *int            `json:"secret,omitempty"` // index in the list of secrets
	Claims    json.RawMessage `json:"claims,omitempty"`
	Tried     []string        `json:"tried,omitempty"`
	Attempts  int             `json:"attempts"`
	Error     string          `json:"error,omitempty"` // why it did not decrypt
}

// Annotate describes t, the result of decrypting value (sanitized) of the
// cookie cookieName, with claims written by the caller (pseudonymized),
// and reports whether there is something to record: a decryption that
// needed a secret, successful or not.
func Annotate(cookieName, value string, t Token, claims json.RawMessage) (AnnotatedToken, bool) {
	if t.Format != JWE || !t.Decrypted && !errors.Is(t.Err, ErrNoKey) && !errors.Is(t.Err, ErrMalformed) {
		return AnnotatedToken{}, false
	}
	a := AnnotatedToken{Cookie: cookieName, Value: value, Decrypted: t.Decrypted, Attempts: t.Attempts}
	for _, lib := range t.Tried {
		a.Tried = append(a.Tried, lib.String())
	}
	if t.Decrypted {
		i := t.SecretIndex
		a.Library, a.Secret, a.Claims = t.Library.String(), &i, claims
		if len(a.Claims) == 0 {
			a.Claims = json.RawMessage("null")
		}
		return a, true
	}
	a.Error = t.Err.Error()
	return a, true
}

// An Annotation is a Decrypter that replays the results recorded in the
// "_authlint" annotations of a sanitized HAR. It is built from the first
// entry's annotation (NewAnnotation) and grows with the later entries'
// (Add), which record the values those entries are the first to carry.
type Annotation struct {
	secrets int
	tokens  map[string]recorded
}

// recorded is one validated AnnotatedToken.
type recorded struct {
	decrypted bool
	lib       Library
	secret    int
	claims    []byte
	tried     []Library
	attempts  int
	err       error
}

// NewAnnotation parses the "_authlint" member of a HAR's first entry. It
// returns an error, and the annotation must be ignored, unless the member
// is well-formed: the known version, a secret count, and for every token a
// cookie name, a pseudonym that is a JWE with a supported algorithm, known
// library names, a secret index within the count, and an error for a token
// that did not decrypt.
func NewAnnotation(raw string) (*Annotation, error) {
	a := &Annotation{tokens: map[string]recorded{}}
	if err := a.add(raw, true); err != nil {
		return nil, err
	}
	return a, nil
}

// Add adds the tokens of a later entry's "_authlint" member; a member that
// is not well-formed, or that claims another secret count, is ignored and
// its error returned.
func (a *Annotation) Add(raw string) error { return a.add(raw, false) }

func (a *Annotation) add(raw string, first bool) error {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var j AnnotationJSON
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("_authlint: %w", err)
	}
	if dec.More() {
		return errors.New("_authlint: more than one value")
	}
	if j.Version != AnnotationVersion {
		return fmt.Errorf("_authlint: version %d, want %d", j.Version, AnnotationVersion)
	}
	if j.Secrets < 1 || j.Secrets > maxAnnotatedSecrets {
		return fmt.Errorf("_authlint: %d secrets", j.Secrets)
	}
	if !first && j.Secrets != a.secrets {
		return fmt.Errorf("_authlint: %d secrets, the first entry says %d", j.Secrets, a.secrets)
	}
	got := map[string]recorded{}
	for i, at := range j.Tokens {
		r, err := validate(at, j.Secrets)
		if err != nil {
			return fmt.Errorf("_authlint: token %d: %w", i, err)
		}
		got[at.Cookie+"\x00"+at.Value] = r
	}
	a.secrets = j.Secrets
	for k, r := range got {
		if _, ok := a.tokens[k]; !ok {
			a.tokens[k] = r
		}
	}
	return nil
}

// jweLibraries are the libraries whose JWE session cookies Keyring.Decrypt
// decrypts.
var jweLibraries = []Library{NextAuthV4, AuthJSV5, NextjsAuth0V3, NextjsAuth0V4}

func libraryNamed(name string) (Library, bool) {
	for _, l := range jweLibraries {
		if l.String() == name {
			return l, true
		}
	}
	return UnknownLibrary, false
}

// validate checks one annotated token against the format.
func validate(at AnnotatedToken, secrets int) (recorded, error) {
	var r recorded
	if at.Cookie == "" {
		return r, errors.New("no cookie name")
	}
	if !redact.IsPseudonym(at.Value) {
		return r, errors.New("the value is not a pseudonym")
	}
	if _, _, _, ok := checkJWE(at.Cookie, at.Value); !ok {
		return r, errors.New("the value is not a supported JWE")
	}
	if at.Attempts < 0 || at.Attempts > 16*maxAnnotatedSecrets {
		return r, fmt.Errorf("%d attempts", at.Attempts)
	}
	for _, name := range at.Tried {
		lib, ok := libraryNamed(name)
		if !ok {
			return r, fmt.Errorf("unknown library %q", name)
		}
		r.tried = append(r.tried, lib)
	}
	r.attempts = at.Attempts
	if at.Decrypted {
		lib, ok := libraryNamed(at.Library)
		switch {
		case !ok:
			return r, fmt.Errorf("unknown library %q", at.Library)
		case at.Secret == nil || *at.Secret < 0 || *at.Secret >= secrets:
			return r, errors.New("no secret index within the secret count")
		case at.Error != "":
			return r, errors.New("a decrypted token with an error")
		case len(at.Claims) == 0 || !json.Valid(at.Claims):
			return r, errors.New("a decrypted token without claims")
		}
		r.decrypted, r.lib, r.secret, r.claims = true, lib, *at.Secret, bytes.Clone(at.Claims)
		return r, nil
	}
	if at.Library != "" || at.Secret != nil || len(at.Claims) > 0 {
		return r, errors.New("library, secret or claims of a token that did not decrypt")
	}
	for _, sentinel := range []error{ErrNoKey, ErrMalformed} {
		if rest, ok := strings.CutPrefix(at.Error, sentinel.Error()); ok && (rest == "" || strings.HasPrefix(rest, ": ") || strings.HasPrefix(rest, " (")) {
			r.err = fmt.Errorf("%w%s", sentinel, rest)
			return r, nil
		}
	}
	return r, fmt.Errorf("error %q is not one decryption records", at.Error)
}

// Len returns the number of secrets sanitize tried.
func (a *Annotation) Len() int {
	if a == nil {
		return 0
	}
	return a.secrets
}

// Decrypt returns what sanitize recorded for the value: the header and
// everything else readable without a key as Inspect reads them, and the
// library, secret index, claims, times, libraries tried and error of the
// decryption. A value without a record gets ErrNotRecorded.
func (a *Annotation) Decrypt(cookieName, value string) Token {
	t, _, _, ok := checkJWE(cookieName, value)
	if !ok {
		return t
	}
	r, found := a.tokens[cookieName+"\x00"+value]
	if !found {
		t.Err = ErrNotRecorded
		return t
	}
	t.Tried, t.Attempts = append([]Library(nil), r.tried...), r.attempts
	if r.decrypted {
		t.decrypted(r.lib, r.secret, r.claims)
		return t
	}
	t.Err = r.err
	return t
}
