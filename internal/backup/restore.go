package backup

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/uptrace/bun"
)

// Check reads dir's manifest and verifies the dump against it (size and sha256) and against
// this binary (the migration level must be one it knows: a backup of a newer version is
// restored with that version).
func Check(dir string) (*Manifest, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	sum, n, err := digest(filepath.Join(dir, m.Dump))
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", dir, err)
	}
	if n != m.DumpBytes || sum != m.SHA256 {
		return nil, fmt.Errorf("backup %s: %s does not match its manifest (sha256 %s, %d bytes; manifest %s, %d bytes): damaged or replaced",
			dir, m.Dump, sum, n, m.SHA256, m.DumpBytes)
	}
	if !known()[m.Migration] {
		return nil, fmt.Errorf("backup %s: made at migration %s, which this cpca does not have; restore it with the version that made it", dir, m.Migration)
	}
	return m, nil
}

// Options change how Restore restores.
type Options struct {
	// NoPrivileges skips the dump's GRANTs (to cpca_app, see README "Running without a
	// superuser"): for a server where those roles do not exist. The restoring role owns every
	// object either way (--no-owner).
	NoPrivileges bool
}

// Restore checks dir and restores it into target (db connected to the database at dsn),
// which must be empty: restore never overwrites a database in use. pg_restore runs in one
// transaction, so a failure leaves target empty. Afterwards the migration level and the row
// counts must equal the manifest's.
func Restore(ctx context.Context, dir string, target *bun.DB, dsn string, o Options) (*Manifest, error) {
	m, err := Check(dir)
	if err != nil {
		return nil, err
	}
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
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction"}
	if o.NoPrivileges {
		args = append(args, "--no-privileges")
	}
	if err := run(ctx, dsn, "pg_restore", append(args, filepath.Join(dir, m.Dump))...); err != nil {
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
