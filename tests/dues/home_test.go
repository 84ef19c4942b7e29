package dues

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// todos maps each action of 待办事项 on /home to its link and text.
func todos(t *testing.T, m *member) map[string][2]string {
	t.Helper()
	r := m.Get("/home")
	if r.Status != http.StatusOK {
		t.Fatalf("/home: %d", r.Status)
	}
	out := map[string][2]string{}
	r.Doc.Find(`.card:has(h2:contains("待办事项")) li`).Each(func(_ int, li *goquery.Selection) {
		a := li.Find("a").First()
		href, _ := a.Attr("href")
		out[strings.TrimSpace(a.Text())] = [2]string{href, strings.Join(strings.Fields(li.Text()), " ")}
	})
	return out
}

// 待办事项 follows this year's dues: pay, upload again after a rejection, fill the invoice
// information, download the invoice, download the certificate; done items disappear.
func TestHomeTodos(t *testing.T) {
	s := newStaff(t)
	m := newMember(t)
	voucher, invoice := "/dues/"+id(m.DuesID)+"/voucher", "/dues/"+id(m.DuesID)+"/invoice"
	check := func(when string, want map[string]string, absent ...string) {
		t.Helper()
		got := todos(t, m)
		for action, href := range want {
			if got[action][0] != href {
				t.Errorf("%s: todo %s links %q, want %q (all: %v)", when, action, got[action][0], href, got)
			}
		}
		for _, action := range absent {
			if _, ok := got[action]; ok {
				t.Errorf("%s: todo %s still shown", when, action)
			}
		}
	}
	check("unpaid", map[string]string{"上传缴费凭证": voucher, "填写开票信息": invoice}, "重新上传", "下载发票", "下载会员证书")
	if got := todos(t, m)["上传缴费凭证"][1]; !strings.Contains(got, "2,000.00") {
		t.Errorf("unpaid todo text %q lacks the amount", got)
	}

	m.mustUpload(t, m.DuesID)
	check("pending", map[string]string{"填写开票信息": invoice}, "上传缴费凭证", "重新上传")

	const reason = "凭证模糊无法辨认"
	staffPost(s, m.DuesID, "reject", url.Values{"reason": {reason}})
	check("rejected", map[string]string{"重新上传": voucher}, "上传缴费凭证")
	if got := todos(t, m)["重新上传"][1]; !strings.Contains(got, reason) {
		t.Errorf("rejected todo %q lacks the reason", got)
	}

	m.mustUpload(t, m.DuesID)
	m.requestInvoice(t, m.DuesID)
	check("pending with invoice info", nil, "重新上传", "上传缴费凭证", "填写开票信息", "下载发票", "下载会员证书")

	mustConfirm(t, s, m.DuesID)
	check("confirmed, certificate not yet rendered", nil, "下载会员证书", "下载发票")
	if ok, err := issuer(t).Issue(context.Background(), env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatal(ok, err)
	}
	check("certificate ready", map[string]string{"下载会员证书": "/certificate"}, "下载发票")

	s.Get("/admin/dues/" + id(m.DuesID))
	if r := s.PostMultipart("/admin/dues/"+id(m.DuesID)+"/invoice", nil, map[string][]byte{"invoice": pdfFile}, map[string]string{"invoice": "f.pdf"}); r.Status != http.StatusSeeOther {
		t.Fatalf("invoice: %d", r.Status)
	}
	d := getDues(t, m.DuesID)
	check("invoice issued", map[string]string{"下载发票": "/files/" + d.InvoiceFileID.String, "下载会员证书": "/certificate"})
	if r := m.Get("/files/" + d.InvoiceFileID.String); r.Status != http.StatusOK {
		t.Errorf("the 下载发票 link: %d", r.Status)
	}

	// Waived: nothing to pay and no invoice to ask for.
	w := newMember(t)
	staffPost(s, w.DuesID, "waive", url.Values{"waive_reason": {"减免"}})
	got := todos(t, w)
	for _, action := range []string{"上传缴费凭证", "重新上传", "填写开票信息", "下载发票"} {
		if _, ok := got[action]; ok {
			t.Errorf("waived: todo %s shown", action)
		}
	}
}
