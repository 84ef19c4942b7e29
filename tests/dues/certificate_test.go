package dues

import (
	"context"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/files"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// pdfText is pdftotext of data.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdfQR renders page 1 of data to PNG with pdftoppm and decodes the QR code on it.
func pdfQR(t *testing.T, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "c.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return res.GetText()
}

func fileData(t *testing.T, id string) *files.File {
	t.Helper()
	f, err := files.Get(context.Background(), env.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// After confirmation the worker's Issue makes exactly one certificate (a retry none); the PDF
// holds the company name and number and its QR code decodes to the verification URL. A
// failing render leaves nothing behind; a name change supersedes the certificate.
func TestCertificate(t *testing.T) {
	ctx := context.Background()
	s := newStaff(t)
	m := newMember(t)
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	if n := len(certificatesOf(t, m.DuesID)); n != 0 {
		t.Fatalf("%d certificates rendered in the request", n)
	}
	if p := m.Get("/certificate"); !strings.Contains(p.Text(".empty"), "正在生成") {
		t.Errorf("certificate page before rendering: %q", p.Text(".empty"))
	}
	ids, err := certificate.Stale(ctx, env.DB, thisYear(), 10000)
	if err != nil || !slices.Contains(ids, m.DuesID) {
		t.Errorf("Stale lacks the paid dues without certificate: %v", err)
	}

	// A broken font: an error, no certificate row, no file.
	for name, f := range map[string][]byte{"empty": {}, "nil": nil, "garbage": []byte("this is not a TrueType font, not at all")} {
		bad := &certificate.Issuer{Font: f, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
		ok, err := bad.Issue(ctx, env.DB, m.DuesID, time.Now())
		if err == nil || ok {
			t.Errorf("%s font: issued=%v err=%v, want an error", name, ok, err)
		}
		if n := len(certificatesOf(t, m.DuesID)); n != 0 {
			t.Errorf("%s font: %d certificate rows left", name, n)
		}
		if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND kind = 'certificate'`, m.CompanyID); n != 0 {
			t.Errorf("%s font: %d certificate files left", name, n)
		}
	}

	is := issuer(t)
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("issue: %v %v", ok, err)
	}
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || ok {
		t.Errorf("retry issued again: %v %v", ok, err)
	}
	cs := certificatesOf(t, m.DuesID)
	if len(cs) != 1 || cs[0].Status != certificate.StatusIssued || cs[0].CompanyName != m.Name || cs[0].Year != thisYear() {
		t.Fatalf("certificates: %+v", cs)
	}
	c := cs[0]
	if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND kind = 'certificate'`, m.CompanyID); n != 1 {
		t.Errorf("%d certificate files", n)
	}
	f := fileData(t, c.FileID.String)
	text := pdfText(t, f.Data)
	for _, want := range []string{m.Name, c.Number, "会员单位", certificate.Association} {
		if !strings.Contains(text, want) {
			t.Errorf("certificate text lacks %q:\n%s", want, text)
		}
	}
	if got, want := pdfQR(t, f.Data), env.Cfg.BaseURL+"/verify/"+c.Code; got != want {
		t.Errorf("QR decodes to %q, want %q", got, want)
	}
	if ids, _ := certificate.Stale(ctx, env.DB, thisYear(), 10000); slices.Contains(ids, m.DuesID) {
		t.Error("Stale lists a dues row with a current certificate")
	}

	// The member sees and downloads it.
	p := m.Get("/certificate")
	href, ok := p.Doc.Find(`a:contains("下载会员证书")`).Attr("href")
	if !ok || href != "/files/"+c.FileID.String || !strings.Contains(p.Body, c.Number) {
		t.Fatalf("certificate page: link %q", href)
	}
	dl := m.Get(href)
	if dl.Status != http.StatusOK || dl.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.Body, "%PDF-") ||
		!strings.Contains(dl.Header.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape(f.Name)) {
		t.Errorf("certificate download: %d %q %q", dl.Status, dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
	}

	// The company is renamed: Stale lists it, Issue supersedes the old certificate.
	newName := m.Name + "（更名）"
	if _, err := env.DB.NewRaw(`UPDATE companies SET name = ? WHERE id = ?`, newName, m.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if ids, _ := certificate.Stale(ctx, env.DB, thisYear(), 10000); !slices.Contains(ids, m.DuesID) {
		t.Error("Stale does not list the renamed company's certificate")
	}
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("re-issue: %v %v", ok, err)
	}
	cs = certificatesOf(t, m.DuesID)
	if len(cs) != 2 || cs[0].Status != certificate.StatusSuperseded || cs[1].Status != certificate.StatusIssued ||
		cs[1].CompanyName != newName || cs[1].Number == c.Number || cs[1].Code == c.Code {
		t.Fatalf("after rename: %+v", cs)
	}
	if !strings.Contains(pdfText(t, fileData(t, cs[1].FileID.String).Data), newName) {
		t.Error("the new certificate lacks the new name")
	}
	if ok, _ := is.Issue(ctx, env.DB, m.DuesID, time.Now()); ok {
		t.Error("a third Issue issued again")
	}
	// The level changes too.
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = ? WHERE id = ?`, company.LevelCouncil, m.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("re-issue after level change: %v %v", ok, err)
	}
	cs = certificatesOf(t, m.DuesID)
	live := 0
	for _, x := range cs {
		if x.Status == certificate.StatusIssued {
			live++
			if x.Level != company.LevelCouncil || !strings.Contains(pdfText(t, fileData(t, x.FileID.String).Data), "理事单位") {
				t.Errorf("live certificate level %s", x.Level)
			}
		}
	}
	if len(cs) != 3 || live != 1 {
		t.Errorf("%d certificates, %d live", len(cs), live)
	}
	// The old code now says superseded.
	v := env.NewClient(t)
	v.IP = nextIP()
	if r := v.Get("/verify/" + c.Code); r.Status != http.StatusOK || !strings.Contains(r.Body, "已被新证书取代") {
		t.Errorf("verify superseded: %d", r.Status)
	}
}

// /verify/{code}: valid, expired, revoked, superseded (above), unknown; only the name, level,
// number and year are shown; more than 30 requests a minute from one address get 429.
func TestVerify(t *testing.T) {
	ctx := context.Background()
	s := newStaff(t)
	m, c := paidMember(t, s)
	anon := env.NewClient(t)
	anon.IP = nextIP()

	r := anon.Get("/verify/" + c.Code)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "证书有效") || !strings.Contains(r.Body, m.Name) ||
		!strings.Contains(r.Body, "会员单位") || !strings.Contains(r.Body, c.Number) {
		t.Fatalf("verify valid: %d %s", r.Status, r.Text(".card"))
	}
	u := m.Co.Step1
	for _, secret := range []string{u.Get("uscc"), u.Get("legal_rep"), u.Get("address"), "13800138000", "13900139000",
		"lisi@example.com", m.Co.Step4.Get("email"), "2,000.00"} {
		if strings.Contains(r.Body, secret) {
			t.Errorf("the verification page shows %q", secret)
		}
	}
	if r := anon.Get("/verify/" + strings.ToUpper(c.Code)); !strings.Contains(r.Body, "证书有效") {
		t.Error("an upper-case code is not recognised")
	}

	// Unknown codes are 404 and name nobody (one differs from the real code in its last
	// character, whatever that character is).
	other := "x"
	if strings.HasSuffix(strings.ToLower(c.Code), "x") {
		other = "y"
	}
	for _, code := range []string{"aaaaaaaaaaaaaaaaaaaaaaaa", "short", c.Code[:len(c.Code)-1] + other} {
		r := anon.Get("/verify/" + code)
		if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "未找到该证书") || strings.Contains(r.Body, m.Name) {
			t.Errorf("unknown %q: %d", code, r.Status)
		}
	}

	// Last year's certificate is expired.
	last := thisYear() - 1
	setFees(t, last, 1500)
	if ok, err := dues.EnsureFor(ctx, env.DB, m.CompanyID, last); err != nil || !ok {
		t.Fatalf("last year's dues: %v %v", ok, err)
	}
	rows, _, _ := dues.List(ctx, env.DB, dues.Filter{CompanyID: m.CompanyID, Year: last})
	old := rows[0].ID
	m.mustUpload(t, old)
	mustConfirm(t, s, old)
	if ok, err := issuer(t).Issue(ctx, env.DB, old, time.Now()); err != nil || !ok {
		t.Fatalf("issue last year's: %v %v", ok, err)
	}
	oc := certificatesOf(t, old)[0]
	if r := anon.Get("/verify/" + oc.Code); r.Status != http.StatusOK || !strings.Contains(r.Body, "证书已过期") || strings.Contains(r.Body, "证书有效") {
		t.Errorf("verify expired: %d %s", r.Status, r.Text(".flash"))
	}
	// Both stay listed for the member; only this year's is the live one.
	if p := m.Get("/certificate"); !strings.Contains(p.Body, oc.Number) || !strings.Contains(p.Body, c.Number) {
		t.Error("the certificate page does not list both years")
	}

	// Staff revoke with a reason (required).
	s.Get("/admin/dues/" + id(m.DuesID))
	if r := s.Post("/admin/certificates/"+id(c.ID)+"/revoke", url.Values{"reason": {" "}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("revoke without reason: %d", r.Status)
	}
	const reason = "会员单位已注销"
	s.Get("/admin/dues/" + id(m.DuesID))
	if r := s.Post("/admin/certificates/"+id(c.ID)+"/revoke", url.Values{"reason": {reason}}); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	got := certificatesOf(t, m.DuesID)[0]
	if got.Status != certificate.StatusRevoked || got.RevokeReason != reason {
		t.Errorf("revoked: %s %q", got.Status, got.RevokeReason)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'certificate.revoke' AND object_id = ? AND detail = ?`, c.Number, reason); n != 1 {
		t.Errorf("%d revoke audit rows", n)
	}
	if r := anon.Get("/verify/" + c.Code); r.Status != http.StatusOK || !strings.Contains(r.Body, "证书已被协会撤销") || strings.Contains(r.Body, "证书有效") {
		t.Errorf("verify revoked: %d", r.Status)
	}
	// A revocation lasts: the periodic sweep does not issue the year's certificate again, a
	// second revoke is a message (not a 404), and the member is told.
	stale, err := certificate.Stale(context.Background(), env.DB, thisYear()-1, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range stale {
		if x == m.DuesID {
			t.Error("the sweep would re-issue a revoked certificate")
		}
	}
	s.Get("/admin/dues/" + id(m.DuesID))
	if r := s.Post("/admin/certificates/"+id(c.ID)+"/revoke", url.Values{"reason": {reason}}); r.Status != http.StatusSeeOther ||
		!strings.Contains(s.Get(r.Location()).Text(".flash.err"), "不能再撤销") {
		t.Errorf("second revoke: %d", r.Status)
	}
	if r := m.Get("/certificate"); !strings.Contains(r.Body, "已被协会撤销") {
		t.Error("the member's certificate page does not say the certificate was revoked")
	}

	// Rate limit: a fresh address gets 30 answers, then 429 (61 requests span at most two
	// one-minute windows, so one window sees more than 30).
	rl := env.NewClient(t)
	rl.IP = nextIP()
	limited := 0
	for i := 0; i < 61; i++ {
		r := rl.Get("/verify/" + c.Code)
		if r.Status == http.StatusTooManyRequests {
			if i < 30 {
				t.Fatalf("request %d limited", i+1)
			}
			if !strings.Contains(r.Body, "查询过于频繁") {
				t.Errorf("429 body: %s", r.Text(".flash"))
			}
			limited++
		}
	}
	if limited == 0 {
		t.Error("61 requests from one address in a minute were never limited")
	}
	// Another address is not affected.
	if r := anon.Get("/verify/" + c.Code); r.Status != http.StatusOK {
		t.Errorf("another address: %d", r.Status)
	}
}
