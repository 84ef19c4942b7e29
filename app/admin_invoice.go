package app

import (
	"errors"
	"fmt"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// financeInvoice uploads the issued invoice PDF (已开票); the member gets an email and a notice.
func (s *Server) financeInvoice(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	up, err := readUpload(c, "invoice")
	switch {
	case errors.Is(err, errNoUpload):
		return s.showFinance(c, id, map[string]string{"invoice": "请选择发票 PDF 文件"}, nil)
	case errors.Is(err, files.ErrTooLarge):
		return s.showFinance(c, id, map[string]string{"invoice": files.ErrTooLarge.Error()}, nil)
	case err != nil:
		return err
	}
	if ct, err := files.Sniff(up.Data); err != nil || ct != "application/pdf" {
		return s.showFinance(c, id, map[string]string{"invoice": "发票须为 PDF 文件（按文件内容识别）"}, nil)
	}
	_, err = dues.IssueInvoice(c.UserContext(), s.DB, id, up.Data, actor(c))
	return s.done(c, err, msg("发票已上传，会员已收到通知。"), financeURL(id))
}

// financeExport writes the filtered finance list to an .xlsx with Chinese headers.
func (s *Server) financeExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	v, f, _ := financeFilter(c)
	const limit = 100000
	rows, err := dues.ExportRows(ctx, s.DB, f, limit)
	if err != nil {
		return err
	}
	// Amounts are numbers in yuan with two decimals (from integer fen), so Excel sums them;
	// 纳税人识别号 and 会员编号 stay text.
	sh, err := sheet.New("会员缴费", []string{"年度", "会员编号", "会员单位", "会员级别", "应缴金额(元)", "缴费状态", "到账金额(元)", "到账日期",
		"开票状态", "开票时间", "发票类型", "发票抬头", "纳税人识别号", "退回/免缴原因"})
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, d := range rows {
		var received any = ""
		on, issued := "", ""
		if d.ReceivedFen.Valid {
			received = sh.Money(d.ReceivedFen.Int64)
		}
		if d.ReceivedOn.Valid {
			on = d.ReceivedOn.Time.Format("2006-01-02")
		}
		if d.InvoiceIssuedAt.Valid {
			issued = localTime(d.InvoiceIssuedAt.Time)
		}
		reason := strings.TrimSpace(d.RejectReason + " " + d.WaiveReason)
		var what any = d.Year
		if d.IsEvent() {
			what = sh.Cell(d.Label()) // an event fee has no year: its event names it
		}
		typ, title, taxNo := d.Invoice()
		if typ != "" {
			typ = dues.InvoiceTypeLabel(typ)
		}
		if err := sh.AddRow(what, sh.Cell(d.MemberNo), sh.Cell(d.CompanyName), company.LevelLabel(d.Level), sh.Money(d.AmountFen),
			dues.StatusLabel(d.Status), received, on, dues.InvoiceLabel(d.InvoiceStatus), issued,
			typ, sh.Cell(title), sh.Cell(taxNo), sh.Cell(reason)); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "dues.export", ObjectType: "dues", Detail: fmt.Sprintf("%s (%d rows)", v.Query, len(rows))})
	return sendSheet(c, sh, "会员缴费", s.Now().In(calendar.Zone).Format("20060102"))
}

// certificateRevoke withdraws a certificate with a reason (kept and shown on verification).
func (s *Server) certificateRevoke(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cert, err := certificate.Get(ctx, s.DB, id, 0)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" {
		return s.showFinance(c, cert.DuesID, map[string]string{"revoke_reason": "请填写撤销原因"}, nil)
	}
	_, err = certificate.Revoke(ctx, s.DB, id, reason, actor(c))
	return s.done(c, err, msg("证书 %s 已撤销。", cert.Number), financeURL(cert.DuesID))
}
