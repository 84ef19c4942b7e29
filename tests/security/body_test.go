package security

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/dues"
)

// A big body is refused by its size before anything reads it: a 1 MB POST /login without a
// token gets 413, not the CSRF check's 403 (the check would have buffered the body), and so
// does a chunked body without a Content-Length that runs past the form limit.
func TestBodyLimitBeforeCSRF(t *testing.T) {
	a := env.NewClient(t)
	a.IP = "10.8.0.1"
	big := "username=" + strings.Repeat("a", 1<<20)
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test/login", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := a.Do(req)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "上传内容过大") {
		t.Fatalf("1 MB POST /login: %d, want 413 上传内容过大", r.Status)
	}
	// Chunked: no length to check up front.
	req, _ = http.NewRequest(http.MethodPost, "http://cpca.test/login", io.MultiReader(strings.NewReader(big)))
	req.TransferEncoding = []string{"chunked"}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := a.Do(req); r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked 1 MB POST /login: %d, want 413", r.Status)
	}
	// An ordinary form is not affected: a small login still reaches the login check, chunked
	// or not.
	a.Get("/login")
	if r := a.Post("/login", url.Values{"username": {"nobody"}, "password": {"x"}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("small POST /login: %d, want 422", r.Status)
	}
	small := url.Values{"username": {"nobody"}, "password": {"x"}, "_csrf": {a.CSRF}}.Encode()
	req, _ = http.NewRequest(http.MethodPost, "http://cpca.test/login", io.MultiReader(strings.NewReader(small)))
	req.TransferEncoding = []string{"chunked"}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := a.Do(req); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("small chunked POST /login: %d, want 422", r.Status)
	}
	// 100 KB to a logged-in form is refused too, and changes nothing.
	m, co := env.Member(t)
	m.IP = "10.8.0.2"
	refreshCSRF(t, m, true)
	before := user(t, co.Username())
	r = m.Post("/account/settings", url.Values{"name": {strings.Repeat("名", 100<<10/9)}, "mobile": {"13700137000"}, "email": {"x@example.com"}, "lang": {"zh"}})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("100 KB settings form: %d, want 413", r.Status)
	}
	if after := user(t, co.Username()); !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatal("the refused form changed the user")
	}
}

// The upload routes keep their own, larger limit: a 4 MB voucher is stored, a 5 MB + 1 file
// still gets the message next to its field, and 8 MB is refused with 413 before it is read.
func TestUploadLimit(t *testing.T) {
	setFees(t, thisYear())
	m, co := env.Member(t)
	m.IP = "10.8.0.3"
	u := user(t, co.Username())
	d := ensureDues(t, u.CompanyID, thisYear())
	path := "/dues/" + strconv.FormatInt(d.ID, 10) + "/voucher"
	fields := map[string]string{"transfer_date": "2026-01-05", "amount": "2000", "payer": "测试电路有限公司"}
	pdf := func(n int) []byte { return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte(" "), n)...) }

	m.Get(path)
	r := m.PostMultipart(path, fields, map[string][]byte{"file": pdf(4 << 20)}, map[string]string{"file": "凭证.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("4 MB voucher: %d %s", r.Status, r.FieldError("file"))
	}
	if n := countRows(t, `SELECT count(*) FROM vouchers WHERE dues_id = ?`, d.ID); n != 1 {
		t.Fatalf("%d vouchers after a 4 MB upload, want 1", n)
	}
	m.Get(path)
	r = m.PostMultipart(path, fields, map[string][]byte{"file": pdf(5 << 20)}, map[string]string{"file": "凭证.pdf"})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file"), "不能超过 5 MB") {
		t.Fatalf("5 MB + 9 bytes voucher: %d %q", r.Status, r.FieldError("file"))
	}
	r = m.PostMultipart(path, fields, map[string][]byte{"file": pdf(8 << 20)}, map[string]string{"file": "凭证.pdf"})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("8 MB voucher: %d, want 413", r.Status)
	}
	if got := ensureDues(t, u.CompanyID, thisYear()); got.Status != dues.Pending {
		t.Fatalf("dues status %s, want pending after the one stored voucher", got.Status)
	}
}
