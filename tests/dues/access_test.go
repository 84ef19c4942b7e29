package dues

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/dues"
	"cpca/tests/testenv"
)

// Company A's member can neither see nor act on company B's dues, vouchers, invoices or
// certificates: every such request is the same 404 as a missing id and changes nothing.
func TestObjectAccess(t *testing.T) {
	s := newStaff(t)
	// B: paid, invoiced, certified, with a voucher.
	b, bcert := paidMember(t, s)
	b.requestInvoice(t, b.DuesID)
	s.Get("/admin/dues/" + id(b.DuesID))
	if r := s.PostMultipart("/admin/dues/"+id(b.DuesID)+"/invoice", nil, map[string][]byte{"invoice": pdfFile}, map[string]string{"invoice": "f.pdf"}); r.Status != http.StatusSeeOther {
		t.Fatalf("invoice: %d", r.Status)
	}
	bd := getDues(t, b.DuesID)
	// B2: another company with a pending voucher, so deleting it would be possible for B2.
	b2 := newMember(t)
	b2.mustUpload(t, b2.DuesID)
	b2v := getDues(t, b2.DuesID).Vouchers[0]
	// A has a pending voucher of its own (so the delete route gets past the state check).
	a := newMember(t)
	a.mustUpload(t, a.DuesID)

	notFound := func(what string, r *testenv.Resp) {
		t.Helper()
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", what, r.Status)
		}
	}
	a.Get("/dues")
	notFound("GET B's voucher page", a.Get("/dues/"+id(b2.DuesID)+"/voucher"))
	notFound("GET B's invoice page", a.Get("/dues/"+id(b2.DuesID)+"/invoice"))
	notFound("GET a missing dues", a.Get("/dues/999999999/voucher"))
	a.Get("/dues")
	notFound("POST voucher to B's dues", a.PostMultipart("/dues/"+id(b2.DuesID)+"/voucher", voucherFields(), map[string][]byte{"file": pdfFile}, map[string]string{"file": "x.pdf"}))
	notFound("POST invoice to B's dues", a.Post("/dues/"+id(b2.DuesID)+"/invoice", a.invoiceForm()))
	notFound("POST delete B's voucher", a.Post("/dues/"+id(b2.DuesID)+"/vouchers/"+id(b2v.ID)+"/delete", nil))
	notFound("POST delete B's voucher via A's dues", a.Post("/dues/"+id(a.DuesID)+"/vouchers/"+id(b2v.ID)+"/delete", nil))
	if d := getDues(t, b2.DuesID); len(d.Vouchers) != 1 || d.InvoiceStatus != dues.InvoiceNone || d.Status != dues.Pending {
		t.Errorf("A changed B's dues: %d vouchers, %s/%s", len(d.Vouchers), d.Status, d.InvoiceStatus)
	}
	if n := count(t, `SELECT count(*) FROM vouchers WHERE dues_id = ?`, a.DuesID); n != 1 {
		t.Errorf("A's dues has %d vouchers", n)
	}

	// Files: B's voucher, invoice and certificate.
	fileIDs := map[string]string{"voucher": bd.Vouchers[0].FileID, "invoice": bd.InvoiceFileID.String, "certificate": bcert.FileID.String}
	for kind, fid := range fileIDs {
		notFound("A downloads B's "+kind, a.Get("/files/"+fid))
		if r := b.Get("/files/" + fid); r.Status != http.StatusOK {
			t.Errorf("B downloads its own %s: %d", kind, r.Status)
		}
		if r := s.Get("/files/" + fid); r.Status != http.StatusOK {
			t.Errorf("staff download B's %s: %d", kind, r.Status)
		}
		anon := env.NewClient(t)
		anon.IP = nextIP()
		if r := anon.Get("/files/" + fid); r.Status == http.StatusOK {
			t.Errorf("anonymous downloads B's %s", kind)
		}
	}
	// A's own lists never show B.
	if r := a.Get("/dues"); strings.Contains(r.Body, b.Name) || strings.Contains(r.Body, "dues-"+id(b.DuesID)) {
		t.Error("A's 会员缴费 shows B's dues")
	}
	if r := a.Get("/dues?year=" + strconv.Itoa(thisYear())); r.Doc.Find("#dues-"+id(b.DuesID)).Length() != 0 {
		t.Error("A's filtered list shows B's dues")
	}
	if r := a.Get("/certificate"); strings.Contains(r.Body, bcert.Number) || strings.Contains(r.Body, bcert.FileID.String) {
		t.Error("A's 会员证书 shows B's certificate")
	}
	if r := b.Get("/certificate"); !strings.Contains(r.Body, bcert.Number) {
		t.Error("B's 会员证书 lacks its certificate")
	}
	// Members can not reach the staff pages; staff can.
	staffPaths := []struct{ method, path string }{
		{"GET", "/admin/dues"}, {"GET", "/admin/dues/" + id(b.DuesID)}, {"GET", "/admin/dues/export"}, {"GET", "/admin/fees"},
		{"POST", "/admin/dues/" + id(a.DuesID) + "/confirm"}, {"POST", "/admin/dues/" + id(a.DuesID) + "/reject"},
		{"POST", "/admin/dues/" + id(a.DuesID) + "/waive"}, {"POST", "/admin/dues/generate"}, {"POST", "/admin/fees"},
		{"POST", "/admin/certificates/" + id(bcert.ID) + "/revoke"},
	}
	a.Get("/dues")
	form := url.Values{"amount": {"2000"}, "received_on": {today()}, "reason": {"x"}, "waive_reason": {"x"}, "year": {"2042"}}
	for _, p := range staffPaths {
		var r *testenv.Resp
		if p.method == "GET" {
			r = a.Get(p.path)
		} else {
			r = a.Post(p.path, form)
		}
		if r.Status != http.StatusForbidden {
			t.Errorf("member %s %s: status %d, want 403", p.method, p.path, r.Status)
		}
	}
	if d := getDues(t, a.DuesID); d.Status != dues.Pending {
		t.Errorf("a member's POST changed the status to %s", d.Status)
	}
	if c := certificatesOf(t, b.DuesID); c[0].Status != "issued" {
		t.Errorf("a member revoked a certificate: %s", c[0].Status)
	}
	for _, p := range staffPaths {
		if p.method == "GET" {
			if r := s.Get(p.path); r.Status != http.StatusOK {
				t.Errorf("staff GET %s: %d", p.path, r.Status)
			}
		}
	}
}
