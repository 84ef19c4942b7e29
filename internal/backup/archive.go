package backup

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// A backup is one file: a tar archive holding manifest.json first and then the dump, so a
// restore reads what the dump is before it reads the dump, and one file is what gets copied,
// kept and deleted. The dump is pg_dump's custom format, already compressed, so the tar is not.

// Ext is the backup file's extension; Name is the file name Backup gives a backup in a
// directory.
const Ext = ".tar"

// Name is the file name of a backup made at t: cpca-backup-20261201T030000Z.tar.
func Name(t time.Time) string { return "cpca-backup-" + t.UTC().Format("20060102T150405Z") + Ext }

// outPath is where Backup writes given --out: into a directory (made if missing when out ends
// in a slash or has no extension) under Name, or the file out itself. An existing file is
// refused: a backup never overwrites another.
func outPath(out string, now time.Time) (string, error) {
	if out == "" {
		out = "."
	}
	fi, err := os.Stat(out)
	switch {
	case err == nil && fi.IsDir():
		out = filepath.Join(out, Name(now))
	case err == nil:
		return "", fmt.Errorf("backup: %s exists; a backup never overwrites another", out)
	case !errors.Is(err, os.ErrNotExist):
		return "", err
	case filepath.Ext(out) == "" || os.IsPathSeparator(out[len(out)-1]):
		if err := os.MkdirAll(out, 0o700); err != nil {
			return "", err
		}
		out = filepath.Join(out, Name(now))
	}
	if _, err := os.Stat(out); err == nil {
		return "", fmt.Errorf("backup: %s exists; a backup never overwrites another", out)
	}
	return out, nil
}

// writeArchive writes the backup file at path from the manifest and the dump file: to
// path.partial first, synced and then renamed, so a backup cut short never has the final name.
func writeArchive(path string, m *Manifest, dump string) (err error) {
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	tw := tar.NewWriter(f)
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	mb = append(mb, '\n')
	if err := tw.WriteHeader(&tar.Header{Name: ManifestFile, Mode: 0o600, Size: int64(len(mb)), ModTime: m.CreatedAt, Format: tar.FormatPAX}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	d, err := os.Open(dump)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := tw.WriteHeader(&tar.Header{Name: m.Dump, Mode: 0o600, Size: m.DumpBytes, ModTime: m.CreatedAt, Format: tar.FormatPAX}); err != nil {
		return err
	}
	if _, err := io.Copy(tw, d); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// archive is an open backup file, read up to the start of its dump.
type archive struct {
	f  *os.File
	tr *tar.Reader
	m  *Manifest
}

// openArchive opens the backup file at path and reads its manifest (the first entry), and the
// header of the dump (the second), which must be the file the manifest names, of its size.
func openArchive(path string) (*archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", path, err)
	}
	a := &archive{f: f, tr: tar.NewReader(f)}
	if err := a.head(path); err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

func (a *archive) head(path string) error {
	h, err := a.tr.Next()
	if err != nil || h.Name != ManifestFile || h.Size > 1<<20 {
		return fmt.Errorf("backup %s: not a cpca backup (its first entry is not %s)", path, ManifestFile)
	}
	b, err := io.ReadAll(a.tr)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if a.m, err = parseManifest(path, b); err != nil {
		return err
	}
	h, err = a.tr.Next()
	if err != nil || h.Name != a.m.Dump {
		return fmt.Errorf("backup %s: the dump %s named by the manifest is not the next entry: cut short or not a cpca backup", path, a.m.Dump)
	}
	if h.Size != a.m.DumpBytes {
		return fmt.Errorf("backup %s: the dump has %d bytes, its manifest says %d: damaged or replaced", path, h.Size, a.m.DumpBytes)
	}
	return nil
}

// copyDump copies the dump to w and checks its size and sha256 against the manifest.
func (a *archive) copyDump(path string, w io.Writer) error {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), a.tr)
	if err != nil {
		return fmt.Errorf("backup %s: reading the dump: %w (cut short?)", path, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != a.m.DumpBytes || sum != a.m.SHA256 {
		return fmt.Errorf("backup %s: %s does not match its manifest (sha256 %s, %d bytes; manifest %s, %d bytes): damaged or replaced",
			path, a.m.Dump, sum, n, a.m.SHA256, a.m.DumpBytes)
	}
	return nil
}

func (a *archive) Close() error { return a.f.Close() }
