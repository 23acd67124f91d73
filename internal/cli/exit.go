package cli

import "errors"

// Exit codes, as documented in docs/usage.md.
const (
	// ExitOK: no finding at or above --fail-on.
	ExitOK = 0
	// ExitFindings: at least one finding at or above --fail-on.
	ExitFindings = 1
	// ExitUsage: bad flags, arguments or config.
	ExitUsage = 2
	// ExitFailure: unreadable or malformed input, or an internal error.
	ExitFailure = 3
)

// usageError marks errors caused by flags, arguments or config (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usage wraps err as a usage error.
func usage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err}
}

// exitError carries an exit code for errors already reported.
type exitError struct{ code int }

func (e *exitError) Error() string { return "exit" }

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		return ExitUsage
	}
	return ExitFailure
}
