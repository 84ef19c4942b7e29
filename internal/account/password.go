package account

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/session"

	"github.com/uptrace/bun"
)

// Errors of the password actions. A rule of auth (auth.ErrTooShort...) may come back too.
var (
	ErrWrongPassword     = errors.New("当前密码不正确")
	ErrPasswordThrottled = errors.New("当前密码错误次数过多，请15分钟后再试。")
	ErrSamePassword      = errors.New("新密码不能与当前密码相同")
)

// PasswordField names the form field an error of ChangePassword belongs to ("current" or
// "password"), or "" for an error that is no user's mistake.
func PasswordField(err error) string {
	switch {
	case errors.Is(err, ErrWrongPassword), errors.Is(err, ErrPasswordThrottled):
		return "current"
	case errors.Is(err, ErrSamePassword), errors.Is(err, auth.ErrTooShort), errors.Is(err, auth.ErrTooLong),
		errors.Is(err, auth.ErrCommon), errors.Is(err, auth.ErrHasAccount):
		return "password"
	}
	return ""
}

// ChangePassword is 密码修改: the user proves the current password (counted like a login, so
// a taken-over session can not guess it), the new one must pass the rules, and in one
// transaction the hash changes, every other session of the user ends (keep stays) and the
// change is audited. It returns how many sessions ended.
func ChangePassword(ctx context.Context, db *bun.DB, userID int64, current, next string, keep *session.Session,
	th *auth.Throttle, by audit.Actor) (ended int, err error) {
	u, err := ByID(ctx, db, userID)
	if err != nil {
		return 0, err
	}
	if err := auth.CheckRules(next, u.Username); err != nil {
		return 0, err
	}
	if next == current {
		return 0, ErrSamePassword
	}
	out, err := th.Attempt(ctx, db, u.Username, by.IP, func() bool { return auth.Verify(u.PasswordHash, current) })
	if err != nil {
		return 0, err
	}
	if out.Blocked != auth.NotBlocked || !out.OK {
		_ = by.Record(ctx, db, audit.Entry{Action: "account.password", Result: "failed", Detail: "wrong current password"})
		if !out.OK && out.Blocked == auth.NotBlocked {
			return 0, ErrWrongPassword
		}
		return 0, ErrPasswordThrottled
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if ended, err = replacePassword(ctx, tx, u.ID, next, keep); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.password", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("%d other session(s) ended", ended)})
	})
	return ended, err
}

// ResetPassword is what staff do for a user who is locked out or forgot the password
// (cpca admin reset-password): a new password that passes the rules, every session of the
// user ended, and an audit entry, in one transaction.
func ResetPassword(ctx context.Context, db *bun.DB, username, next string, by audit.Actor) (u *User, ended int, err error) {
	if u, err = ByUsername(ctx, db, username); err != nil {
		return nil, 0, err
	}
	if err := auth.CheckRules(next, u.Username); err != nil {
		return nil, 0, err
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if ended, err = replacePassword(ctx, tx, u.ID, next, nil); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.password_reset", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("%s; %d session(s) ended", u.Username, ended)})
	})
	return u, ended, err
}

// replacePassword stores the new hash and ends the user's sessions but keep.
func replacePassword(ctx context.Context, tx bun.IDB, userID int64, password string, keep *session.Session) (int, error) {
	if err := setHash(ctx, tx, userID, password); err != nil {
		return 0, err
	}
	return (&session.Store{DB: tx}).EndOthers(ctx, userID, keep)
}

// UpgradeHash stores password's hash in the current form when u's is older (the first
// version, or a lower bcrypt cost); call it after the password was verified at login.
func UpgradeHash(ctx context.Context, db bun.IDB, u *User, password string) error {
	if !auth.NeedsRehash(u.PasswordHash) {
		return nil
	}
	return setHash(ctx, db, u.ID, password)
}

func setHash(ctx context.Context, db bun.IDB, id int64, password string) error {
	h, err := auth.Hash(password)
	if err != nil {
		return err
	}
	_, err = db.NewUpdate().Model((*User)(nil)).Set("password_hash = ?", h).Set("updated_at = now()").Where("id = ?", id).Exec(ctx)
	return err
}
