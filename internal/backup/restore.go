package backup

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/uptrace/bun"
)

// Check reads the backup file at path: its manifest, then the dump against it (size and
// sha256), and the manifest against this binary (the migration level must be one it knows: a
// backup of a newer version is restored with that version).
func Check(path string) (*Manifest, error) {
	a, err := open(path)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return a.m, a.copyDump(path, io.Discard)
}

// open opens the backup file at path and checks its manifest against this binary.
func open(path string) (*archive, error) {
	a, err := openArchive(path)
	if err != nil {
		return nil, err
	}
	if !known()[a.m.Migration] {
		a.Close()
		return nil, fmt.Errorf("backup %s: made at migration %s, which this cpca does not have; restore it with the version that made it", path, a.m.Migration)
	}
	return a, nil
}

// Options change how Restore restores.
type Options struct {
	// NoPrivileges skips the dump's GRANTs (to cpca_app, see README "Running without a
	// superuser"): for a server where those roles do not exist. The restoring role owns every
	// object either way (--no-owner).
	NoPrivileges bool
}

// Restore checks the backup file at path and restores it into target (db connected to the
// database at dsn), which must be empty: restore never overwrites a database in use. The dump
// is copied to a temporary file (in TMPDIR, which needs room for it) while its sha256 is
// checked, and only a dump that matches its manifest is given to pg_restore. pg_restore runs
// in one transaction, so a failure leaves target empty. Afterwards the migration level and
// the row counts must equal the manifest's.
func Restore(ctx context.Context, path string, target *bun.DB, dsn string, o Options) (*Manifest, error) {
	a, err := open(path)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	m := a.m
	var tables int
	if err := target.NewRaw(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(ctx, &tables); err != nil {
		return nil, err
	}
	if tables > 0 {
		return nil, fmt.Errorf("restore: the target database has %d tables; restore into a new, empty database", tables)
	}
	if _, err := version(ctx, "pg_restore"); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "cpca-restore-*.dump")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	err = a.copyDump(path, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction"}
	if o.NoPrivileges {
		args = append(args, "--no-privileges")
	}
	if err := run(ctx, dsn, "pg_restore", append(args, tmp.Name())...); err != nil {
		return nil, err
	}
	mig, n, err := level(ctx, target)
	if err != nil {
		return nil, err
	}
	if mig != m.Migration || n != m.Migrations {
		return nil, fmt.Errorf("restore: migration level %s (%d) after restoring, manifest says %s (%d)", mig, n, m.Migration, m.Migrations)
	}
	got, err := counts(ctx, target)
	if err != nil {
		return nil, err
	}
	if d := diffRows(m.Rows, got); len(d) > 0 {
		return nil, fmt.Errorf("restore: row counts differ from the manifest: %s", strings.Join(d, "; "))
	}
	return m, nil
}
