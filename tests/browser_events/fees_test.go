package browserevents

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

// The event fee, paid offline like dues: the member sees the fees on 查看详情, registers, finds
// the charge on the event page, uploads the transfer voucher and fills 开票信息 on the dues
// pages; 财务 filter 会员缴费管理 to 活动费, confirm and upload the invoice; the member
// downloads it from the event page.
func TestEventFeeVoucherInvoice(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-evfees-"
	name := testenv.Name("华东HDI技术研讨会")
	ev := env.NewEvent(t, testenv.EventOpts{Name: name, Capacity: 30, MaxPerCompany: 3, FeeMemberFen: 80000, FeeCouncilFen: 50000, CouncilFree: 2})
	_, co := env.Member(t)

	dir := t.TempDir()
	voucher := filepath.Join(dir, "研讨会转账回单.png")
	writeFile(t, voucher, slipPNG())
	invoiceData := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	invoice := filepath.Join(dir, "发票.pdf")
	writeFile(t, invoice, invoiceData)

	m := b.NewTab(t, "会员")
	m.At("login")
	m.Login(co.Username())
	m.Open("/events/" + itoa(ev.ID))
	m.ElText("#fees", `800\.00`)
	m.ElText("#fees", "2 个免费名额")
	m.Shot("evfees-01-detail-fees")
	m.ClickTextAndLoad("main a.button", "^报名参会$")
	m.Fill(`input[name="name_0"]`, "王芳")
	m.Fill(`input[name="mobile_0"]`, "13712345678")
	m.ClickTextAndLoad("main button", "^提交报名$")
	m.ElText(".flash", "报名成功")
	m.ElText("#charge", `800\.00`)
	m.ElText("#charge .badge", "^未缴费$")
	m.Shot("evfees-02-charge")
	m.PhoneShot("evfees-02-charge-phone")

	m.At("上传缴费凭证")
	m.ClickTextAndLoad("#charge a", "^上传缴费凭证$")
	m.ElText("h1", regexp.QuoteMeta(name))
	if v := m.Value("#f-amount"); v != "800.00" {
		m.Fail("转账金额 is preset to %q, want the fee 800.00", v)
	}
	m.Files("#f-file", voucher)
	m.ClickTextAndLoad("main button", "^上传$")
	m.ElText(".flash", "缴费凭证已上传")
	m.Open("/events/" + itoa(ev.ID))
	m.ElText("#charge .badge", "^待确认$")
	m.ElText("#charge a", regexp.QuoteMeta("研讨会转账回单.png"))

	m.At("填写开票信息")
	m.ClickTextAndLoad("#charge a", "^填写开票信息$")
	m.Fill("#f-email", "finance@example.cn")
	m.ClickTextAndLoad("main button", "^保存开票信息$")
	m.ElText(".flash", "开票信息已保存")
	m.ElText("main", regexp.QuoteMeta(name))
	m.Shot("evfees-03-member-dues")
	m.CheckConsole()

	s := b.NewTab(t, "财务")
	s.At("finance filters 活动费")
	s.Login(env.CreateStaff(t, "finance"))
	s.ClickTextAndLoad("nav.menu a", "^会员缴费管理$")
	s.MarkWindow()
	s.Choose("#f-kind", "活动费")
	s.WaitJS("kind=event in the address bar", `() => new URLSearchParams(location.search).get('kind') === 'event'`)
	s.ElText("#finance tbody", regexp.QuoteMeta(name))
	if !s.SameDocument() {
		s.Fail("the filter reloaded the page")
	}
	s.Shot("evfees-20-finance-event-fees")
	s.ClickTextAndLoad("#finance tbody a", "^审核凭证$")
	s.ElText("h1", "活动费")
	s.ConfirmClickAndLoad(s.El("#confirm"), "确认该笔参会费已到账")
	s.ElText("#dues-status", "^已缴费$")
	s.Files("#f-invoice", invoice)
	s.ClickTextAndLoad("main button", "^上传发票$")
	s.ElText(".flash", "发票已上传")
	s.Shot("evfees-21-finance-detail-done")
	s.CheckConsole()

	m.At("download the invoice from the event page")
	m.Open("/events/" + itoa(ev.ID))
	m.ElText("#charge .badge", "^已缴费$")
	m.ElText("#charge .badge", "^已开票$")
	href := m.Attr(m.ElText("#charge a", "^下载发票$"), "href")
	m.Shot("evfees-04-invoice")
	m.PhoneShot("evfees-04-invoice-phone")
	inv := m.Fetch(href)
	if inv.Status != 200 || inv.ContentType != "application/pdf" || !bytes.Equal(inv.Data, invoiceData) {
		m.Fail("the invoice download: %d %q %d bytes", inv.Status, inv.ContentType, len(inv.Data))
	}
	m.CheckConsole()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// slipPNG is a small real PNG standing in for a photo of a bank slip.
func slipPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for y := 0; y < 60; y++ {
		for x := 0; x < 120; x++ {
			img.Set(x, y, color.RGBA{uint8(200 + x%50), 220, uint8(230 - y), 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
