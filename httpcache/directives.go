package httpcache

import (
	"strings"
	"time"

	"github.com/authlint/authlint/internal/ascii"
)

// maxDeltaSeconds is the value a cache must use for a delta-seconds value it
// cannot represent: 2^31 (RFC 9111 §1.2.2).
const maxDeltaSeconds = 1 << 31

// Directive is one cache directive: a lower-case name and, when the directive
// had "=", its argument with any quoted-string unquoted.
type Directive struct {
	Name     string
	Value    string
	HasValue bool
}

// Directives is a parsed Cache-Control (or targeted or surrogate) field: every
// directive in field order, duplicates included. The zero value is an empty
// field.
type Directives struct {
	list []Directive
}

// List returns the directives in field order. The slice must not be modified.
func (d Directives) List() []Directive { return d.list }

// Len returns the number of directives, duplicates included.
func (d Directives) Len() int { return len(d.list) }

// Has reports whether the directive name (case-insensitive) is present, with
// or without an argument.
func (d Directives) Has(name string) bool {
	_, ok := d.first(name)
	return ok
}

// Value returns the argument of the first occurrence of name, and whether
// that occurrence had one (RFC 9111 §4.2.1 allows using the first occurrence
// of a repeated directive).
func (d Directives) Value(name string) (string, bool) {
	x, ok := d.first(name)
	if !ok || !x.HasValue {
		return "", false
	}
	return x.Value, true
}

// Seconds returns the first occurrence of name read as delta-seconds (RFC 9111
// §1.2.2): 1*DIGIT, in token or quoted-string form, saturating at 2^31
// seconds. ok is false when the directive is absent or its argument is not a
// valid delta-seconds (missing, negative, decimal, junk); use Has to tell the
// two apart: present-but-invalid freshness makes a response stale (RFC 9111
// §4.2.1).
func (d Directives) Seconds(name string) (time.Duration, bool) {
	v, ok := d.Value(name)
	if !ok {
		return 0, false
	}
	n, ok := parseDigits(v, maxDeltaSeconds)
	if !ok {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

// Fields returns the field names listed in the arguments of every occurrence
// of name, for the qualified forms private="..." and no-cache="..." (RFC 9111
// §5.2.2.4, §5.2.2.7): lower-cased, trimmed, without empties or duplicates,
// in order of appearance.
func (d Directives) Fields(name string) []string {
	var out []string
	for _, x := range d.list {
		if !x.HasValue || !ascii.EqualFold(x.Name, name) {
			continue
		}
		splitList(x.Value, func(f string) bool {
			f = ascii.Lower(f)
			for _, seen := range out {
				if seen == f {
					return true
				}
			}
			out = append(out, f)
			return true
		})
	}
	return out
}

// Unqualified reports whether name occurs without a field-name list: bare
// ("private"), or with an argument that lists no field (private=""). This is
// the form of private that forbids shared caches from storing the response
// and the form of no-cache that requires revalidation of the whole response.
func (d Directives) Unqualified(name string) bool {
	for _, x := range d.list {
		if !ascii.EqualFold(x.Name, name) {
			continue
		}
		if !x.HasValue {
			return true
		}
		empty := true
		splitList(x.Value, func(string) bool { empty = false; return false })
		if empty {
			return true
		}
	}
	return false
}

// Conflicting reports whether name occurs more than once with different
// arguments (RFC 9111 §4.2.1: either the first occurrence is used or the
// response is considered stale; this package uses the first occurrence).
func (d Directives) Conflicting(name string) bool {
	first, ok := d.first(name)
	if !ok {
		return false
	}
	seen := false
	for _, x := range d.list {
		if !ascii.EqualFold(x.Name, name) {
			continue
		}
		if !seen {
			seen = true
			continue
		}
		if x.HasValue != first.HasValue || x.Value != first.Value {
			return true
		}
	}
	return false
}

// String returns the canonical form: lower-case names in field order joined
// with ", ", arguments as tokens when they are tokens and as quoted-strings
// otherwise. ParseCacheControl(d.String()) yields d again.
func (d Directives) String() string {
	var b strings.Builder
	for i, x := range d.list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x.Name)
		if x.HasValue {
			b.WriteByte('=')
			writeArgument(&b, x.Value)
		}
	}
	return b.String()
}

func (d Directives) first(name string) (Directive, bool) {
	for _, x := range d.list {
		if ascii.EqualFold(x.Name, name) {
			return x, true
		}
	}
	return Directive{}, false
}

// writeArgument writes v as a token when it is one, else as a quoted-string.
func writeArgument(b *strings.Builder, v string) {
	if isToken(v) {
		b.WriteString(v)
		return
	}
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
}
