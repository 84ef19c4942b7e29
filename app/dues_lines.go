package app

import (
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/i18n"
)

// duesLine is one row of 会员缴费 as the table shows it: every label translated, every amount
// and date formatted, every rule answered here, so a row renders with field reads only. (A
// template function call is a reflective call; with about twenty per row they were most of the
// page's CPU — tests/bench/REPORT.md, issue 10.)
type duesLine struct {
	ID                            int64
	Charge, Level, Amount         string
	Badge, Status                 string
	RejectReason, WaiveReason     string
	ReceivedOn                    string
	InvoiceClass, Invoice         string
	InvoiceIssuedOn, InvoiceFile  string
	Vouchers                      []dues.Voucher
	CanUpload, CanInvoice, NoneOp bool
}

// Lines is the page's rows in lang.
func (v duesPage) Lines(lang string) []duesLine {
	out := make([]duesLine, len(v.Rows))
	for i := range v.Rows {
		d := &v.Rows[i]
		l := duesLine{ID: d.ID, Amount: dues.Yuan(d.AmountFen), Badge: duesBadge(d.Status), Status: i18n.T(lang, dues.StatusLabel(d.Status)),
			Vouchers: d.Vouchers, CanUpload: dues.CanUploadVoucher(d.Status), CanInvoice: d.Status != dues.Waived && d.InvoiceStatus != dues.InvoiceIssued,
			Invoice: i18n.T(lang, dues.InvoiceLabel(d.InvoiceStatus))}
		l.Charge = chargeName(lang, d)
		if d.Level != "" {
			l.Level = i18n.T(lang, company.LevelLabel(d.Level))
		}
		switch d.Status {
		case dues.Rejected:
			l.RejectReason = d.RejectReason
			if l.RejectReason == "" {
				l.RejectReason = " "
			}
		case dues.Waived:
			l.WaiveReason = d.WaiveReason
		}
		if d.ReceivedOn.Valid {
			l.ReceivedOn = d.ReceivedOn.Time.Format("2006-01-02")
		}
		l.InvoiceClass = invoiceBadge(d.InvoiceStatus)
		if d.InvoiceIssuedAt.Valid {
			l.InvoiceIssuedOn = localDate(d.InvoiceIssuedAt.Time)
		}
		if d.InvoiceFileID.Valid {
			l.InvoiceFile = d.InvoiceFileID.String
		}
		l.NoneOp = !l.CanUpload && !l.CanInvoice
		out[i] = l
	}
	return out
}
