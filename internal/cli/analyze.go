package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/report"
	"github.com/authlint/authlint/rules"
	"github.com/authlint/authlint/token"
)

type analyzeFlags struct {
	commonFlags
	allowTruncated bool
	secretFiles    []string
	showClaims     bool
	clockSkew      time.Duration
	bodyLimit      int
}

// defaultBodyLimit is how much of each body analyze keeps for the rules that
// read bodies (identity in JSON, library error texts, IdP error pages): most
// of a large HAR is bodies no rule reads, and copying less keeps the reader
// fast and the heap small.
const defaultBodyLimit = 16 << 10

func newAnalyzeCmd(e *env) *cobra.Command {
	var f analyzeFlags
	cmd := &cobra.Command{
		Use:   "analyze [flags] FILE...",
		Short: "Analyse HAR files for cache and session mistakes",
		Long: `Analyse one or more HAR files (.har, gzip-compressed .har.gz, or - for standard
input). Each file is analysed on its own; one report covers them all.`,
		Example: `  authlint analyze ticket.har
  authlint analyze --format json -o report.json *.har
  authlint analyze --format text --format sarif:authlint.sarif e2e.har
  authlint analyze --fail-on medium --disable oversized-cookie e2e.har.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return analyze(e, cmd, &f, args)
		},
	}
	fl := cmd.Flags()
	f.commonFlags.register(fl)
	fl.StringArrayVar(&f.secretFiles, "secret-file", nil, "read app secrets for decrypting session cookies from `FILE` (one per line, for rotation; repeatable); secrets are also read from AUTHLINT_SECRET, AUTH_SECRET, NEXTAUTH_SECRET and AUTH0_SECRET")
	fl.BoolVar(&f.showClaims, "show-claims", false, "let findings show decrypted claim values (by default only exp, iat, nbf, claim names and the library)")
	fl.DurationVar(&f.clockSkew, "clock-skew", rules.DefaultClockSkew, "tolerance when comparing token expiry with request times")
	fl.IntVar(&f.bodyLimit, "body-limit", defaultBodyLimit, "bytes of each request and response body kept for rules that read bodies")
	fl.BoolVar(&f.allowTruncated, "allow-truncated", false, "report on a HAR cut short (up to its last complete entry) without exiting 3")
	return cmd
}

func analyze(e *env, cmd *cobra.Command, f *analyzeFlags, files []string) error {
	s, err := f.resolve(e, cmd)
	if err != nil {
		return err
	}
	keyring, err := loadKeyring(e, f.secretFiles)
	if err != nil {
		return usage(err)
	}
	if f.bodyLimit <= 0 {
		return usage(fmt.Errorf("--body-limit must be positive"))
	}
	if f.clockSkew < 0 {
		return usage(fmt.Errorf("--clock-skew must not be negative"))
	}
	opts := rules.Options{
		Catalog: s.catalog, Rules: s.rules, ShowSecrets: f.showSecrets,
		Keyring: keyring, ShowClaims: f.showClaims, ClockSkew: f.clockSkew, Policy: s.policy,
	}
	run := &report.Run{Tool: "authlint", Version: version(), Rules: s.rules, FailOn: s.failOn}
	failed := false
	for _, file := range files {
		res, err := analyzeFile(e, file, har.Options{BodyLimit: f.bodyLimit}, opts)
		if err != nil {
			fmt.Fprintf(e.stderr, "authlint: %v\n", err)
			var se *har.SyntaxError
			if !(errors.As(err, &se) && se.Truncated && f.allowTruncated) {
				failed = true
			}
		}
		if res != nil && (err == nil || res.Entries > 0) {
			run.Results = append(run.Results, res)
		}
	}
	return s.finish(e, run, failed)
}

// analyzeFile opens and analyses one input; "-" is standard input.
func analyzeFile(e *env, file string, hopts har.Options, opts rules.Options) (*rules.Result, error) {
	var r io.Reader
	if file == "-" {
		r = e.stdin
	} else {
		fh, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	dec := har.NewDecoder(r, file, hopts)
	return rules.Analyze(dec, file, opts)
}

// loadKeyring collects app secrets from the environment and secret files.
// Secrets are never taken from a flag value, so they stay out of shell
// history and process listings.
func loadKeyring(e *env, files []string) (*token.Keyring, error) {
	secrets := token.SecretsFromEnv(e.getenv)
	for _, f := range files {
		s, err := token.ReadSecretFile(f)
		if err != nil {
			return nil, fmt.Errorf("--secret-file: %w", err)
		}
		if len(s) == 0 {
			return nil, fmt.Errorf("--secret-file %s: no secret in the file", f)
		}
		secrets = append(secrets, s...)
	}
	return token.NewKeyring(secrets...), nil
}
