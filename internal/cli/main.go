package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// env is the outside world of one invocation, so tests can run Main in
// process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	getwd          func() (string, error)
}

// Main runs authlint with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// No fixed memory limit is set: a limit below the live data (authlint
	// set 32 MiB until issue 10) is a death spiral, the collector running
	// back to back up to its 50% CPU cap without freeing anything (46% of
	// the CPU on a 524 MB HAR). The command's main starts internal/gcpace,
	// which paces the collector from the live heap instead; GOMEMLIMIT and
	// GOGC, read by the runtime itself, turn it off.
	return run(args, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, getwd: os.Getwd})
}

func run(args []string, e *env) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	err := unknownCommand(root, args)
	if err == nil {
		err = root.Execute()
	}
	var ee *exitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(e.stderr, "authlint: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(e.stderr, "run 'authlint help' for usage")
		}
	}
	return exitCode(err)
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "authlint",
		Short: "Find the edge-cache and session-cookie mistakes that break login",
		Long: `authlint reads HAR files (analyze) or probes a deployed site (probe) and
reports the edge-cache and session-cookie mistakes that break login: auth
routes served from a CDN cache, Set-Cookie stored by a shared cache, session
cookies that race, expire, break or leak, and OAuth redirect URIs that do not
match the app.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 bad flags or config, 3 unreadable input or internal error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usage(err) })
	root.AddCommand(newAnalyzeCmd(e), newProbeCmd(e), newRulesCmd(e), newExplainCmd(e), newVersionCmd(e), newManCmd(e))
	root.AddCommand(newSanitizeCmd(e))
	// Unknown subcommands and bad arguments are usage errors.
	for _, c := range root.Commands() {
		if c.Args != nil {
			args := c.Args
			c.Args = func(cmd *cobra.Command, a []string) error { return usage(args(cmd, a)) }
		}
	}
	root.Args = func(cmd *cobra.Command, a []string) error {
		if len(a) > 0 {
			return usage(fmt.Errorf("unknown command %q", a[0]))
		}
		return nil
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	return root
}

// unknownCommand returns a usage error when args name no command. Cobra
// checks that only when it runs the root command; with --help anywhere in
// args it prints the root help and exits 0 instead ("authlint sanitize
// --help"), as it does for "authlint help sanitize".
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		return nil // shell completion requests
	}
	for {
		c, rest, err := root.Find(args)
		if err != nil || c != root {
			return nil // a command (which checks its own arguments)
		}
		i := slices.IndexFunc(rest, func(a string) bool { return !strings.HasPrefix(a, "-") })
		if i < 0 {
			return nil // only flags: the root command
		}
		switch rest[i] {
		case "help":
			args = rest[i+1:] // cobra adds it when it runs: check its topic
			continue
		case "completion":
			return nil // added by cobra when it runs
		}
		return usage(fmt.Errorf("unknown command %q", rest[i]))
	}
}

// colorAllowed reports whether colour may be used on w: a terminal, NO_COLOR
// unset or empty (https://no-color.org) and TERM not "dumb".
func colorAllowed(e *env, w io.Writer) bool {
	if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
