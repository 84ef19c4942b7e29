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

// NameMatch returns a condition and its arguments for "column contains s", where bigrams is
// the column holding column's 2-character pieces (migrations 3 and 4). With two or more
// characters the GIN index on bigrams narrows the rows; with more than two, ILIKE then keeps
// the order of the characters honest (with exactly two, containing the one bigram is the same
// as containing s).
func NameMatch(column, bigrams, s string) (string, []any) {
	like := "%" + EscapeLike(s) + "%"
	switch n := len([]rune(s)); {
	case n < 2:
		return column + " ILIKE ?", []any{like}
	case n == 2:
		return bigrams + " @> cpca_bigrams(?)", []any{s}
	}
	return bigrams + " @> cpca_bigrams(?) AND " + column + " ILIKE ?", []any{s, like}
}

// EscapeLike quotes LIKE's wildcards so user input matches literally.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
