package app

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/dues"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"
)

// reviewListPage is 入会审核: the filter as typed and one page of applications.
type reviewListPage struct {
	Status, From, To, Q string
	Rows                []membership.Row
	Pager               Pager
}

// reviewDetailPage is one application with everything submitted.
type reviewDetailPage struct {
	App       *membership.Application
	Company   *membership.Company
	Snap      membership.Snapshot
	Applicant *account.User
	Changes   []membership.Change
	Revisions []membership.Revision
	Reviewer  string
	Reason    string
	PaperOn   string // 收到日期 as shown in the form
}

// paperTyped is the paper documents form as typed, shown again when it has an error.
type paperTyped struct {
	Received            bool
	On, CourierNo, Note string
}

const reviewPerPage = 20

// reviewList filters by status, date range and name or credit code; the filter lives in the
// query string, so htmx pushes it into the address bar and a reload shows the same list.
func (s *Server) reviewList(c *fiber.Ctx) error {
	v := reviewListPage{Status: c.Query("status"), From: c.Query("from"), To: c.Query("to"), Q: strings.TrimSpace(c.Query("q"))}
	f := membership.Filter{Status: v.Status, Q: v.Q, Page: max(atoiDefault(c.Query("page"), 1), 1), Size: reviewPerPage}
	if d, err := time.ParseInLocation("2006-01-02", v.From, membership.Shanghai); err == nil {
		f.From = d
	} else {
		v.From = ""
	}
	if d, err := time.ParseInLocation("2006-01-02", v.To, membership.Shanghai); err == nil {
		f.To = d.AddDate(0, 0, 1)
	} else {
		v.To = ""
	}
	if f.Status != "" && f.Status != "pending" && !oneOfStr(f.Status, membership.Statuses) {
		f.Status, v.Status = "", ""
	}
	rows, total, err := membership.List(c.UserContext(), s.DB, f)
	if err != nil {
		return err
	}
	q := url.Values{}
	for k, val := range map[string]string{"status": v.Status, "from": v.From, "to": v.To, "q": v.Q} {
		if val != "" {
			q.Set(k, val)
		}
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/applications", q, f.Page, reviewPerPage, total)
	p := s.page(c, "入会审核", "review")
	p.Data = v
	return render(c, "pages/admin_applications", "partials/applications_table", p)
}

func oneOfStr(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func appID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, membership.ErrNotFound
	}
	return id, nil
}

func (s *Server) reviewDetail(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	return s.showReview(c, id, nil, "", nil)
}

func (s *Server) showReview(c *fiber.Ctx, id int64, errs map[string]string, reason string, typed *paperTyped) error {
	ctx := c.UserContext()
	a, err := membership.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	paperOn := ""
	if a.PaperReceivedOn.Valid {
		paperOn = a.PaperReceivedOn.Time.Format("2006-01-02")
	}
	if typed != nil {
		a.PaperReceived, a.CourierNo, a.PaperNote, paperOn = typed.Received, typed.CourierNo, typed.Note, typed.On
	}
	co, err := membership.CompanyByID(ctx, s.DB, a.CompanyID)
	if err != nil {
		return err
	}
	u, err := account.ByID(ctx, s.DB, a.UserID)
	if err != nil {
		return err
	}
	revs, err := membership.Revisions(ctx, s.DB, a.ID)
	if err != nil {
		return err
	}
	d := reviewDetailPage{App: a, Company: co, Snap: membership.SnapshotOf(co), Applicant: u, Revisions: revs, Reason: reason, PaperOn: paperOn}
	if len(revs) >= 2 {
		d.Changes = membership.Diff(revs[1].Snapshot, revs[0].Snapshot)
	}
	if a.ReviewedBy != 0 {
		if r, err := account.ByID(ctx, s.DB, a.ReviewedBy); err == nil {
			d.Reviewer = r.Username
		}
	}
	p := s.page(c, "入会审核", "review")
	p.Title = p.T(p.Title) + " - " + co.Name
	p.Data = d
	p.Errors = errs
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return render(c, "pages/admin_application", "", p)
}

// reviewPaper records the paper documents (纸质材料): received or not, date, courier number, note.
func (s *Server) reviewPaper(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := appID(c)
	if err != nil {
		return err
	}
	pp := membership.Paper{Received: c.FormValue("received") == "on", CourierNo: strings.TrimSpace(c.FormValue("courier_no")),
		Note: strings.TrimSpace(c.FormValue("note"))}
	errs := map[string]string{}
	// Dates for the date column are UTC midnights of the calendar date (see membership.Snapshot.apply).
	today, _ := time.Parse("2006-01-02", s.Now().In(membership.Shanghai).Format("2006-01-02"))
	on := strings.TrimSpace(c.FormValue("received_on"))
	if on != "" {
		d, err := time.Parse("2006-01-02", on)
		switch {
		case err != nil:
			errs["received_on"] = "日期格式应为 年-月-日"
		case d.After(today):
			errs["received_on"] = "收到日期不能晚于今天"
		default:
			pp.ReceivedOn = sql.NullTime{Time: d, Valid: true}
		}
	}
	if pp.Received && !pp.ReceivedOn.Valid && errs["received_on"] == "" {
		pp.ReceivedOn = sql.NullTime{Time: today, Valid: true}
	}
	if utf8.RuneCountInString(pp.CourierNo) > 40 {
		errs["courier_no"] = "快递单号最多40个字符"
	}
	if utf8.RuneCountInString(pp.Note) > 500 {
		errs["note"] = "备注最多500字"
	}
	if len(errs) > 0 {
		return s.showReview(c, id, errs, "", &paperTyped{Received: pp.Received, On: on, CourierNo: pp.CourierNo, Note: pp.Note})
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := membership.SetPaper(ctx, tx, id, pp); err != nil {
			return err
		}
		detail := "未收到"
		if pp.Received {
			detail = "已收到 " + pp.CourierNo
		}
		return record(ctx, tx, c, audit.Entry{Action: "application.paper", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10), Detail: detail})
	})
	if err != nil {
		return err
	}
	flash(c, "纸质材料记录已保存。")
	return redirect(c, "/admin/applications/"+strconv.FormatInt(id, 10))
}

// reviewApprove approves: member number and join date, applicant logins become members, a
// welcome notice, the 入会申请审核成功 email, and the audit entry, all in one transaction.
// Of two staff approving at once exactly one succeeds; the other is told the new state.
func (s *Server) reviewApprove(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := appID(c)
	if err != nil {
		return err
	}
	pr := principal(c)
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, co, err := membership.Approve(ctx, tx, id, pr.UserID, s.Now())
		if err != nil {
			return err
		}
		// A member approved mid-year gets the current year's dues row at once.
		if _, err := dues.EnsureFor(ctx, tx, co.ID, s.Now().In(membership.Shanghai).Year()); err != nil {
			return err
		}
		u, err := account.ByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if _, err := notice.Send(ctx, tx, co.ID, "欢迎加入中国电子电路行业协会",
			"贵单位的入会申请已审核通过，会员编号 "+co.MemberNo.String+"。\n欢迎使用 CPCA 会员管理系统：在“会员服务”中办理会员缴费、活动报名等业务，在“信息管理”中维护会员信息与单位成员。"); err != nil {
			return err
		}
		if _, err := mail.Queue(ctx, tx, membership.ApprovedEmail(s.mailing, u.Email, co.Name, u.Username, co.MemberNo.String, a.ID)); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "application.approve", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10), Detail: co.MemberNo.String})
	})
	var te membership.ErrTransition
	if errors.As(err, &te) {
		flashErr(c, "操作未执行："+te.Error()+"（可能已被其他管理员处理）。")
		return redirect(c, "/admin/applications/"+strconv.FormatInt(id, 10))
	}
	if err != nil {
		return err
	}
	s.kickOutbox()
	flash(c, "已审核通过，通知邮件已加入发送队列。")
	return redirect(c, "/admin/applications/"+strconv.FormatInt(id, 10))
}

// reviewReject rejects with a required reason, emailed to the applicant.
func (s *Server) reviewReject(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := appID(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return s.showReview(c, id, map[string]string{"reason": "请填写退回原因，申请人将据此修改"}, reason, nil)
	case n > 1000:
		return s.showReview(c, id, map[string]string{"reason": "退回原因最多1000字"}, reason, nil)
	}
	pr := principal(c)
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, err := membership.Reject(ctx, tx, id, pr.UserID, reason, s.Now())
		if err != nil {
			return err
		}
		co, err := membership.CompanyByID(ctx, tx, a.CompanyID)
		if err != nil {
			return err
		}
		u, err := account.ByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if _, err := mail.Queue(ctx, tx, membership.RejectedEmail(s.mailing, u.Email, co.Name, u.Username, reason, a.ID, a.Revision)); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "application.reject", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	var te membership.ErrTransition
	if errors.As(err, &te) {
		flashErr(c, "操作未执行："+te.Error()+"（可能已被其他管理员处理）。")
		return redirect(c, "/admin/applications/"+strconv.FormatInt(id, 10))
	}
	if err != nil {
		return err
	}
	s.kickOutbox()
	flash(c, "已退回申请，退回原因已通过邮件通知申请人。")
	return redirect(c, "/admin/applications/"+strconv.FormatInt(id, 10))
}
