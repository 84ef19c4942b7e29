package dues

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/dues"
)

var badAmounts = []string{"-5", "-0.01", "0", "0.00", "abc", "12元", "1.234", "1e5", ""}

// badFees are the bad amounts of 会费标准: 0 is a free level there and a blank is not set.
var badFees = []string{"-5", "-0.01", "abc", "12元", "1.234", "1e5"}

// Bad amounts are refused next to the field, with the typed value kept, in the voucher form,
// the staff confirmation and the fee schedule; nothing changes.
func TestBadAmounts(t *testing.T) {
	s := newStaff(t)
	m := newMember(t)
	for _, a := range badAmounts {
		t.Run("voucher "+a, func(t *testing.T) {
			f := voucherFields()
			f["amount"] = a
			r := m.uploadVoucher(t, m.DuesID, f, pdfFile, "凭证.pdf")
			if r.Status != http.StatusUnprocessableEntity || r.FieldError("amount") != dues.ErrAmount.Error() {
				t.Errorf("status %d, amount error %q", r.Status, r.FieldError("amount"))
			}
			if v, _ := r.Doc.Find(`input[name="amount"]`).Attr("value"); v != a {
				t.Errorf("typed amount not kept: %q", v)
			}
			if n := count(t, `SELECT count(*) FROM vouchers WHERE dues_id = ?`, m.DuesID); n != 0 {
				t.Errorf("%d vouchers stored", n)
			}
		})
	}
	m.mustUpload(t, m.DuesID)
	for _, a := range badAmounts {
		t.Run("confirm "+a, func(t *testing.T) {
			r := staffPost(s, m.DuesID, "confirm", confirmForm(a, today()))
			if r.Status != http.StatusUnprocessableEntity || r.FieldError("amount") != dues.ErrAmount.Error() {
				t.Errorf("status %d, amount error %q", r.Status, r.FieldError("amount"))
			}
			if v, _ := r.Doc.Find(`form[action$="/confirm"] input[name="amount"]`).Attr("value"); v != a {
				t.Errorf("typed amount not kept: %q", v)
			}
			if d := getDues(t, m.DuesID); d.Status != dues.Pending || d.ReceivedFen.Valid {
				t.Errorf("a refused confirmation changed the row: %s", d.Status)
			}
		})
	}
	for _, on := range []string{"", "2026/01/05", "明天", "2999-01-01"} {
		r := staffPost(s, m.DuesID, "confirm", confirmForm("2000", on))
		if r.Status != http.StatusUnprocessableEntity || r.FieldError("received_on") == "" {
			t.Errorf("received_on %q: status %d, error %q", on, r.Status, r.FieldError("received_on"))
		}
	}
	// 退回 and 免缴 need a reason.
	if r := staffPost(s, m.DuesID, "reject", url.Values{"reason": {"  "}}); r.Status != http.StatusUnprocessableEntity || r.FieldError("reason") == "" {
		t.Errorf("reject without reason: %d %q", r.Status, r.FieldError("reason"))
	}
	if r := staffPost(s, m.DuesID, "waive", url.Values{"waive_reason": {""}}); r.Status != http.StatusUnprocessableEntity || r.FieldError("waive_reason") == "" {
		t.Errorf("waive without reason: %d %q", r.Status, r.FieldError("waive_reason"))
	}
	if d := getDues(t, m.DuesID); d.Status != dues.Pending {
		t.Errorf("status %s after refused actions", d.Status)
	}

	const year = 2041
	for _, a := range badFees {
		t.Run("fee "+a, func(t *testing.T) {
			s.Get("/admin/fees?year=2041")
			f := url.Values{"year": {"2041"}, "fee_member": {"1000"}, "fee_council": {a}, "fee_standing": {"3000"},
				"fee_vice_president": {"4000"}, "fee_president": {"5000.50"}}
			r := s.Post("/admin/fees", f)
			if r.Status != http.StatusUnprocessableEntity || r.FieldError("fee_council") != dues.ErrAmount.Error() {
				t.Errorf("status %d, fee error %q", r.Status, r.FieldError("fee_council"))
			}
			if r.FieldError("fee_member") != "" {
				t.Errorf("a good fee has an error: %q", r.FieldError("fee_member"))
			}
			if v, _ := r.Doc.Find(`input[name="fee_council"]`).Attr("value"); v != a {
				t.Errorf("typed fee not kept: %q", v)
			}
			if fs, _ := dues.Fees(context.Background(), env.DB, year); len(fs) != 0 {
				t.Errorf("a refused schedule stored %d fees", len(fs))
			}
		})
	}
	// A good schedule is stored exactly, in fen.
	s.Get("/admin/fees?year=2041")
	r := s.Post("/admin/fees", url.Values{"year": {"2041"}, "fee_member": {"1000"}, "fee_council": {"2,000.10"}, "fee_standing": {"3000"},
		"fee_vice_president": {"4000"}, "fee_president": {"5000.55"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("good fees: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	fs, _ := dues.Fees(context.Background(), env.DB, year)
	got := map[string]int64{}
	for _, f := range fs {
		got[f.Level] = f.AmountFen
	}
	if got["member"] != 100000 || got["council"] != 200010 || got["president"] != 500055 || len(got) != 5 {
		t.Errorf("stored fees %v", got)
	}
}

// 开票信息: 专用发票 needs 地址/电话/开户行/账号 (a message next to each), 纳税人识别号 follows
// the credit-code check digit; what was typed is kept and nothing is saved.
func TestInvoiceInfoRefused(t *testing.T) {
	m := newMember(t)
	good := m.Co.Step1.Get("uscc")
	bad := good[:17] + string(flip(good[17]))
	cases := []struct {
		name   string
		change url.Values
		errs   map[string]string
	}{
		{"special without bank details", url.Values{"type": {"special"}},
			map[string]string{"address": "地址", "phone": "电话", "bank": "开户行", "account": "账号"}},
		{"special with letters as account", url.Values{"type": {"special"}, "address": {"深圳市南山区1号"}, "phone": {"0755-12345678"}, "bank": {"招商银行深圳分行"}, "account": {"账号ABC"}},
			map[string]string{"account": "银行账号"}},
		{"bad check digit", url.Values{"tax_no": {bad}}, map[string]string{"tax_no": "纳税人识别号校验位不正确"}},
		{"short tax number", url.Values{"tax_no": {"91440300MA5"}}, map[string]string{"tax_no": "纳税人识别号应为18位"}},
		{"no title, bad email", url.Values{"title": {""}, "email": {"not-an-email"}}, map[string]string{"title": "发票抬头", "email": "邮箱"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := m.invoiceForm()
			f.Set("title", "深圳测试抬头有限公司")
			for k, v := range tc.change {
				f[k] = v
			}
			m.Get("/dues/" + id(m.DuesID) + "/invoice")
			r := m.Post("/dues/"+id(m.DuesID)+"/invoice", f)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			for field, want := range tc.errs {
				if e := r.FieldError(field); !strings.Contains(e, want) {
					t.Errorf("%s: error %q, want %q", field, e, want)
				}
			}
			for _, field := range []string{"title", "tax_no", "address", "phone", "bank", "account", "email"} {
				if _, bad := tc.errs[field]; bad {
					continue
				}
				if e := r.FieldError(field); e != "" {
					t.Errorf("%s has an error %q", field, e)
				}
			}
			// Typed values are kept.
			for _, field := range []string{"title", "tax_no", "address", "phone", "bank", "account"} {
				if v, _ := r.Doc.Find(`input[name="` + field + `"]`).Attr("value"); v != strings.TrimSpace(f.Get(field)) {
					t.Errorf("%s: typed %q, form shows %q", field, f.Get(field), v)
				}
			}
			if tc.change.Get("type") == "special" {
				if _, ok := r.Doc.Find(`input[name="type"][value="special"]`).Attr("checked"); !ok {
					t.Error("专用发票 not kept checked")
				}
			}
			if d := getDues(t, m.DuesID); d.InvoiceStatus != dues.InvoiceNone || d.InvoiceRequest != nil {
				t.Errorf("a refused request was stored: %s", d.InvoiceStatus)
			}
			if p, _ := dues.Profile(context.Background(), env.DB, m.CompanyID); p != nil {
				t.Error("a refused request saved the profile")
			}
		})
	}
	// A complete 专用发票 is accepted and prefills the form next time.
	f := m.invoiceForm()
	for k, v := range map[string]string{"type": "special", "address": "深圳市南山区科技园1号", "phone": "0755-12345678", "bank": "招商银行深圳分行", "account": "6225 8801 2345 6789"} {
		f.Set(k, v)
	}
	m.Get("/dues/" + id(m.DuesID) + "/invoice")
	if r := m.Post("/dues/"+id(m.DuesID)+"/invoice", f); r.Status != http.StatusSeeOther {
		t.Fatalf("complete special invoice: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	r := m.Get("/dues/" + id(m.DuesID) + "/invoice")
	if v, _ := r.Doc.Find(`input[name="bank"]`).Attr("value"); v != "招商银行深圳分行" {
		t.Errorf("saved bank not prefilled: %q", v)
	}
}

// flip returns another valid credit-code character than c.
func flip(c byte) byte {
	if c == '0' {
		return '1'
	}
	return '0'
}
