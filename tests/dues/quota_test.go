package dues

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/files"
)

// fillSpace makes the company's uploads take all but free bytes of its quota: one stored
// voucher whose recorded size is that large (the quota counts sizes, not the bytes here).
func fillSpace(t *testing.T, companyID int64, free int64) {
	t.Helper()
	_, err := env.DB.NewRaw(`INSERT INTO files (id, company_id, kind, name, content_type, size, sha256, data)
		VALUES (?, ?, 'voucher', 'old.pdf', 'application/pdf', ?, '\x00', '%PDF-')`,
		files.NewID(), companyID, files.Quota()-free).Exec(context.Background())
	if err != nil {
		t.Fatal(err)
	}
}

// A company whose upload space is full is told so next to the file field (422, what was
// typed kept), in either language, and nothing is stored.
func TestVoucherUploadQuota(t *testing.T) {
	m := newMember(t)
	fillSpace(t, m.CompanyID, int64(len(pdfFile))-1)
	before := count(t, `SELECT count(*) FROM files WHERE company_id = ?`, m.CompanyID)
	f := voucherFields()
	f["payer"] = "付款单位乙"
	r := m.uploadVoucher(t, m.DuesID, f, pdfFile, "转账凭证.pdf")
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	if e := r.FieldError("file"); !strings.Contains(e, "本单位上传空间已满（200 MB）") {
		t.Errorf("file error %q, want the quota message", e)
	}
	if v, _ := r.Doc.Find(`input[name="payer"]`).Attr("value"); v != "付款单位乙" {
		t.Errorf("typed payer not kept: %q", v)
	}
	if n := count(t, `SELECT count(*) FROM files WHERE company_id = ?`, m.CompanyID); n != before {
		t.Errorf("%d files after the refused upload, want %d", n, before)
	}
	if n := count(t, `SELECT count(*) FROM vouchers WHERE dues_id = ?`, m.DuesID); n != 0 {
		t.Errorf("%d vouchers stored", n)
	}
	m.Post("/lang", map[string][]string{"lang": {"en"}, "back": {"/dues"}})
	r = m.uploadVoucher(t, m.DuesID, f, pdfFile, "转账凭证.pdf")
	if e := r.FieldError("file"); !strings.Contains(e, "upload space is full (200 MB)") {
		t.Errorf("English file error %q", e)
	}
	// Staff's invoice and the generated certificate are not the company's uploads: a full
	// space does not block them (the voucher path above is the only one counted).
	if err := files.CheckQuota(context.Background(), env.DB, m.CompanyID, files.KindInvoice, 1<<20); err != nil {
		t.Errorf("invoice upload for a full company: %v", err)
	}
}

// Parallel uploads of one company into the last free bytes: exactly one fits, the others
// get ErrQuota and store nothing (the per-company lock, not only the form's early check).
func TestQuotaParallel(t *testing.T) {
	m := newMember(t)
	fillSpace(t, m.CompanyID, int64(len(pdfFile))*3/2)
	before := count(t, `SELECT count(*) FROM files WHERE company_id = ?`, m.CompanyID)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = files.Save(context.Background(), env.DB, m.CompanyID, files.KindVoucher, "凭证.pdf", pdfFile, 0)
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, files.ErrQuota):
			t.Errorf("parallel save: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d parallel uploads stored into room for one", ok)
	}
	if got := count(t, `SELECT count(*) FROM files WHERE company_id = ?`, m.CompanyID); got != before+ok {
		t.Errorf("%d files, want %d", got, before+ok)
	}
}

// An upload into the last free bytes while another upload of the company is stored but not
// committed yet waits for it, then finds the space taken: the second never sees the sum
// without the first.
func TestQuotaWaitsForUncommittedUpload(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	fillSpace(t, m.CompanyID, int64(len(pdfFile))*3/2)
	tx, err := env.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := files.Save(ctx, tx, m.CompanyID, files.KindVoucher, "第一份.pdf", pdfFile, 0); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := files.Save(ctx, env.DB, m.CompanyID, files.KindVoucher, "第二份.pdf", pdfFile, 0)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the second upload finished while the first was uncommitted: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, files.ErrQuota) {
		t.Errorf("second upload after the first committed: %v, want ErrQuota", err)
	}
}
