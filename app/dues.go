package app

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/i18n"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"
)

// duesPage is 会员缴费: the company's dues, one row per year, filtered by 年份 and 发票状态.
type duesPage struct {
	Year, Invoice string
	Years         []int
	Rows          []dues.Dues
	Pager         Pager
}

const duesPerPage = 20

// duesList is 会员缴费. The filter lives in the query string (htmx pushes it), and the same
// form works as a plain GET without JavaScript.
func (s *Server) duesList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	v := duesPage{Year: c.Query("year"), Invoice: c.Query("invoice")}
	f := dues.Filter{CompanyID: pr.CompanyID, Page: max(atoiDefault(c.Query("page"), 1), 1), Size: duesPerPage}
	if y, err := strconv.Atoi(v.Year); err == nil && y > 2000 && y < 2100 {
		f.Year = y
	} else {
		v.Year = ""
	}
	if oneOfStr(v.Invoice, dues.InvoiceStatuses) {
		f.InvoiceStatus = v.Invoice
	} else {
		v.Invoice = ""
	}
	rows, total, err := dues.List(ctx, s.DB, f)
	if err != nil {
		return err
	}
	if v.Years, err = dues.Years(ctx, s.DB, pr.CompanyID); err != nil {
		return err
	}
	q := url.Values{}
	if v.Year != "" {
		q.Set("year", v.Year)
	}
	if v.Invoice != "" {
		q.Set("invoice", v.Invoice)
	}
	v.Rows, v.Pager = pageRows(rows, "/dues", q, f.Page, duesPerPage, total)
	p := s.page(c, "会员缴费", "dues")
	p.Data = v
	return render(c, "pages/dues", "partials/dues_table", p)
}

// ownDues loads a dues row of the member's own company; another company's id is not found.
func (s *Server) ownDues(c *fiber.Ctx) (*dues.Dues, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, dues.ErrNotFound
	}
	return dues.Get(c.UserContext(), s.DB, id, principal(c).CompanyID)
}

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
	co, err := membership.CompanyByID(c.UserContext(), s.DB, d.CompanyID)
	if err != nil {
		return err
	}
	p := s.page(c, "上传缴费凭证", "dues")
	p.Data = voucherPage{Dues: d, Form: voucherForm{Amount: dues.YuanPlain(d.AmountFen), Payer: co.Name,
		TransferDate: s.Now().In(membership.Shanghai).Format("2006-01-02")}}
	return render(c, "pages/dues_voucher", "", p)
}

// voucherUpload checks the file by content and the fields, then stores the voucher; the row
// becomes 待确认. Several vouchers per year are allowed until staff confirm.
func (s *Server) voucherUpload(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
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
	today, _ := time.Parse("2006-01-02", s.Now().In(membership.Shanghai).Format("2006-01-02"))
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
	var data []byte
	var name string
	fh, err := c.FormFile("file")
	if err != nil {
		errs["file"] = "请选择缴费凭证文件（PDF、JPG 或 PNG）"
	} else if fh.Size > files.MaxUpload {
		errs["file"] = files.ErrTooLarge.Error()
	} else {
		fd, err := fh.Open()
		if err != nil {
			return err
		}
		data, err = io.ReadAll(io.LimitReader(fd, files.MaxUpload+1))
		fd.Close()
		if err != nil {
			return err
		}
		name = fh.Filename
		if _, err := files.Sniff(data); err != nil {
			errs["file"] = err.Error()
		} else if err := files.CheckQuota(ctx, s.DB, d.CompanyID, files.KindVoucher, len(data)); err != nil {
			if !errors.Is(err, files.ErrQuota) {
				return err
			}
			errs["file"] = i18n.Tf(pr.Lang, files.QuotaFull, files.QuotaLabel())
		}
	}
	if len(errs) > 0 {
		p := s.page(c, "上传缴费凭证", "dues")
		p.Data = voucherPage{Dues: d, Form: f}
		p.Errors = errs
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/dues_voucher", "", p)
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		file, err := files.Save(ctx, tx, d.CompanyID, files.KindVoucher, name, data, pr.UserID)
		if err != nil {
			return err
		}
		v := &dues.Voucher{FileID: file.ID, TransferDate: td, AmountFen: amount, Payer: f.Payer, Note: f.Note, CreatedBy: pr.UserID}
		if err := dues.AddVoucher(ctx, tx, d, v); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.voucher_upload", ObjectType: "dues", ObjectID: strconv.FormatInt(d.ID, 10), Detail: dues.Yuan(amount)})
	})
	return s.memberDone(c, err, "缴费凭证已上传，协会财务确认到账后将通知您。", "/dues/"+strconv.FormatInt(d.ID, 10)+"/voucher")
}

// voucherDelete removes a voucher before staff confirm (to replace it).
func (s *Server) voucherDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := s.ownDues(c)
	if err != nil {
		return err
	}
	vid, err := strconv.ParseInt(c.Params("vid"), 10, 64)
	if err != nil {
		return dues.ErrNotFound
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := dues.RemoveVoucher(ctx, tx, d, vid); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.voucher_delete", ObjectType: "voucher", ObjectID: strconv.FormatInt(vid, 10)})
	})
	return s.memberDone(c, err, "缴费凭证已删除。", "/dues/"+strconv.FormatInt(d.ID, 10)+"/voucher")
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
		co, err := membership.CompanyByID(ctx, s.DB, d.CompanyID)
		if err != nil {
			return err
		}
		fc, _ := membership.FinanceContact(ctx, s.DB, d.CompanyID)
		prof.Title, prof.TaxNo, prof.Email = co.Name, co.USCC, fc.Email
	}
	p := s.page(c, "填写开票信息", "dues")
	p.Data = invoicePage{Dues: d, Profile: prof}
	return render(c, "pages/dues_invoice", "partials/invoice_form", p)
}

func (s *Server) invoiceSave(c *fiber.Ctx) error {
	ctx := c.UserContext()
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
		p.Errors = errs
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/dues_invoice", "partials/invoice_form", p)
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := dues.RequestInvoice(ctx, tx, d, prof); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.invoice_request", ObjectType: "dues", ObjectID: strconv.FormatInt(d.ID, 10), Detail: prof.Title})
	})
	return s.memberDone(c, err, "开票信息已保存，协会确认到账后开具发票。", "/dues")
}

// memberDone ends a member's dues action: a state conflict (staff confirmed meanwhile, say)
// is a message on 会员缴费, success a message on `to`.
func (s *Server) memberDone(c *fiber.Ctx, err error, ok, to string) error {
	var se dues.ErrState
	if errors.As(err, &se) {
		flashErr(c, se.Error())
		return redirect(c, "/dues")
	}
	if errors.Is(err, files.ErrQuota) { // a parallel upload took the last space after the form's check
		flashErr(c, i18n.Tf(principal(c).Lang, files.QuotaFull, files.QuotaLabel()))
		return redirect(c, to)
	}
	if err != nil {
		return err
	}
	flash(c, ok)
	return redirect(c, to)
}
