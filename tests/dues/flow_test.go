package dues

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/dues"
	"cpca/tests/testenv"
)

// flow is one member's dues row walked through the UI by the member and staff.
type flow struct {
	m *member
	s *testenv.Client
}

type step struct {
	name            string
	do              func(t *testing.T, f *flow)
	status, invoice string // the states after the step
}

var (
	stepUpload  = step{name: "上传缴费凭证", do: func(t *testing.T, f *flow) { f.m.mustUpload(t, f.m.DuesID) }}
	stepInvoice = step{name: "填写开票信息", do: func(t *testing.T, f *flow) { f.m.requestInvoice(t, f.m.DuesID) }}
	stepConfirm = step{name: "确认到账", do: func(t *testing.T, f *flow) {
		r := staffPost(f.s, f.m.DuesID, "confirm", confirmForm("1,999.50", today()))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", r.Status, r.Doc.Find(".error").Text())
		}
		if p := follow(t, f.s, r); !strings.Contains(p.Text(".flash"), "已确认到账") {
			t.Errorf("confirm flash: %q", p.Text(".flash"))
		}
		d := getDues(t, f.m.DuesID)
		if !d.ReceivedFen.Valid || d.ReceivedFen.Int64 != 199950 || d.ReceivedOn.Time.Format("2006-01-02") != today() {
			t.Errorf("received %v on %v, want 199950 fen on %s", d.ReceivedFen, d.ReceivedOn, today())
		}
		if row := f.m.duesRow(t, f.m.DuesID); !strings.Contains(row, today()) {
			t.Errorf("the member's row lacks the payment date: %s", row)
		}
	}}
	stepReject = step{name: "退回", do: func(t *testing.T, f *flow) {
		const reason = "转账金额与应缴金额不符"
		r := staffPost(f.s, f.m.DuesID, "reject", url.Values{"reason": {reason}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d %s", r.Status, r.Doc.Find(".error").Text())
		}
		if row := f.m.duesRow(t, f.m.DuesID); !strings.Contains(row, "退回原因："+reason) {
			t.Errorf("the member's row lacks the reason: %s", row)
		}
		if p := f.m.Get("/dues/" + id(f.m.DuesID) + "/voucher"); !strings.Contains(p.Text(".flash.err"), reason) ||
			p.Doc.Find(`form[action$="/voucher"] input[name="file"]`).Length() != 1 {
			t.Errorf("the voucher page lacks the reason or the upload form: %q", p.Text(".flash.err"))
		}
		if count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND body LIKE ?`, f.m.CompanyID, "%"+reason+"%") != 1 {
			t.Error("no site notice with the reason")
		}
	}}
	stepWaive = step{name: "免缴", do: func(t *testing.T, f *flow) {
		const reason = "理事会决议减免"
		r := staffPost(f.s, f.m.DuesID, "waive", url.Values{"waive_reason": {reason}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("waive: %d %s", r.Status, r.Doc.Find(".error").Text())
		}
		if row := f.m.duesRow(t, f.m.DuesID); !strings.Contains(row, reason) {
			t.Errorf("the member's row lacks the waive reason: %s", row)
		}
	}}
	stepIssueInvoice = step{name: "上传发票", do: func(t *testing.T, f *flow) {
		f.s.Get("/admin/dues/" + id(f.m.DuesID))
		r := f.s.PostMultipart("/admin/dues/"+id(f.m.DuesID)+"/invoice", nil, map[string][]byte{"invoice": pdfFile}, map[string]string{"invoice": "fapiao.pdf"})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("invoice upload: %d %s", r.Status, r.Doc.Find(".error").Text())
		}
	}}
)

func with(s step, status, invoice string) step { s.status, s.invoice = status, invoice; return s }

// TestStateMachine walks dues rows through the allowed paths and checks after every step the
// stored state, the member's 会员缴费 row, and that nothing counts as paid before staff
// confirm or waive: no certificate is issued, the certificate page says what is missing.
func TestStateMachine(t *testing.T) {
	s := newStaff(t)
	cases := []struct {
		name  string
		steps []step
	}{
		{"voucher then confirm", []step{
			with(stepUpload, dues.Pending, dues.InvoiceNone),
			with(stepConfirm, dues.Confirmed, dues.InvoiceNone)}},
		{"rejected, uploaded again, confirmed", []step{
			with(stepUpload, dues.Pending, dues.InvoiceNone),
			with(stepReject, dues.Rejected, dues.InvoiceNone),
			with(stepUpload, dues.Pending, dues.InvoiceNone),
			with(stepConfirm, dues.Confirmed, dues.InvoiceNone)}},
		{"waived", []step{
			with(stepWaive, dues.Waived, dues.InvoiceNone)}},
		{"rejected then waived", []step{
			with(stepUpload, dues.Pending, dues.InvoiceNone),
			with(stepReject, dues.Rejected, dues.InvoiceNone),
			with(stepWaive, dues.Waived, dues.InvoiceNone)}},
		{"invoice request only is not paid", []step{
			with(stepInvoice, dues.Unpaid, dues.InvoiceRequested)}},
		{"invoice request and voucher, confirmed, invoiced", []step{
			with(stepInvoice, dues.Unpaid, dues.InvoiceRequested),
			with(stepUpload, dues.Pending, dues.InvoiceRequested),
			with(stepConfirm, dues.Confirmed, dues.InvoiceRequested),
			with(stepIssueInvoice, dues.Confirmed, dues.InvoiceIssued)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &flow{m: newMember(t), s: s}
			if d := getDues(t, f.m.DuesID); d.Status != dues.Unpaid || d.InvoiceStatus != dues.InvoiceNone {
				t.Fatalf("new dues: %s/%s", d.Status, d.InvoiceStatus)
			}
			for _, st := range tc.steps {
				st.do(t, f)
				d := getDues(t, f.m.DuesID)
				if d.Status != st.status || d.InvoiceStatus != st.invoice {
					t.Fatalf("after %s: %s/%s, want %s/%s", st.name, d.Status, d.InvoiceStatus, st.status, st.invoice)
				}
				row := f.m.duesRow(t, f.m.DuesID)
				if !strings.Contains(row, dues.StatusLabel(st.status)) || !strings.Contains(row, dues.InvoiceLabel(st.invoice)) {
					t.Errorf("after %s: row %q lacks %s / %s", st.name, row, dues.StatusLabel(st.status), dues.InvoiceLabel(st.invoice))
				}
				if dues.Paid(st.status) {
					continue
				}
				// Not paid: no page says so and the worker issues nothing.
				if strings.Contains(row, "已缴费") {
					t.Errorf("after %s: row shows 已缴费: %s", st.name, row)
				}
				ok, err := issuer(t).Issue(context.Background(), env.DB, f.m.DuesID, time.Now())
				if err != nil || ok || len(certificatesOf(t, f.m.DuesID)) != 0 {
					t.Errorf("after %s: a certificate was issued for unpaid dues (%v, %v)", st.name, ok, err)
				}
				cp := f.m.Get("/certificate")
				if cp.Doc.Find(`a:contains("下载会员证书")`).Length() != 0 || cp.Text(".empty") == "" {
					t.Errorf("after %s: the certificate page offers a certificate: %s", st.name, cp.Text(".card"))
				}
				if home := f.m.Get("/home"); strings.Contains(home.Body, "下载会员证书") {
					t.Errorf("after %s: 待办事项 offers a certificate", st.name)
				}
			}
		})
	}
}

// Confirming twice: the second is refused with a flash and sends no second notice or email.
func TestConfirmTwice(t *testing.T) {
	s := newStaff(t)
	m := newMember(t)
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	r := staffPost(s, m.DuesID, "confirm", confirmForm("1.00", today()))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("second confirm: status %d", r.Status)
	}
	if p := follow(t, s, r); !strings.Contains(p.Text(".flash.err"), "操作未执行") {
		t.Errorf("second confirm flash: %q", p.Text(".flash.err"))
	}
	d := getDues(t, m.DuesID)
	if d.Status != dues.Confirmed || d.ReceivedFen.Int64 != 200000 {
		t.Errorf("after the second confirm: %s %d fen", d.Status, d.ReceivedFen.Int64)
	}
	checkConfirmedOnce(t, m)
}

func checkConfirmedOnce(t *testing.T, m *member) {
	t.Helper()
	if n := count(t, `SELECT count(*) FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:confirmed", m.DuesID)); n != 1 {
		t.Errorf("%d confirmation emails, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = ?`, m.CompanyID, fmt.Sprintf("%d年度会费已确认到账", thisYear())); n != 1 {
		t.Errorf("%d confirmation notices, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'dues.confirm' AND object_id = ?`, id(m.DuesID)); n != 1 {
		t.Errorf("%d dues.confirm audit rows, want 1", n)
	}
}

// Two staff confirming the same voucher at once: one wins, the other is told.
func TestConfirmConcurrently(t *testing.T) {
	a, b := newStaff(t), newStaff(t)
	m := newMember(t)
	m.mustUpload(t, m.DuesID)
	a.Get("/admin/dues/" + id(m.DuesID))
	b.Get("/admin/dues/" + id(m.DuesID))
	var wg sync.WaitGroup
	res := make([]*testenv.Resp, 2)
	for i, s := range []*testenv.Client{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = s.Post("/admin/dues/"+id(m.DuesID)+"/confirm", confirmForm("2000", today()))
		}()
	}
	wg.Wait()
	refused := 0
	for i, s := range []*testenv.Client{a, b} {
		if res[i].Status != http.StatusSeeOther {
			t.Fatalf("staff %d: status %d", i, res[i].Status)
		}
		if strings.Contains(follow(t, s, res[i]).Text(".flash.err"), "操作未执行") {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d of two concurrent confirmations refused, want 1", refused)
	}
	checkConfirmedOnce(t, m)
}

// The invoice path: 填写开票信息 → 待开票 → (refused before payment) → staff upload the invoice
// PDF → 已开票, the member is notified and downloads it as an attachment with its Chinese name.
func TestInvoice(t *testing.T) {
	s := newStaff(t)
	m := newMember(t)
	m.requestInvoice(t, m.DuesID)
	d := getDues(t, m.DuesID)
	if d.InvoiceStatus != dues.InvoiceRequested || d.InvoiceRequest == nil || d.InvoiceRequest.Title != m.Name {
		t.Fatalf("invoice request not stored: %s %+v", d.InvoiceStatus, d.InvoiceRequest)
	}
	if sp, err := dues.Profile(context.Background(), env.DB, m.CompanyID); err != nil || sp == nil || sp.Email != "finance@example.com" {
		t.Errorf("invoice profile not saved: %+v %v", sp, err)
	}
	upload := func(data []byte) *testenv.Resp {
		s.Get("/admin/dues/" + id(m.DuesID))
		return s.PostMultipart("/admin/dues/"+id(m.DuesID)+"/invoice", nil, map[string][]byte{"invoice": data}, map[string]string{"invoice": "fapiao.pdf"})
	}
	// Before the money arrived no invoice can be attached.
	r := upload(pdfFile)
	if r.Status != http.StatusSeeOther || !strings.Contains(follow(t, s, r).Text(".flash.err"), "请先确认到账") {
		t.Errorf("invoice before confirmation: status %d", r.Status)
	}
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	// Not a PDF: refused next to the field.
	r = upload(append([]byte("MZ\x90\x00"), make([]byte, 100)...))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("invoice"), "PDF") {
		t.Errorf("exe as invoice: status %d, error %q", r.Status, r.FieldError("invoice"))
	}
	if d := getDues(t, m.DuesID); d.InvoiceStatus != dues.InvoiceRequested || d.InvoiceFileID.Valid {
		t.Fatalf("a refused invoice changed the row: %s", d.InvoiceStatus)
	}
	r = upload(pdfFile)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invoice upload: %d %s", r.Status, r.FieldError("invoice"))
	}
	d = getDues(t, m.DuesID)
	if d.InvoiceStatus != dues.InvoiceIssued || !d.InvoiceFileID.Valid || !d.InvoiceIssuedAt.Valid {
		t.Fatalf("after upload: %s %v", d.InvoiceStatus, d.InvoiceFileID)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:invoice", m.DuesID)); n != 1 {
		t.Errorf("%d invoice emails", n)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = ?`, m.CompanyID, fmt.Sprintf("%d年度会费发票已开具", thisYear())); n != 1 {
		t.Errorf("%d invoice notices", n)
	}
	// A second upload is refused; the file stays.
	if r := upload(pdfFile); r.Status != http.StatusSeeOther || !strings.Contains(follow(t, s, r).Text(".flash.err"), "操作未执行") {
		t.Errorf("second invoice upload: status %d", r.Status)
	}
	if getDues(t, m.DuesID).InvoiceFileID != d.InvoiceFileID {
		t.Error("a second invoice replaced the first")
	}
	// The member downloads it from 会员缴费.
	page := m.Get("/dues")
	href, ok := page.Doc.Find("#dues-" + id(m.DuesID) + ` a:contains("下载发票")`).Attr("href")
	if !ok || href != "/files/"+d.InvoiceFileID.String {
		t.Fatalf("no 下载发票 link: %q", href)
	}
	dl := m.Get(href)
	want := fmt.Sprintf("%d年度会费发票-%s.pdf", thisYear(), m.Name)
	cd := dl.Header.Get("Content-Disposition")
	if dl.Status != http.StatusOK || dl.Body != string(pdfFile) || dl.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("invoice download: %d %q", dl.Status, dl.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(want)) {
		t.Errorf("Content-Disposition %q, want attachment with filename*=UTF-8''%s", cd, url.PathEscape(want))
	}
	// The invoice information can no longer be changed.
	m.Get("/dues/" + id(m.DuesID) + "/invoice")
	f := m.invoiceForm()
	f.Set("title", "改过的抬头")
	if r := m.Post("/dues/"+id(m.DuesID)+"/invoice", f); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("invoice info change after issue: status %d", r.Status)
	}
	if getDues(t, m.DuesID).InvoiceRequest.Title != m.Name {
		t.Error("invoice request changed after the invoice was issued")
	}
}
