// Package config reads .authlint.yaml: extra auth routes and cookie names,
// rule selection and the default --fail-on. Unknown keys and bad values are
// errors that name the file and line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/rules"
)

// FileName is the config file authlint looks for.
const FileName = ".authlint.yaml"

// Config is the content of .authlint.yaml.
type Config struct {
	// Path is the file the config came from ("" for the zero config).
	Path string `yaml:"-"`
	// FailOn is the default --fail-on ("" when not set).
	FailOn string `yaml:"fail-on"`
	Rules  Rules  `yaml:"rules"`
	// Routes are extra auth routes of the app.
	Routes []Route `yaml:"routes"`
	// Cookies are extra session or transaction cookie names.
	Cookies []Cookie `yaml:"cookies"`
	// Ignore suppresses findings of a rule on matching URLs, with a reason.
	Ignore []Ignore `yaml:"ignore"`
	// ThirdParty reports findings about sites other than the app's too
	// (the default --third-party).
	ThirdParty bool `yaml:"third-party"`
}

// Ignore is one accepted finding pattern.
type Ignore struct {
	Rule   string `yaml:"rule"`
	URL    string `yaml:"url"`
	Reason string `yaml:"reason"`
	line   int
}

// UnmarshalYAML records the line of an ignore for error messages.
func (ig *Ignore) UnmarshalYAML(n *yaml.Node) error {
	type plain Ignore
	if err := decodeStrict(n, (*plain)(ig)); err != nil {
		return err
	}
	ig.line = n.Line
	return nil
}

// Rules selects rules.
type Rules struct {
	// Enable, when set, runs only these rules.
	Enable []string `yaml:"enable"`
	// Disable turns these rules off.
	Disable []string `yaml:"disable"`
	// Severity overrides the severity of a rule's findings.
	Severity map[string]string `yaml:"severity"`
}

// Route is one extra auth route.
type Route struct {
	// Path is exact, or a pattern with * (any run within a segment) and
	// :param segments.
	Path    string   `yaml:"path"`
	Methods []string `yaml:"methods"`
	// Kind is a route kind such as "callback", "session" or "login".
	Kind string `yaml:"kind"`
	line int
}

// Cookie is one extra cookie name.
type Cookie struct {
	// Name is exact, or a pattern with *.
	Name string `yaml:"name"`
	// Kind is "session", "transaction", "csrf", "pkce", "state", "nonce"
	// or "callback-url".
	Kind string `yaml:"kind"`
	// Chunked is how the app splits large values: "" (never), ".N" or "__N".
	Chunked string `yaml:"chunked"`
	line    int
}

// UnmarshalYAML records the line of a route for error messages.
func (r *Route) UnmarshalYAML(n *yaml.Node) error {
	type plain Route
	if err := decodeStrict(n, (*plain)(r)); err != nil {
		return err
	}
	r.line = n.Line
	return nil
}

// UnmarshalYAML records the line of a cookie for error messages.
func (c *Cookie) UnmarshalYAML(n *yaml.Node) error {
	type plain Cookie
	if err := decodeStrict(n, (*plain)(c)); err != nil {
		return err
	}
	c.line = n.Line
	return nil
}

// decodeStrict decodes a mapping node into the struct v points to,
// refusing keys that have no yaml tag in it (yaml.Node.Decode does not honour
// the decoder's KnownFields).
func decodeStrict(n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping", n.Line)
	}
	t := reflect.TypeOf(v).Elem()
	known := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			known[name] = true
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			return fmt.Errorf("line %d: unknown key %q", k.Line, k.Value)
		}
	}
	return n.Decode(v)
}

// Error is a problem in a config file.
type Error struct {
	Path string
	Line int
	Msg  string
}

// Error returns "path:line: msg".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Find looks for FileName in dir and its parents and returns its path, or ""
// when there is none.
func Find(dir string) string {
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// MaxFileSize caps the size of a config file. A real one is a few KiB; a
// larger file is refused before it is read, so that --config /dev/zero or
// a stray log file ends at once instead of filling memory.
const MaxFileSize = 1 << 20

// Load reads and validates the config at path. A file larger than
// MaxFileSize is an *Error.
func Load(path string) (*Config, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	tooLarge := &Error{Path: path, Msg: "larger than 1 MiB, the limit for a config file"}
	if st, err := fh.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge
	}
	return Parse(path, data)
}

// Parse decodes and validates a config; path is used in errors.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{Path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// yamlError turns a yaml error ("yaml: line 3: ...") into an *Error.
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if _, rest, ok := strings.Cut(msg, "line "); ok && strings.HasPrefix(msg, "line ") {
		num, after, _ := strings.Cut(rest, ":")
		fmt.Sscanf(num, "%d", &line)
		msg = strings.TrimSpace(after)
	}
	msg = strings.Replace(msg, " in type config.plain", "", 1)
	msg = strings.Replace(msg, " in type config.Config", "", 1)
	msg = strings.Replace(msg, " in type config.Rules", "", 1)
	msg = strings.Replace(msg, " in type config.Ignore", "", 1)
	return &Error{Path: path, Line: line, Msg: msg}
}

func (c *Config) validate() error {
	if c.FailOn != "" && c.FailOn != "none" {
		if _, err := rules.ParseSeverity(c.FailOn); err != nil {
			return &Error{Path: c.Path, Msg: "fail-on: " + err.Error()}
		}
	}
	if _, err := rules.Select(c.Rules.Enable, c.Rules.Disable); err != nil {
		return &Error{Path: c.Path, Msg: "rules: " + err.Error()}
	}
	if _, err := c.Catalog(); err != nil {
		return err
	}
	if _, err := c.Policy(); err != nil {
		return err
	}
	return nil
}

// Policy returns the config's ignores and severity overrides.
func (c *Config) Policy() (*rules.Policy, error) {
	p := &rules.Policy{Severity: map[string]rules.Severity{}}
	for id, name := range c.Rules.Severity {
		if _, ok := rules.ByID(id); !ok {
			return nil, &Error{Path: c.Path, Msg: fmt.Sprintf("rules.severity: unknown rule %q", id)}
		}
		sev, err := rules.ParseSeverity(name)
		if err != nil {
			return nil, &Error{Path: c.Path, Msg: "rules.severity: " + id + ": " + err.Error()}
		}
		p.Severity[id] = sev
	}
	for _, ig := range c.Ignore {
		ri := &rules.Ignore{Rule: ig.Rule, URL: ig.URL, Reason: ig.Reason, Source: fmt.Sprintf("%s:%d", c.Path, ig.line)}
		if err := ri.Validate(); err != nil {
			return nil, &Error{Path: c.Path, Line: ig.line, Msg: err.Error()}
		}
		p.Ignores = append(p.Ignores, ri)
	}
	return p, nil
}

// Catalog returns the default auth catalogue extended with the config's
// routes and cookies.
func (c *Config) Catalog() (*auth.Catalog, error) {
	var routes []auth.RouteRule
	for _, r := range c.Routes {
		kind, err := auth.ParseRouteKind(r.Kind)
		if err != nil {
			return nil, &Error{Path: c.Path, Line: r.line, Msg: "routes: " + err.Error()}
		}
		routes = append(routes, auth.RouteRule{Path: r.Path, Methods: r.Methods, Kind: kind})
	}
	var cookies []auth.CookieRule
	for _, ck := range c.Cookies {
		kind, err := auth.ParseCookieKind(ck.Kind)
		if err != nil {
			return nil, &Error{Path: c.Path, Line: ck.line, Msg: "cookies: " + err.Error()}
		}
		cookies = append(cookies, auth.CookieRule{Name: ck.Name, Kind: kind, Chunked: ck.Chunked})
	}
	cat, err := auth.Default().With(routes, cookies)
	if err != nil {
		return nil, &Error{Path: c.Path, Msg: err.Error()}
	}
	return cat, nil
}
