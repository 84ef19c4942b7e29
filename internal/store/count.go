// Package store holds query helpers shared by the feature packages.
package store

import (
	"strings"

	"context"

	"github.com/uptrace/bun"
)

// CountCap bounds list counts: past it a list says "1000+" instead of scanning every row
// for an exact number nobody reads.
const CountCap = 1000

// Unknown is the total of a list that was not counted (a text search): the caller fetched
// one row more than the page to know whether another page follows.
const Unknown = -1

// CappedCount counts the rows of q, stopping at CountCap+1.
func CappedCount(ctx context.Context, db bun.IDB, q *bun.SelectQuery) (int, error) {
	var n int
	err := db.NewSelect().TableExpr("(?) AS capped", q.ColumnExpr("1").Limit(CountCap+1)).ColumnExpr("count(*)").Scan(ctx, &n)
	return n, err
}

// NameMatch returns a condition and its arguments for "column contains s": with two or more
// characters the bigram GIN index narrows the rows first (see migration 3), and ILIKE keeps
// the order of the characters honest.
func NameMatch(column, s string) (string, []any) {
	like := "%" + EscapeLike(s) + "%"
	if len([]rune(s)) < 2 {
		return column + " ILIKE ?", []any{like}
	}
	return "cpca_bigrams(" + column + ") @> cpca_bigrams(?) AND " + column + " ILIKE ?", []any{s, like}
}

// EscapeLike quotes LIKE's wildcards so user input matches literally.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
