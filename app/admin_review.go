package app

import (
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// reviewQuery is the filter of 入会审核 as it travels in the query string.
type reviewQuery struct {
	Status string `query:"status"`
	From   string `query:"from"`
	To     string `query:"to"`
	Q      string `query:"q"`
}

// Clean drops what the filter does not accept ("pending" is both waiting states).
func (f *reviewQuery) Clean() {
	if f.Status != "pending" {
		f.Status = oneOrEmpty(f.Status, membership.Statuses)
	}
	f.From, f.To, f.Q = dateOrEmpty(f.From), dateOrEmpty(f.To), strings.TrimSpace(f.Q)
}

func (f reviewQuery) filter(page int) membership.Filter {
	mf := membership.Filter{Status: f.Status, Q: f.Q, Page: page, Size: reviewPerPage}
	if d, err := time.ParseInLocation(calendar.Layout, f.From, calendar.Zone); err == nil {
		mf.From = d
	}
	if d, err := time.ParseInLocation(calendar.Layout, f.To, calendar.Zone); err == nil {
		mf.To = d.AddDate(0, 0, 1) // through the whole day
	}
	return mf
}

// reviewListPage is 入会审核: the filter as typed and one page of applications.
type reviewListPage struct {
	reviewQuery
	Rows  []membership.Row
	Pager Pager
	Sort  Sorter
	// ExportURL is the export link with the filter and order (a whole URL, not re-escaped).
	ExportURL string
}

// reviewDetailPage is one application with everything submitted.
type reviewDetailPage struct {
	App       *membership.Application
	Company   *company.Company
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
	var v reviewListPage
	q := bindFilter(c, &v.reviewQuery)
	f := v.filter(pageNumber(c))
	f.Size = pageSize(c, q, reviewPerPage)
	f.Sort, v.Sort = listSort(c, q, "/admin/applications", membership.ListSorts)
	rows, total, err := membership.List(c.UserContext(), s.DB, f)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/applications", q, f.Page, f.Size, total)
	v.Pager = sized(v.Pager, reviewPerPage)
	v.ExportURL = exportURL("/admin/applications/export", q)
	p := s.page(c, "入会审核", "review")
	p.Data = v
	return render(c, "pages/admin_applications", "partials/applications_table", p)
}

func (s *Server) reviewDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
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
	co, err := company.ByID(ctx, s.DB, a.CompanyID)
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
	p := s.page(c, "入会审核", "review_detail")
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
	id, err := idParam(c)
	if err != nil {
		return err
	}
	pp := membership.Paper{Received: c.FormValue("received") == "on", CourierNo: strings.TrimSpace(c.FormValue("courier_no")),
		Note: strings.TrimSpace(c.FormValue("note"))}
	errs := map[string]string{}
	// Dates for the date column are UTC midnights of the calendar date (see membership.Snapshot.apply).
	today := calendar.Today(s.Now())
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
	err = membership.RecordPaper(ctx, s.DB, id, pp, actor(c))
	return s.done(c, err, msg("纸质材料记录已保存。"), appURL(id))
}

// reviewApprove approves (membership.Approve: member number, dues row, notice, email, audit).
// Of two staff approving at once exactly one succeeds; the other is told the new state.
func (s *Server) reviewApprove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, co, err := membership.Approve(c.UserContext(), s.DB, id, s.mailing, actor(c), s.Now())
	if err == nil {
		s.warnNoFee(c, co)
	}
	return s.done(c, err, msg("已审核通过，通知邮件已加入发送队列。"), appURL(id))
}

// warnNoFee tells staff that an approved member got no dues row because the year's fee
// schedule lacks its level (dues.EnsureFor creates nothing then), and what to do.
func (s *Server) warnNoFee(c *fiber.Ctx, co *company.Company) {
	year := calendar.Year(s.Now())
	if ok, err := dues.HasFee(c.UserContext(), s.DB, year, co.Level); err != nil || ok {
		return
	}
	flashErr(c, "%d 年度尚未设置“%s”级别的会费标准，未生成该会员的会费账单：请先在会费标准中设置，再在会员缴费管理中生成年度会费。",
		year, company.LevelLabel(co.Level))
}

// reviewReject rejects with a required reason, emailed to the applicant.
func (s *Server) reviewReject(c *fiber.Ctx) error {
	id, err := idParam(c)
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
	_, err = membership.Reject(c.UserContext(), s.DB, id, reason, s.mailing, actor(c), s.Now())
	return s.done(c, err, msg("已退回申请，退回原因已通过邮件通知申请人。"), appURL(id))
}

// appURL is the review page of an application.
func appURL(id int64) string { return "/admin/applications/" + strconv.FormatInt(id, 10) }
