package app

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/errs"

	"github.com/gofiber/fiber/v2"
)

// financeQuery is the filter of 会员缴费管理 as it travels in the query string.
type financeQuery struct {
	Year    string `query:"year"`
	Status  string `query:"status"`
	Invoice string `query:"invoice"`
	Kind    string `query:"kind"` // 会费 or 活动费
	Q       string `query:"q"`
}

// Clean drops what the filter does not accept.
func (f *financeQuery) Clean() {
	f.Year, f.Status, f.Invoice = yearOrEmpty(f.Year), oneOrEmpty(f.Status, dues.Statuses), oneOrEmpty(f.Invoice, dues.InvoiceStatuses)
	f.Kind = oneOrEmpty(f.Kind, dues.Kinds)
	f.Q = strings.TrimSpace(f.Q)
}

func (f financeQuery) filter(page int) dues.Filter {
	return dues.Filter{Year: atoiDefault(f.Year, 0), Status: f.Status, InvoiceStatus: f.Invoice, Kind: f.Kind, Q: f.Q, Page: page, Size: financePerPage}
}

// financePage is the staff finance queue (会员缴费管理).
type financePage struct {
	financeQuery
	Years     []int
	Rows      []dues.Dues
	Pager     Pager
	Sort      Sorter
	Query     string // the filter, encoded
	ExportURL string // the export link with the filter (a whole URL, so the template does not re-escape the query)
	ThisYear  int
}

const financePerPage = 30

func financeFilter(c *fiber.Ctx) (financePage, dues.Filter, url.Values) {
	var v financePage
	q := bindFilter(c, &v.financeQuery)
	v.Query = q.Encode()
	v.ExportURL = "/admin/dues/export"
	if v.Query != "" {
		v.ExportURL += "?" + v.Query
	}
	return v, v.filter(pageNumber(c)), q
}

// finance is the finance queue with inline filters (year, 缴费状态, 开票状态, company).
func (s *Server) finance(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, f, q := financeFilter(c)
	f.Size = pageSize(c, q, financePerPage)
	f.Sort, v.Sort = listSort(c, q, "/admin/dues", dues.ListSorts)
	rows, total, err := dues.List(ctx, s.DB, f)
	if err != nil {
		return err
	}
	if v.Years, err = dues.Years(ctx, s.DB, 0); err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/dues", q, f.Page, f.Size, total)
	v.Pager = sized(v.Pager, financePerPage)
	v.ThisYear = calendar.Year(s.Now())
	p := s.page(c, "会员缴费管理", "finance")
	p.Data = v
	return render(c, "pages/admin_dues", "partials/finance_table", p)
}

// financeGenerate creates a year's dues for all members; running it twice creates nothing twice.
func (s *Server) financeGenerate(c *fiber.Ctx) error {
	year := atoiDefault(c.FormValue("year"), 0)
	if year < 2000 || year > 2100 {
		flashErr(c, "请选择年度。")
		return redirect(c, "/admin/dues")
	}
	n, err := dues.GenerateYear(c.UserContext(), s.DB, year, actor(c))
	if errors.Is(err, errs.Conflict) { // no fee schedule for the year: set it first
		return s.done(c, err, msg(""), "/admin/fees?year="+strconv.Itoa(year))
	}
	if err != nil {
		return err
	}
	flash(c, "已生成 %d 年度会费账单 %d 条（已有的不会重复生成）。", year, n)
	return redirect(c, "/admin/dues?year="+strconv.Itoa(year))
}

// financeDetailPage is one dues row for staff.
type financeDetailPage struct {
	Dues         *dues.Dues
	Company      *company.Company
	Certificates []certificate.Certificate
	Confirm      struct{ Amount, On string }
	VoucherTotal int64 // what the uploaded vouchers add up to (warned about when it is not the amount due)
	Reason       string
	Waive        string
}

func (s *Server) financeDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.showFinance(c, id, nil, nil)
}

func (s *Server) showFinance(c *fiber.Ctx, id int64, errs map[string]string, typed func(*financeDetailPage)) error {
	ctx := c.UserContext()
	d, err := dues.Get(ctx, s.DB, id, 0)
	if err != nil {
		return err
	}
	co, err := company.ByID(ctx, s.DB, d.CompanyID)
	if err != nil {
		return err
	}
	v := financeDetailPage{Dues: d, Company: co}
	all, err := certificate.ForCompany(ctx, s.DB, d.CompanyID)
	if err != nil {
		return err
	}
	for _, x := range all {
		if x.DuesID == d.ID {
			v.Certificates = append(v.Certificates, x)
		}
	}
	var sum int64
	for _, x := range d.Vouchers {
		sum += x.AmountFen
	}
	v.VoucherTotal = sum
	if sum == 0 {
		sum = d.AmountFen
	}
	v.Confirm.Amount = dues.YuanPlain(sum)
	v.Confirm.On = calendar.Format(s.Now())
	if typed != nil {
		typed(&v)
	}
	p := s.page(c, "缴费详情", "finance")
	p.Title = p.T(p.Title) + " - " + co.Name
	p.Data = v
	p.Errors = errs
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return render(c, "pages/admin_dues_detail", "", p)
}

// financeURL is the staff page of a dues row.
func financeURL(id int64) string { return "/admin/dues/" + strconv.FormatInt(id, 10) }

// financeConfirm is 确认到账: amount and date received. The certificate is rendered by the
// worker after the commit, never in the request.
func (s *Server) financeConfirm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	amountS, onS := c.FormValue("amount"), strings.TrimSpace(c.FormValue("received_on"))
	errs := map[string]string{}
	amount, err := dues.ParseYuan(amountS)
	if err != nil {
		errs["amount"] = err.Error()
	}
	on, err := time.Parse("2006-01-02", onS)
	today := calendar.Today(s.Now())
	if err != nil {
		errs["received_on"] = "请填写到账日期（年-月-日）"
	} else if on.After(today) {
		errs["received_on"] = "到账日期不能晚于今天"
	}
	if len(errs) > 0 {
		return s.showFinance(c, id, errs, func(v *financeDetailPage) { v.Confirm.Amount, v.Confirm.On = amountS, onS })
	}
	d, err := dues.ConfirmPayment(ctx, s.DB, id, amount, on, actor(c), s.Now())
	if err == nil && d.IsEvent() {
		return s.done(c, err, msg("已确认到账，会员已收到通知。"), financeURL(id))
	}
	if err == nil {
		s.kickCertificate(ctx, id)
	}
	return s.done(c, err, msg("已确认到账，会员证书将由后台生成。"), financeURL(id))
}

// kickCertificate asks the worker to render a dues row's certificate now; if Redis is down
// the worker's periodic sweep issues it, so nothing is lost.
func (s *Server) kickCertificate(ctx context.Context, duesID int64) {
	if s.Queue == nil {
		return
	}
	if err := s.Queue.EnqueueCertificate(ctx, duesID, s.Now()); err != nil {
		s.Log.WarnContext(ctx, "enqueue certificate failed; the sweep will issue it", "dues_id", duesID, "err", err)
	}
}

// financeReject is 退回 with a reason; the member is told by email and site notice.
func (s *Server) financeReject(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" || len([]rune(reason)) > 500 {
		return s.showFinance(c, id, map[string]string{"reason": "请填写退回原因（最多500字）"}, func(v *financeDetailPage) { v.Reason = reason })
	}
	_, err = dues.ReturnVoucher(ctx, s.DB, id, reason, actor(c))
	return s.done(c, err, msg("已退回，会员已收到通知。"), financeURL(id))
}

// financeWaive marks dues 免缴 with a reason.
func (s *Server) financeWaive(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("waive_reason"))
	if reason == "" || len([]rune(reason)) > 500 {
		return s.showFinance(c, id, map[string]string{"waive_reason": "请填写免缴原因（最多500字）"}, func(v *financeDetailPage) { v.Waive = reason })
	}
	_, err = dues.Waive(ctx, s.DB, id, reason, actor(c), s.Now())
	if err == nil {
		s.kickCertificate(ctx, id)
	}
	return s.done(c, err, msg("已设为免缴。"), financeURL(id))
}
