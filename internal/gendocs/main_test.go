package main

import (
	"bytes"
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
