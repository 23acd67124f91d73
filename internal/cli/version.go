package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Version is authlint's version, set at build time with
// -ldflags "-X github.com/authlint/authlint/internal/cli.Version=v1.2.3".
// When unset, the module version from the build info is used ("dev" for a
// build from a working tree).
var Version = ""

// version returns the version to put in reports: Version, or the module
// version from the build info (`go install ...@v1.2.3`), or "dev" (tests,
// and builds from a clone without a version). Reports carry only this, not
// the VCS settings or the Go version that `authlint version` prints, so
// that goldens pin it to "dev" and reports of one release compare equal.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// versionLine is what `authlint version` prints: the version, then what the
// build info says about the build, e.g.
// "authlint dev (revision 0123456789ab, modified, 2026-12-03T08:00:00Z; go1.26.8 linux/amd64)".
func versionLine(bi *debug.BuildInfo, ok bool) string {
	var parts []string
	if ok {
		set := map[string]string{}
		for _, s := range bi.Settings {
			set[s.Key] = s.Value
		}
		if rev := set["vcs.revision"]; rev != "" {
			p := "revision " + rev[:min(12, len(rev))]
			if set["vcs.modified"] == "true" {
				p += ", modified"
			}
			if t := set["vcs.time"]; t != "" {
				p += ", " + t
			}
			parts = append(parts, p)
		} else if bi.Main.Version == "" || bi.Main.Version == "(devel)" {
			parts = append(parts, "no module version or VCS revision in the build info")
		}
	}
	goVersion := runtime.Version()
	if ok && bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	parts = append(parts, goVersion+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return fmt.Sprintf("authlint %s (%s)", version(), strings.Join(parts, "; "))
}

func newVersionCmd(env *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print authlint's version, VCS revision and Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi, ok := debug.ReadBuildInfo()
			_, err := fmt.Fprintln(env.stdout, versionLine(bi, ok))
			return err
		},
	}
}
