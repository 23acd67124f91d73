package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// sameFile reports whether paths a and b name the same file: the same
// cleaned absolute path, or, for files that exist, the same inode (a link,
// or another spelling of the path).
func sameFile(a, b string) bool {
	if a == "" || b == "" || a == "-" || b == "-" {
		return false
	}
	if aa, err := filepath.Abs(a); err == nil {
		if bb, err := filepath.Abs(b); err == nil && aa == bb {
			return true
		}
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// checkOutputs refuses a run that would write two reports (or a report and
// the baseline) to one file, or overwrite a file it reads: a HAR, the
// config, the baseline or a secret file. outs are the named outputs ("flag
// value" -> path), ins the files read.
func checkOutputs(outs [][2]string, ins [][2]string) error {
	for i, o := range outs {
		if o[1] == "" {
			continue
		}
		for _, in := range ins {
			if sameFile(o[1], in[1]) {
				return fmt.Errorf("%s would overwrite %s %s, which this run reads", o[0], in[0], in[1])
			}
		}
		for _, p := range outs[:i] {
			if sameFile(o[1], p[1]) {
				return fmt.Errorf("%s and %s would write to the same file %s", p[0], o[0], o[1])
			}
		}
	}
	return nil
}

// namedOutputs lists the files a run writes, each with the flag that names
// it, for checkOutputs.
func (s *settings) namedOutputs() [][2]string {
	var outs [][2]string
	for _, o := range s.outputs {
		if o.path != "" {
			outs = append(outs, [2]string{o.flag, o.path})
		}
	}
	if s.baseline != "" {
		outs = append(outs, [2]string{"--write-baseline", s.baseline})
	}
	return outs
}

// writeFileAtomic writes a file through write so that it is complete or
// absent: into a temporary file in the same folder, synced, then renamed
// over path. On any error path is left as it was. A symbolic link is
// followed (the file it names is replaced, the link stays), and a path that
// exists and is not a regular file (/dev/stdout, a named pipe) is written
// in place.
func writeFileAtomic(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(fh)
		err = write(bw)
		return errors.Join(err, bw.Flush(), fh.Close())
	} else if err == nil {
		perm = st.Mode().Perm() // keep the mode of the file it replaces
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
