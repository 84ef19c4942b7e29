package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Backup writes one backup file (archive.go) of the database at dsn and returns its path:
// into the directory out under Name, or the file out (see outPath); never over an existing
// file. The row counts and the dump come from one snapshot (pg_export_snapshot in a
// repeatable-read transaction handed to pg_dump --snapshot), so they agree even while the site
// is in use. The dump is written beside the backup first (so that directory needs room for
// the dump twice, for a moment) and removed once the backup file is complete.
func Backup(ctx context.Context, db *bun.DB, dsn, out string) (string, *Manifest, error) {
	path, err := outPath(out, time.Now())
	if err != nil {
		return "", nil, err
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return "", nil, err
	}
	defer tx.Rollback() //nolint:errcheck
	var snapshot string
	if err := tx.NewRaw(`SELECT pg_export_snapshot()`).Scan(ctx, &snapshot); err != nil {
		return "", nil, err
	}
	m := &Manifest{Version: Format, App: "cpca", CreatedAt: time.Now().UTC(), Dump: DumpFile}
	if m.Migration, m.Migrations, err = level(ctx, tx); err != nil {
		return "", nil, err
	}
	if m.Rows, err = counts(ctx, tx); err != nil {
		return "", nil, err
	}
	if err := tx.NewRaw(`SELECT current_database(), current_setting('server_version')`).Scan(ctx, &m.Database, &m.Server); err != nil {
		return "", nil, err
	}
	if m.PgDump, err = version(ctx, "pg_dump"); err != nil {
		return "", nil, err
	}
	dump := path + ".dump.partial"
	defer os.Remove(dump)
	if err := run(ctx, dsn, "pg_dump", "--format=custom", "--snapshot="+snapshot, "--file="+dump); err != nil {
		return "", nil, err
	}
	if m.SHA256, m.DumpBytes, err = digest(dump); err != nil {
		return "", nil, err
	}
	if err := writeArchive(path, m, dump); err != nil {
		return "", nil, err
	}
	return path, m, tx.Commit()
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
