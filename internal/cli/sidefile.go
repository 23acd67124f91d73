package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/authlint/authlint/har"
)

// Caps on the side files a run reads besides its HARs. Each is far above
// what a real file holds, and low enough that reading one, or /dev/zero by
// mistake, costs no noticeable time or memory. config.MaxFileSize caps the
// config file.
const (
	// A baseline holds about 200 bytes per accepted finding; an earlier
	// JSON report more. 16 MiB is tens of thousands of findings.
	maxBaselineFile = 16 << 20
	// A secret file holds a few secrets of 32 to 64 bytes.
	maxSecretFile = 64 << 10
	// A cookies.txt exported from a browser profile is rarely over 100 KiB.
	maxCookieFile = 1 << 20
	// maxSecrets caps the secrets tried on each session cookie: every
	// one costs a key derivation and a decryption attempt per cookie.
	maxSecrets = 100
)

// readSideFile reads the file named by a flag, refusing one larger than
// limit bytes without reading further (a regular file by its size, a device
// or pipe at the first byte beyond the limit). Errors name the flag, the
// file and the limit; what names the kind of file ("baseline").
func readSideFile(flag, path, what string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	defer fh.Close()
	tooLarge := fmt.Errorf("%s %s: larger than %s, the limit for a %s", flag, path, har.Size(limit), what)
	size := limit + 1
	if st, err := fh.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > limit {
			return nil, tooLarge
		}
		size = st.Size() + 1 // room to see that the file ends
	}
	// One buffer of the final size: reading /dev/zero costs limit bytes,
	// not the doubling of a growing buffer.
	buf := make([]byte, size)
	n, err := io.ReadFull(io.LimitReader(fh, limit+1), buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	if int64(n) > limit {
		return nil, tooLarge
	}
	return buf[:n], nil
}
