package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strconv"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Params makes a statement built with bun's query builder reach PostgreSQL parameterised, as
// Read's hand-written ones do: each value goes through Add, which keeps it and puts $1, $2 …
// in the text, so a list's statement is the same text for every filter value (prepared once
// per connection, planned once) instead of a new one per value. A nil *Params hands the
// values back for bun to write into the text, so the same filter code serves an export run
// through bun.
type Params struct{ args []any }

// Add keeps v and returns its placeholder (v itself on a nil Params).
func (p *Params) Add(v any) any {
	if p == nil {
		return v
	}
	p.args = append(p.args, v)
	return bun.Safe("$" + strconv.Itoa(len(p.args)))
}

// Array is Add for a slice compared with = ANY(?): a PostgreSQL array either way.
func (p *Params) Array(v any) any {
	if p == nil {
		return pgdialect.Array(v)
	}
	return p.Add(v)
}

// All is Add for each of args (a condition's arguments, as store.NameMatch returns them).
func (p *Params) All(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = p.Add(a)
	}
	return out
}

// Select runs q, whose values went through p, as one parameterised statement and scans the
// rows into dest as bun would (a slice gets every row; anything else the first row or
// sql.ErrNoRows).
func Select(ctx context.Context, db bun.IDB, dest any, q *bun.SelectQuery, p *Params) error {
	if p == nil {
		return q.Scan(ctx, dest)
	}
	var (
		rows *sql.Rows
		err  error
		bdb  *bun.DB
	)
	text, args := q.String(), append([]any{Prepared}, p.args...)
	switch d := db.(type) {
	case *bun.DB:
		bdb = d
		rows, err = d.DB.QueryContext(ctx, text, args...)
	case bun.Tx:
		bdb = d.NewSelect().DB()
		rows, err = d.Tx.QueryContext(ctx, text, args[1:]...)
	default:
		return errors.New("store.Select: not a *bun.DB or bun.Tx")
	}
	if err != nil {
		return err
	}
	return scan(ctx, bdb, rows, dest)
}

// CappedCountOf is CappedCount for a filter whose values went through p.
func CappedCountOf(ctx context.Context, db bun.IDB, q *bun.SelectQuery, p *Params) (int, error) {
	var n int
	err := Select(ctx, db, &n, db.NewSelect().TableExpr("(?) AS capped", q.ColumnExpr("1").Limit(CountCap+1)).ColumnExpr("count(*)"), p)
	return n, err
}

// scan reads rows into dest as bun's Scan does.
func scan(ctx context.Context, d *bun.DB, rows *sql.Rows, dest any) error {
	if t := reflect.TypeOf(dest); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice && t.Elem().Elem().Kind() != reflect.Uint8 {
		return d.ScanRows(ctx, rows, dest)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := d.ScanRow(ctx, rows, dest); err != nil {
		return err
	}
	return rows.Close()
}
