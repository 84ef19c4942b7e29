package feedback

import (
	"context"
	"fmt"

	"cpca/internal/errs"
	"cpca/internal/mail"
	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// Refusals of the forms, worded for the field.
var (
	ErrAssignee = errs.New(errs.Invalid, "请选择负责反馈的工作人员")
	ErrRating   = errs.New(errs.Invalid, "请选择 1 到 5 星的评价")
	ErrRateNote = errs.New(errs.Invalid, "评价说明最多300字")
)

// tellCompany tells the member company about a staff reply (site notice and email through
// notify, once per message).
func tellCompany(ctx context.Context, tx bun.IDB, it *Item, messageID int64, state string) error {
	title := fmt.Sprintf("您的反馈「%s」有新的回复", it.Subject)
	body := fmt.Sprintf("协会已回复贵单位的反馈「%s」（当前状态：%s）。请登录会员管理系统，在“信息管理—反馈信息”中查看。", it.Subject, StatusLabel(state))
	if state == Waiting {
		body += "\n协会需要您补充信息，请在该反馈中补充说明或材料。"
	}
	_, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Feedback, CompanyID: it.CompanyID,
		Key: fmt.Sprintf("feedback:%d:message:%d", it.ID, messageID), Title: title, Body: body})
	return err
}

// tellClosed tells the company its item was closed (by staff, or automatically); key tells
// the closings apart so each mails once.
func tellClosed(ctx context.Context, tx bun.IDB, it *Item, key, why string) error {
	_, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Feedback, CompanyID: it.CompanyID,
		Key:   fmt.Sprintf("feedback:%d:%s", it.ID, key),
		Title: fmt.Sprintf("您的反馈「%s」已关闭", it.Subject), Body: why})
	return err
}

// tellStaff emails the news of a member's message to the item's assignee, else to every 信息
// staff member (系统管理员 when the department has nobody).
func tellStaff(ctx context.Context, tx bun.IDB, it *Item, m *Message, fresh bool) error {
	hs, err := Handlers(ctx, tx)
	if err != nil {
		return err
	}
	var to []StaffMember
	for _, h := range hs {
		if it.AssigneeID.Valid && h.ID == it.AssigneeID.Int64 {
			to = []StaffMember{h}
			break
		}
	}
	if len(to) == 0 {
		to = infoFirst(ctx, tx, hs)
	}
	lead := "会员单位补充了反馈："
	if fresh {
		lead = "收到新的会员反馈："
	}
	for _, h := range to {
		if err := mailStaff(ctx, tx, it, h, fmt.Sprintf("message:%d", m.ID), lead, m.Body); err != nil {
			return err
		}
	}
	return nil
}

// infoFirst keeps the 信息 department's staff, or all handlers when it has none.
func infoFirst(ctx context.Context, tx bun.IDB, hs []StaffMember) []StaffMember {
	var ids []int64
	_ = tx.NewRaw(`SELECT id FROM users WHERE role = 'admin' AND staff_role = 'info' AND NOT disabled`).Scan(ctx, &ids)
	info := map[int64]bool{}
	for _, id := range ids {
		info[id] = true
	}
	var out []StaffMember
	for _, h := range hs {
		if info[h.ID] {
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return hs
	}
	return out
}

// mailStaff queues one email to a staff member about item it (key makes it once).
func mailStaff(ctx context.Context, tx bun.IDB, it *Item, h StaffMember, key, lead, text string) error {
	if h.Email == "" {
		return nil
	}
	body := fmt.Sprintf("%s\n\n%s\n\n%s\n\n反馈编号 #%d，类别：%s。请登录会员管理系统，在“信息管理—反馈建议管理”中处理。\n",
		h.Name, lead+it.Subject, text, it.ID, CategoryLabel(it.Category))
	_, err := notify.Mail(ctx, tx, mail.Message{To: h.Email, Subject: fmt.Sprintf("[反馈 #%d] %s - CPCA 会员管理系统", it.ID, it.Subject),
		Body: body, Kind: "feedback_staff", DedupeKey: fmt.Sprintf("feedback:%d:%s:staff:%d", it.ID, key, h.ID)})
	return err
}
