package dues

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/dues"
)

// Files are checked by content: a renamed exe, HTML, an empty and an oversize file are each
// refused with a Chinese message next to the field and 422, and nothing is stored.
func TestVoucherUploadRefused(t *testing.T) {
	m := newMember(t)
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 5<<20)...)
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"exe renamed .pdf", "凭证.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...), "只支持 PDF、JPG、PNG"},
		{"html", "凭证.html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "只支持 PDF、JPG、PNG"},
		{"html named .png", "凭证.png", []byte("<html><body>x</body></html>"), "只支持 PDF、JPG、PNG"},
		{"empty", "凭证.pdf", []byte{}, "文件为空"},
		{"oversize", "凭证.pdf", big, "不能超过 5 MB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := voucherFields()
			f["payer"] = "付款单位甲"
			r := m.uploadVoucher(t, m.DuesID, f, tc.data, tc.file)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if e := r.FieldError("file"); !strings.Contains(e, tc.want) {
				t.Errorf("file error %q, want %q", e, tc.want)
			}
			if v, _ := r.Doc.Find(`input[name="payer"]`).Attr("value"); v != "付款单位甲" {
				t.Errorf("typed payer not kept: %q", v)
			}
			if n := count(t, `SELECT count(*) FROM files WHERE company_id = ?`, m.CompanyID); n != 0 {
				t.Errorf("%d files stored", n)
			}
			if n := count(t, `SELECT count(*) FROM vouchers WHERE dues_id = ?`, m.DuesID); n != 0 {
				t.Errorf("%d vouchers stored", n)
			}
			if d := getDues(t, m.DuesID); d.Status != dues.Unpaid {
				t.Errorf("status %s after a refused upload", d.Status)
			}
		})
	}
	// No file at all.
	m.Get("/dues/" + id(m.DuesID) + "/voucher")
	r := m.PostMultipart("/dues/"+id(m.DuesID)+"/voucher", voucherFields(), nil, nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file"), "请选择缴费凭证文件") {
		t.Errorf("no file: %d %q", r.Status, r.FieldError("file"))
	}
}

// JPG, PNG and PDF are accepted, several per year; each is stored with the content type of its
// content and downloadable by the member; a voucher can be deleted before confirmation (the
// last one makes the row unpaid again), never after.
func TestVouchers(t *testing.T) {
	s := newStaff(t)
	m := newMember(t)
	for _, f := range []struct {
		name, ct string
		data     []byte
	}{{"回单.jpg", "image/jpeg", jpgFile}, {"回单.png", "image/png", pngFile}, {"回单.pdf", "application/pdf", pdfFile}} {
		r := m.uploadVoucher(t, m.DuesID, voucherFields(), f.data, f.name)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: status %d: %s", f.name, r.Status, r.FieldError("file"))
		}
		if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND name = ? AND content_type = ? AND kind = 'voucher'`, m.CompanyID, f.name, f.ct); n != 1 {
			t.Errorf("%s: stored %d times as %s", f.name, n, f.ct)
		}
	}
	d := getDues(t, m.DuesID)
	if d.Status != dues.Pending || len(d.Vouchers) != 3 {
		t.Fatalf("after three uploads: %s with %d vouchers", d.Status, len(d.Vouchers))
	}
	page := m.Get("/dues/" + id(m.DuesID) + "/voucher")
	if n := page.Doc.Find(`form[action*="/vouchers/"][action$="/delete"]`).Length(); n != 3 {
		t.Errorf("%d delete buttons, want 3", n)
	}
	dl := m.Get("/files/" + d.Vouchers[1].FileID)
	if dl.Status != http.StatusOK || dl.Body != string(pngFile) || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("voucher download: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
	}

	del := func(vid int64) int {
		m.Get("/dues/" + id(m.DuesID) + "/voucher")
		return m.Post("/dues/"+id(m.DuesID)+"/vouchers/"+id(vid)+"/delete", nil).Status
	}
	if st := del(d.Vouchers[0].ID); st != http.StatusSeeOther {
		t.Fatalf("delete: %d", st)
	}
	if d := getDues(t, m.DuesID); len(d.Vouchers) != 2 || d.Status != dues.Pending {
		t.Fatalf("after one delete: %d vouchers, %s", len(d.Vouchers), d.Status)
	}
	// The deleted voucher's file went with it.
	if r := m.Get("/files/" + d.Vouchers[0].FileID); r.Status != http.StatusNotFound {
		t.Errorf("download of a deleted voucher's file: %d, want 404", r.Status)
	}
	del(d.Vouchers[1].ID)
	del(d.Vouchers[2].ID)
	if d := getDues(t, m.DuesID); len(d.Vouchers) != 0 || d.Status != dues.Unpaid {
		t.Fatalf("after deleting all: %d vouchers, %s", len(d.Vouchers), d.Status)
	}
	// Upload again, staff confirm; now nothing can be deleted or added.
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	v := getDues(t, m.DuesID).Vouchers[0]
	page = m.Get("/dues/" + id(m.DuesID) + "/voucher")
	if page.Doc.Find(`form[action$="/delete"]`).Length() != 0 || page.Doc.Find(`input[name="file"]`).Length() != 0 {
		t.Error("the voucher page still offers delete or upload after confirmation")
	}
	r := m.Post("/dues/"+id(m.DuesID)+"/vouchers/"+id(v.ID)+"/delete", nil)
	if r.Status != http.StatusSeeOther || !strings.Contains(follow(t, m.Client, r).Text(".flash.err"), "不能删除缴费凭证") {
		t.Errorf("delete after confirmation: %d", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM vouchers WHERE id = ?`, v.ID); n != 1 {
		t.Error("a confirmed voucher was deleted")
	}
	r = m.uploadVoucher(t, m.DuesID, voucherFields(), pdfFile, "又一份.pdf")
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text(".flash.err"), "不能再上传缴费凭证") ||
		len(getDues(t, m.DuesID).Vouchers) != 1 {
		t.Errorf("upload after confirmation: status %d, message %q", r.Status, r.Text(".flash.err"))
	}
}
