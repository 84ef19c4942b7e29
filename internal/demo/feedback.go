package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/feedback"

	"github.com/uptrace/bun"
)

// seedFeedback gives 反馈信息 and 反馈建议管理 something to show: the member's question about
// this year's invoice, answered by the 信息 staff (the member sees 新回复), and a suggestion
// nobody has opened yet.
func seedFeedback(ctx context.Context, tx bun.Tx, now time.Time) error {
	u, err := account.ByUsername(ctx, tx, "huadian")
	if err != nil {
		return err
	}
	staff, err := account.ByUsername(ctx, tx, "xinxi")
	if err != nil {
		return err
	}
	member := audit.Actor{ID: u.ID, Name: u.Username}
	info := audit.Actor{ID: staff.ID, Name: staff.Name}
	it, err := feedback.Submit(ctx, tx, u.CompanyID, feedback.Draft{Category: feedback.Billing, Subject: "会费发票抬头能否开具分公司名称？",
		Body:     "您好：\n我单位今年的会费由深圳分公司支付，发票抬头能否开具分公司名称？\n如需提供材料，请告知。",
		DuesYear: calendar.Year(now)}, member, now.Add(-50*time.Hour))
	if err != nil {
		return err
	}
	if err := feedback.Assign(ctx, tx, it.ID, staff.ID, info); err != nil {
		return err
	}
	if _, err := feedback.Respond(ctx, tx, it.ID, feedback.Reply{Internal: true, Body: "已与财务确认：可以开具分公司抬头，需付款方与抬头一致。"}, info, now.Add(-30*time.Hour)); err != nil {
		return err
	}
	if _, err := feedback.Respond(ctx, tx, it.ID, feedback.Reply{State: feedback.Processing,
		Body: "您好，可以开具分公司名称的发票，但付款账户须与发票抬头一致。\n请在“会员服务—会员缴费”中填写开票信息时填写分公司名称和税号。"}, info, now.Add(-26*time.Hour)); err != nil {
		return err
	}
	_, err = feedback.Submit(ctx, tx, u.CompanyID, feedback.Draft{Category: feedback.Suggestion, Subject: "建议通讯录增加按产品筛选",
		Body: "建议在通讯录中增加按“主要产品”筛选的功能，便于寻找上下游企业。"}, member, now.Add(-3*time.Hour))
	return err
}
