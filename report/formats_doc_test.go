package report

import (
	"os"
	"strings"
	"testing"
)

// TestFormatsDocumented: every format ByName accepts is in the table of
// docs/formats.md.
func TestFormatsDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/formats.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, name := range Formats() {
		if !strings.Contains(doc, "| `"+name+"` |") && !strings.Contains(doc, "| [`"+name+"`](#"+name+") |") {
			t.Errorf("docs/formats.md does not list the %s format", name)
		}
	}
}
