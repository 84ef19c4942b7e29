package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/membership"
	"cpca/internal/people"
	"cpca/internal/profile"

	"github.com/uptrace/bun"
)

// seedCompany shows 会员信息, 单位成员 and 单位账号 for huadian: a colleague invited by the main
// account (the invitation email waits in 邮件管理), the primary contact's directory consent, a
// 会议联系人 added, and a key-field change request (更名) waiting for 会员部 with its evidence.
func seedCompany(ctx context.Context, tx bun.Tx, m membership.Mailing, now time.Time) error {
	u, err := account.ByUsername(ctx, tx, "huadian")
	if err != nil {
		return err
	}
	by := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	co, err := company.ByID(ctx, tx, u.CompanyID)
	if err != nil {
		return err
	}
	if _, err := account.Invite(ctx, tx, u.ID, account.Invitation{Name: "赵敏", Username: "huadian_zhao", Email: "zhaomin@huadian.example.com"},
		co.Name, m.BaseURL, by, now); err != nil {
		return err
	}
	for _, p := range co.People {
		if p.IsPrimary {
			if _, err := people.Consent(ctx, tx, co.ID, p.ID, true, by, now); err != nil {
				return err
			}
		}
	}
	if _, _, err := people.Add(ctx, tx, co.ID, people.Form{Name: "孙会务", Title: "市场专员", Department: "市场部", Mobile: "13811112222",
		Email: "events@huadian.example.com", Meeting: true}, by); err != nil {
		return err
	}
	snap := membership.SnapshotOf(co)
	_, fieldErrs, err := profile.RequestChange(ctx, tx, co.ID, profile.KeyForm{Name: "深圳华电电路科技股份有限公司", USCC: snap.Company.USCC,
		LegalRep: snap.Company.LegalRep, RegCapital: "8000", Nature: snap.Company.Nature, Note: "公司完成股份制改造，名称与注册资本变更，附新营业执照。",
		EvidenceName: "营业执照（变更后）.pdf", Evidence: []byte(demoPDF)}, by, now)
	if err == nil && len(fieldErrs) > 0 {
		err = errFields(fieldErrs)
	}
	return err
}

type errFields membership.Errors

func (e errFields) Error() string {
	for k, v := range e {
		return "demo change request: " + k + ": " + v
	}
	return "demo change request"
}
