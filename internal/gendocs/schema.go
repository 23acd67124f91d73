package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"
	"text/template"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/rules"
)

// schemaTemplate is docs/authlint.schema.json with its derived lists (rule
// IDs, severities, route and cookie kinds) left to the code that owns them.
//
//go:embed schema.json.tmpl
var schemaTemplate string

// renderSchema returns the content of docs/authlint.schema.json.
func renderSchema() ([]byte, error) {
	var sevs []string
	for _, s := range rules.Severities() {
		sevs = append(sevs, s.String())
	}
	funcs := template.FuncMap{
		"json": func(list []string) (string, error) {
			b, err := json.Marshal(list)
			// One line, ", " between items, as the schema is written.
			return strings.ReplaceAll(string(b), `","`, `", "`), err
		},
		"append":      func(list []string, more ...string) []string { return append(append([]string(nil), list...), more...) },
		"severities":  func() []string { return sevs },
		"ruleIDs":     func() []string { return rules.IDs(rules.All()) },
		"routeKinds":  auth.RouteKindNames,
		"cookieKinds": auth.CookieKindNames,
	}
	t, err := template.New("schema").Funcs(funcs).Parse(schemaTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, nil); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
