package account

import (
	"context"
	"errors"

	"github.com/uptrace/bun"
)

// IsMainAccount reports whether userID is an enabled main account of a company (the one that
// invites colleagues). Other areas reserve actions to it too: 单位成员's record of a person's
// consent to 推广短信.
func IsMainAccount(ctx context.Context, db bun.IDB, userID int64) (bool, error) {
	_, err := mainOf(ctx, db, userID)
	if errors.Is(err, ErrNotMain) || errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
