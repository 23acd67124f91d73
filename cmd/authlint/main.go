// Command authlint finds the edge-cache and session-cookie mistakes that
// break login, in HAR files. Run `authlint help` for usage.
package main

import (
	"os"

	"github.com/authlint/authlint/internal/cli"
	"github.com/authlint/authlint/internal/gcpace"
)

func main() {
	stop := gcpace.Start() // the collector paced from the live heap (GOGC or GOMEMLIMIT turn it off)
	code := cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
