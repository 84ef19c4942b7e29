package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/dues"
	"cpca/internal/errs"
	"cpca/internal/events"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

var pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// chargeOf is the fee charge (a dues row) of a registration, or nil.
func chargeOf(t *testing.T, registrationID int64) *dues.Dues {
	t.Helper()
	d, err := dues.ForRegistration(context.Background(), env.DB, registrationID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var voucherLink = regexp.MustCompile(`/dues/(\d+)/voucher`)

// The fee path through the pages: a council company registers three attendees (two free, one
// at the council price) and sees the fee on 查看详情; it uploads the transfer voucher and asks
// for an invoice on the dues pages; 财务 find the charge in 会员缴费管理 (类别 活动费), confirm
// it and upload the invoice; the member downloads it; another company gets 404 for the charge
// and the invoice; the registration list and its export show the fee state.
func TestEventFeePath(t *testing.T) {
	name := testenv.Name("华东电路技术大会")
	ev := env.NewEvent(t, testenv.EventOpts{Name: name, Capacity: 20, MaxPerCompany: 5,
		FeeMemberFen: 80000, FeeCouncilFen: 50000, CouncilFree: 2})
	m, co := env.Member(t)
	cid := companyOf(t, co)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = ?`, cid).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := "/events/" + itoa(ev.ID)
	r := m.Get(path)
	if !testenv.Contains(r.Text("#fees"), "800.00", "2 个免费名额", "500.00") {
		t.Fatalf("查看详情 does not show the fees: %q", r.Text("#fees"))
	}
	m.Get(path + "/register")
	form := url.Values{"name_0": {"王芳"}, "mobile_0": {"13700137000"}, "name_1": {"李强"}, "name_2": {"赵敏"}}
	if r := m.Post(path+"/register", form); r.Status != http.StatusSeeOther {
		t.Fatalf("register: %d %s", r.Status, r.Text(".flash.err"))
	}
	r = m.Get(path)
	if !testenv.Contains(r.Text("#charge"), "500.00", "未缴费") {
		t.Fatalf("the registration does not show the fee of one paying place: %q", r.Text("#charge"))
	}
	// The e-ticket email says what is owed and where to pay; its QR attachment scans back to
	// the code printed in the body.
	var mail struct {
		ID   int64  `bun:"id"`
		Body string `bun:"body"`
	}
	if err := env.DB.NewRaw(`SELECT id, body FROM emails WHERE dedupe_key LIKE ? ORDER BY id LIMIT 1`,
		"event-reg:"+itoa(regOf(t, ev.ID, cid))+":tickets:%").Scan(context.Background(), &mail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mail.Body, "参会费：500.00 元（未缴费）") {
		t.Errorf("the e-ticket email does not state the fee:\n%s", mail.Body)
	}
	var qr []byte
	if err := env.DB.NewRaw(`SELECT data FROM email_attachments WHERE email_id = ? ORDER BY position LIMIT 1`, mail.ID).Scan(context.Background(), &qr); err != nil {
		t.Fatal(err)
	}
	if img, _, err := image.Decode(bytes.NewReader(qr)); err != nil {
		t.Errorf("the ticket attachment is not an image: %v", err)
	} else if res, err := scanQR(img); err != nil || !strings.Contains(mail.Body, "签到码："+res) {
		t.Errorf("the emailed QR scans as %v (%v), not a code of the email", res, err)
	}
	if h := m.Get("/home"); !strings.Contains(h.Text("#event-reminders"), name+" 参会费 500.00 元待缴") {
		t.Errorf("待办事项 does not remind of the unpaid fee: %q", h.Text("#event-reminders"))
	}
	sm := voucherLink.FindStringSubmatch(r.Body)
	if sm == nil {
		t.Fatal("no 上传缴费凭证 link on the event page")
	}
	charge := sm[1]
	// Another company: the charge is not found, not even its pages.
	other, _ := env.Member(t)
	for _, p := range []string{"/dues/" + charge + "/voucher", "/dues/" + charge + "/invoice"} {
		if r := other.Get(p); r.Status != http.StatusNotFound {
			t.Errorf("another company's %s: %d, want 404", p, r.Status)
		}
	}
	// A file that is not what it claims is refused next to the field.
	m.Get("/dues/" + charge + "/voucher")
	fields := map[string]string{"transfer_date": calendar.Format(time.Now()), "amount": "500.00", "payer": co.Step1.Get("name")}
	if r := m.PostMultipart("/dues/"+charge+"/voucher", fields, map[string][]byte{"file": []byte("MZ\x90\x00 not a pdf")}, map[string]string{"file": "凭证.pdf"}); r.Status != http.StatusUnprocessableEntity || r.FieldError("file") == "" {
		t.Fatalf("an exe named .pdf: %d %q", r.Status, r.FieldError("file"))
	}
	if r := m.PostMultipart("/dues/"+charge+"/voucher", fields, map[string][]byte{"file": pdfFile}, map[string]string{"file": "会议费转账.pdf"}); r.Status != http.StatusSeeOther {
		t.Fatalf("voucher: %d %s %s", r.Status, r.Doc.Find(".error").Text(), r.Text(".flash.err"))
	}
	m.Get("/dues/" + charge + "/invoice")
	if r := m.Post("/dues/"+charge+"/invoice", url.Values{"type": {"normal"}, "title": {co.Step1.Get("name")}, "tax_no": {co.Step1.Get("uscc")}, "email": {"cw@example.cn"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("invoice info: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if r := m.Get(path); !testenv.Contains(r.Text("#charge"), "待确认", "待开票", "会议费转账.pdf") {
		t.Fatalf("after the voucher: %q", r.Text("#charge"))
	}
	// 会员缴费 lists it too, named by the event.
	if r := m.Get("/dues"); !strings.Contains(r.Body, name) {
		t.Error("会员缴费 does not list the event fee")
	}
	// 财务: the 活动费 filter shows it, yearly dues do not.
	fin := env.NewClient(t)
	fin.Login(env.CreateStaff(t, "finance"), testenv.Password)
	if r := fin.Get("/admin/dues?kind=event&status=pending"); !strings.Contains(r.Body, name) {
		t.Error("会员缴费管理 (活动费, 待确认) does not list the charge")
	}
	if r := fin.Get("/admin/dues?kind=dues"); strings.Contains(r.Body, name) {
		t.Error("会员缴费管理 (会费) lists an event fee")
	}
	if x := fin.Get("/admin/dues/export?kind=event"); x.Status != http.StatusOK {
		t.Errorf("export of event fees: %d", x.Status)
	} else if book, err := excelize.OpenReader(strings.NewReader(x.Body)); err != nil {
		t.Error(err)
	} else if rows, _ := book.GetRows("会员缴费"); len(rows) < 2 || !strings.Contains(fmt.Sprint(rows[1:]), name+"参会费") {
		t.Errorf("the 活动费 export does not name the event: %v", rows)
	}
	fin.Get("/admin/dues/" + charge)
	if r := fin.Post("/admin/dues/"+charge+"/confirm", url.Values{"amount": {"500.00"}, "received_on": {calendar.Format(time.Now())}}); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	fin.Get("/admin/dues/" + charge)
	if r := fin.PostMultipart("/admin/dues/"+charge+"/invoice", nil, map[string][]byte{"invoice": pdfFile}, map[string]string{"invoice": "fapiao.pdf"}); r.Status != http.StatusSeeOther {
		t.Fatalf("invoice: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	var notices int
	if err := env.DB.NewRaw(`SELECT count(*) FROM notices WHERE company_id = ? AND title IN (?, ?)`, cid, name+"参会费已确认到账", name+"参会费发票已开具").Scan(context.Background(), &notices); err != nil || notices != 2 {
		t.Errorf("the company got %d notices of confirmation and invoice (%v), want 2", notices, err)
	}
	r = m.Get(path)
	link, ok := r.Doc.Find("#charge a:contains('下载发票')").Attr("href")
	if !ok || !testenv.Contains(r.Text("#charge"), "已缴费", "已开票") {
		t.Fatalf("after confirm and invoice: %q", r.Text("#charge"))
	}
	if dl := m.Get(link); dl.Status != http.StatusOK || dl.Body != string(pdfFile) || !strings.Contains(dl.Header.Get("Content-Disposition"), "pdf") {
		t.Errorf("invoice download: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
	}
	if dl := other.Get(link); dl.Status != http.StatusNotFound {
		t.Errorf("another company downloads the invoice: %d, want 404", dl.Status)
	}
	// No certificate for an event fee; the company's yearly dues are untouched.
	d := chargeOf(t, regOf(t, ev.ID, cid))
	var certs int
	_ = env.DB.NewRaw(`SELECT count(*) FROM certificates WHERE dues_id = ?`, d.ID).Scan(context.Background(), &certs)
	if y, err := dues.ForYear(context.Background(), env.DB, cid, calendar.Year(time.Now())); certs != 0 || err != nil || (y != nil && y.ID == d.ID) {
		t.Errorf("the event fee counts as dues: %d certificates, ForYear %v %v", certs, y, err)
	}
	// Staff of 会展: the registration list and its export show the fee state.
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	if r := staff.Get("/admin/events/" + itoa(ev.ID)); !testenv.Contains(r.Text("#regs"), "500.00", "已缴费") {
		t.Errorf("the registration list lacks the fee state: %q", r.Text("#regs"))
	}
	x := staff.Get("/admin/events/" + itoa(ev.ID) + "/export")
	book, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("报名名单")
	if len(rows) != 4 || !strings.Contains(strings.Join(rows[0], ","), "缴费状态") || !strings.Contains(strings.Join(rows[1], ","), "已缴费") {
		t.Errorf("export rows %v", rows)
	}
}

// regOf is the live registration id of a company for an event.
func regOf(t *testing.T, eventID, companyID int64) int64 {
	t.Helper()
	var id int64
	if err := env.DB.NewRaw(`SELECT id FROM event_registrations WHERE event_id = ? AND company_id = ? ORDER BY id DESC LIMIT 1`, eventID, companyID).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// The charge follows the registration: computed when it is confirmed (member price, or
// council price after the free places), none while waitlisted or pending approval, changed
// with the attendees while unpaid, waived on cancellation; left alone once paid.
func TestChargeFollowsRegistration(t *testing.T) {
	now := time.Now()
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 5, MaxPerCompany: 4, FeeMemberFen: 30000, FeeCouncilFen: 20000, CouncilFree: 2})
	plain, council, late := env.EventCompany(t, ""), env.EventCompany(t, "council"), env.EventCompany(t, "")
	rc := register(t, ev, council, 2)
	if d := chargeOf(t, rc.ID); d != nil {
		t.Errorf("two free council places made a charge of %d", d.AmountFen)
	}
	rp := register(t, ev, plain, 2)
	if d := chargeOf(t, rp.ID); d == nil || d.AmountFen != 60000 || d.Status != dues.Unpaid || d.Year != 0 {
		t.Fatalf("member, two places: %+v, want 600 元 unpaid without a year", d)
	}
	// The council company adds a third attendee: one paying place.
	if _, err := events.ChangeAttendees(ctx(), env.DB, ev.ID, events.Member{CompanyID: council, Council: true}, testenv.People(3), by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, rc.ID); d == nil || d.AmountFen != 20000 {
		t.Fatalf("council, three places: %+v, want 200 元", d)
	}
	rl := register(t, ev, late, 1) // full: waitlisted, owes nothing yet
	if d := chargeOf(t, rl.ID); rl.Status != events.Waitlisted || d != nil {
		t.Fatalf("waitlisted %s owes %+v", rl.Status, d)
	}
	// The member sends one attendee less: the unpaid charge follows, the place goes to the waitlist.
	if _, err := events.ChangeAttendees(ctx(), env.DB, ev.ID, events.Member{CompanyID: plain}, testenv.People(1), by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, rp.ID); d.AmountFen != 30000 {
		t.Errorf("after one attendee less: %d, want 30000", d.AmountFen)
	}
	// The waitlisted company is offered the place and accepts: now it owes.
	if _, err := events.Accept(ctx(), env.DB, ev.ID, events.Member{CompanyID: late}, by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, rl.ID); d == nil || d.AmountFen != 30000 {
		t.Fatalf("after accepting the offer: %+v", d)
	}
	// Paid, then the attendees change: the paid amount stays (the difference is settled offline).
	if err := dues.UploadVoucher(ctx(), env.DB, chargeOf(t, rc.ID), dues.Transfer{Date: calendar.Today(now), AmountFen: 20000, Payer: "理事单位",
		FileName: "v.pdf", Data: pdfFile}, by); err != nil {
		t.Fatal(err)
	}
	fin, err := account.ByUsername(ctx(), env.DB, env.CreateStaff(t, account.StaffFinance))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dues.ConfirmPayment(ctx(), env.DB, chargeOf(t, rc.ID).ID, 20000, calendar.Today(now), audit.Actor{ID: fin.ID, Name: "财务"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := events.ChangeAttendees(ctx(), env.DB, ev.ID, events.Member{CompanyID: council, Council: true}, testenv.People(2), by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, rc.ID); d.Status != dues.Confirmed || d.AmountFen != 20000 {
		t.Errorf("a paid charge changed: %+v", d)
	}
	// Cancelled before paying: waived with the reason.
	if _, err := events.Cancel(ctx(), env.DB, ev.ID, rp.ID, events.Member{CompanyID: plain}, "", by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, rp.ID); d.Status != dues.Waived || d.WaiveReason != "报名已取消" {
		t.Errorf("after cancelling: %s %q, want waived", d.Status, d.WaiveReason)
	}
	// 复制 keeps the prices for next year's edition.
	if cp, err := events.Copy(ctx(), env.DB, ev.ID, by); err != nil || cp.FeeMemberFen != 30000 || cp.FeeCouncilFen != 20000 || cp.CouncilFreePlaces != 2 {
		t.Errorf("the copy's fees: %+v %v", cp, err)
	}
	// Pending approval owes nothing until approved.
	ap := env.NewEvent(t, testenv.EventOpts{Capacity: 4, NeedsApproval: true, FeeMemberFen: 10000})
	ra := register(t, ap, plain, 1)
	if d := chargeOf(t, ra.ID); ra.Status != events.Pending || d != nil {
		t.Fatalf("pending approval owes %+v", d)
	}
	if _, err := events.Approve(ctx(), env.DB, ap.ID, ra.ID, by, now); err != nil {
		t.Fatal(err)
	}
	if d := chargeOf(t, ra.ID); d == nil || d.AmountFen != 10000 {
		t.Errorf("approved: %+v", d)
	}
}

// The deadlines: attendees change only until registration closes; after the cancellation
// deadline the member cannot cancel but staff can, and the open charge is waived.
func TestDeadlinesAndStaffCancel(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 5, FeeMemberFen: 10000})
	a := env.EventCompany(t, "")
	r := register(t, ev, a, 1)
	after := time.Now().Add(11 * 24 * time.Hour) // past the registration and cancellation deadlines, before the event
	_, err := events.ChangeAttendees(ctx(), env.DB, ev.ID, events.Member{CompanyID: a}, testenv.People(2), by, after)
	mustIs(t, "change attendees after the registration deadline", err, events.ErrChangeClosed)
	_, err = events.Cancel(ctx(), env.DB, ev.ID, r.ID, events.Member{CompanyID: a}, "", by, after)
	mustIs(t, "member cancels after the deadline", err, events.ErrCancelClosed)
	if _, err := events.Cancel(ctx(), env.DB, ev.ID, r.ID, events.Member{}, "单位来函取消", by, after); err != nil {
		t.Fatalf("staff cancel after the deadline: %v", err)
	}
	if s, d := status(t, r.ID), chargeOf(t, r.ID); s != events.Cancelled || d.Status != dues.Waived {
		t.Errorf("after staff cancel: %s, charge %s", s, d.Status)
	}
}

// The member cancels while 财务 confirm the fee at the same moment: either the payment is
// confirmed (and stays so, a refund is offline) or the charge is waived; never both, never an
// error other than the refused confirmation.
func TestCancelWhileConfirming(t *testing.T) {
	fin, err := account.ByUsername(ctx(), env.DB, env.CreateStaff(t, account.StaffFinance))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		ev := env.NewEvent(t, testenv.EventOpts{Capacity: 5, FeeMemberFen: 10000})
		a := env.EventCompany(t, "")
		r := register(t, ev, a, 1)
		d := chargeOf(t, r.ID)
		now := time.Now()
		if err := dues.UploadVoucher(ctx(), env.DB, d, dues.Transfer{Date: calendar.Today(now), AmountFen: 10000, Payer: "x", FileName: "v.pdf", Data: pdfFile}, by); err != nil {
			t.Fatal(err)
		}
		var cancelErr, confirmErr error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, cancelErr = events.Cancel(ctx(), env.DB, ev.ID, r.ID, events.Member{CompanyID: a}, "", by, now)
		}()
		go func() {
			defer wg.Done()
			_, confirmErr = dues.ConfirmPayment(ctx(), env.DB, d.ID, 10000, calendar.Today(now), audit.Actor{ID: fin.ID, Name: "财务"}, now)
		}()
		wg.Wait()
		got := chargeOf(t, r.ID)
		if cancelErr != nil {
			t.Fatalf("cancel: %v", cancelErr)
		}
		switch {
		case confirmErr == nil && got.Status == dues.Confirmed:
		case errors.Is(confirmErr, errs.Conflict) && got.Status == dues.Waived:
		default:
			t.Fatalf("round %d: confirm %v, charge %s", i, confirmErr, got.Status)
		}
	}
}
