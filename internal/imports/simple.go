package imports

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
)

// The import's statements run with pgx's simple protocol. bun writes the values into the
// SQL text, so each multi-row insert, update and IN-list lookup is a statement never seen
// before; under the default mode pgx prepares each (a round trip more) and keeps it in its
// per-connection cache of 512 with its text, and PostgreSQL keeps the prepared statement:
// a 50,000-row import held tens of MB of SQL in the worker and ran at half the speed.

type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func runner(db bun.IDB) (sqlRunner, error) {
	switch d := db.(type) {
	case *bun.DB:
		return d.DB, nil
	case bun.Tx:
		return d.Tx, nil
	}
	return nil, fmt.Errorf("imports: unsupported executor %T", db)
}

// execSimple runs q (its values written in by bun) without preparing it.
func execSimple(ctx context.Context, db bun.IDB, q fmt.Stringer) error {
	r, err := runner(db)
	if err != nil {
		return err
	}
	_, err = r.ExecContext(ctx, q.String(), pgx.QueryExecModeSimpleProtocol)
	return err
}

// querySimple runs q without preparing it and scans its rows into dest with bun.
func querySimple(ctx context.Context, db *bun.DB, tx bun.IDB, q fmt.Stringer, dest ...any) error {
	r, err := runner(tx)
	if err != nil {
		return err
	}
	rows, err := r.QueryContext(ctx, q.String(), pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return err
	}
	defer rows.Close()
	return db.ScanRows(ctx, rows, dest...)
}

// insertIDs runs a multi-row INSERT … RETURNING id without preparing it and returns the ids
// in the order of the rows.
func insertIDs(ctx context.Context, tx bun.IDB, q fmt.Stringer, n int) ([]int64, error) {
	r, err := runner(tx)
	if err != nil {
		return nil, err
	}
	rows, err := r.QueryContext(ctx, q.String(), pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("imports: %d ids returned for %d rows", len(ids), n)
	}
	return ids, nil
}
