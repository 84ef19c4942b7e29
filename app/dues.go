package app

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// duesQuery is the filter of 会员缴费 (年份, 发票状态) as it travels in the query string.
type duesQuery struct {
	Year    string `query:"year"`
	Invoice string `query:"invoice"`
}

// Clean drops what the filter does not accept.
func (f *duesQuery) Clean() {
	f.Year, f.Invoice = yearOrEmpty(f.Year), oneOrEmpty(f.Invoice, dues.InvoiceStatuses)
}

// duesPage is 会员缴费: the company's dues, one row per year, filtered by 年份 and 发票状态.
type duesPage struct {
	duesQuery
	Years []int
	Rows  []dues.Dues
	Pager Pager
}

const duesPerPage = 20

// duesList is 会员缴费. The filter lives in the query string (htmx pushes it), and the same
// form works as a plain GET without JavaScript.
func (s *Server) duesList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	var v duesPage
	q := bindFilter(c, &v.duesQuery)
	f := dues.Filter{CompanyID: pr.CompanyID, Year: atoiDefault(v.Year, 0), InvoiceStatus: v.Invoice, Page: pageNumber(c), Size: duesPerPage}
	rows, total, err := dues.CompanyList(ctx, s.DB, f)
	if err != nil {
		return err
	}
	if v.Years, err = dues.Years(ctx, s.DB, pr.CompanyID); err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/dues", q, f.Page, duesPerPage, total)
	p := s.page(c, "会员缴费", "dues")
	p.Data = v
	return render(c, "pages/dues", "partials/dues_table", p)
}

// ownDues loads a dues row of the member's own company; another company's id is not found.
func (s *Server) ownDues(c *fiber.Ctx) (*dues.Dues, error) {
	id, err := idParam(c)
	if err != nil {
		return nil, err
	}
	return dues.Get(c.UserContext(), s.DB, id, principal(c).CompanyID)
}

// voucherURL is the 上传缴费凭证 page of a dues row.
func voucherURL(d *dues.Dues) string { return "/dues/" + strconv.FormatInt(d.ID, 10) + "/voucher" }

// voucherForm is 上传缴费凭证 as typed.
type voucherForm struct {
	TransferDate, Amount, Payer, Note string
}

type voucherPage struct {
	Dues *dues.Dues
	Form voucherForm
}

func (s *Server) voucherForm(c *fiber.Ctx) error {
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	co, err := company.ByID(c.UserContext(), s.DB, d.CompanyID)
	if err != nil {
		return err
	}
	p := s.page(c, "上传缴费凭证", "dues")
	p.Data = voucherPage{Dues: d, Form: voucherForm{Amount: dues.YuanPlain(d.AmountFen), Payer: co.Name,
		TransferDate: calendar.Format(s.Now())}}
	return render(c, "pages/dues_voucher", "", p)
}

// voucherUpload checks the file by content and the fields, then stores the voucher; the row
// becomes 待确认. Several vouchers per year are allowed until staff confirm.
func (s *Server) voucherUpload(c *fiber.Ctx) error {
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	f := voucherForm{TransferDate: strings.TrimSpace(c.FormValue("transfer_date")), Amount: c.FormValue("amount"),
		Payer: strings.TrimSpace(c.FormValue("payer")), Note: strings.TrimSpace(c.FormValue("note"))}
	errs := map[string]string{}
	if !dues.CanUploadVoucher(d.Status) {
		errs["form"] = "当前缴费状态为「" + dues.StatusLabel(d.Status) + "」，不能再上传缴费凭证。"
	}
	td, err := time.Parse("2006-01-02", f.TransferDate)
	today := calendar.Today(s.Now())
	switch {
	case f.TransferDate == "":
		errs["transfer_date"] = "请填写转账日期"
	case err != nil:
		errs["transfer_date"] = "日期格式应为 年-月-日"
	case td.After(today):
		errs["transfer_date"] = "转账日期不能晚于今天"
	}
	amount, err := dues.ParseYuan(f.Amount)
	if err != nil {
		errs["amount"] = err.Error()
	}
	if f.Payer == "" || utf8.RuneCountInString(f.Payer) > 100 {
		errs["payer"] = "请填写付款账户名称（最多100字）"
	}
	if utf8.RuneCountInString(f.Note) > 300 {
		errs["note"] = "备注最多300字"
	}
	up, err := readUpload(c, "file")
	switch {
	case errors.Is(err, errNoUpload):
		errs["file"] = "请选择缴费凭证文件（PDF、JPG 或 PNG）"
	case errors.Is(err, files.ErrTooLarge):
		errs["file"] = files.ErrTooLarge.Error()
	case err != nil:
		return err
	default:
		if _, err := files.Sniff(up.Data); err != nil {
			errs["file"] = err.Error()
		} else if err := files.CheckQuota(c.UserContext(), s.DB, d.CompanyID, files.KindVoucher, len(up.Data)); err != nil {
			if !errors.Is(err, files.ErrQuota) {
				return err
			}
			errs["file"] = errText(c, err)
		}
	}
	if len(errs) > 0 {
		p := s.page(c, "上传缴费凭证", "dues")
		p.Data = voucherPage{Dues: d, Form: f}
		return renderForm(c, "pages/dues_voucher", "", p, errs)
	}
	err = dues.UploadVoucher(c.UserContext(), s.DB, d, dues.Transfer{Date: td, AmountFen: amount, Payer: f.Payer, Note: f.Note,
		FileName: up.Name, Data: up.Data}, actor(c))
	back := "/dues" // the state changed (staff confirmed meanwhile): the list says so
	if errors.Is(err, files.ErrQuota) {
		back = voucherURL(d) // a parallel upload took the last space after the form's check
	}
	return s.done(c, err, msg("缴费凭证已上传，协会财务确认到账后将通知您。"), voucherURL(d), back)
}

// voucherDelete removes a voucher before staff confirm (to replace it).
func (s *Server) voucherDelete(c *fiber.Ctx) error {
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	vid, err := idParam(c, "vid")
	if err != nil {
		return err
	}
	err = dues.DeleteVoucher(c.UserContext(), s.DB, d, vid, actor(c))
	return s.done(c, err, msg("缴费凭证已删除。"), voucherURL(d), "/dues")
}

type invoicePage struct {
	Dues    *dues.Dues
	Profile dues.InvoiceProfile
}

// invoiceForm is 填写开票信息, prefilled from this year's request or the saved profile.
func (s *Server) invoiceForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	prof := dues.InvoiceProfile{Type: dues.InvoiceNormal}
	switch saved, err := dues.Profile(ctx, s.DB, d.CompanyID); {
	case err != nil:
		return err
	case d.InvoiceRequest != nil:
		prof = *d.InvoiceRequest
	case saved != nil:
		prof = *saved
	default:
		co, err := company.ByID(ctx, s.DB, d.CompanyID)
		if err != nil {
			return err
		}
		fc, _ := company.FinanceContact(ctx, s.DB, d.CompanyID)
		prof.Title, prof.TaxNo, prof.Email = co.Name, co.USCC, fc.Email
	}
	p := s.page(c, "填写开票信息", "dues")
	p.Data = invoicePage{Dues: d, Profile: prof}
	return render(c, "pages/dues_invoice", "partials/invoice_form", p)
}

func (s *Server) invoiceSave(c *fiber.Ctx) error {
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	prof := dues.InvoiceProfile{Type: c.FormValue("type"), Title: c.FormValue("title"), TaxNo: c.FormValue("tax_no"),
		Address: c.FormValue("address"), Phone: c.FormValue("phone"), Bank: c.FormValue("bank"), Account: c.FormValue("account"),
		Email: c.FormValue("email")}
	errs := prof.Validate()
	if d.InvoiceStatus == dues.InvoiceIssued || d.Status == dues.Waived {
		errs["form"] = "发票已开具或本年度免缴，不能修改开票信息。"
	}
	if len(errs) > 0 {
		p := s.page(c, "填写开票信息", "dues")
		p.Data = invoicePage{Dues: d, Profile: prof}
		return renderForm(c, "pages/dues_invoice", "partials/invoice_form", p, errs)
	}
	err = dues.SaveInvoiceInfo(c.UserContext(), s.DB, d, prof, actor(c))
	return s.done(c, err, msg("开票信息已保存，协会确认到账后开具发票。"), "/dues", "/dues")
}
