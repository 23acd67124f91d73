package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is authlint's version, set at build time with
// -ldflags "-X github.com/authlint/authlint/internal/cli.Version=v1.2.3".
// When unset, the module version from the build info is used ("dev" for a
// build from a working tree).
var Version = ""

// version returns the version to print and put in reports.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newVersionCmd(env *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print authlint's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(env.stdout, "authlint %s\n", version())
			return err
		},
	}
}
