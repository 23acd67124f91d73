package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newManCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write man pages for authlint and its subcommands to DIR",
		Long: `Write a man page (section 1) for authlint and for each subcommand to DIR, for
packagers: authlint.1, authlint-analyze.1, ... View one with man -l DIR/authlint.1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			root := cmd.Root()
			for _, c := range append([]*cobra.Command{root}, root.Commands()...) {
				if !c.IsAvailableCommand() && c != root || c.Name() == "help" {
					continue
				}
				name := strings.ReplaceAll(c.CommandPath(), " ", "-")
				path := filepath.Join(dir, name+".1")
				if err := os.WriteFile(path, []byte(manPage(c)), 0o644); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, path)
			}
			return nil
		},
	}
}

// manPage renders one command as roff (man(7) macros).
func manPage(c *cobra.Command) string {
	var b strings.Builder
	title := strings.ToUpper(strings.ReplaceAll(c.CommandPath(), " ", "-"))
	fmt.Fprintf(&b, ".TH %s 1 \"\" \"authlint %s\" \"authlint manual\"\n", title, roff(version()))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roff(strings.ReplaceAll(c.CommandPath(), " ", "-")), roff(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n", roff(c.UseLine()))
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	fmt.Fprintf(&b, ".SH DESCRIPTION\n%s\n", paragraphs(desc))
	var flags []string
	c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		name := "\\-\\-" + roff(f.Name)
		if f.Shorthand != "" {
			name = "\\-" + f.Shorthand + ", " + name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			name += " " + roff(varname)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			usage += " (default " + f.DefValue + ")"
		}
		flags = append(flags, fmt.Sprintf(".TP\n.B %s\n%s\n", name, roff(usage)))
	})
	if len(flags) > 0 {
		b.WriteString(".SH OPTIONS\n" + strings.Join(flags, ""))
	}
	if c.Example != "" {
		fmt.Fprintf(&b, ".SH EXAMPLES\n.nf\n%s\n.fi\n", roff(c.Example))
	}
	if c == c.Root() {
		b.WriteString(".SH EXIT STATUS\n0 no finding at or above \\-\\-fail\\-on; 1 findings at or above it; 2 bad flags or config; 3 unreadable input or internal error.\n")
	}
	var see []string
	for _, sub := range c.Root().Commands() {
		if sub.IsAvailableCommand() && sub != c && sub.Name() != "help" {
			see = append(see, fmt.Sprintf("%s(1)", strings.ReplaceAll(sub.CommandPath(), " ", "-")))
		}
	}
	if c != c.Root() {
		see = append([]string{"authlint(1)"}, see...)
	}
	fmt.Fprintf(&b, ".SH SEE ALSO\n%s\n", roff(strings.Join(see, ", ")))
	return b.String()
}

// paragraphs turns blank-line separated text into roff paragraphs.
func paragraphs(s string) string {
	parts := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range parts {
		parts[i] = roff(strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(parts, "\n.PP\n")
}

// roff escapes text for roff: backslashes, hyphens, and lines that would
// start with a control character.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
