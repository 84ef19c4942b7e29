package events

// 参会费用: what a registration owes, and its charge. The charge is a dues row (internal/dues)
// so the member pays it like dues — 上传缴费凭证, 填写开票信息, 下载发票 — and 财务 confirm
// it in 会员缴费管理. It exists once the registration is confirmed, follows attendee changes
// while unpaid, and is waived when the registration is cancelled before payment.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cpca/internal/dues"

	"github.com/uptrace/bun"
)

// HasFee reports whether attending costs anything.
func (e *Event) HasFee() bool { return e.FeeMemberFen > 0 || e.FeeCouncilFen > 0 }

// Fee is what a company owes for places attendees: a member company pays the member price for
// each; a council company has CouncilFreePlaces free, then pays the council price.
func (e *Event) Fee(places int, council bool) int64 {
	if !council {
		return int64(places) * e.FeeMemberFen
	}
	return int64(max(places-e.CouncilFreePlaces, 0)) * e.FeeCouncilFen
}

// council reports whether a company is a council member (理事单位 and above), as the fee sees it.
func council(ctx context.Context, db bun.IDB, companyID int64) (bool, error) {
	var level string
	err := db.NewRaw(`SELECT level FROM companies WHERE id = ?`, companyID).Scan(ctx, &level)
	return level != "" && level != "member", err
}

// syncCharge brings the registration's charge in line with its state, in the caller's
// transaction (the event is locked): confirmed registrations owe their fee; cancelled or
// rejected ones owe nothing more.
func syncCharge(ctx context.Context, tx bun.IDB, e *Event, r *Registration, now time.Time) error {
	switch r.Status {
	case Confirmed:
		c, err := council(ctx, tx, r.CompanyID)
		if err != nil {
			return err
		}
		_, err = dues.SetEventCharge(ctx, tx, r.CompanyID, r.ID, e.Name, e.Fee(r.Places, c), now)
		return err
	case Cancelled, Rejected:
		return dues.DropEventCharge(ctx, tx, r.ID, "报名已取消", now)
	}
	return nil
}

// loadCharge fills r.Charge with the fee, its vouchers and invoice (the member's page).
func loadCharge(ctx context.Context, db bun.IDB, r *Registration) error {
	d, err := dues.ForRegistration(ctx, db, r.ID)
	if err != nil || d == nil {
		return err
	}
	r.Charge, err = dues.Get(ctx, db, d.ID, r.CompanyID)
	return err
}

// feeLine adds what is still owed to the e-ticket email: the amount and where to upload the
// transfer voucher.
func feeLine(ctx context.Context, db bun.IDB, b *strings.Builder, r *Registration) error {
	d, err := dues.ForRegistration(ctx, db, r.ID)
	if err != nil || d == nil || !dues.Open(d.Status) {
		return err
	}
	fmt.Fprintf(b, "\n\n参会费：%s 元（%s）。请转账至协会账户后，在该活动页面或“会员服务—会员缴费”中上传缴费凭证并填写开票信息。", dues.Yuan(d.AmountFen), dues.StatusLabel(d.Status))
	return nil
}

// feeReminder is the 待办事项 line of a fee still to pay (未缴费 or 已退回), or nil.
func feeReminder(ctx context.Context, db bun.IDB, e *Event, r *Registration) (*Reminder, error) {
	d, err := dues.ForRegistration(ctx, db, r.ID)
	if err != nil || d == nil || (d.Status != dues.Unpaid && d.Status != dues.Rejected) {
		return nil, err
	}
	return &Reminder{Format: "%s 参会费 %s 元待缴，请转账后上传缴费凭证", Args: []any{e.Name, dues.Yuan(d.AmountFen)}, EventID: e.ID, Action: "上传缴费凭证"}, nil
}
