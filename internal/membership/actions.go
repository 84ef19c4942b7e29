package membership

// The actions of 注册账户 and 入会审核, one function each: the transaction, the state move,
// the notices and emails, and the audit entry. Handlers, the CLI, the demo seed and tests
// call these; nothing else moves an application.

import (
	"context"
	"strconv"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// Submit files a complete registration draft: company, people, the applicant's login, the
// application, the 入会申请提交成功 email and the audit entry, in one transaction.
// ErrUSCCTaken and account.ErrUsernameTaken say which field to correct.
func Submit(ctx context.Context, db bun.IDB, d *Draft, password string, m Mailing, ip string) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var u *account.User
		var err error
		if a, u, err = submit(ctx, tx, d, password); err != nil {
			return err
		}
		if _, err := notify.Mail(ctx, tx, SubmittedEmail(m, u.Email, d.Company.Name, u.Username, a.ID)); err != nil {
			return err
		}
		return audit.Actor{ID: u.ID, Name: u.Username, IP: ip}.Record(ctx, tx, audit.Entry{
			Action: "application.submit", ObjectType: "application", ObjectID: strconv.FormatInt(a.ID, 10)})
	})
	return a, err
}

// Approve accepts an application: member number and join date, the applicant's logins
// become members, this year's dues row, a welcome notice, the 审核成功 email and the audit
// entry, all in one transaction. Of two staff approving at once exactly one succeeds; the
// other gets ErrTransition (a conflict) naming the new state.
func Approve(ctx context.Context, db bun.IDB, id int64, m Mailing, by audit.Actor, now time.Time) (*Application, *company.Company, error) {
	var a *Application
	var co *company.Company
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, co, err = approve(ctx, tx, id, by.ID, now); err != nil {
			return err
		}
		// A member approved mid-year gets the current year's dues row at once.
		if _, err := dues.EnsureFor(ctx, tx, co.ID, calendar.Year(now)); err != nil {
			return err
		}
		u, err := account.ByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if _, err := notify.Notice(ctx, tx, co.ID, "欢迎加入中国电子电路行业协会",
			"贵单位的入会申请已审核通过，会员编号 "+co.MemberNo.String+"。\n欢迎使用 CPCA 会员管理系统：在“会员服务”中办理会员缴费、活动报名等业务，在“信息管理”中维护会员信息与单位成员。"); err != nil {
			return err
		}
		if _, err := notify.Mail(ctx, tx, ApprovedEmail(m, u.Email, co.Name, u.Username, co.MemberNo.String, a.ID)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "application.approve", ObjectType: "application",
			ObjectID: strconv.FormatInt(id, 10), Detail: co.MemberNo.String})
	})
	return a, co, err
}

// Reject returns an application with a reason, emailed to the applicant, and audits it.
func Reject(ctx context.Context, db bun.IDB, id int64, reason string, m Mailing, by audit.Actor, now time.Time) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = reject(ctx, tx, id, by.ID, reason, now); err != nil {
			return err
		}
		co, err := company.ByID(ctx, tx, a.CompanyID)
		if err != nil {
			return err
		}
		u, err := account.ByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if _, err := notify.Mail(ctx, tx, RejectedEmail(m, u.Email, co.Name, u.Username, reason, a.ID, a.Revision)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "application.reject", ObjectType: "application",
			ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	return a, err
}

// Resubmit stores the applicant's corrections as a new revision, puts the application back
// on top of the queue and audits it.
func Resubmit(ctx context.Context, db bun.IDB, id int64, snap Snapshot, by audit.Actor) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = resubmit(ctx, tx, id, snap); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "application.resubmit", ObjectType: "application",
			ObjectID: strconv.FormatInt(a.ID, 10), Detail: "revision " + strconv.Itoa(a.Revision)})
	})
	return a, err
}

// RecordPaper records the mailed paper documents (纸质材料) and audits it.
func RecordPaper(ctx context.Context, db bun.IDB, id int64, p Paper, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := setPaper(ctx, tx, id, p); err != nil {
			return err
		}
		detail := "未收到"
		if p.Received {
			detail = "已收到 " + p.CourierNo
		}
		return by.Record(ctx, tx, audit.Entry{Action: "application.paper", ObjectType: "application",
			ObjectID: strconv.FormatInt(id, 10), Detail: detail})
	})
}
