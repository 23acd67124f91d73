package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Select returns the rules to run: all of them when only is empty, else the
// ones named in only; then minus the ones named in disable. Unknown IDs are
// an error that lists the known ones.
func Select(only, disable []string) ([]*Rule, error) {
	all := All()
	known := map[string]*Rule{}
	for _, r := range all {
		known[r.ID] = r
	}
	check := func(ids []string) error {
		for _, id := range ids {
			if _, ok := known[id]; !ok {
				return fmt.Errorf("unknown rule %q (known: %s)", id, strings.Join(IDs(all), ", "))
			}
		}
		return nil
	}
	if err := check(only); err != nil {
		return nil, err
	}
	if err := check(disable); err != nil {
		return nil, err
	}
	var out []*Rule
	for _, r := range all {
		if len(only) > 0 && !contains(only, r.ID) {
			continue
		}
		if contains(disable, r.ID) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// IDs returns the IDs of rs, in order.
func IDs(rs []*Rule) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
