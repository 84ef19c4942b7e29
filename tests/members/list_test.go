package members

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// three members with distinct names, places, levels, join years and dues, to filter.
type listFixture struct{ a, b, c member }

func newListFixture(t *testing.T, tag string) listFixture {
	t.Helper()
	f := listFixture{newMember(t), newMember(t), newMember(t)}
	y := calendar.Year(time.Now())
	exec(t, `UPDATE companies SET name = ?, province = '北京市', category = 'PCB制造', level = 'council', joined_on = make_date(2019, 3, 1) WHERE id = ?`,
		"华鼎"+tag+"电子有限公司", f.a.User.CompanyID)
	exec(t, `UPDATE companies SET name = ?, province = '广东省', category = '覆铜板', level = 'member', joined_on = make_date(2021, 6, 1) WHERE id = ?`,
		"鹏程"+tag+"科技有限公司", f.b.User.CompanyID)
	exec(t, `UPDATE companies SET name = ?, province = '广东省', category = 'PCB制造', level = 'member', joined_on = make_date(2021, 9, 1), status = 'suspended' WHERE id = ?`,
		"东江"+tag+"电路有限公司", f.c.User.CompanyID)
	exec(t, `INSERT INTO dues (company_id, year, level, amount_fen, status) VALUES (?, ?, 'council', 100, 'confirmed'), (?, ?, 'member', 100, 'unpaid')
		ON CONFLICT (company_id, year) DO UPDATE SET status = excluded.status`, f.a.User.CompanyID, y, f.b.User.CompanyID, y)
	exec(t, `DELETE FROM dues WHERE company_id = ? AND year = ?`, f.c.User.CompanyID, y)
	return f
}

func names(r *testenv.Resp) string { return r.Doc.Find("#members td.head").Text() }

// The inline filters, each alone and together; the search by a 2-character fragment, a USCC
// or a member number; the filtered view is bookmarkable and its export link keeps the filter.
func TestMemberListFilters(t *testing.T) {
	tag := testenv.Name("")[:4]
	f := newListFixture(t, tag)
	s := staffClient(t, account.StaffMembership)
	a, b, c := f.a.company(t), f.b.company(t), f.c.company(t)
	cases := []struct {
		query    string
		want     []string
		dontWant []string
	}{
		{"q=华鼎", []string{a.Name}, []string{b.Name, c.Name}},
		{"q=" + url.QueryEscape("鹏程"+tag), []string{b.Name}, []string{a.Name, c.Name}},
		{"q=" + b.USCC, []string{b.Name}, []string{a.Name, c.Name}},
		{"q=" + strings.ToLower(b.USCC), []string{b.Name}, []string{a.Name}},
		{"q=" + url.QueryEscape(a.MemberNo.String), []string{a.Name}, []string{b.Name, c.Name}},
		{"q=" + tag + "&level=council", []string{a.Name}, []string{b.Name, c.Name}},
		{"q=" + tag + "&status=suspended", []string{c.Name}, []string{a.Name, b.Name}},
		{"q=" + tag + "&status=member", []string{a.Name, b.Name}, []string{c.Name}},
		{"q=" + tag + "&province=" + url.QueryEscape("广东省"), []string{b.Name, c.Name}, []string{a.Name}},
		{"q=" + tag + "&category=" + url.QueryEscape("覆铜板"), []string{b.Name}, []string{a.Name, c.Name}},
		{"q=" + tag + "&joined=2021", []string{b.Name, c.Name}, []string{a.Name}},
		{"q=" + tag + "&dues=paid", []string{a.Name}, []string{b.Name, c.Name}},
		{"q=" + tag + "&dues=unpaid", []string{b.Name}, []string{a.Name, c.Name}},
		{"q=" + tag + "&dues=none", []string{c.Name}, []string{a.Name, b.Name}},
		{"q=" + tag + "&province=" + url.QueryEscape("广东省") + "&joined=2021&status=member", []string{b.Name}, []string{a.Name, c.Name}},
		// A value the filter does not know is dropped, not an error.
		{"q=" + tag + "&status=bogus&level=x&joined=abc", []string{a.Name, b.Name, c.Name}, nil},
	}
	for _, tc := range cases {
		r := s.Get("/admin/members?" + tc.query)
		wantStatus(t, r, http.StatusOK, tc.query)
		got := names(r)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %s missing from %q", tc.query, w, got)
			}
		}
		for _, w := range tc.dontWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: %s listed, want it filtered out", tc.query, w)
			}
		}
	}
	// The htmx request gets the table only; the export link carries the filter.
	r := s.GetHTMX("/admin/members?province=" + url.QueryEscape("广东省") + "&q=" + tag)
	if strings.Contains(r.Body, "<html") || r.Doc.Find("#members").Length() != 1 {
		t.Errorf("htmx filter: want the #members fragment only")
	}
	href, _ := r.Doc.Find("#members-export").Attr("href")
	if !strings.Contains(href, "province=") || !strings.Contains(href, "q="+tag) {
		t.Errorf("export link %q does not keep the filter", href)
	}
	// Applicants are not members: not listed.
	ap := testenv.NewCompany()
	env.Register(t, env.NewClient(t), ap)
	if r := s.Get("/admin/members?q=" + ap.Step1.Get("uscc")); r.Doc.Find("#members td.head").Length() != 0 {
		t.Errorf("an applicant is listed among members")
	}
	// An empty result says so and offers the whole list.
	if r := s.Get("/admin/members?q=" + url.QueryEscape("不存在的单位名称")); r.Doc.Find("#members .empty").Length() != 1 {
		t.Errorf("no empty state for a search without results")
	}
}

// Paging: a page of 30 with a next link that keeps the filter.
func TestMemberListPaged(t *testing.T) {
	for i := 0; i < 31; i++ {
		co := testenv.NewCompany()
		env.Register(t, env.NewClient(t), co)
	}
	exec(t, `UPDATE companies SET status = 'member', province = '海南省', joined_on = now() WHERE status = 'applicant'`)
	s := staffClient(t, account.StaffMembership)
	r := s.Get("/admin/members?province=" + url.QueryEscape("海南省"))
	if n := r.Doc.Find("#members tbody tr").Length(); n != 30 {
		t.Fatalf("first page: %d rows, want 30", n)
	}
	next := ""
	r.Doc.Find("#members a").Each(func(_ int, a *goquery.Selection) {
		if h, _ := a.Attr("href"); strings.Contains(h, "page=2") {
			next = h
		}
	})
	if !strings.Contains(next, "province=") {
		t.Fatalf("no page-2 link keeping the filter (got %q)", next)
	}
	if n := s.Get(next).Doc.Find("#members tbody tr").Length(); n < 1 {
		t.Errorf("second page: %d rows", n)
	}
}

// The export: every registration field; USCC, member number, phones and postcodes as text
// cells (leading zeros, all 18 characters); a value starting with = + - @ escaped.
func TestMemberExport(t *testing.T) {
	m := newMember(t)
	tag := testenv.Name("")[:4]
	exec(t, `UPDATE companies SET name = ?, postcode = '010010', legal_rep = '=HYPERLINK("http://evil.example","x")', address = '@SUM(A1)', city = '-2+3' WHERE id = ?`,
		"导出"+tag+"有限公司", m.User.CompanyID)
	exec(t, `UPDATE company_people SET mobile = '+8613800138000', name = '=cmd|'' /C calc''!A0' WHERE company_id = ? AND is_primary`, m.User.CompanyID)
	co := m.company(t)
	s := staffClient(t, account.StaffMembership)
	r := s.Get("/admin/members/export?q=" + url.QueryEscape("导出"+tag))
	wantStatus(t, r, http.StatusOK, "export")
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %q", ct)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("export rows: %d, want header + 1", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"会员编号", "单位名称", "统一社会信用代码", "会员级别", "会员状态", "入会日期", "法定代表人", "注册资本(万元)", "成立日期",
		"企业性质", "企业类别", "省份", "城市", "通讯地址", "邮政编码", "网址", "员工人数", "企业简介", "主要产品", "上年销售额(万元)", "出口比例(%)",
		"主要市场", "资质认证", "主要联系人", "主要联系人手机", "主要联系人邮箱", "财务联系人"} {
		if _, ok := col[h]; !ok {
			t.Errorf("export header lacks %s", h)
		}
	}
	cell := func(h string) (string, excelize.CellType) {
		name, _ := excelize.CoordinatesToCellName(col[h]+1, 2)
		v, _ := x.GetCellValue(sheet, name)
		ty, _ := x.GetCellType(sheet, name)
		if f, _ := x.GetCellFormula(sheet, name); f != "" {
			t.Errorf("%s: the cell holds a formula %q", h, f)
		}
		return v, ty
	}
	want := map[string]string{
		"统一社会信用代码": co.USCC, "会员编号": co.MemberNo.String, "邮政编码": "010010",
		"法定代表人": `'=HYPERLINK("http://evil.example","x")`, "通讯地址": "'@SUM(A1)", "城市": "'-2+3",
		"主要联系人手机": "'+8613800138000", "主要联系人": "'=cmd|' /C calc'!A0", "单位名称": co.Name,
	}
	for h, w := range want {
		v, ty := cell(h)
		if v != w {
			t.Errorf("%s: %q, want %q", h, v, w)
		}
		if ty != excelize.CellTypeInlineString && ty != excelize.CellTypeSharedString {
			t.Errorf("%s: cell type %v, want a text cell", h, ty)
		}
	}
	if v, _ := cell("统一社会信用代码"); len(v) != 18 {
		t.Errorf("USCC %q: %d characters, want 18", v, len(v))
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'member.export'`); n < 1 {
		t.Errorf("the export is not audited")
	}
	// Finance staff may not export the member list.
	if r := staffClient(t, account.StaffFinance).Get("/admin/members/export"); r.Status != http.StatusForbidden {
		t.Errorf("finance staff export: %d, want 403", r.Status)
	}
	_ = strconv.Itoa
}
