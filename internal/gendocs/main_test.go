package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestRulesDocUpToDate fails when docs/rules.md differs from what the rules'
// metadata and fixtures produce.
func TestRulesDocUpToDate(t *testing.T) {
	want, err := render("../..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatalf("docs/rules.md: %v (run go generate ./...)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("docs/rules.md is stale; run go generate ./...")
	}
}

func TestSchemaUpToDate(t *testing.T) {
	want, err := renderSchema()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/authlint.schema.json")
	if err != nil {
		t.Fatalf("docs/authlint.schema.json: %v (run go generate ./...)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("docs/authlint.schema.json is stale; run go generate ./...")
	}
	var v any
	if err := json.Unmarshal(want, &v); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
}
