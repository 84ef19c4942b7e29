package account

// 忘记密码: a reset link by email, single use, valid 30 minutes, through the same one-time
// links as invitations. The request never says whether an account exists: the same answer
// and no mail for an unknown name, and limits per address and per account.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/calendar"
	"cpca/internal/errs"
	imail "cpca/internal/mail"
	"cpca/internal/ratelimit"
	"cpca/internal/session"

	"github.com/uptrace/bun"
)

// The reset limits: requests per client address, and links mailed per account (past it the
// request is answered the same, and nothing is mailed).
var (
	ResetIP      = ratelimit.Rule{Bucket: "reset.ip", Limit: 10, Window: time.Hour}
	ResetAccount = ratelimit.Rule{Bucket: "reset.account", Limit: 3, Window: time.Hour}
)

// ErrResetTooMany is the per-address limit.
var ErrResetTooMany = errs.New(errs.TooMany, "此网络找回密码的请求过于频繁，请1小时后再试。")

// RequestReset mails a reset link to the account named by login (a username, or an email
// address held by exactly one active account), when there is one, it is active and the
// per-account limit allows. Whatever happened, the caller shows the same answer.
func RequestReset(ctx context.Context, db *bun.DB, login, ip, baseURL string, now time.Time) error {
	login = audit.Cut(strings.TrimSpace(login), 100)
	if ok, err := ratelimit.Take(ctx, db, ResetIP, ip); err != nil {
		return err
	} else if !ok {
		return ErrResetTooMany
	}
	actor := audit.Actor{Name: login, IP: ip}
	u, err := resetTarget(ctx, db, login)
	if err != nil {
		return err
	}
	if u == nil {
		return actor.Record(ctx, db, audit.Entry{Action: "account.reset_request", Result: "no account"})
	}
	if ok, err := ratelimit.Take(ctx, db, ResetAccount, strconv.FormatInt(u.ID, 10)); err != nil {
		return err
	} else if !ok {
		return actor.Record(ctx, db, audit.Entry{Action: "account.reset_request", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Result: "limited"})
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		token, err := newLink(ctx, tx, PurposeReset, u.ID, 0, now)
		if err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, imail.Message{To: u.Email, Kind: "password_reset", Subject: "重置密码 - CPCA 会员管理系统",
			Body: fmt.Sprintf("您好：\n\n有人为账号 %s 申请了重置密码。请在30分钟内打开以下链接设置新密码（链接只能使用一次）：\n%s\n\n如果不是您本人操作，请忽略本邮件，您的密码不会改变。\n\n中国电子电路行业协会（CPCA）\n",
				u.Username, baseURL+"/password/reset/"+token)}); err != nil {
			return err
		}
		return actor.Record(ctx, tx, audit.Entry{Action: "account.reset_request", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)})
	})
}

// resetTarget finds the active account a reset request names, or nil.
func resetTarget(ctx context.Context, db bun.IDB, login string) (*User, error) {
	if login == "" {
		return nil, nil
	}
	var us []User
	q := db.NewSelect().Model(&us).Where("NOT disabled").Where("email <> ''").Limit(2)
	if strings.Contains(login, "@") {
		q = q.Where("lower(email) = lower(?)", login)
	} else {
		q = q.Where("lower(username) = lower(?)", login)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	if len(us) != 1 {
		return nil, nil
	}
	return &us[0], nil
}

// ResetWithLink sets a new password from a reset link: the rules apply first (the link is
// not spent when they fail), then in one transaction the link is spent, the hash stored,
// every session of the user ended, the user told by email and the reset audited. It returns
// how many sessions ended.
func ResetWithLink(ctx context.Context, db bun.IDB, token, password, ip string, now time.Time) (*User, int, error) {
	u, err := PeekLink(ctx, db, PurposeReset, token, now)
	if err != nil {
		return nil, 0, err
	}
	if err := auth.CheckRules(password, u.Username); err != nil {
		return nil, 0, err
	}
	ended := 0
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		id, err := useLink(ctx, tx, PurposeReset, token, now)
		if err != nil {
			return err
		}
		if err := setHash(ctx, tx, id, password); err != nil {
			return err
		}
		if ended, err = (&session.Store{DB: tx}).EndOthers(ctx, id, nil); err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, imail.Message{To: u.Email, Kind: "password_changed", Subject: "您的密码已重置 - CPCA 会员管理系统",
			Body: fmt.Sprintf("您好：\n\n账号 %s 的密码已于 %s 通过找回密码链接重置，其他设备上的登录已全部退出。\n如果不是您本人操作，请立即联系协会工作人员。\n\n中国电子电路行业协会（CPCA）\n",
				u.Username, now.In(calendar.Zone).Format("2006-01-02 15:04"))}); err != nil {
			return err
		}
		return audit.Actor{ID: u.ID, Name: u.Username, IP: ip}.Record(ctx, tx, audit.Entry{Action: "account.password_reset_link",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Detail: fmt.Sprintf("%d session(s) ended", ended)})
	})
	return u, ended, err
}
