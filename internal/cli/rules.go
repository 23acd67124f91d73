package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/fatih/color"
	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/doctext"
	"github.com/authlint/authlint/rules"
)

func newRulesCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules: ID, default severity, category and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all := rules.All()
			switch format {
			case "text":
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tCATEGORY\tTITLE")
				for _, r := range all {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Category, r.Title)
				}
				return tw.Flush()
			case "json":
				type row struct {
					ID       string         `json:"id"`
					Severity rules.Severity `json:"severity"`
					Category rules.Category `json:"category"`
					Title    string         `json:"title"`
					Since    string         `json:"since"`
				}
				var rows []row
				for _, r := range all {
					rows = append(rows, row{r.ID, r.Severity, r.Category, r.Title, r.Since})
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			return usage(fmt.Errorf("unknown format %q (want text or json)", format))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

// explainWidth is the column explain wraps rule texts at.
const explainWidth = 80

func newExplainCmd(e *env) *cobra.Command {
	var noColor bool
	cmd := &cobra.Command{
		Use:   "explain RULE-ID",
		Short: "Explain a rule: what it finds, why it breaks login, and the fix",
		Long: "Explain prints a rule's documentation for the terminal: the text of docs/rules.md, wrapped at " +
			fmt.Sprint(explainWidth) + " columns, code in colour on a terminal (never with --no-color or NO_COLOR set).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := rules.ByID(args[0])
			if !ok {
				return usage(fmt.Errorf("unknown rule %q (run 'authlint rules' for the list)", args[0]))
			}
			_, err := fmt.Fprint(e.stdout, explain(r, !noColor && colorAllowed(e, e.stdout)))
			return err
		},
	}
	cmd.Flags().BoolVar(&noColor, "no-color", false, "never colour the output (colour is used only on a terminal, and never when NO_COLOR is set)")
	return cmd
}

// explain renders a rule for the terminal: its ID and title, its metadata,
// the Doc and the Fix (see internal/doctext), wrapped, coloured when on.
func explain(r *rules.Rule, on bool) string {
	mkS := func(attrs ...color.Attribute) func(string) string {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return func(s string) string { return c.Sprint(s) }
	}
	bold := mkS(color.Bold)
	st := doctext.Style{Code: mkS(color.FgCyan), Strong: bold, Emphasis: mkS(color.Italic), Link: mkS(color.Underline)}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", bold(r.ID), r.Title)
	fmt.Fprintf(&b, "severity: %s (at most)   category: %s   since: %s\n\n", r.Severity, r.Category, r.Since)
	fmt.Fprintf(&b, "%s\n\n%s\n%s\n", r.DocText().Text(explainWidth, st), bold("Fix:"), r.FixText().Text(explainWidth, st))
	return b.String()
}
