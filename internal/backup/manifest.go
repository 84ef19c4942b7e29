// Package backup is `cpca backup` and `cpca restore`: one file (a tar, archive.go) holding a
// manifest that says what the dump is, so a restore can check it before and after, and a
// pg_dump of the whole database in the custom format (uploaded files live in PostgreSQL, so
// they are in it).
package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"cpca/migrations"

	"github.com/uptrace/bun"
)

// Format is the manifest's version; a restore refuses a manifest it does not know.
const Format = 1

// Names of the two entries of a backup file, in this order.
const (
	ManifestFile = "manifest.json"
	DumpFile     = "database.dump"
)

// KeyTables are counted in the manifest: a restore that loses rows of one of them fails.
var KeyTables = []string{"users", "companies", "applications", "dues", "certificates", "files",
	"emails", "sms_messages", "audit_log", "bun_migrations"}

// Manifest describes one backup.
type Manifest struct {
	Version    int              `json:"version"`
	App        string           `json:"app"`
	CreatedAt  time.Time        `json:"created_at"`
	Database   string           `json:"database"`   // the source database's name
	Server     string           `json:"server"`     // PostgreSQL server_version
	PgDump     string           `json:"pg_dump"`    // pg_dump --version
	Migration  string           `json:"migration"`  // the last migration applied
	Migrations int              `json:"migrations"` // how many are applied
	Dump       string           `json:"dump"`       // entry name of the dump, after the manifest
	DumpBytes  int64            `json:"dump_bytes"` // its size
	SHA256     string           `json:"sha256"`     // its hex sha256
	Rows       map[string]int64 `json:"rows"`       // row counts of KeyTables, in the dump's snapshot
}

// parseManifest reads the manifest of the backup at path and refuses one this cpca does not
// know.
func parseManifest(path string, b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("backup %s: %s is not a manifest: %w", path, ManifestFile, err)
	}
	if m.Version != Format || m.App != "cpca" {
		return nil, fmt.Errorf("backup %s: manifest version %d of %q; this cpca reads version %d", path, m.Version, m.App, Format)
	}
	if m.Dump == "" || strings.ContainsAny(m.Dump, `/\`) || m.Dump == ManifestFile {
		return nil, fmt.Errorf("backup %s: the manifest names no dump file", path)
	}
	return &m, nil
}

// level is the migration state of db: the last applied migration's name and the count.
func level(ctx context.Context, db bun.IDB) (string, int, error) {
	var names []string
	if err := db.NewRaw(`SELECT name FROM bun_migrations ORDER BY name`).Scan(ctx, &names); err != nil {
		return "", 0, fmt.Errorf("migration level: %w", err)
	}
	if len(names) == 0 {
		return "", 0, errors.New("the database has no migrations applied")
	}
	return names[len(names)-1], len(names), nil
}

// known lists the migrations this binary carries, by bun's name for them: the timestamp of
// 20261127000001_foundation.up.sql.
func known() map[string]bool {
	out := map[string]bool{}
	ents, _ := fs.ReadDir(migrations.FS, ".")
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".up.sql"); ok {
			out[strings.SplitN(n, "_", 2)[0]] = true
		}
	}
	return out
}

// counts counts the rows of KeyTables with db (the dump's snapshot).
func counts(ctx context.Context, db bun.IDB) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range KeyTables {
		var n int64
		if err := db.NewRaw(`SELECT count(*) FROM ?`, bun.Ident(t)).Scan(ctx, &n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// diffRows lists the tables whose counts differ.
func diffRows(want, got map[string]int64) []string {
	var out []string
	for t, n := range want {
		if got[t] != n {
			out = append(out, fmt.Sprintf("%s: %d in the backup, %d restored", t, n, got[t]))
		}
	}
	sort.Strings(out)
	return out
}
