package sanitize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
	"github.com/authlint/authlint/token"
)

// analyzeWith returns "rule entries" for each finding of analyze on b with
// the decrypter d (nil: no secret), and the messages.
func analyzeWith(t *testing.T, name string, b []byte, d token.Decrypter) (ids, messages []string) {
	t.Helper()
	res, err := rules.Analyze(har.NewDecoder(bytes.NewReader(b), name, har.Options{}), name, rules.Options{Keyring: d})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	for _, f := range res.Findings {
		var idx []int
		for _, e := range f.Entries {
			idx = append(idx, e.Index)
		}
		ids = append(ids, fmt.Sprintf("%s entries %v", f.Rule, idx))
		messages = append(messages, f.Rule+": "+f.Message)
	}
	slices.Sort(ids)
	slices.Sort(messages)
	return ids, messages
}

// secretFixtures returns the rule fixtures that come with the app's
// secrets (<case>.secrets beside <case>.har), and the login flows of
// testdata/sanitize that do.
func secretFixtures(t *testing.T) []string {
	t.Helper()
	lists, _ := filepath.Glob("../testdata/hars/*/*.secrets")
	if len(lists) < 10 {
		t.Fatalf("found only %d fixtures with secrets", len(lists))
	}
	var hars []string
	for _, l := range lists {
		hars = append(hars, strings.TrimSuffix(l, ".secrets")+".har")
	}
	return hars
}

func fixtureKeyring(t *testing.T, har string) *token.Keyring {
	t.Helper()
	secrets, err := token.ReadSecretFile(strings.TrimSuffix(har, ".har") + ".secrets")
	if err != nil {
		t.Fatal(err)
	}
	return token.NewKeyring(secrets...)
}

// TestAnnotationKeepsFindings is issue 13's promise for HARs with secrets:
// analyze on the file sanitized with the secrets, without any secret,
// reports the same rules on the same entries as analyze on the original
// with them, and the same messages once values are pseudonyms.
func TestAnnotationKeepsFindings(t *testing.T) {
	for _, path := range secretFixtures(t) {
		t.Run(strings.TrimPrefix(path, "../testdata/hars/"), func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			kr := fixtureKeyring(t, path)
			out, _, err := SanitizeBytes(in, Options{Key: testKey, Keyring: kr})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(`"_authlint":`)) {
				t.Fatal("no _authlint annotation in the output")
			}
			want, wantMsg := analyzeWith(t, path, in, kr)
			got, gotMsg := analyzeWith(t, path, out, nil)
			if !slices.Equal(want, got) {
				t.Fatalf("analyze differs:\noriginal with secrets: %v\nsanitized without:     %v", want, got)
			}
			if !slices.Equal(wantMsg, gotMsg) {
				t.Errorf("messages differ:\n%s\n---\n%s", strings.Join(wantMsg, "\n"), strings.Join(gotMsg, "\n"))
			}
			// The output is still clean, and sanitizing it again changes
			// nothing, with or without the secrets.
			if left, err := Check(bytes.NewReader(out)); err != nil || len(left) > 0 {
				t.Errorf("Check(output) = %v, %v; want nothing", left, err)
			}
			for _, kr := range []*token.Keyring{nil, kr} {
				again, _, err := SanitizeBytes(out, Options{Key: testKey, Keyring: kr})
				if err != nil || !bytes.Equal(again, out) {
					t.Errorf("sanitizing the output again (%v) changed it: %v", kr, err)
				}
			}
			// No decrypted personal claim value is left in the output.
			for _, v := range decryptedStrings(t, path, in, kr) {
				if learnable([]byte(v)) && bytes.Contains(out, []byte(v)) {
					t.Errorf("decrypted claim value %.12q... is in the output", v)
				}
			}
		})
	}
}

// decryptedStrings returns the string values of personal claims of every
// session cookie of the input that the keyring decrypts.
func decryptedStrings(t *testing.T, name string, in []byte, kr *token.Keyring) []string {
	t.Helper()
	dec := har.NewDecoder(bytes.NewReader(in), name, har.Options{})
	var out []string
	for {
		e, err := dec.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range entryPairs(e) {
			if tk := kr.Decrypt(token.BaseCookieName(c.name), c.value); tk.Decrypted {
				forClaimValues(tk.Claims, func(s string) { out = append(out, s) })
			}
		}
	}
}

// TestSecretsWinOverAnnotation: given the secrets, analyze decrypts with
// them and ignores the annotation (the pseudonyms do not decrypt).
func TestSecretsWinOverAnnotation(t *testing.T) {
	path := "../testdata/hars/expired-session-token/nextjs-auth0-v4-6s-past-exp-low.har"
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kr := fixtureKeyring(t, path)
	out, _, err := SanitizeBytes(in, Options{Key: testKey, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := analyzeWith(t, path, out, kr)
	if !slices.ContainsFunc(ids, func(s string) bool { return strings.HasPrefix(s, "undecryptable-session-cookie") }) {
		t.Errorf("with the secrets, the pseudonyms must be undecryptable: %v", ids)
	}
}

// TestMalformedAnnotationIgnored: an annotation that is not well-formed is
// read as no annotation at all.
func TestMalformedAnnotationIgnored(t *testing.T) {
	path := "../testdata/hars/expired-session-token/nextjs-auth0-v4-6s-past-exp-low.har"
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := SanitizeBytes(in, Options{Key: testKey, Keyring: fixtureKeyring(t, path)})
	if err != nil {
		t.Fatal(err)
	}
	plain, _, err := SanitizeBytes(in, Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	none, _ := analyzeWith(t, path, plain, nil)
	with, _ := analyzeWith(t, path, out, nil)
	if slices.Equal(none, with) {
		t.Fatalf("the annotation changed nothing: %v", none)
	}
	for name, edit := range map[string]func(string) string{
		"version":       func(s string) string { return strings.Replace(s, `"version":1`, `"version":2`, 1) },
		"unknown field": func(s string) string { return strings.Replace(s, `"version":1`, `"version":1,"x":1`, 1) },
		"secret index":  func(s string) string { return strings.Replace(s, `"secret":0`, `"secret":7`, 1) },
		"library":       func(s string) string { return strings.Replace(s, `"library":"nextjs-auth0 v4"`, `"library":"v9"`, 1) },
		"not a pseudonym": func(s string) string {
			var a struct {
				Tokens []token.AnnotatedToken `json:"tokens"`
			}
			i := strings.Index(s, `"_authlint":`) + len(`"_authlint":`)
			json.NewDecoder(strings.NewReader(s[i:])).Decode(&a)
			v := a.Tokens[0].Value
			return strings.Replace(s, `"value":"`+v, `"value":"`+v[:len(v)-1]+"x", 1)
		},
	} {
		bad := edit(string(out))
		if bad == string(out) {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		if got, _ := analyzeWith(t, path, []byte(bad), nil); !slices.Equal(got, none) {
			t.Errorf("%s: a malformed annotation was used: %v, want %v", name, got, none)
		}
	}
}
