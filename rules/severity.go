package rules

import (
	"fmt"
	"strings"
)

// Severity ranks how badly a finding breaks login or leaks a session.
type Severity int

// Severities, from least to most severe. The zero value is not a severity.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{Info: "info", Low: "low", Medium: "medium", High: "high", Critical: "critical"}

// Severities lists every severity from least to most severe.
func Severities() []Severity { return []Severity{Info, Low, Medium, High, Critical} }

// String returns the lower-case name ("high").
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity parses a lower-case severity name.
func ParseSeverity(name string) (Severity, error) {
	for s := Info; s <= Critical; s++ {
		if strings.EqualFold(name, severityNames[s]) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, low, medium, high or critical)", name)
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Raise returns s moved up by n levels, capped at Critical.
func (s Severity) Raise(n int) Severity { return min(s+Severity(n), Critical) }

// Lower returns s moved down by n levels, floored at Info.
func (s Severity) Lower(n int) Severity { return max(s-Severity(n), Info) }
