package token

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestSecretsFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"none", nil, nil},
		{"order and dedupe", map[string]string{
			"AUTH0_SECRET":    "s-auth0",
			"NEXTAUTH_SECRET": "s-shared",
			"AUTH_SECRET":     "s-shared",
			"AUTHLINT_SECRET": "s-authlint",
		}, []string{"s-authlint", "s-shared", "s-auth0"}},
		{"several in AUTHLINT_SECRET", map[string]string{
			"AUTHLINT_SECRET": "first\r\n\n  second \n\tthird\n",
		}, []string{"first", "second", "third"}},
		{"commas are not separators", map[string]string{
			"AUTHLINT_SECRET": "a,b",
		}, []string{"a,b"}},
		{"Auth.js rotation order", map[string]string{
			"AUTH_SECRET": "current", "AUTH_SECRET_1": "one", "AUTH_SECRET_2": "two", "AUTH_SECRET_3": "three",
		}, []string{"three", "two", "one", "current"}},
		{"library variables taken whole", map[string]string{
			"AUTH0_SECRET": " padded secret ",
		}, []string{" padded secret "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SecretsFromEnv(func(k string) string { return tt.env[k] })
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %d secrets, want %d (or order differs)", len(got), len(tt.want))
			}
		})
	}
}

func TestReadSecretFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secrets")
	content := "# rotation list\n\nnew-secret\n  old-secret  \r\n#commented-out\nwith#hash\nnew-secret\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSecretFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"new-secret", "old-secret", "with#hash"}
	if !slices.Equal(got, want) {
		t.Errorf("got %d secrets, want %d (or order differs)", len(got), len(want))
	}

	_, err = ReadSecretFile(filepath.Join(dir, "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist", err)
	}
}

func TestKeyringNeverPrintsSecrets(t *testing.T) {
	const secret = "authlint-fake-secret-do-not-print"
	kr := NewKeyring(secret, "", secret, "authlint-fake-second")
	if kr.Len() != 2 {
		t.Errorf("Len = %d, want 2 (empty and duplicate dropped)", kr.Len())
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(format, kr); strings.Contains(s, secret) || !strings.Contains(s, "2 secrets") {
			t.Errorf("Sprintf(%q, keyring) = %q", format, s)
		}
	}
	var nilKR *Keyring
	if nilKR.Len() != 0 || nilKR.String() != "token.Keyring(0 secrets)" {
		t.Errorf("nil keyring: Len = %d, String = %q", nilKR.Len(), nilKR.String())
	}
}

func TestKeyringConcurrentUse(t *testing.T) {
	ff := loadFixtures(t)
	var secrets []string
	for _, f := range ff.Tokens {
		secrets = append(secrets, f.Secrets...)
	}
	kr := NewKeyring(secrets...)
	var wg sync.WaitGroup
	for range 4 {
		for _, f := range ff.Tokens {
			wg.Go(func() {
				if tok := kr.Decrypt(f.CookieName, f.Token); !tok.Decrypted {
					t.Errorf("%s: %v", f.ID, tok.Err)
				}
			})
		}
	}
	wg.Wait()
}
