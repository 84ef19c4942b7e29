package app

import (
	"database/sql"
	"time"

	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/events"
)

// evfeeSamples are the pages that show an event fee (a dues row of an event registration):
// 查看详情 with the charge, the staff registration list with the fee state, and the dues pages
// (会员缴费, 上传缴费凭证, 填写开票信息, 会员缴费管理 and its detail) with an event charge row.
func evfeeSamples() map[string][]any {
	now := time.Now()
	ev := &events.Event{ID: 1, Name: "PCB Expo", Kind: events.KindExhibition, Published: true, StartsAt: now.Add(240 * time.Hour),
		EndsAt: now.Add(288 * time.Hour), RegOpensAt: now.Add(-24 * time.Hour), RegClosesAt: now.Add(200 * time.Hour), CancelUntil: now.Add(200 * time.Hour),
		Capacity: 10, MaxPerCompany: 3, OfferHours: 48, FeeMemberFen: 80000, FeeCouncilFen: 50000, CouncilFreePlaces: 2, FeeInfo: "z"}
	free := *ev
	free.FeeMemberFen, free.CouncilFreePlaces = 0, 0
	charge := func(status, invoice string) *dues.Dues {
		return &dues.Dues{ID: 7, EventRegistrationID: 1, Subject: "PCB Expo", AmountFen: 50000, Status: status, InvoiceStatus: invoice,
			RejectReason: "x", WaiveReason: "y", InvoiceFileID: sql.NullString{String: "f", Valid: invoice == dues.InvoiceIssued},
			Vouchers: []dues.Voucher{{ID: 1, FileID: "f", FileName: "v.pdf", AmountFen: 50000, TransferDate: now}}}
	}
	var detail []any
	var regs []events.Registration
	for _, st := range dues.Statuses {
		for _, inv := range dues.InvoiceStatuses {
			r := &events.Registration{ID: 1, EventID: 1, Status: events.Confirmed, Places: 3, CompanyName: "Acme", Charge: charge(st, inv),
				ChargeID: 7, ChargeFen: 50000, ChargeStatus: st, Attendees: []events.Attendee{{ID: 1, Name: "Li", Code: "E1-A1-X"}}}
			detail = append(detail, eventPage{Event: ev, Own: r, Now: now})
			regs = append(regs, *r)
		}
	}
	atts := []events.Attachment{{ID: 1, Title: "Guide", FileID: "f", FileName: "guide.pdf"}}
	detail = append(detail, eventPage{Event: &free, Now: now, Attachments: atts})
	pager := newPager("/x", nil, 1, 20, 3)
	row := *charge(dues.Pending, dues.InvoiceRequested)
	return map[string][]any{
		"pages/event":               detail,
		"partials/admin_regs_table": {adminEventPage{Event: ev, Rows: regs, Pager: pager, Now: now}},
		"pages/admin_event":         {adminEventPage{Event: ev, Rows: regs, Pager: pager, Now: now, Attachments: atts}},
		"pages/dues":                {duesPage{Rows: []dues.Dues{row}, Pager: pager}},
		"partials/dues_table":       {duesPage{Rows: []dues.Dues{row}, Pager: pager}},
		"pages/dues_voucher":        {voucherPage{Dues: &row, Form: voucherForm{Amount: "500.00"}}},
		"pages/dues_invoice":        {invoicePage{Dues: &row, Profile: dues.InvoiceProfile{Type: "normal"}}},
		"pages/admin_dues":          {financePage{financeQuery: financeQuery{Kind: dues.KindEvent}, Rows: []dues.Dues{row}, Pager: pager}},
		"partials/finance_table":    {financePage{Rows: []dues.Dues{row}, Pager: pager}},
		"pages/admin_dues_detail":   {financeDetailPage{Dues: &row, Company: &company.Company{Name: "Acme", Level: "member"}}},
	}
}
