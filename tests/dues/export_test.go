package dues

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"cpca/internal/dues"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// The finance list exported to Excel holds the filtered rows only, under Chinese headers, and
// the export is in the audit log.
func TestExport(t *testing.T) {
	ctx := context.Background()
	const year = 2037
	setFees(t, year, 2800)
	s := newStaff(t)
	a, b, c := newMember(t), newMember(t), newMember(t)
	ids := map[*member]int64{}
	for _, m := range []*member{a, b, c} {
		if ok, err := dues.EnsureFor(ctx, env.DB, m.CompanyID, year); err != nil || !ok {
			t.Fatal(err)
		}
		rows, _, _ := dues.List(ctx, env.DB, dues.Filter{CompanyID: m.CompanyID, Year: year})
		ids[m] = rows[0].ID
	}
	a.mustUpload(t, ids[a])
	mustConfirm(t, s, ids[a])
	b.mustUpload(t, ids[b])
	staffPost(s, ids[c], "waive", url.Values{"waive_reason": {"新入会减免"}})
	// a's saved invoice profile: finance issues the invoice from the export (a hostile title
	// stays text, not a formula).
	if _, err := env.DB.NewRaw(`INSERT INTO invoice_profiles (company_id, invoice_type, title, tax_no, email) VALUES (?, 'special', '=HYPERLINK("x")', '91350100M000100Y43', 'f@example.com')`, a.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var aNo string
	if err := env.DB.NewRaw(`SELECT member_no FROM companies WHERE id = ?`, a.CompanyID).Scan(ctx, &aNo); err != nil || aNo == "" {
		t.Fatalf("member no: %q %v", aNo, err)
	}

	export := func(q url.Values) [][]string {
		t.Helper()
		r := s.Get("/admin/dues/export?" + q.Encode())
		if r.Status != http.StatusOK {
			t.Fatalf("export %s: %d", q.Encode(), r.Status)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatalf("open xlsx: %v", err)
		}
		defer x.Close()
		if sheets := x.GetSheetList(); !slices.Contains(sheets, "会员缴费") {
			t.Fatalf("sheets %v", sheets)
		}
		rows, err := x.GetRows("会员缴费")
		if err != nil || len(rows) == 0 {
			t.Fatalf("rows: %v", err)
		}
		want := []string{"年度", "会员编号", "会员单位", "会员级别", "应缴金额(元)", "缴费状态", "到账金额(元)", "到账日期", "开票状态", "开票时间",
			"发票类型", "发票抬头", "纳税人识别号", "退回/免缴原因"}
		if !slices.Equal(rows[0], want) {
			t.Errorf("headers %q", rows[0])
		}
		return rows[1:]
	}
	names := func(rows [][]string) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r[2])
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { slices.Sort(s); return s }

	rows := export(url.Values{"year": {"2037"}, "status": {"confirmed"}})
	if len(rows) != 1 {
		t.Fatalf("confirmed of 2037: %d rows: %q", len(rows), rows)
	}
	got := rows[0]
	for len(got) < 14 {
		got = append(got, "")
	}
	want := []string{"2037", aNo, a.Name, "会员单位", "2800.00", "已缴费", "2000.00", today(), "未申请", "",
		"增值税专用发票", `'=HYPERLINK("x")`, "91350100M000100Y43", ""}
	if !slices.Equal(got, want) {
		t.Errorf("row %q, want %q", got, want)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'dues.export' AND detail LIKE ?`, "%status=confirmed%year=2037% (1 rows)"); n != 1 {
		t.Errorf("%d dues.export audit rows for the filter", n)
	}

	if rows := export(url.Values{"year": {"2037"}}); !slices.Equal(names(rows), sorted(a.Name, b.Name, c.Name)) {
		t.Errorf("2037: %q", names(rows))
	}
	rows = export(url.Values{"year": {"2037"}, "status": {"waived"}})
	if len(rows) != 1 || rows[0][2] != c.Name || rows[0][5] != "免缴" || rows[0][13] != "新入会减免" {
		t.Errorf("waived: %q", rows)
	}
	if rows := export(url.Values{"year": {"2037"}, "q": {b.Name[len("测试电路"):]}}); !slices.Equal(names(rows), []string{b.Name}) {
		t.Errorf("company search: %q", names(rows))
	}
	if rows := export(url.Values{"year": {"2037"}, "invoice": {"issued"}}); len(rows) != 0 {
		t.Errorf("issued invoices of 2037: %q", rows)
	}
	// The on-screen list with the same filter shows the same rows and links the export.
	page := s.Get("/admin/dues?year=2037&status=pending")
	if !strings.Contains(page.Body, b.Name) || strings.Contains(page.Body, a.Name) || strings.Contains(page.Body, c.Name) {
		t.Error("the finance list ignores the filter")
	}
	found := false
	page.Doc.Find(`a[href^="/admin/dues/export"]`).Each(func(_ int, l *goquery.Selection) {
		h, _ := l.Attr("href")
		found = found || (strings.Contains(h, "status=pending") && strings.Contains(h, "year=2037"))
	})
	if !found {
		t.Error("the finance list has no export link with its filter")
	}
}
