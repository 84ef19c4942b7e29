// Package db opens PostgreSQL through bun over pgx's database/sql driver (cached prepared
// statements, see DESIGN.md §6), creates the database when missing and runs the migrations.
package db

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"cpca/migrations"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/migrate"
)

// Open connects, creating the database first if it does not exist.
func Open(ctx context.Context, dsn string) (*bun.DB, error) {
	d, _, err := OpenCreated(ctx, dsn)
	return d, err
}

// OpenCreated is Open, and says whether the database was created just now (the demo seed
// goes only into a database it made itself).
func OpenCreated(ctx context.Context, dsn string) (*bun.DB, bool, error) {
	created, err := ensureDatabase(ctx, dsn)
	if err != nil {
		return nil, false, err
	}
	d, err := connect(ctx, dsn)
	return d, created, err
}

func connect(ctx context.Context, dsn string) (*bun.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("CPCA_DATABASE_URL: %w", err)
	}
	// bun writes every value into the statement's text, so each of its statements is new to
	// the driver: preparing it (pgx's default) costs a round trip and pushes statements that do
	// repeat out of the cache. bun's statements go in one round trip unprepared; the reads
	// that every page runs are parameterised and ask to be prepared (store.Read, store.Prepared).
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	sqldb := stdlib.OpenDB(*cfg)
	sqldb.SetMaxOpenConns(20)
	sqldb.SetMaxIdleConns(20)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	bdb := bun.NewDB(sqldb, pgdialect.New())
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := bdb.PingContext(pctx); err != nil {
		return nil, fmt.Errorf("database %s unreachable: %w", redact(dsn), err)
	}
	return bdb, nil
}

// ensureDatabase connects to the server's "postgres" database and creates ours if missing;
// it reports whether it created it.
func ensureDatabase(ctx context.Context, dsn string) (bool, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return false, fmt.Errorf("CPCA_DATABASE_URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" || name == "postgres" {
		return false, nil
	}
	admin := *u
	admin.Path = "/postgres"
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, admin.String())
	if err != nil {
		return false, fmt.Errorf("database server at %s unreachable: %w", redact(dsn), err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(cctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return false, err
	}
	if exists {
		return false, nil
	}
	_, err = conn.Exec(cctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	if err != nil {
		if strings.Contains(err.Error(), "already exists") {
			return false, nil // another process created it first
		}
		return false, fmt.Errorf("create database %q: %w", name, err)
	}
	return true, nil
}

// Drop removes a database (used by tests to clean up their own fresh databases).
func Drop(ctx context.Context, dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin := *u
	admin.Path = "/postgres"
	conn, err := pgx.Connect(ctx, admin.String())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func migrator(db *bun.DB) (*migrate.Migrator, error) {
	ms := migrate.NewMigrations()
	if err := ms.Discover(migrations.FS); err != nil {
		return nil, err
	}
	return migrate.NewMigrator(db, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

// Migrate applies every pending migration.
func Migrate(ctx context.Context, db *bun.DB) (applied []string, err error) {
	m, err := migrator(db)
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	if err := m.Lock(ctx); err != nil {
		return nil, err
	}
	defer m.Unlock(ctx) //nolint:errcheck
	g, err := m.Migrate(ctx)
	if err != nil {
		return nil, err
	}
	for _, x := range g.Migrations {
		applied = append(applied, x.Name)
	}
	return applied, nil
}

// Rollback undoes the last group of migrations.
func Rollback(ctx context.Context, db *bun.DB) ([]string, error) {
	m, err := migrator(db)
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	g, err := m.Rollback(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, x := range g.Migrations {
		names = append(names, x.Name)
	}
	return names, nil
}

// Status lists each migration and whether it is applied.
func Status(ctx context.Context, db *bun.DB) ([]string, error) {
	m, err := migrator(db)
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, x := range ms {
		st := "pending"
		if x.IsApplied() {
			st = "applied"
		}
		out = append(out, fmt.Sprintf("%-10s %s", st, x.Name))
	}
	return out, nil
}
