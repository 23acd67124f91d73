package cli

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/sanitize"
)

type sanitizeFlags struct {
	out     string
	keyFile string
	report  bool
	check   bool
	pii     bool
	secrets []string // --secret-file
}

func newSanitizeCmd(e *env) *cobra.Command {
	var f sanitizeFlags
	cmd := &cobra.Command{
		Use:   "sanitize [flags] FILE",
		Short: "Replace every secret in a HAR with a stable pseudonym, keeping it analysable",
		Long: `Write a copy of a HAR (.har, .har.gz, or - for standard input) in which every
secret value (cookie values, Authorization credentials, OAuth codes, state,
nonces, verifiers and tokens, client secrets, passwords, one-time codes, API
keys, signatures, SAML messages, the state in __txn_<state> cookie names, and
any value seen as secret elsewhere in the file) is replaced by a pseudonym of
the same kind: equal values stay equal, different values different, JWTs keep
their header and time, audience, issuer and scope claims. Every other byte is
kept. See docs/sanitize.md.

With the app's secrets (AUTHLINT_SECRET, AUTH_SECRET, NEXTAUTH_SECRET,
AUTH0_SECRET or --secret-file, as for analyze), sanitize also records what
decrypting each encrypted session cookie showed (library, times, claim names,
which secret decrypted it, or that none did) in an "_authlint" annotation, so
that analyze on the sanitized file reports without any secret what it reports
on the original with them.

With --check, sanitize writes nothing: it lists every secret still present in
the files (redacted) and exits 1 if there is one, 0 if they are clean.`,
		Example: `  authlint sanitize ticket.har -o ticket.sanitized.har
  authlint sanitize --report - < ticket.har.gz > shared.har
  authlint sanitize --key-file team.key a.har -o a.shared.har.gz
  authlint sanitize --check testdata/*.har`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.check {
				return sanitizeCheck(e, args, sanitize.Options{PII: f.pii})
			}
			if len(args) != 1 {
				return usage(fmt.Errorf("sanitize takes one input file (got %d); use --check for several", len(args)))
			}
			return sanitizeFile(e, &f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "-", "output file (.gz: gzip-compressed; - for standard output)")
	fl.StringVar(&f.keyFile, "key-file", "", "file whose contents key the pseudonyms, so that equal values get equal pseudonyms across files (default: a random key per run)")
	fl.BoolVar(&f.report, "report", false, "print what was scrubbed, by kind and count (to standard error when the HAR goes to standard output)")
	fl.BoolVar(&f.check, "check", false, "write nothing; list the secrets still present in FILE... and exit 1 if there is one")
	fl.StringArrayVar(&f.secrets, "secret-file", nil, "read app secrets from `FILE` (one per line; repeatable), as analyze does, to record what decrypting session cookies showed in an _authlint annotation; secrets are also read from AUTHLINT_SECRET, AUTH_SECRET, NEXTAUTH_SECRET and AUTH0_SECRET")
	fl.BoolVar(&f.pii, "pii", false, "also replace personal data: the local parts of e-mail addresses and IPv4 addresses (with --check: also report them)")
	return cmd
}

func sanitizeFile(e *env, f *sanitizeFlags, in string) error {
	opt := sanitize.Options{PII: f.pii}
	if f.keyFile != "" {
		k, err := os.ReadFile(f.keyFile)
		if err != nil {
			return usage(fmt.Errorf("--key-file: %w", err))
		}
		if len(k) == 0 {
			return usage(fmt.Errorf("--key-file %s is empty", f.keyFile))
		}
		opt.Key = k
	}
	kr, err := loadKeyring(e, f.secrets)
	if err != nil {
		return usage(err)
	}
	opt.Keyring = kr
	src := sanitize.FileSource(in)
	if in == "-" {
		s, cleanup, err := sanitize.Spool(e.stdin)
		if err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
		defer cleanup()
		src = s
	}
	counts, err := writeSanitized(e, src, f.out, opt)
	if err != nil {
		return fmt.Errorf("sanitize %s: %w", in, err)
	}
	if f.report {
		w := e.stdout
		if f.out == "" || f.out == "-" {
			w = e.stderr
		}
		fmt.Fprintf(w, "%s: %d secret values replaced by pseudonyms\n", in, counts.Total())
		if kr.Len() > 0 {
			fmt.Fprintf(w, "  app secrets tried on session cookies: %d (what they showed is in the _authlint annotations)\n", kr.Len())
		}
		for _, line := range sanitize.CountsByKind(counts) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	return nil
}

// writeSanitized sanitizes src to path: standard output for "-", else a
// temporary file renamed into place when complete (so the input may be the
// output), gzip-compressed when path ends in .gz.
func writeSanitized(e *env, src sanitize.Source, path string, opt sanitize.Options) (sanitize.Counts, error) {
	if path == "" || path == "-" {
		return sanitize.Sanitize(src, e.stdout, opt)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".authlint-sanitize-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	var w io.Writer = tmp
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(tmp)
		w = zw
	}
	counts, err := sanitize.Sanitize(src, w, opt)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return counts, os.Rename(tmp.Name(), path)
}

// sanitizeCheck lists the secrets in each file; exit 1 if any.
func sanitizeCheck(e *env, files []string, opt sanitize.Options) error {
	dirty, failed := false, false
	for _, file := range files {
		r, err := openInput(e, file)
		if err != nil {
			fmt.Fprintf(e.stderr, "authlint: %v\n", err)
			failed = true
			continue
		}
		found, err := sanitize.CheckWith(r, opt)
		r.Close()
		for _, f := range found {
			dirty = true
			times := ""
			if f.Count > 1 {
				times = fmt.Sprintf(" (%d times)", f.Count)
			}
			fmt.Fprintf(e.stdout, "%s: %s: %s %s%s\n", file, f.Where, f.Kind, f.Value, times)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "authlint: %s: %v\n", file, err)
			failed = true
		}
	}
	switch {
	case failed:
		return &exitError{ExitFailure}
	case dirty:
		return &exitError{ExitFindings}
	}
	return nil
}
