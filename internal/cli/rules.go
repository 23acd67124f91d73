package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

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

func newExplainCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE-ID",
		Short: "Explain a rule: what it finds, why it breaks login, and the fix",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := rules.ByID(args[0])
			if !ok {
				return usage(fmt.Errorf("unknown rule %q (run 'authlint rules' for the list)", args[0]))
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
			fmt.Fprintf(&b, "severity: %s (at most)   category: %s   since: %s\n\n", r.Severity, r.Category, r.Since)
			fmt.Fprintf(&b, "%s\n\nFix:\n%s\n", strings.TrimSpace(r.Doc), strings.TrimSpace(r.Fix))
			_, err := fmt.Fprint(e.stdout, b.String())
			return err
		},
	}
}
