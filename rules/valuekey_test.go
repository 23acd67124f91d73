package rules

import (
	"strconv"
	"strings"
	"testing"
)

func TestKeyOf(t *testing.T) {
	if keyOf("a", "bc") == keyOf("ab", "c") || keyOf("", "abc") == keyOf("abc", "") {
		t.Error("the name and value boundary is not part of the key")
	}
	if a, b := keyOf("__session", "v1"), keyOf("__session", strings.Clone("v1")); a != b {
		t.Error("a key is not stable")
	}
	seen := map[valueKey]bool{}
	for i := range 100000 {
		k := keyOf("__session", strconv.Itoa(i))
		if seen[k] {
			t.Fatalf("collision at %d", i)
		}
		seen[k] = true
	}
}
