package store

import (
	"context"

	"github.com/uptrace/bun"
)

// Move sets status = to on row id of model's table (model is a pointer to the row's struct,
// filled with the updated row), but only from one of the states in from, in one statement:
// of two concurrent moves exactly one wins. It reports whether this one did; set adds more
// columns to the same update.
func Move(ctx context.Context, db bun.IDB, model any, id int64, to string, from []string,
	set func(*bun.UpdateQuery) *bun.UpdateQuery) (bool, error) {
	q := db.NewUpdate().Model(model).Set("status = ?", to).Set("updated_at = now()").
		Where("id = ?", id).Where("status IN (?)", bun.In(from)).Returning("*")
	if set != nil {
		q = set(q)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
