package account

// 会员管理 (staff): a member company's accounts as 会员部 sees them — disabled or enabled
// again (any account of the company, the main one too: staff act for the association), and
// a password-reset link mailed on request through the same one-time links as 忘记密码.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	imail "cpca/internal/mail"
	"cpca/internal/session"

	"github.com/uptrace/bun"
)

// ErrNoEmail is an account without an email address to send a reset link to.
var ErrNoEmail = errs.New(errs.Conflict, "该账号没有邮箱，无法发送重置密码链接。")

// ErrDisabledAccount is a reset link asked for a disabled account.
var ErrDisabledAccount = errs.New(errs.Conflict, "该账号已停用，请先启用再发送重置密码链接。")

// OfCompany loads the member account userID of companyID; another company's account (or a
// staff one) is ErrNotFound, whatever id is typed in the URL.
func OfCompany(ctx context.Context, db bun.IDB, companyID, userID int64) (*User, error) {
	u := new(User)
	err := db.NewSelect().Model(u).Where("id = ?", userID).Where("company_id = ?", companyID).Where("role <> ?", RoleAdmin).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return u, err
}

// StaffSetDisabled disables (or enables again) an account of companyID. Disabling ends its
// sessions at once and spends its open links. It returns how many sessions ended.
func StaffSetDisabled(ctx context.Context, db bun.IDB, companyID, userID int64, disabled bool, by audit.Actor) (ended int, err error) {
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := OfCompany(ctx, tx, companyID, userID)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(u).Set("disabled = ?", disabled).Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		action := "member.account_enable"
		if disabled {
			action = "member.account_disable"
			if ended, err = (&session.Store{DB: tx}).EndOthers(ctx, u.ID, nil); err != nil {
				return err
			}
			if err := dropLinks(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("%s (company %d); %d session(s) ended", u.Username, companyID, ended)})
	})
	return ended, err
}

// StaffSendReset mails a one-time reset link (30 minutes, single use) to an account of
// companyID, replacing its earlier unused reset links.
func StaffSendReset(ctx context.Context, db bun.IDB, companyID, userID int64, baseURL string, by audit.Actor, now time.Time) (*User, error) {
	var u *User
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if u, err = OfCompany(ctx, tx, companyID, userID); err != nil {
			return err
		}
		if u.Disabled {
			return ErrDisabledAccount
		}
		if u.Email == "" {
			return ErrNoEmail
		}
		token, err := newLink(ctx, tx, PurposeReset, u.ID, by.ID, now)
		if err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, imail.Message{To: u.Email, Kind: "password_reset", Subject: "重置密码 - CPCA 会员管理系统",
			Body: fmt.Sprintf("您好：\n\n协会会员部为账号 %s 发送了重置密码链接。请在30分钟内打开以下链接设置新密码（链接只能使用一次）：\n%s\n\n如有疑问，请联系协会会员部。\n\n中国电子电路行业协会（CPCA）\n",
				u.Username, baseURL+"/password/reset/"+token)}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "member.account_reset_link", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: u.Username})
	})
	return u, err
}
