package account

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// RoleReviewer is an external reviewer of 参会投稿: invited by 会展 staff, logging in with their
// own account set up through the one-time invitation link, and seeing only the papers
// assigned to them. A reviewer never acts for a company (no users.company_id): the member
// company they may belong to is kept by internal/papers for the own-company rule only.
const RoleReviewer = "reviewer"

// IsReviewer reports whether the principal is an external reviewer.
func (p Principal) IsReviewer() bool { return p.Role == RoleReviewer }

// NewReviewer inserts a reviewer's account without a password (ErrUsernameTaken when the
// name is used) and returns the one-time link token with which they set it, in tx: the
// caller mails the link in the same transaction.
func NewReviewer(ctx context.Context, tx bun.IDB, u *User, by int64, now time.Time) (string, error) {
	if taken, err := UsernameTaken(ctx, tx, u.Username); err != nil {
		return "", err
	} else if taken {
		return "", ErrUsernameTaken
	}
	u.Role, u.StaffRole, u.CompanyID, u.Lang = RoleReviewer, "", 0, "zh"
	if _, err := tx.NewInsert().Model(u).Returning("id, created_at").Exec(ctx); err != nil {
		if strings.Contains(err.Error(), "users_username_key") {
			return "", ErrUsernameTaken
		}
		return "", err
	}
	return newLink(ctx, tx, PurposeInvite, u.ID, by, now)
}
