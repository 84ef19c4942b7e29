package app

import (
	"fmt"

	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/i18n"
	"cpca/internal/membership"
)

// The staff lists' rows as their tables show them, built here like 会员缴费's (duesLine): flat
// structs of text already translated and formatted, so a row renders with field reads. A
// model with an embedded struct (membership.Row embeds Application) costs html/template a
// breadth-first field search with allocations on every read of a promoted field, and every
// template function is a reflective call (tests/bench/REPORT.md, issue 10).

// reviewLine is one row of 入会审核.
type reviewLine struct {
	ID                          int64
	Company, Revision           string // Revision: "第2次提交" from the second submission on
	USCC, Username, SubmittedAt string
	PaperReceived, Pending      bool
	Badge, Status               string
}

// Lines is the page's rows in lang.
func (v reviewListPage) Lines(lang string) []reviewLine {
	out := make([]reviewLine, len(v.Rows))
	for i := range v.Rows {
		r := &v.Rows[i]
		l := reviewLine{ID: r.ID, Company: r.CompanyName, USCC: r.USCC, Username: r.Username, SubmittedAt: localTime(r.SubmittedAt),
			PaperReceived: r.PaperReceived, Pending: membership.Pending(r.Status), Status: i18n.T(lang, membership.StatusLabel(r.Status)), Badge: "warn"}
		if r.Revision > 1 {
			l.Revision = fmt.Sprintf(i18n.T(lang, "第%d次提交"), r.Revision)
		}
		switch r.Status {
		case membership.StatusApproved:
			l.Badge = "ok"
		case membership.StatusRejected:
			l.Badge = "bad"
		}
		out[i] = l
	}
	return out
}

// financeLine is one row of 会员缴费管理.
type financeLine struct {
	ID                             int64
	Charge, Company, Level, Amount string // Level "" shows a dash
	Badge, Status, Vouchers        string // Vouchers: "2 份", "" for none
	Received, ReceivedOn           string // "" when nothing arrived
	InvoiceClass, Invoice, Op      string
}

// Lines is the page's rows in lang.
func (v financePage) Lines(lang string) []financeLine {
	out := make([]financeLine, len(v.Rows))
	for i := range v.Rows {
		d := &v.Rows[i]
		l := financeLine{ID: d.ID, Charge: chargeName(lang, d), Company: d.CompanyName, Amount: dues.Yuan(d.AmountFen),
			Badge: duesBadge(d.Status), Status: i18n.T(lang, dues.StatusLabel(d.Status)), Invoice: i18n.T(lang, dues.InvoiceLabel(d.InvoiceStatus)),
			Op: i18n.T(lang, "查看")}
		if d.Level != "" {
			l.Level = i18n.T(lang, company.LevelLabel(d.Level))
		}
		if n := len(d.Vouchers); n > 0 {
			l.Vouchers = fmt.Sprintf(i18n.T(lang, "%d 份"), n)
		}
		if d.ReceivedFen.Valid {
			l.Received = dues.Yuan(d.ReceivedFen.Int64)
			l.ReceivedOn = d.ReceivedOn.Time.Format("2006-01-02")
		}
		l.InvoiceClass = invoiceBadge(d.InvoiceStatus)
		if d.Status == dues.Pending {
			l.Op = i18n.T(lang, "审核凭证")
		}
		out[i] = l
	}
	return out
}

// chargeName is what a charge is for, as partials/charge_name says it: "2026 年度" for yearly
// dues, "活动费 · <event>" for an event fee.
func chargeName(lang string, d *dues.Dues) string {
	if d.EventRegistrationID != 0 {
		return i18n.T(lang, "活动费") + " · " + d.Subject
	}
	return fmt.Sprintf(i18n.T(lang, "%d 年度"), d.Year)
}

// invoiceBadge is the badge class of an invoice state.
func invoiceBadge(status string) string {
	switch status {
	case dues.InvoiceIssued:
		return "ok"
	case dues.InvoiceRequested:
		return "warn"
	}
	return ""
}
