package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/certificate"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/i18n"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"
)

// financeInvoice uploads the issued invoice PDF (已开票); the member gets an email and a notice.
func (s *Server) financeInvoice(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	id, err := s.duesByParam(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("invoice")
	if err != nil {
		return s.showFinance(c, id, map[string]string{"invoice": "请选择发票 PDF 文件"}, nil)
	}
	if fh.Size > files.MaxUpload {
		return s.showFinance(c, id, map[string]string{"invoice": files.ErrTooLarge.Error()}, nil)
	}
	fd, err := fh.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(fd, files.MaxUpload+1))
	fd.Close()
	if err != nil {
		return err
	}
	if ct, err := files.Sniff(data); err != nil || ct != "application/pdf" {
		return s.showFinance(c, id, map[string]string{"invoice": "发票须为 PDF 文件（按文件内容识别）"}, nil)
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		cur, err := dues.Get(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		f, err := files.Save(ctx, tx, cur.CompanyID, files.KindInvoice, fmt.Sprintf("%d年度会费发票-%s.pdf", cur.Year, cur.CompanyName), data, pr.UserID)
		if err != nil {
			return err
		}
		d, err := dues.IssueInvoice(ctx, tx, id, f.ID)
		if err != nil {
			return err
		}
		if err := dues.NotifyInvoice(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:invoice", d.ID), fmt.Sprintf("%d年度会费发票已开具", d.Year),
			fmt.Sprintf("贵单位%d年度会费发票已开具，请登录会员管理系统，在“会员服务—会员缴费”中下载发票附件。", d.Year)); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "dues.invoice_issue", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: f.ID})
	})
	return s.financeDone(c, id, err, "发票已上传，会员已收到通知。")
}

// financeExport writes the filtered finance list to an .xlsx with Chinese headers.
func (s *Server) financeExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, f := financeFilter(c)
	const limit = 100000
	rows, err := dues.ExportRows(ctx, s.DB, f, limit)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "会员缴费"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Amounts are numbers in yuan with two decimals (from integer fen), so Excel sums them.
	money, err := x.NewStyle(&excelize.Style{NumFmt: 2})
	if err != nil {
		return err
	}
	yuan := func(fen int64) excelize.Cell {
		return excelize.Cell{StyleID: money, Value: float64(fen) / 100}
	}
	head := []any{"年度", "会员单位", "会员级别", "应缴金额(元)", "缴费状态", "到账金额(元)", "到账日期", "开票状态", "开票时间", "退回/免缴原因"}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, d := range rows {
		var received any = ""
		on, issued := "", ""
		if d.ReceivedFen.Valid {
			received = yuan(d.ReceivedFen.Int64)
		}
		if d.ReceivedOn.Valid {
			on = d.ReceivedOn.Time.Format("2006-01-02")
		}
		if d.InvoiceIssuedAt.Valid {
			issued = localTime(d.InvoiceIssuedAt.Time)
		}
		reason := strings.TrimSpace(d.RejectReason + " " + d.WaiveReason)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{d.Year, d.CompanyName, membership.LevelLabel(d.Level), yuan(d.AmountFen),
			dues.StatusLabel(d.Status), received, on, dues.InvoiceLabel(d.InvoiceStatus), issued, reason}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_ = record(ctx, s.DB, c, audit.Entry{Action: "dues.export", ObjectType: "dues", Detail: fmt.Sprintf("%s (%d rows)", v.Query, len(rows))})
	buf, err := x.WriteToBuffer()
	if err != nil {
		return err
	}
	c.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set("Content-Disposition", files.Disposition("会员缴费-"+s.Now().In(membership.Shanghai).Format("20060102")+".xlsx"))
	return c.Send(buf.Bytes())
}

// certificateRevoke withdraws a certificate with a reason (kept and shown on verification).
func (s *Server) certificateRevoke(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return certificate.ErrNotFound
	}
	cert, err := certificate.Get(ctx, s.DB, id, 0)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" {
		return s.showFinance(c, cert.DuesID, map[string]string{"revoke_reason": "请填写撤销原因"}, nil)
	}
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := certificate.Revoke(ctx, tx, id, reason); err != nil {
			return err
		}
		return record(ctx, tx, c, audit.Entry{Action: "certificate.revoke", ObjectType: "certificate", ObjectID: cert.Number, Detail: reason})
	})
	if errors.Is(err, certificate.ErrNotLive) {
		flashErr(c, err.Error())
		return redirect(c, "/admin/dues/"+strconv.FormatInt(cert.DuesID, 10))
	}
	if err != nil {
		return err
	}
	flash(c, i18n.Tf(principal(c).Lang, "证书 %s 已撤销。", cert.Number))
	return redirect(c, "/admin/dues/"+strconv.FormatInt(cert.DuesID, 10))
}
