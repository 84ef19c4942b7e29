package membership

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

// registerNamed registers one application per suffix, in order, named tag+suffix+"电路有限公司".
func registerNamed(t *testing.T, tag string, suffixes ...string) []testenv.Company {
	var cos []testenv.Company
	for _, s := range suffixes {
		co := testenv.NewCompany()
		co.Step1.Set("name", tag+s+"电路有限公司")
		env.Register(t, env.NewClient(t), co)
		cos = append(cos, co)
	}
	return cos
}

// order is the order in which the names appear on the page.
func order(t *testing.T, body, tag string, suffixes ...string) string {
	t.Helper()
	type at struct {
		s string
		i int
	}
	var got []at
	for _, s := range suffixes {
		i := strings.Index(body, tag+s+"电路")
		if i < 0 {
			t.Fatalf("%s%s not on the page", tag, s)
		}
		got = append(got, at{s, i})
	}
	slices.SortFunc(got, func(a, b at) int { return a.i - b.i })
	var out string
	for _, g := range got {
		out += g.s
	}
	return out
}

// 入会审核 sorts by the whitelisted column keys only: an unknown key is the default (newest
// first), and the header links carry aria-sort.
func TestReviewListSorts(t *testing.T) {
	tag := strings.ToLower(testenv.Name("srt"))
	registerNamed(t, tag, "c", "a", "b") // submitted in this order
	s := staff(t)
	for _, tc := range []struct{ sort, want string }{
		{"", "bac"},
		{"submitted_desc", "bac"},
		{"submitted_asc", "cab"},
		{"name_asc", "abc"},
		{"name_desc", "cba"},
		{"a.id; DROP TABLE applications", "bac"},
		{"name_asc,a.id", "bac"},
	} {
		r := s.Get("/admin/applications?q=" + tag + "&sort=" + strings.ReplaceAll(tc.sort, " ", "+"))
		if r.Status != http.StatusOK {
			t.Fatalf("sort %q: %d", tc.sort, r.Status)
		}
		if got := order(t, r.Body, tag, "a", "b", "c"); got != tc.want {
			t.Errorf("sort %q: order %s, want %s", tc.sort, got, tc.want)
		}
	}
	r := s.Get("/admin/applications?q=" + tag + "&sort=name_asc")
	th := r.Doc.Find(`th[aria-sort="ascending"] a`)
	if href, _ := th.Attr("href"); !strings.Contains(href, "sort=name_desc") || !strings.Contains(href, "q="+tag) {
		t.Errorf("the sorted header links the other direction with the filter: %q", href)
	}
}

// 入会审核 exports its filtered list, in its order, to Excel, and the export is audited.
func TestReviewExport(t *testing.T) {
	tag := strings.ToLower(testenv.Name("exp"))
	cos := registerNamed(t, tag, "b", "a")
	s := staff(t)
	if href, _ := s.Get("/admin/applications?q=" + tag).Doc.Find("#applications-export").Attr("href"); href != "/admin/applications/export?q="+tag {
		t.Errorf("export link %q", href)
	}
	r := s.Get("/admin/applications/export?q=" + tag + "&sort=name_asc")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d %q", r.Status, r.Header.Get("Content-Disposition"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("入会审核")
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %q %v", rows, err)
	}
	if rows[0][1] != "企业名称" || rows[0][2] != "统一社会信用代码" {
		t.Errorf("head %q", rows[0])
	}
	if rows[1][1] != tag+"a电路有限公司" || rows[2][1] != tag+"b电路有限公司" || rows[1][2] != cos[1].Step1.Get("uscc") {
		t.Errorf("rows %q", rows[1:])
	}
	var n int
	if err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'application.export' AND detail LIKE ?`, "%q="+tag+"% (2 rows)").Scan(context.Background(), &n); err != nil || n != 1 {
		t.Errorf("%d audit rows (%v)", n, err)
	}
}

// 邮件管理's delivery log exports with its filter; the export is audited.
func TestEmailExport(t *testing.T) {
	co := registerNamed(t, strings.ToLower(testenv.Name("eml")), "a")[0]
	to := co.Step4.Get("email")
	s := staff(t)
	r := s.Get("/admin/emails/export?q=" + to)
	if r.Status != http.StatusOK {
		t.Fatalf("export: %d", r.Status)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("邮件发送记录")
	if len(rows) < 2 || rows[0][1] != "收件人" {
		t.Fatalf("rows %q", rows)
	}
	for _, row := range rows[1:] {
		if row[1] != to {
			t.Errorf("a row of another recipient: %q", row)
		}
	}
	var n int
	_ = env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'email.export'`).Scan(context.Background(), &n)
	if n == 0 {
		t.Error("the export is not audited")
	}
}
