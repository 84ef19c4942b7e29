package account

import (
	"context"
	"strconv"

	"cpca/internal/audit"
	"cpca/internal/auth"

	"github.com/uptrace/bun"
)

// CreateStaff adds a staff account (cpca admin create): the password must pass the rules,
// and the account and its audit entry commit together.
func CreateStaff(ctx context.Context, db *bun.DB, u *User, password string, by audit.Actor) error {
	if err := auth.CheckRules(password, u.Username); err != nil {
		return err
	}
	u.Role = RoleAdmin
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Create(ctx, tx, u, password); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.admin_create", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: u.Username})
	})
}
