// Command authlint finds the edge-cache and session-cookie mistakes that
// break login, in HAR files. Run `authlint help` for usage.
package main

import (
	"os"

	"github.com/authlint/authlint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
