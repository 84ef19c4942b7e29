package dues

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"cpca/tests/testenv"
)

// The invoice email goes to the address typed in 接收电子发票的邮箱, not to the finance
// contact: that is where the company asked for its e-invoice (internal/notify, kind Invoice).
// Other dues news still goes to the finance contact.
func TestInvoiceEmailToInvoiceAddress(t *testing.T) {
	ctx := context.Background()
	s := newStaff(t)
	m := newMember(t)
	inbox := testenv.Name("fapiao") + "@example.com"
	form := m.invoiceForm()
	form.Set("email", inbox)
	m.Get("/dues/" + id(m.DuesID) + "/invoice")
	if r := m.Post("/dues/"+id(m.DuesID)+"/invoice", form); r.Status != http.StatusSeeOther {
		t.Fatalf("invoice request: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	s.Get("/admin/dues/" + id(m.DuesID))
	r := s.PostMultipart("/admin/dues/"+id(m.DuesID)+"/invoice", nil, map[string][]byte{"invoice": pdfFile}, map[string]string{"invoice": "fapiao.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invoice upload: %d %s", r.Status, r.FieldError("invoice"))
	}
	var to string
	if err := env.DB.NewRaw(`SELECT to_addr FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:invoice", m.DuesID)).Scan(ctx, &to); err != nil {
		t.Fatal(err)
	}
	if to != inbox {
		t.Errorf("invoice email to %q, want the 接收电子发票的邮箱 %q", to, inbox)
	}
	var confirmedTo, finance string
	_ = env.DB.NewRaw(`SELECT to_addr FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:confirmed", m.DuesID)).Scan(ctx, &confirmedTo)
	_ = env.DB.NewRaw(`SELECT email FROM company_people WHERE company_id = ? ORDER BY is_finance DESC, is_primary DESC, position LIMIT 1`, m.CompanyID).Scan(ctx, &finance)
	if confirmedTo == "" || confirmedTo != finance || confirmedTo == inbox {
		t.Errorf("payment confirmation to %q, want the finance contact %q", confirmedTo, finance)
	}
}
