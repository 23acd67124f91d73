package sanitize

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// mappedRSS returns the resident bytes of the mapping that starts at p,
// from /proc/self/smaps.
func mappedRSS(t *testing.T, p unsafe.Pointer) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", uintptr(p))
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) > 0 && !strings.HasSuffix(f[0], ":") {
			in = strings.HasPrefix(line, start) // the first line of a mapping
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			kb, err := strconv.Atoi(strings.Fields(line)[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no mapping at %x in /proc/self/smaps", uintptr(p))
	return 0
}

// TestMappingStaysSmall: after a walk over a mapped file of 48 MiB, only
// the pages near its end are still resident in the mapping.
func TestMappingStaysSmall(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"log":{"entries":[`)
	body := strings.Repeat("iVBORw0KGgo", 4000)
	for i := 0; b.Len() < 48<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"request":{"headers":[{"name":"Cookie","value":"sid=Sess10nValue42"}]},"response":{"content":{"mimeType":"image/png","encoding":"base64","text":"` + body + `"}}}`)
	}
	b.WriteString(`]}}`)
	path := filepath.Join(t.TempDir(), "big.har")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := FileSource(path)()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m, ok := r.(*mapping)
	if !ok {
		t.Fatal("the file is not mapped")
	}
	if err := newWalker(m, nil, &scrubber{mode: modeLearn, l: newLearned()}).run(); err != nil {
		t.Fatal(err)
	}
	const bound = slideStep + windowSize + releaseStep + releaseLag + 1<<20
	if rss := mappedRSS(t, unsafe.Pointer(&m.data[0])); rss > bound {
		t.Errorf("%d MiB of the 48 MiB mapping are resident after the walk, want at most %d MiB", rss>>20, bound>>20)
	}
}
