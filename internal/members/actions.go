package members

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/errs"
	"cpca/internal/notify"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// The moves of a member company's status, written once: 暂停 from 正常, 恢复 from 暂停, 退会
// from 正常 or 暂停. A withdrawn company does not come back here (it applies again).
var moves = map[string][]string{
	company.StatusSuspended: {company.StatusMember},
	company.StatusMember:    {company.StatusSuspended},
	company.StatusWithdrawn: {company.StatusMember, company.StatusSuspended},
}

// CanMove reports whether a company in status from may move to to.
func CanMove(from, to string) bool {
	for _, f := range moves[to] {
		if f == from {
			return true
		}
	}
	return false
}

// Errors of the actions.
var (
	ErrState        = errs.New(errs.Conflict, "该会员单位的当前状态不能执行此操作，请刷新页面。")
	ErrReason       = errs.New(errs.Invalid, "请填写原因。")
	ErrNotCompanyOf = errs.New(errs.NotFound, "该账号不属于此会员单位。")
)

// Suspend closes a member's services (暂停); its data is kept. The reason is required. A
// suspended company gets no new dues (dues go to status member only) until 恢复.
func Suspend(ctx context.Context, db bun.IDB, companyID int64, reason string, by audit.Actor, now time.Time) error {
	return move(ctx, db, companyID, company.StatusSuspended, reason, true, by, now)
}

// Resume opens a suspended member's services again (恢复), and bills this year's dues if the
// yearly generation skipped the company while it was suspended.
func Resume(ctx context.Context, db bun.IDB, companyID int64, reason string, by audit.Actor, now time.Time) error {
	return move(ctx, db, companyID, company.StatusMember, reason, false, by, now)
}

// Withdraw ends a membership (退会) with a reason: no more dues are generated (dues only
// go to status member), its live certificates are revoked with the reason.
func Withdraw(ctx context.Context, db bun.IDB, companyID int64, reason string, by audit.Actor, now time.Time) error {
	return move(ctx, db, companyID, company.StatusWithdrawn, reason, true, by, now)
}

func move(ctx context.Context, db bun.IDB, companyID int64, to, reason string, needReason bool, by audit.Actor, now time.Time) error {
	reason = audit.Cut(strings.TrimSpace(reason), 500)
	if needReason && reason == "" {
		return ErrReason
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := company.ByID(ctx, tx, companyID)
		if err != nil {
			return err
		}
		from := c.Status
		ok, err := store.Move(ctx, tx, &company.Company{}, companyID, to, moves[to], func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("status_reason = ?", reason).Set("status_changed_at = ?", now)
		})
		if err != nil {
			return err
		}
		if !ok {
			return ErrState
		}
		revoked := 0
		if to == company.StatusWithdrawn {
			res, err := tx.NewRaw(`UPDATE certificates SET status = 'revoked', revoke_reason = ? WHERE company_id = ? AND status IN ('issued', 'pending')`,
				"退会："+reason, companyID).Exec(ctx)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			revoked = int(n)
		}
		if to == company.StatusMember {
			// Back to 正常: this year's dues, skipped while suspended, are billed now (as for
			// a member approved mid-year); nothing when the row exists or no fee is set.
			if _, err := dues.EnsureFor(ctx, tx, companyID, calendar.Year(now)); err != nil {
				return err
			}
		}
		title, body := noteOf(to, reason)
		if _, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Profile, CompanyID: companyID,
			Key: fmt.Sprintf("member:%d:%s:%d", companyID, to, now.Unix()), Title: title, Body: body}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "member." + actionOf(to), ObjectType: "company", ObjectID: strconv.FormatInt(companyID, 10),
			Detail: audit.Cut(fmt.Sprintf("%s → %s: %s (%d certificate(s) revoked)", from, to, reason, revoked), 1000)})
	})
}

func actionOf(to string) string {
	switch to {
	case company.StatusSuspended:
		return "suspend"
	case company.StatusWithdrawn:
		return "withdraw"
	}
	return "resume"
}

func noteOf(to, reason string) (string, string) {
	switch to {
	case company.StatusSuspended:
		return "会员服务已暂停", "贵单位的会员服务已被协会暂停，单位资料会保留。原因：" + reason + "\n如有疑问，请联系协会会员部。"
	case company.StatusWithdrawn:
		return "退会通知", "贵单位已退出中国电子电路行业协会，今后不再生成会费账单，会员证书已撤销。原因：" + reason + "\n如有疑问，请联系协会会员部。"
	}
	body := "贵单位的会员服务已恢复，欢迎继续使用会员管理系统。"
	if reason != "" {
		body += "\n说明：" + reason
	}
	return "会员服务已恢复", body
}
