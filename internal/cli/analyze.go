package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

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
	maxUnpacked    string
	maxRatio       float64
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
	fl.StringVar(&f.maxUnpacked, "max-unpacked", "4GiB", "refuse a gzip-compressed HAR that unpacks to more than `SIZE` (bytes, or with KiB, MiB, GiB); 0 for no limit")
	fl.Float64Var(&f.maxRatio, "max-ratio", har.DefaultMaxRatio, "refuse a gzip-compressed HAR that unpacks to more than `N` times its size (a decompression bomb; checked past 1 MiB); 0 for no limit")
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
	maxUnpacked, err := parseSize(f.maxUnpacked)
	if err != nil {
		return usage(fmt.Errorf("--max-unpacked: %w", err))
	}
	if f.maxRatio < 0 {
		return usage(fmt.Errorf("--max-ratio must not be negative"))
	}
	hopts := har.Options{BodyLimit: f.bodyLimit, TextBodiesOnly: true, MaxUnpacked: noLimit(maxUnpacked), MaxRatio: noLimit(f.maxRatio)}
	var ins [][2]string
	for _, file := range files {
		ins = append(ins, [2]string{"the input", file})
	}
	if err := checkOutputs(s.namedOutputs(), ins); err != nil {
		return usage(err)
	}
	run := &report.Run{Tool: "authlint", Version: version(), Rules: s.rules, FailOn: s.failOn}
	failed := false
	for _, file := range files {
		res, err := analyzeFile(e, file, hopts, s.opts)
		if err != nil {
			var le *har.LimitError
			if errors.As(err, &le) {
				flag := "--max-ratio"
				if le.MaxUnpacked > 0 {
					flag = "--max-unpacked"
				}
				err = fmt.Errorf("%w; raise the limit with %s if the file is trusted", err, flag)
			}
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

// noLimit maps a flag's 0 ("no limit") to har.Options' -1; har.Options
// reads 0 as "the default".
func noLimit[T int64 | float64](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// parseSize parses a byte count: "1048576", "64KiB", "512 MiB", "4GiB" (also
// KB, MB, GB, read as powers of 1024, and K, M, G).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	}
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
		"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || f < 0 || f*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with KiB, MiB or GiB)", s)
	}
	return int64(f * mult), nil
}

// openInput opens one input file; "-" is standard input. The caller closes it.
func openInput(e *env, file string) (io.ReadCloser, error) {
	if file == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(file)
}

// analyzeFile opens and analyses one input; "-" is standard input.
func analyzeFile(e *env, file string, hopts har.Options, opts rules.Options) (*rules.Result, error) {
	r, err := openInput(e, file)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dec := har.NewDecoder(r, file, hopts)
	return rules.Analyze(dec, file, opts)
}
