package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/report"
	"github.com/authlint/authlint/rules"
)

type analyzeFlags struct {
	commonFlags
	allowTruncated bool
	bodyLimit      int
	thirdParty     bool
	verbose        bool
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
	fl.IntVar(&f.bodyLimit, "body-limit", defaultBodyLimit, "bytes of each request and response body kept for rules that read bodies")
	fl.BoolVar(&f.thirdParty, "third-party", false, "also report findings about sites other than the app's (ads, trackers, analytics), which are left out and counted by default (config: third-party: true)")
	fl.BoolVar(&f.allowTruncated, "allow-truncated", false, "report on a HAR cut short (up to its last complete entry) without exiting 3")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "list every rule that could not be evaluated and its causes (by default one line per input says how many and why; the JSON report always lists them)")
	return cmd
}

func analyze(e *env, cmd *cobra.Command, f *analyzeFlags, files []string) error {
	s, err := f.resolve(e, cmd)
	if err != nil {
		return err
	}
	if f.bodyLimit <= 0 {
		return usage(fmt.Errorf("--body-limit must be positive"))
	}
	s.opts.IncludeThirdParty = f.thirdParty || !cmd.Flags().Changed("third-party") && s.cfg.ThirdParty
	s.verbose = f.verbose
	run := &report.Run{Tool: "authlint", Version: version(), Rules: s.rules, FailOn: s.failOn}
	failed := false
	for _, file := range files {
		res, err := analyzeFile(e, file, har.Options{BodyLimit: f.bodyLimit, TextBodiesOnly: true}, s.opts)
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
