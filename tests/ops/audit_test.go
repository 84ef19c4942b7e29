package ops

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

// 审计日志 shows actions and results in words, filters by action (the select), user and date
// range (page and htmx fragment alike), and exports the filtered list to Excel with a
// formula-looking value kept as text; the export is itself audited.
func TestAuditLogInWords(t *testing.T) {
	ctx := context.Background()
	staffName := env.CreateAdmin(t)
	s := env.NewClient(t)
	s.IP = "10.30.0.1"
	s.Login(staffName, testenv.Password)

	// A failed login with a name that a spreadsheet would run as a formula.
	evil := "=HYPERLINK(\"http://x\",\"y\")" + testenv.Name("")
	x := env.NewClient(t)
	x.IP = "10.30.0.2"
	x.Get("/login")
	x.Post("/login", url.Values{"username": {evil}, "password": {"whatever password"}})
	// An old entry, outside the date range below.
	old := audit.Entry{ActorName: staffName, Action: "dues.confirm", ObjectType: "dues", ObjectID: "1", At: time.Now().AddDate(0, 0, -40)}
	if err := audit.Record(ctx, env.DB, old); err != nil {
		t.Fatal(err)
	}

	page := s.Get("/admin/audit")
	if page.Status != http.StatusOK {
		t.Fatalf("审计日志: %d", page.Status)
	}
	for _, want := range []string{"登录系统", "失败", "成功", `<option value="dues.confirm"`, "确认会费到账", "会员缴费"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("审计日志 lacks %q", want)
		}
	}
	if cell := page.Text("td.head"); cell == "login" || cell == "" {
		t.Errorf("the action column shows %q, want words", cell)
	}

	// By user: only the staff account's own entries (its login and the old confirmation).
	mine := s.GetHTMX("/admin/audit?user=" + url.QueryEscape(staffName))
	if strings.Contains(mine.Body, "<html") || !strings.Contains(mine.Body, `id="admin-audit"`) {
		t.Fatal("the htmx filter did not answer the fragment")
	}
	if n := mine.Doc.Find("#admin-audit tbody tr").Length(); n != 2 {
		t.Errorf("entries of %s: %d rows, want 2 (login, old confirmation)", staffName, n)
	}
	// By action and date range: the old confirmation is outside the last week.
	from := calendar.Format(time.Now().AddDate(0, 0, -7))
	recent := s.Get("/admin/audit?action=dues.confirm&user=" + url.QueryEscape(staffName) + "&from=" + from)
	if n := recent.Doc.Find("#admin-audit tbody tr").Length(); n != 0 {
		t.Errorf("dues.confirm since %s: %d rows, want 0", from, n)
	}
	since := calendar.Format(time.Now().AddDate(0, 0, -41))
	to := calendar.Format(time.Now().AddDate(0, 0, -39))
	ranged := s.Get("/admin/audit?action=dues.confirm&user=" + url.QueryEscape(staffName) + "&from=" + since + "&to=" + to)
	if n := ranged.Doc.Find("#admin-audit tbody tr").Length(); n != 1 {
		t.Errorf("dues.confirm %s..%s: %d rows, want 1", since, to, n)
	}
	if v, _ := ranged.Doc.Find(`#f-action option[selected]`).Attr("value"); v != "dues.confirm" {
		t.Errorf("the select does not keep the chosen action: %q", v)
	}

	// Export of the failed logins: the formula-looking username stays text.
	exp := s.Get("/admin/audit/export?action=login&user=" + url.QueryEscape(evil))
	if exp.Status != http.StatusOK || !strings.Contains(exp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d %s", exp.Status, exp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(exp.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "时间" {
		t.Fatalf("export rows: %v", rows)
	}
	r := rows[1]
	if r[1] != "'"+evil || r[3] != "登录系统" || r[4] != "login" || r[6] != "失败" {
		t.Errorf("export row: %q", r)
	}
	if formula, _ := f.GetCellFormula("审计日志", "B2"); formula != "" {
		t.Errorf("B2 is a formula: %q", formula)
	}
	var n int
	if err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'audit.export' AND actor_name = ?`, staffName).Scan(ctx, &n); err != nil || n != 1 {
		t.Errorf("the export is audited %d times (%v), want 1", n, err)
	}

	// English: the same words in English.
	s.Post("/lang", url.Values{"lang": {"en"}})
	en := s.Get("/admin/audit?action=login")
	if !strings.Contains(en.Body, "Signed in") || !strings.Contains(en.Body, "Failed") {
		t.Errorf("English 审计日志 lacks Signed in / Failed")
	}
}
