package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Backup writes dir/database.dump (pg_dump --format=custom of the database at dsn) and
// dir/manifest.json. The row counts and the dump come from one snapshot (pg_export_snapshot
// in a repeatable-read transaction handed to pg_dump --snapshot), so they agree even while
// the site is in use. dir must be new or empty: a backup never overwrites another.
func Backup(ctx context.Context, db *bun.DB, dsn, dir string) (*Manifest, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck
	var snapshot string
	if err := tx.NewRaw(`SELECT pg_export_snapshot()`).Scan(ctx, &snapshot); err != nil {
		return nil, err
	}
	m := &Manifest{Version: Format, App: "cpca", CreatedAt: time.Now().UTC(), Dump: DumpFile}
	if m.Migration, m.Migrations, err = level(ctx, tx); err != nil {
		return nil, err
	}
	if m.Rows, err = counts(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.NewRaw(`SELECT current_database(), current_setting('server_version')`).Scan(ctx, &m.Database, &m.Server); err != nil {
		return nil, err
	}
	if m.PgDump, err = version(ctx, "pg_dump"); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, DumpFile)
	if err := run(ctx, dsn, "pg_dump", "--format=custom", "--snapshot="+snapshot, "--file="+path); err != nil {
		return nil, err
	}
	if m.SHA256, m.DumpBytes, err = digest(path); err != nil {
		return nil, err
	}
	if err := writeManifest(dir, m); err != nil {
		return nil, err
	}
	return m, tx.Commit()
}

// emptyDir creates dir, or accepts it when it exists and is empty.
func emptyDir(dir string) error {
	if dir == "" {
		return errors.New("backup: no directory given (--out DIR)")
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("backup: %s is not empty; give a new directory for each backup", dir)
	}
	return nil
}

func digest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// version is the first line of `tool --version`, and says when the tool is missing.
func version(ctx context.Context, tool string) (string, error) {
	out, err := exec.CommandContext(ctx, tool, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s not found or not working (install postgresql-client of the server's major version: bash .ci/deps runtime): %w", tool, err)
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]), nil
}

// run runs a PostgreSQL client tool against dsn. The password, if the URL has one, goes in
// PGPASSWORD rather than on the command line, where ps would show it.
func run(ctx context.Context, dsn, tool string, args ...string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, tool, append(args, "--dbname="+u.String())...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(string(out)))
	}
	return nil
}
