package app

import (
	"context"
	"cpca/internal/papers"
	"cpca/internal/projects"
	"cpca/internal/promotion"
	"strconv"

	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/events"
	"cpca/internal/i18n"
	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
)

// todo is one line of the member's to-do list.
type todo struct {
	Text, Link, Action string
}

// homePage is 企业主页 — 待办事项.
type homePage struct {
	Company *company.Company
	// Pinned are the unread 重要 messages, shown first.
	Pinned  []notice.Notice
	Notices []notice.Notice
	Todos   []todo
	// Events is 重要活动提醒: registrations, waitlist offers, registration deadlines, and the
	// 项目申报 deadlines the company asked to be reminded of (提醒我).
	Events []eventTodo
	// Closed is the message of a suspended or withdrawn company (会员管理); then no to-dos
	// point at member pages that are closed.
	Closed string
}

// eventTodo is one line of 重要活动提醒, translated; Codes are the check-in codes of the
// company's confirmed attendees.
type eventTodo struct {
	Text, Link, Action string
	Codes              []events.Attendee
}

// home is 企业主页 — 待办事项: unread site notices, upcoming events and the member's to-dos.
func (s *Server) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	co, err := company.Header(ctx, s.DB, pr.CompanyID)
	if err != nil {
		return err
	}
	unread, err := notice.Unreads(ctx, s.DB, pr.UserID, pr.CompanyID, 15)
	if err != nil {
		return err
	}
	pinned, ns := splitPinned(unread, 5, 10)
	p := s.page(c, "待办事项", "home")
	var todos []todo
	if len(ns) > 0 {
		todos = append(todos, todo{Text: "您有未读的站内通知", Link: "/messages?unread=1", Action: "查看"})
	}
	if pr.Closed != "" {
		p.Data = homePage{Company: co, Pinned: pinned, Notices: ns, Todos: todos, Closed: pr.ClosedMessage()}
		return render(c, "pages/home", "", p)
	}
	dt, err := s.duesTodos(ctx, pr.CompanyID, p.Lang)
	if err != nil {
		return err
	}
	todos = append(todos, dt...)
	if open, err := promotion.OpenFor(ctx, s.DB, pr.CompanyID); err != nil {
		return err
	} else if open != nil && open.Status == promotion.Returned {
		todos = append(todos, todo{Text: "晋升申请被退回，请按原因修改后重新提交", Link: promotionURL(open.ID), Action: "修改并重新提交"})
	}
	rs, err := events.Reminders(ctx, s.DB, member(c), s.Now())
	if err != nil {
		return err
	}
	var ev []eventTodo
	for _, r := range rs {
		ev = append(ev, eventTodo{Text: i18n.Tf(p.Lang, r.Format, r.Args...), Link: "/events/" + strconv.FormatInt(r.EventID, 10), Action: r.Action, Codes: r.Codes})
	}
	prs, err := projects.Reminders(ctx, s.DB, projectMember(c), s.Now())
	if err != nil {
		return err
	}
	for _, r := range prs {
		ev = append(ev, eventTodo{Text: i18n.Tf(p.Lang, r.Format, r.Args...), Link: projectURL(r.ProjectID), Action: "查看项目"})
	}
	cfps, err := papers.Reminders(ctx, s.DB, paperMember(c), s.Now())
	if err != nil {
		return err
	}
	for _, r := range cfps {
		ev = append(ev, eventTodo{Text: i18n.Tf(p.Lang, r.Format, r.Args...), Link: "/events/" + strconv.FormatInt(r.EventID, 10) + "/call", Action: "参会投稿"})
	}
	p.Data = homePage{Company: co, Pinned: pinned, Notices: ns, Todos: todos, Events: ev}
	return render(c, "pages/home", "", p)
}

// duesTodos lists what the member has to do about this year's dues: pay, upload again after
// a rejection, fill the invoice information, download the invoice or the certificate. The
// texts are in lang.
func (s *Server) duesTodos(ctx context.Context, companyID int64, lang string) ([]todo, error) {
	year := calendar.Year(s.Now())
	d, err := dues.ForYear(ctx, s.DB, companyID, year)
	if err != nil || d == nil {
		return nil, err
	}
	id := strconv.FormatInt(d.ID, 10)
	var out []todo
	switch d.Status {
	case dues.Unpaid:
		out = append(out, todo{Text: i18n.Tf(lang, "%d年度会费 %s 元尚未缴纳", year, dues.Yuan(d.AmountFen)), Link: "/dues/" + id + "/voucher", Action: "上传缴费凭证"})
	case dues.Rejected:
		out = append(out, todo{Text: i18n.Tf(lang, "%d年度缴费凭证被退回：%s", year, d.RejectReason), Link: "/dues/" + id + "/voucher", Action: "重新上传"})
	}
	if d.Status != dues.Waived && d.InvoiceStatus == dues.InvoiceNone {
		out = append(out, todo{Text: i18n.Tf(lang, "%d年度开票信息未填写", year), Link: "/dues/" + id + "/invoice", Action: "填写开票信息"})
	}
	if d.InvoiceStatus == dues.InvoiceIssued && d.InvoiceFileID.Valid {
		out = append(out, todo{Text: i18n.Tf(lang, "%d年度会费发票已开具", year), Link: "/files/" + d.InvoiceFileID.String, Action: "下载发票"})
	}
	if dues.Paid(d.Status) {
		cs, err := certificate.ForCompany(ctx, s.DB, companyID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Year == year && c.Status == certificate.StatusIssued {
				out = append(out, todo{Text: i18n.Tf(lang, "%d年度会员证书已生成", year), Link: "/certificate", Action: "下载会员证书"})
				break
			}
		}
	}
	return out, nil
}

// splitPinned divides unread messages, the important ones first, into the important ones
// pinned on top (at most pins) and the others listed below (at most rest; important ones past
// the pins among them).
func splitPinned(unread []notice.Notice, pins, rest int) (pinned, others []notice.Notice) {
	for _, n := range unread {
		switch {
		case n.Important && len(pinned) < pins:
			pinned = append(pinned, n)
		case len(others) < rest:
			others = append(others, n)
		}
	}
	return pinned, others
}
