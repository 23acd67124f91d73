package config

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/rules"
)

const schemaPath = "../docs/authlint.schema.json"

type schemaNode struct {
	Properties map[string]*schemaNode `json:"properties"`
	Items      *schemaNode            `json:"items"`
	Enum       []string               `json:"enum"`
	Defs       map[string]*schemaNode `json:"$defs"`
}

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	slices.Sort(keys)
	return keys
}

func propKeys(n *schemaNode) []string {
	var keys []string
	for k := range n.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSchemaMatchesConfig keeps docs/authlint.schema.json in step with the
// config structs, the rule IDs and the auth kinds, so editors validate
// exactly what authlint accepts.
func TestSchemaMatchesConfig(t *testing.T) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var root schemaNode
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	checks := []struct {
		where string
		node  *schemaNode
		typ   reflect.Type
	}{
		{"top level", &root, reflect.TypeFor[Config]()},
		{"rules", root.Properties["rules"], reflect.TypeFor[Rules]()},
		{"routes[]", root.Properties["routes"].Items, reflect.TypeFor[Route]()},
		{"cookies[]", root.Properties["cookies"].Items, reflect.TypeFor[Cookie]()},
		{"ignore[]", root.Properties["ignore"].Items, reflect.TypeFor[Ignore]()},
	}
	for _, c := range checks {
		if got, want := propKeys(c.node), yamlKeys(c.typ); !slices.Equal(got, want) {
			t.Errorf("schema %s has keys %v, config accepts %v", c.where, got, want)
		}
	}
	ruleIDs := root.Defs["ruleID"].Enum
	if !slices.Equal(ruleIDs, rules.IDs(rules.All())) {
		t.Errorf("schema $defs.ruleID.enum = %v, want %v", ruleIDs, rules.IDs(rules.All()))
	}
	for _, k := range root.Properties["routes"].Items.Properties["kind"].Enum {
		if _, err := auth.ParseRouteKind(k); err != nil {
			t.Errorf("schema route kind %q: %v", k, err)
		}
	}
	for _, k := range root.Properties["cookies"].Items.Properties["kind"].Enum {
		if _, err := auth.ParseCookieKind(k); err != nil {
			t.Errorf("schema cookie kind %q: %v", k, err)
		}
	}
}
