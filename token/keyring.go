package token

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Keyring holds app secrets (several, for rotation) and derives each
// library's keys from them lazily, caching the results. It is safe for
// concurrent use. It never prints its secrets: String and GoString show
// only how many it holds.
type Keyring struct {
	secrets []string

	mu     sync.Mutex
	keys   map[keySpec][]byte
	thumbs map[keySpec]string
}

// NewKeyring returns a keyring of the given secrets, in order, without
// empty strings and duplicates.
func NewKeyring(secrets ...string) *Keyring {
	return &Keyring{
		secrets: dedupe(secrets),
		keys:    map[keySpec][]byte{},
		thumbs:  map[keySpec]string{},
	}
}

// Len returns the number of secrets.
func (k *Keyring) Len() int {
	if k == nil {
		return 0
	}
	return len(k.secrets)
}

// String returns "token.Keyring(N secrets)", never a secret.
func (k *Keyring) String() string {
	return fmt.Sprintf("token.Keyring(%d secrets)", k.Len())
}

// GoString is String, so that %#v does not print secrets either.
func (k *Keyring) GoString() string { return k.String() }

// key returns the derived key for spec, computing it once.
func (k *Keyring) key(spec keySpec) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if b, ok := k.keys[spec]; ok {
		return b, nil
	}
	b, err := derive(k.secrets[spec.secret], spec)
	if err != nil {
		return nil, err
	}
	k.keys[spec] = b
	return b, nil
}

// thumbprint returns the Auth.js kid of the key for spec, computing it once.
func (k *Keyring) thumbprint(spec keySpec) (string, error) {
	b, err := k.key(spec)
	if err != nil {
		return "", err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if s, ok := k.thumbs[spec]; ok {
		return s, nil
	}
	s := octThumbprint(b)
	k.thumbs[spec] = s
	return s, nil
}

// envSecretNames are the environment variables SecretsFromEnv reads, in
// order. AUTH_SECRET_3, _2, _1 come before AUTH_SECRET because Auth.js builds
// its rotation list that way (@auth/core lib/utils/env.js setEnvDefaults:
// push AUTH_SECRET, then unshift AUTH_SECRET_1, _2, _3). next-auth v4 reads
// NEXTAUTH_SECRET, then AUTH_SECRET (next-auth@4.24.15 next/index.js);
// nextjs-auth0 reads AUTH0_SECRET (v3 dist/config.js, v4 server/client.js).
var envSecretNames = [...]string{
	"AUTHLINT_SECRET",
	"AUTH_SECRET_3", "AUTH_SECRET_2", "AUTH_SECRET_1", "AUTH_SECRET",
	"NEXTAUTH_SECRET",
	"AUTH0_SECRET",
}

// SecretsFromEnv collects secrets from AUTHLINT_SECRET, AUTH_SECRET_3,
// AUTH_SECRET_2, AUTH_SECRET_1, AUTH_SECRET, NEXTAUTH_SECRET and
// AUTH0_SECRET, in that order, without empty values and duplicates. AUTHLINT_SECRET may
// hold several secrets, one per line (CR LF allowed; blank lines skipped;
// spaces and tabs around each line trimmed). Commas are not separators,
// because a secret may contain a comma. The other variables are taken
// whole, as the libraries take them.
func SecretsFromEnv(getenv func(string) string) []string {
	var out []string
	for _, name := range envSecretNames {
		v := getenv(name)
		if name == "AUTHLINT_SECRET" {
			for line := range strings.Lines(v) {
				if s := strings.Trim(line, " \t\r\n"); s != "" {
					out = append(out, s)
				}
			}
			continue
		}
		out = append(out, v)
	}
	return dedupe(out)
}

// ReadSecretFile reads secrets from a file, one per line. Spaces and tabs
// around a line are trimmed; blank lines and lines starting with '#' are
// ignored ('#' elsewhere is part of the secret).
func ReadSecretFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read secrets: %w", err)
	}
	defer f.Close()
	return ReadSecrets(f, path)
}

// ReadSecrets reads secrets from r the way ReadSecretFile reads a file;
// path names it in errors.
func ReadSecrets(r io.Reader, path string) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		s := strings.Trim(sc.Text(), " \t\r")
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		// The error names the file, never its contents.
		return nil, fmt.Errorf("read secrets from %s: %w", path, err)
	}
	return dedupe(out), nil
}

// dedupe removes empty strings and repeats, keeping the first occurrence.
func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
