// Package browserdues drives 会员缴费 end to end in Debian's Chromium against the real app:
// staff set the fee schedule and generate the year's dues; the member filters 会员缴费,
// uploads a bank voucher and fills 开票信息 (专用发票, with the field errors first); staff
// filter the finance queue, confirm the money (hx-confirm), the certificate is issued, staff
// upload the invoice; the member finds both on 待办事项, downloads them and checks the
// certificate on the public verification page. With CPCA_SHOTS=1 it saves screenshots into
// shots/ at the repository root and renders the certificate PDF to PNG there.
package browserdues

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_dues", &env) }

// TestDuesVoucherInvoiceCertificate is manual 2.3.1 / 2.4.4 and the staff finance queue.
func TestDuesVoucherInvoiceCertificate(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-dues-"
	bg := context.Background()

	now := time.Now().In(calendar.Zone)
	year := now.Year()
	ys := strconv.Itoa(year)

	// Two approved member companies (the second gives the filters something to filter out).
	staffName := env.CreateAdmin(t)
	staffHTTP := env.NewClient(t)
	staffHTTP.Login(staffName, testenv.Password)
	co := testenv.NewCompany()
	env.Approve(t, staffHTTP, env.Register(t, env.NewClient(t), co))
	other := testenv.NewCompany()
	env.Approve(t, staffHTTP, env.Register(t, env.NewClient(t), other))
	name := co.Step1.Get("name")
	fragment := strings.TrimSuffix(strings.TrimPrefix(name, "测试电路"), "有限公司")
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	// Last year's dues exist already (fixture), so 会员缴费 has two rows to filter.
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(bg, env.DB, dues.Fee{Year: year - 1, Level: l, AmountFen: 280000}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dues.Generate(bg, env.DB, year-1); err != nil {
		t.Fatal(err)
	}

	// Files the people pick in the file dialogs.
	dir := t.TempDir()
	voucherPNG := filepath.Join(dir, "转账回单.png")
	writeFile(t, voucherPNG, pngBytes(t))
	fakePDF := filepath.Join(dir, "setup.pdf") // a program renamed .pdf
	writeFile(t, fakePDF, append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 200)...))
	invoicePDF := filepath.Join(dir, "发票.pdf")
	invoiceData := pdfBytes("CPCA invoice " + ys)
	writeFile(t, invoicePDF, invoiceData)

	// ---- 会费标准 and 生成账单, as staff -------------------------------------------------
	s := b.NewTab(t, "管理员")
	s.At("staff login")
	s.Login(staffName)
	s.At("会费标准 for this year")
	s.ClickTextAndLoad("nav.menu a", "^会费标准$")
	s.ElText("h1", "会费标准")
	if v := s.Value("#f-year"); v != ys {
		s.Fail("会费标准 opens on year %q, want this year %s", v, ys)
	}
	for l, amount := range map[string]string{"member": "3000", "council": "10000", "standing": "20000", "vice_president": "50000", "president": "100000"} {
		s.Fill(`input[name="fee_`+l+`"]`, amount)
	}
	s.ClickTextAndLoad("button", "^保存会费标准$")
	s.ElText(".flash", ys+" 年度会费标准已保存")
	if v := s.Value(`input[name="fee_member"]`); v != "3000.00" {
		s.Fail("会员单位 fee reads %q after saving, want 3000.00", v)
	}
	s.Shot("dues-20-staff-fees")

	s.At("生成账单 for this year")
	s.ClickTextAndLoad("nav.menu a", "^会员缴费管理$")
	if v := s.Value("#g-year"); v != ys {
		s.Fail("生成账单 is preset to %q, want %s", v, ys)
	}
	s.ConfirmClickAndLoad(s.ElText("button", "^生成账单$"), "生成该年度会费账单")
	s.ElText(".flash", fmt.Sprintf("已生成 %d 年度会费账单 2 条", year))
	var d dues.Dues
	if err := env.DB.NewSelect().Model(&d).Where("company_id = ? AND year = ?", u.CompanyID, year).Scan(bg); err != nil {
		t.Fatalf("this year's dues of %s were not generated: %v", name, err)
	}
	if d.AmountFen != 300000 {
		t.Fatalf("dues amount %d fen, want 300000 (会员单位 3000 元)", d.AmountFen)
	}
	row := fmt.Sprintf("#dues-%d", d.ID)
	s.CheckConsole()

	// ---- 会员缴费, as the member ----------------------------------------------------------
	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.ElText("h1", "待办事项")
	m.ElText("main li", "年度会费 3,000.00 元尚未缴纳")

	m.At("open 会员缴费 from the menu")
	m.ClickTextAndLoad("nav.menu a", "^会员缴费$")
	m.ElText("h1", "会员缴费")
	m.WaitJS("two dues rows (this year and last)", `() => document.querySelectorAll('#dues tbody tr').length === 2`)

	m.At("filter by 年份")
	m.MarkWindow()
	m.Choose("#f-year", ys)
	m.WaitJS("only this year's row", fmt.Sprintf(`() => { const r = document.querySelectorAll('#dues tbody tr');
		return r.length === 1 && r[0].id === %q }`, strings.TrimPrefix(row, "#")))
	m.WaitJS("the year in the address bar", fmt.Sprintf(`() => new URLSearchParams(location.search).get('year') === %q`, ys))

	m.At("filter by 发票状态 已开票 (nothing yet)")
	m.Choose("#f-invoice", "已开票")
	m.ElText("#dues p.empty", "没有符合条件的缴费记录")
	m.WaitJS("invoice=issued in the address bar", `() => new URLSearchParams(location.search).get('invoice') === 'issued'`)
	m.Choose("#f-invoice", "未申请")
	m.El(row)
	if !m.SameDocument() {
		m.Fail("the filter reloaded the page: htmx did not update the table in place")
	}
	m.ElText(row+" .badge", "^未缴费$")
	m.Shot("dues-01-member-dues")

	m.At("上传缴费凭证: a program renamed .pdf and a negative amount")
	m.ClickTextAndLoad(row+" a", "^上传缴费凭证$")
	m.ElText("h1", "上传缴费凭证 · "+ys)
	m.Files("#f-file", fakePDF)
	// Yesterday in Shanghai, at noon UTC: rod fills a date input from the instant's UTC day,
	// which between 00:00 and 08:00 Shanghai time is the day before.
	y := now.AddDate(0, 0, -1)
	transfer := time.Date(y.Year(), y.Month(), y.Day(), 12, 0, 0, 0, time.UTC)
	m.Date("#f-transfer_date", transfer)
	m.Fill("#f-amount", "-3000")
	m.Fill("#f-payer", name)
	m.Fill("#f-note", ys+"年度会费")
	m.ClickTextAndLoad("main button", "^上传$")
	if msg := m.Text(".field.invalid #f-file ~ .error"); !strings.Contains(msg, "只支持 PDF、JPG、PNG") {
		m.Fail("the error next to 凭证文件 reads %q", msg)
	}
	if msg := m.Text(".field.invalid #e-amount"); !strings.Contains(msg, "金额应为大于0的数字") {
		m.Fail("the error next to 转账金额 reads %q", msg)
	}
	if n := m.EvalBool(`() => document.querySelectorAll('.field.invalid').length === 2`); !n {
		m.Fail("only 凭证文件 and 转账金额 should be marked invalid")
	}
	if v := m.Value("#f-transfer_date"); v != transfer.Format("2006-01-02") {
		m.Fail("the form lost the 转账日期: %q", v)
	}
	m.Shot("dues-02-voucher-errors")

	m.At("上传缴费凭证 corrected")
	m.Files("#f-file", voucherPNG)
	m.Fill("#f-amount", "3000.00")
	m.Fill("#f-note", ys+"年度会费")
	m.ClickTextAndLoad("main button", "^上传$")
	m.ElText(".flash", "缴费凭证已上传")
	m.ElText("main .badge", "^待确认$")
	m.ElText("main table a", regexp.QuoteMeta("转账回单.png"))
	m.Shot("dues-03-voucher-uploaded")

	m.At("填写开票信息: 专用发票 without bank details")
	m.ClickTextAndLoad("main a", "返回会员缴费")
	m.ElText(row+" .badge", "^待确认$")
	m.ClickTextAndLoad(row+" a", "^填写开票信息$")
	m.ElText("h1", "填写开票信息")
	if v := m.Value("#f-title"); v != name {
		m.Fail("发票抬头 is not prefilled with the company name: %q", v)
	}
	m.Click(m.El(`input[name="type"][value="special"]`), "增值税专用发票")
	m.ClickTextAndLoad("main button", "^保存开票信息$")
	for id, want := range map[string]string{"address": "专用发票须填写地址", "phone": "专用发票须填写电话", "bank": "专用发票须填写开户行", "account": "专用发票须填写银行账号"} {
		if msg := m.Text(".field.invalid #e-" + id); !strings.Contains(msg, want) {
			m.Fail("the error next to %s reads %q, want %q", id, msg, want)
		}
	}
	if n := m.EvalBool(`() => document.querySelectorAll('.field.invalid').length === 4`); !n {
		m.Fail("only 地址, 电话, 开户行 and 账号 should be marked invalid")
	}
	if !m.EvalBool(`() => document.querySelector('input[name="type"][value="special"]').checked`) {
		m.Fail("the form forgot that 增值税专用发票 was chosen")
	}
	m.Shot("dues-04-invoice-errors")

	m.At("填写开票信息 corrected")
	m.Fill("#f-address", "深圳市南山区科技园科苑路1号")
	m.Fill("#f-phone", "0755-86001234")
	m.Fill("#f-bank", "中国银行深圳南山支行")
	m.Fill("#f-account", "7446 5678 9012 3456")
	m.ClickTextAndLoad("main button", "^保存开票信息$")
	m.ElText(".flash", "开票信息已保存")
	m.ElText(row+" td .badge", "^待开票$")
	m.CheckConsole()

	// ---- 会员缴费管理, as staff ------------------------------------------------------------
	s.At("filter the finance queue")
	s.ClickTextAndLoad("nav.menu a", "^会员缴费管理$")
	s.WaitJS("four dues rows (two companies, two years)", `() => document.querySelectorAll('#finance tbody tr').length === 4`)
	s.MarkWindow()
	s.Choose("#f-status", "待确认")
	s.WaitJS("only the pending row", fmt.Sprintf(`() => { const r = document.querySelectorAll('#finance tbody tr');
		return r.length === 1 && r[0].textContent.includes(%q) }`, name))
	s.Fill("#f-q", fragment)
	s.WaitJS("the filter in the address bar", fmt.Sprintf(`() => { const q = new URLSearchParams(location.search);
		return q.get('status') === 'pending' && q.get('q') === %q }`, fragment))
	s.WaitJS("still the pending row", `() => document.querySelectorAll('#finance tbody tr').length === 1`)
	if !s.SameDocument() {
		s.Fail("the filter reloaded the page: htmx did not update the table in place")
	}
	s.Choose("#f-status", "全部")
	s.WaitJS("both years of the company", `() => document.querySelectorAll('#finance tbody tr').length === 2`)
	s.Shot("dues-21-staff-finance")
	s.PhoneShot("dues-22-staff-finance-phone")

	s.At("open the row")
	s.ClickTextAndLoad("#finance tbody a", "^审核凭证$")
	s.ElText("h1", regexp.QuoteMeta(name)+".*"+ys)
	s.ElText("#dues-status", "^待确认$")
	s.ElText("main table a", regexp.QuoteMeta("转账回单.png"))
	s.ElText("dl.kv dd", "^增值税专用发票$")
	if v := s.Value("#f-amount"); v != "3000.00" {
		s.Fail("到账金额 is preset to %q, want the voucher's 3000.00", v)
	}
	s.Shot("dues-23-staff-detail")

	s.At("确认到账 with the confirmation dialog")
	s.ConfirmClickAndLoad(s.El("#confirm"), "确认该笔会费已到账")
	s.ElText("#dues-status", "^已缴费$")
	s.ElText(".flash", "已确认到账")

	// The certificate step the worker does after the commit (the request only enqueues it).
	font, err := certificate.LoadFont(env.Cfg.Font)
	if err != nil {
		t.Fatal(err)
	}
	issuer := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: b.Base}
	if ok, err := issuer.Issue(bg, env.DB, d.ID, time.Now()); err != nil || !ok {
		t.Fatalf("issue the certificate of dues %d: issued=%v err=%v", d.ID, ok, err)
	}

	s.At("upload the invoice PDF")
	s.Open(fmt.Sprintf("/admin/dues/%d", d.ID))
	s.ElText("main table td", "^CPCA-"+ys+"-")
	s.Files("#f-invoice", invoicePDF)
	s.ClickTextAndLoad("main button", "^上传发票$")
	s.ElText(".flash", "发票已上传")
	s.ElText("dl.kv dd", "^已开票")
	s.ElText("dl.kv dd a", "^发票附件$")
	s.Shot("dues-24-staff-detail-done")
	s.CheckConsole()

	// ---- the member holds an invoice and a certificate -----------------------------------
	m.At("待办事项 after the invoice and certificate")
	m.ClickTextAndLoad("nav.menu a", "^待办事项$")
	invHref := m.Attr(m.ElText("main li a", "^下载发票$"), "href")
	m.ElText("main li a", "^下载会员证书$")
	m.Shot("dues-05-member-home")

	m.At("会员缴费 shows 发票附件")
	m.ClickTextAndLoad("nav.menu a", "^会员缴费$")
	m.ElText(row+" .badge", "^已缴费$")
	m.ElText(row+" .badge", "^已开票$")
	rowInv := m.ElText(row+" a", "^下载发票$")
	if a, b := m.Attr(rowInv, "href"), invHref; a != b || !strings.HasPrefix(a, "/files/") {
		m.Fail("发票附件 links to %q and 待办事项 to %q", a, b)
	}
	m.Shot("dues-06-member-dues-done")
	m.PhoneShot("dues-07-member-dues-phone")

	m.At("download the invoice")
	inv := m.Fetch(invHref)
	if inv.Status != 200 || inv.ContentType != "application/pdf" || !bytes.Equal(inv.Data, invoiceData) {
		m.Fail("the invoice download: status %d, type %q, %d bytes (want the uploaded %d-byte PDF)", inv.Status, inv.ContentType, len(inv.Data), len(invoiceData))
	}

	m.At("会员证书")
	m.ClickTextAndLoad("nav.menu a", "^会员证书$")
	m.ElText("main", regexp.QuoteMeta(name))
	certLink := m.ElText("main a", "^下载会员证书$")
	m.Shot("dues-08-member-certificate")
	cert := m.Fetch(m.Attr(certLink, "href"))
	if cert.Status != 200 || cert.ContentType != "application/pdf" || !bytes.HasPrefix(cert.Data, []byte("%PDF-")) {
		m.Fail("the certificate download: status %d, type %q, starts %q", cert.Status, cert.ContentType, head(cert.Data))
	}
	if !strings.Contains(cert.Disposition, "attachment") {
		m.Fail("the certificate is not offered as a download: Content-Disposition %q", cert.Disposition)
	}
	if browserenv.Shots {
		renderPDF(t, cert.Data, "dues-09-certificate-pdf")
	}

	m.At("在线验证页")
	verify := m.Attr(m.ElText("main a", "查看在线验证页"), "href")
	m.Open(verify)
	m.ElText(".flash", "证书有效")
	m.ElText("dl.kv dd", "^"+regexp.QuoteMeta(name)+"$")
	m.ElText("dl.kv dd", "^会员单位$")
	m.Shot("dues-10-verify")
	m.PhoneShot("dues-11-verify-phone")
	m.CheckConsole()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// pngBytes is a small real PNG, like a phone photo of a bank slip would be (only smaller).
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for y := 0; y < 60; y++ {
		for x := 0; x < 120; x++ {
			img.Set(x, y, color.RGBA{uint8(200 + x%50), 220, uint8(230 - y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfBytes is a minimal, well-formed one-page PDF showing text.
func pdfBytes(text string) []byte {
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}

func head(b []byte) string {
	if len(b) > 16 {
		b = b[:16]
	}
	return string(b)
}

// renderPDF turns the first page of a PDF into shots/name.png with poppler's pdftoppm.
func renderPDF(t *testing.T, pdf []byte, name string) {
	t.Helper()
	if err := os.MkdirAll(browserenv.ShotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "certificate.pdf")
	writeFile(t, src, pdf)
	out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", src, filepath.Join(browserenv.ShotDir, name)).CombinedOutput()
	if err != nil {
		t.Errorf("pdftoppm (poppler-utils) could not render the certificate: %v\n%s", err, out)
	}
}
