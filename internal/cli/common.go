package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/config"
	"github.com/authlint/authlint/report"
	"github.com/authlint/authlint/rules"
	"github.com/authlint/authlint/token"
)

// commonFlags are the flags every command that produces findings has
// (analyze, probe): config, rule selection, thresholds, outputs, baselines.
type commonFlags struct {
	formats       []string
	output        string
	failOn        string
	noColor       bool
	only, disable []string
	configPath    string
	showSecrets   bool
	baseline      string
	writeBaseline string
	secretFiles   []string
	showClaims    bool
	clockSkew     time.Duration
}

func (c *commonFlags) register(fl *pflag.FlagSet) {
	fl.StringArrayVarP(&c.formats, "format", "f", []string{"text"}, "output `format[:FILE]`: "+strings.Join(report.Formats(), ", ")+"; repeat to write several reports (e.g. --format text --format sarif:out.sarif)")
	fl.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` instead of standard output (for a --format without its own file)")
	fl.StringVar(&c.failOn, "fail-on", "high", "exit 1 when a finding is at or above this severity: info, low, medium, high, critical or none")
	fl.BoolVar(&c.noColor, "no-color", false, "never colour the output (colour is used only on a terminal, and never when NO_COLOR is set)")
	fl.StringSliceVar(&c.only, "rule", nil, "run only these rule `IDs` (repeatable or comma-separated)")
	fl.StringSliceVar(&c.disable, "disable", nil, "do not run these rule `IDs` (repeatable or comma-separated)")
	fl.StringVar(&c.configPath, "config", "", "read config from `FILE` (default: .authlint.yaml in the working directory or a parent)")
	fl.BoolVar(&c.showSecrets, "show-secrets", false, "show cookie values, tokens and secret query parameters instead of fingerprints")
	fl.StringVar(&c.baseline, "baseline", "", "report only findings whose fingerprints are not in `FILE` (written by --write-baseline, or an earlier --format json report)")
	fl.StringVar(&c.writeBaseline, "write-baseline", "", "write the fingerprints of the reported findings to `FILE`, to accept them as known")
	fl.StringArrayVar(&c.secretFiles, "secret-file", nil, "read app secrets for decrypting session cookies from `FILE` (one per line, for rotation; repeatable); secrets are also read from AUTHLINT_SECRET, AUTH_SECRET, NEXTAUTH_SECRET and AUTH0_SECRET")
	fl.BoolVar(&c.showClaims, "show-claims", false, "let findings show decrypted claim values (by default only exp, iat, nbf, claim names and the library)")
	fl.DurationVar(&c.clockSkew, "clock-skew", rules.DefaultClockSkew, "allowance for the recording browser's clock differing from the server's, added to each auth library's own expiry tolerance")
}

// settings are the resolved common flags and config of one run.
type settings struct {
	cfg      *config.Config
	failOn   rules.Severity
	rules    []*rules.Rule
	catalog  *auth.Catalog
	policy   *rules.Policy
	outputs  []output
	noColor  bool
	verbose  bool // list every rule not evaluated (analyze --verbose)
	baseline string
	// reads are the side files the run reads ("flag", path), which no
	// output may overwrite.
	reads [][2]string
	// opts are the rule options every input of the run uses.
	opts rules.Options
}

// resolve loads the config and combines it with the flags; errors are usage
// errors (exit 2).
func (c *commonFlags) resolve(e *env, cmd *cobra.Command) (*settings, error) {
	cfg, err := loadConfig(e, c.configPath)
	if err != nil {
		return nil, usage(err)
	}
	s := &settings{cfg: cfg, noColor: c.noColor}
	failOnName := c.failOn
	if !cmd.Flags().Changed("fail-on") && cfg.FailOn != "" {
		failOnName = cfg.FailOn
	}
	if s.failOn, err = parseFailOn(failOnName); err != nil {
		return nil, usage(err)
	}
	only := cfg.Rules.Enable
	if cmd.Flags().Changed("rule") {
		if len(c.only) == 0 {
			// --rule "" would otherwise mean "no selection": every rule.
			return nil, usage(fmt.Errorf("--rule: no rule ID given (run 'authlint rules' for the list)"))
		}
		only = c.only
	}
	disable := append(append([]string{}, cfg.Rules.Disable...), c.disable...)
	if s.rules, err = rules.Select(only, disable); err != nil {
		return nil, usage(err)
	}
	if len(s.rules) == 0 {
		return nil, usage(fmt.Errorf("no rule left to run after %s", emptySelection(cfg, c, only)))
	}
	if s.catalog, err = cfg.Catalog(); err != nil {
		return nil, usage(err)
	}
	if s.policy, err = cfg.Policy(); err != nil {
		return nil, usage(err)
	}
	if c.baseline != "" {
		if s.policy.Baseline, err = readBaseline(c.baseline); err != nil {
			return nil, usage(err)
		}
	}
	s.baseline = c.writeBaseline
	if s.outputs, err = parseOutputs(c.formats, c.output); err != nil {
		return nil, usage(err)
	}
	// Side files this run reads must not be overwritten; HAR inputs are
	// checked by analyze.
	s.reads = nil
	if cfg.Path != "" {
		s.reads = append(s.reads, [2]string{"the config", cfg.Path})
	}
	if c.baseline != "" {
		s.reads = append(s.reads, [2]string{"--baseline", c.baseline})
	}
	for _, f := range c.secretFiles {
		s.reads = append(s.reads, [2]string{"--secret-file", f})
	}
	if err := checkOutputs(s.namedOutputs(), s.reads); err != nil {
		return nil, usage(err)
	}
	keyring, err := loadKeyring(e, c.secretFiles)
	if err != nil {
		return nil, usage(err)
	}
	if c.clockSkew < 0 {
		return nil, usage(fmt.Errorf("--clock-skew must not be negative"))
	}
	s.opts = rules.Options{
		Catalog: s.catalog, Rules: s.rules, ShowSecrets: c.showSecrets,
		Keyring: keyring, ShowClaims: c.showClaims, ClockSkew: c.clockSkew, Policy: s.policy,
	}
	s.opts.Timeline = slices.ContainsFunc(s.outputs, func(o output) bool { return o.format == "html" }) // the HTML report draws every entry
	return s, nil
}

// emptySelection says which settings together select no rule.
func emptySelection(cfg *config.Config, c *commonFlags, only []string) string {
	var by []string
	switch {
	case len(c.only) > 0:
		by = append(by, "--rule "+strings.Join(only, ","))
	case len(only) > 0:
		by = append(by, "rules.enable in "+cfg.Path)
	}
	if len(c.disable) > 0 {
		by = append(by, "--disable "+strings.Join(c.disable, ","))
	}
	if len(cfg.Rules.Disable) > 0 {
		by = append(by, "rules.disable in "+cfg.Path)
	}
	return strings.Join(by, " and ")
}

// loadKeyring collects app secrets from the environment and secret files.
// Secrets are never taken from a flag value, so they stay out of shell
// history and process listings.
func loadKeyring(e *env, files []string) (*token.Keyring, error) {
	secrets := token.SecretsFromEnv(e.getenv)
	for _, f := range files {
		data, err := readSideFile("--secret-file", f, "secret file", maxSecretFile)
		if err != nil {
			return nil, err
		}
		s, err := token.ReadSecrets(bytes.NewReader(data), f)
		if err != nil {
			return nil, fmt.Errorf("--secret-file: %w", err)
		}
		if len(s) == 0 {
			return nil, fmt.Errorf("--secret-file %s: no secret in the file", f)
		}
		if len(s) > maxSecrets {
			return nil, fmt.Errorf("--secret-file %s: %d secrets, more than the %d tried on each cookie", f, len(s), maxSecrets)
		}
		secrets = append(secrets, s...)
	}
	if len(secrets) > maxSecrets {
		return nil, fmt.Errorf("%d secrets from the environment and --secret-file, more than the %d tried on each cookie", len(secrets), maxSecrets)
	}
	return token.NewKeyring(secrets...), nil
}

// output is one report to write: a format and a file ("" = stdout).
type output struct {
	format, path string
	flag         string // the flag that names path, for errors
}

// parseOutputs turns --format values ("json", "sarif:out.sarif") and -o into
// outputs. At most one report goes to standard output.
func parseOutputs(formats []string, o string) ([]output, error) {
	var outs []output
	stdout := 0
	for _, f := range formats {
		name, path, _ := strings.Cut(f, ":")
		if _, err := report.ByName(name, report.Options{}); err != nil {
			return nil, err
		}
		flag := "--format " + f
		if path == "" {
			path, flag = o, "-o "+o
		}
		if path == "" || path == "-" {
			path = ""
			stdout++
		}
		outs = append(outs, output{name, path, flag})
	}
	if stdout > 1 {
		return nil, fmt.Errorf("--format: %d reports would go to standard output; give the others a file (--format json:out.json)", stdout)
	}
	return outs, nil
}

// finish writes the reports and the baseline, prints warnings, and returns
// the error that carries the exit code.
func (s *settings) finish(e *env, run *report.Run, failed bool) error {
	for _, ig := range s.policy.Unused() {
		run.Warnings = append(run.Warnings, fmt.Sprintf("%s: ignore of %s on %q matched no finding; remove it if the problem is fixed", ig.Source, ig.Rule, ig.URL))
	}
	// Warnings go to stderr unless a report for people on stdout shows them.
	shown := slices.ContainsFunc(s.outputs, func(o output) bool { return o.path == "" && (o.format == "text" || o.format == "short") })
	for _, w := range run.Warnings {
		if !shown {
			fmt.Fprintf(e.stderr, "authlint: warning: %s\n", w)
		}
	}
	if len(run.Results) > 0 || !failed {
		for _, o := range s.outputs {
			if err := s.write(e, o, run); err != nil {
				return err
			}
		}
		if s.baseline != "" {
			if err := writeBaseline(s.baseline, run); err != nil {
				return err
			}
		}
	}
	switch {
	case failed:
		return &exitError{ExitFailure}
	case run.Failing() > 0:
		return &exitError{ExitFindings}
	}
	return nil
}

// write renders one report, to standard output or, complete or not at all,
// to its file.
func (s *settings) write(e *env, o output, run *report.Run) error {
	color := o.path == "" && !s.noColor && colorAllowed(e, e.stdout)
	rep, err := report.ByName(o.format, report.Options{Color: color, Verbose: s.verbose})
	if err != nil {
		return err
	}
	render := func(w io.Writer) error {
		if err := rep.Report(w, run); err != nil {
			return fmt.Errorf("write %s report: %w", o.format, err)
		}
		return nil
	}
	if o.path == "" {
		return render(e.stdout)
	}
	return writeFileAtomic(o.path, 0o644, render)
}

// parseFailOn parses a --fail-on value; "none" is 0.
func parseFailOn(s string) (rules.Severity, error) {
	if s == "none" {
		return 0, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %w", err)
	}
	return sev, nil
}

// loadConfig reads the config named by --config, or the one found upward
// from the working directory, or returns the zero config.
func loadConfig(e *env, path string) (*config.Config, error) {
	if path == "" {
		wd, err := e.getwd()
		if err == nil {
			path = config.Find(wd)
		}
	}
	if path == "" {
		return &config.Config{}, nil
	}
	return config.Load(path)
}

// baselineFile is what --write-baseline writes: the fingerprints of
// accepted findings, with the rule and message to make the file reviewable.
type baselineFile struct {
	Tool     string          `json:"tool"`
	Version  int             `json:"baseline_version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Message     string `json:"message"`
}

// writeBaseline saves the fingerprints of the run's findings.
func writeBaseline(path string, run *report.Run) error {
	b := baselineFile{Tool: "authlint", Version: 1, Findings: []baselineEntry{}}
	seen := map[string]bool{}
	for _, f := range run.Findings() {
		if !seen[f.Fingerprint] {
			seen[f.Fingerprint] = true
			b.Findings = append(b.Findings, baselineEntry{f.Fingerprint, f.Rule, f.Message})
		}
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

// readBaseline reads fingerprints from a --write-baseline file or an earlier
// JSON report (both have findings[].fingerprint).
func readBaseline(path string) (map[string]bool, error) {
	data, err := readSideFile("--baseline", path, "baseline", maxBaselineFile)
	if err != nil {
		return nil, err
	}
	var b struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("--baseline %s: not a baseline or JSON report: %w", path, err)
	}
	fps := map[string]bool{}
	for _, f := range b.Findings {
		if f.Fingerprint == "" {
			return nil, fmt.Errorf("--baseline %s: a finding has no fingerprint", path)
		}
		fps[f.Fingerprint] = true
	}
	return fps, nil
}
