package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/i18n"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"
)

// financePage is the staff finance queue (会员缴费管理).
type financePage struct {
	Year, Status, Invoice, Q string
	Years                    []int
	Rows                     []dues.Dues
	Pager                    Pager
	Query                    string // the filter, encoded
	ExportURL                string // the export link with the filter (a whole URL, so the template does not re-escape the query)
	ThisYear                 int
}

const financePerPage = 30

func financeFilter(c *fiber.Ctx) (financePage, dues.Filter) {
	v := financePage{Year: c.Query("year"), Status: c.Query("status"), Invoice: c.Query("invoice"), Q: strings.TrimSpace(c.Query("q"))}
	f := dues.Filter{Q: v.Q, Page: max(atoiDefault(c.Query("page"), 1), 1), Size: financePerPage}
	if y, err := strconv.Atoi(v.Year); err == nil && y > 2000 && y < 2100 {
		f.Year = y
	} else {
		v.Year = ""
	}
	if oneOfStr(v.Status, dues.Statuses) {
		f.Status = v.Status
	} else {
		v.Status = ""
	}
	if oneOfStr(v.Invoice, dues.InvoiceStatuses) {
		f.InvoiceStatus = v.Invoice
	} else {
		v.Invoice = ""
	}
	q := url.Values{}
	for k, val := range map[string]string{"year": v.Year, "status": v.Status, "invoice": v.Invoice, "q": v.Q} {
		if val != "" {
			q.Set(k, val)
		}
	}
	v.Query = q.Encode()
	v.ExportURL = "/admin/dues/export"
	if v.Query != "" {
		v.ExportURL += "?" + v.Query
	}
	return v, f
}

// finance is the finance queue with inline filters (year, 缴费状态, 开票状态, company).
func (s *Server) finance(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, f := financeFilter(c)
	rows, total, err := dues.List(ctx, s.DB, f)
	if err != nil {
		return err
	}
	if v.Years, err = dues.Years(ctx, s.DB, 0); err != nil {
		return err
	}
	q, _ := url.ParseQuery(v.Query)
	v.Rows, v.Pager = pageRows(rows, "/admin/dues", q, f.Page, financePerPage, total)
	v.ThisYear = calendar.Year(s.Now())
	p := s.page(c, "会员缴费管理", "finance")
	p.Data = v
	return render(c, "pages/admin_dues", "partials/finance_table", p)
}

// financeGenerate creates a year's dues for all members; running it twice creates nothing twice.
func (s *Server) financeGenerate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	year := atoiDefault(c.FormValue("year"), 0)
	if year < 2000 || year > 2100 {
		flashErr(c, "请选择年度。")
		return redirect(c, "/admin/dues")
	}
	var n int
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if n, err = dues.Generate(ctx, tx, year); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.generate", ObjectType: "dues", ObjectID: strconv.Itoa(year), Detail: strconv.Itoa(n)})
	})
	var ns dues.ErrNoSchedule
	if errors.As(err, &ns) {
		flashErr(c, ns.Error())
		return redirect(c, "/admin/fees?year="+strconv.Itoa(year))
	}
	if err != nil {
		return err
	}
	flash(c, i18n.Tf(principal(c).Lang, "已生成 %d 年度会费账单 %d 条（已有的不会重复生成）。", year, n))
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

func (s *Server) duesByParam(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dues.ErrNotFound
	}
	return id, nil
}

func (s *Server) financeDetail(c *fiber.Ctx) error {
	id, err := s.duesByParam(c)
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

func (s *Server) financeDone(c *fiber.Ctx, id int64, err error, ok string) error {
	var se dues.ErrState
	if errors.As(err, &se) {
		flashErr(c, "操作未执行："+se.Error()+"（可能已被其他人处理）。")
		return redirect(c, "/admin/dues/"+strconv.FormatInt(id, 10))
	}
	if err != nil {
		return err
	}
	s.kickOutbox()
	flash(c, ok)
	return redirect(c, "/admin/dues/"+strconv.FormatInt(id, 10))
}

// financeConfirm is 确认到账: amount and date received. The certificate is rendered by the
// worker after the commit, never in the request.
func (s *Server) financeConfirm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	id, err := s.duesByParam(c)
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
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		d, err := dues.Confirm(ctx, tx, id, pr.UserID, amount, on, s.Now())
		if err != nil {
			return err
		}
		if err := dues.Notify(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:confirmed", d.ID),
			fmt.Sprintf("%d年度会费已确认到账", d.Year),
			fmt.Sprintf("贵单位%d年度会费 %s 元已于 %s 确认到账。会员证书生成后可在“信息管理—会员证书”中下载。", d.Year, dues.Yuan(amount), on.Format("2006-01-02"))); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.confirm", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: dues.Yuan(amount)})
	})
	if err == nil && s.Queue != nil {
		if qerr := s.Queue.EnqueueCertificate(ctx, id, s.Now()); qerr != nil {
			// The worker's periodic sweep issues missing certificates, so nothing is lost.
			s.Log.Warn("enqueue certificate failed; the sweep will issue it", "dues_id", id, "err", qerr)
		}
	}
	return s.financeDone(c, id, err, "已确认到账，会员证书将由后台生成。")
}

// financeReject is 退回 with a reason; the member is told by email and site notice.
func (s *Server) financeReject(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := s.duesByParam(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" || len([]rune(reason)) > 500 {
		return s.showFinance(c, id, map[string]string{"reason": "请填写退回原因（最多500字）"}, func(v *financeDetailPage) { v.Reason = reason })
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		d, err := dues.Reject(ctx, tx, id, reason)
		if err != nil {
			return err
		}
		// The newest voucher's id only grows, so each rejection of a new upload mails once.
		var n int64
		if err := tx.NewRaw(`SELECT coalesce(max(id), 0) FROM vouchers WHERE dues_id = ?`, id).Scan(ctx, &n); err != nil {
			return err
		}
		if err := dues.Notify(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:rejected:%d", d.ID, n),
			fmt.Sprintf("%d年度缴费凭证被退回", d.Year),
			fmt.Sprintf("贵单位%d年度会费的缴费凭证被退回，原因：%s\n请登录会员管理系统，在“会员服务—会员缴费”中重新上传缴费凭证。", d.Year, reason)); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.reject", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	return s.financeDone(c, id, err, "已退回，会员已收到通知。")
}

// financeWaive marks dues 免缴 with a reason.
func (s *Server) financeWaive(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	id, err := s.duesByParam(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("waive_reason"))
	if reason == "" || len([]rune(reason)) > 500 {
		return s.showFinance(c, id, map[string]string{"waive_reason": "请填写免缴原因（最多500字）"}, func(v *financeDetailPage) { v.Waive = reason })
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := dues.Waive(ctx, tx, id, pr.UserID, reason, s.Now()); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.waive", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	if err == nil && s.Queue != nil {
		_ = s.Queue.EnqueueCertificate(ctx, id, s.Now())
	}
	return s.financeDone(c, id, err, "已设为免缴。")
}
