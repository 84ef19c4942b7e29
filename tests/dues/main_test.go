// Package dues tests 会员缴费, invoices and 会员证书 through the real router and database:
// the dues and invoice state machine, uploads, bad input, object-level access, yearly
// generation, certificates and their verification page, reminders, the Excel export and the
// member's 待办事项.
package dues

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "dues", &env) }

// feeYuan is the current year's fee of every level, so approved members owe it.
const feeYuan = 2000

var feesOnce sync.Once

func thisYear() int { return calendar.Year(time.Now()) }

func today() string { return calendar.Format(time.Now()) }

// setFees sets one amount (yuan) for every level of year.
func setFees(t testing.TB, year int, yuan int64) {
	t.Helper()
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
		company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(context.Background(), env.DB, dues.Fee{Year: year, Level: l, AmountFen: yuan * 100}); err != nil {
			t.Fatal(err)
		}
	}
}

// member is a logged-in member company with its current-year dues row.
type member struct {
	*testenv.Client
	Co        testenv.Company
	CompanyID int64
	Name      string
	DuesID    int64
}

var ipSeq atomic.Int64

// nextIP gives every client its own address, so per-IP limits of one test never hit another.
func nextIP() string {
	n := ipSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", 40+time.Now().Unix()%100, n/250, n%250+1)
}

// newMember registers and approves a company (the fee schedule of this year is set first, so
// approval creates this year's dues row) and logs it in.
func newMember(t testing.TB) *member {
	t.Helper()
	feesOnce.Do(func() { setFees(t, thisYear(), feeYuan) })
	c, co := env.Member(t)
	c.IP = nextIP()
	u, err := account.ByUsername(context.Background(), env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	m := &member{Client: c, Co: co, CompanyID: u.CompanyID, Name: co.Step1.Get("name")}
	rows, _, err := dues.List(context.Background(), env.DB, dues.Filter{CompanyID: m.CompanyID, Year: thisYear()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("a member approved with a fee schedule set has %d dues rows for %d, want 1", len(rows), thisYear())
	}
	m.DuesID = rows[0].ID
	return m
}

// newStaff logs a fresh staff account in.
func newStaff(t testing.TB) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.IP = nextIP()
	s.Login(env.CreateAdmin(t), testenv.Password)
	return s
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// getDues loads a dues row as staff would.
func getDues(t testing.TB, duesID int64) *dues.Dues {
	t.Helper()
	d, err := dues.Get(context.Background(), env.DB, duesID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// count runs a SELECT count(*) query.
func count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Sample files, recognised by content.
var (
	pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngFile = func() []byte {
		var b bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 8, 8))
		img.Set(1, 1, color.Black)
		_ = png.Encode(&b, img)
		return b.Bytes()
	}()
	jpgFile = func() []byte {
		var b bytes.Buffer
		_ = jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
		return b.Bytes()
	}()
)

// voucherFields is a valid 上传缴费凭证 form.
func voucherFields() map[string]string {
	return map[string]string{"transfer_date": today(), "amount": "2000.00", "payer": "测试电路有限公司", "note": "2026年会费"}
}

// uploadVoucher opens 上传缴费凭证 of duesID and posts fields and a file.
func (m *member) uploadVoucher(t testing.TB, duesID int64, fields map[string]string, data []byte, name string) *testenv.Resp {
	t.Helper()
	m.Get("/dues/" + id(duesID) + "/voucher")
	return m.PostMultipart("/dues/"+id(duesID)+"/voucher", fields, map[string][]byte{"file": data}, map[string]string{"file": name})
}

// mustUpload uploads a valid PDF voucher and fails unless it is accepted.
func (m *member) mustUpload(t testing.TB, duesID int64) {
	t.Helper()
	r := m.uploadVoucher(t, duesID, voucherFields(), pdfFile, "转账凭证.pdf")
	if r.Status != http.StatusSeeOther {
		t.Fatalf("voucher upload: status %d: %s %s", r.Status, r.Doc.Find(".error").Text(), r.Text(".flash.err"))
	}
}

// invoiceForm is a valid 增值税普通发票 request for the member.
func (m *member) invoiceForm() url.Values {
	return url.Values{"type": {dues.InvoiceNormal}, "title": {m.Name}, "tax_no": {m.Co.Step1.Get("uscc")}, "email": {"finance@example.com"}}
}

// requestInvoice fills 填写开票信息 and fails unless it is saved.
func (m *member) requestInvoice(t testing.TB, duesID int64) {
	t.Helper()
	m.Get("/dues/" + id(duesID) + "/invoice")
	r := m.Post("/dues/"+id(duesID)+"/invoice", m.invoiceForm())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invoice request: status %d: %s", r.Status, r.Doc.Find(".error").Text())
	}
}

// staffPost opens the staff detail page of duesID (for the CSRF token) and posts form to action.
func staffPost(s *testenv.Client, duesID int64, action string, form url.Values) *testenv.Resp {
	s.Get("/admin/dues/" + id(duesID))
	return s.Post("/admin/dues/"+id(duesID)+"/"+action, form)
}

func confirmForm(amount, on string) url.Values {
	return url.Values{"amount": {amount}, "received_on": {on}}
}

// mustConfirm confirms duesID as staff and fails unless it worked.
func mustConfirm(t testing.TB, s *testenv.Client, duesID int64) {
	t.Helper()
	r := staffPost(s, duesID, "confirm", confirmForm("2000.00", today()))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: status %d: %s", r.Status, r.Doc.Find(".error").Text())
	}
	if d := getDues(t, duesID); d.Status != dues.Confirmed {
		t.Fatalf("confirm: status %s", d.Status)
	}
}

// follow fetches the redirect target of r with c (where a flash is shown).
func follow(t testing.TB, c *testenv.Client, r *testenv.Resp) *testenv.Resp {
	t.Helper()
	if r.Location() == "" {
		t.Fatalf("no redirect: status %d", r.Status)
	}
	return c.Get(r.Location())
}

// duesRow is the text of the member's row for duesID on 会员缴费.
func (m *member) duesRow(t testing.TB, duesID int64) string {
	t.Helper()
	r := m.Get("/dues")
	if r.Status != http.StatusOK {
		t.Fatalf("/dues: %d", r.Status)
	}
	row := r.Doc.Find("#dues-" + id(duesID))
	if row.Length() == 0 {
		t.Fatalf("/dues lacks the row of dues %d", duesID)
	}
	return strings.Join(strings.Fields(row.Text()), " ")
}

var (
	fontOnce sync.Once
	font     []byte
)

// issuer is the worker's certificate issuer with the real font.
func issuer(t testing.TB) *certificate.Issuer {
	t.Helper()
	fontOnce.Do(func() {
		var err error
		if font, err = certificate.LoadFont(certificate.DefaultFont); err != nil {
			t.Fatal(err)
		}
	})
	return &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
}

// liveCertificates lists the issued certificates of a dues row.
func certificatesOf(t testing.TB, duesID int64) []certificate.Certificate {
	t.Helper()
	var cs []certificate.Certificate
	if err := env.DB.NewSelect().Model(&cs).Where("dues_id = ?", duesID).OrderExpr("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return cs
}

// paidMember is a member whose current dues are confirmed and whose certificate is issued.
func paidMember(t testing.TB, s *testenv.Client) (*member, certificate.Certificate) {
	t.Helper()
	m := newMember(t)
	m.mustUpload(t, m.DuesID)
	mustConfirm(t, s, m.DuesID)
	if ok, err := issuer(t).Issue(context.Background(), env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("issue: %v %v", ok, err)
	}
	cs := certificatesOf(t, m.DuesID)
	if len(cs) != 1 {
		t.Fatalf("%d certificates", len(cs))
	}
	return m, cs[0]
}
