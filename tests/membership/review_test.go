package membership

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/membership"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
)

// 入会审核 list: filters by status, 2-character name fragment, credit code prefix and date
// range; htmx gets only the table.
func TestReviewListFilters(t *testing.T) {
	s := staff(t)
	a := testenv.NewCompany()
	a.Step1.Set("name", "鹏鼎"+testenv.Name("")+"电路有限公司")
	a.Step1.Set("uscc", newUSCC("9111010877"))
	aID := env.Register(t, env.NewClient(t), a)
	b := testenv.NewCompany()
	b.Step1.Set("name", "景旺"+testenv.Name("")+"电子有限公司")
	bID := env.Register(t, env.NewClient(t), b)
	env.Approve(t, s, bID)
	A, B := idStr(aID), idStr(bID)

	rows := func(q string) map[string]string {
		t.Helper()
		r := s.Get("/admin/applications?" + q)
		if r.Status != 200 {
			t.Fatalf("list %s: %d", q, r.Status)
		}
		return listRows(r)
	}
	get := func(q string) map[string]bool {
		t.Helper()
		out := map[string]bool{}
		for id := range rows(q) {
			out[id] = true
		}
		return out
	}
	if ids := get(""); !ids[A] || !ids[B] {
		t.Fatalf("unfiltered list lacks %s or %s: %v", A, B, ids)
	}
	if ids := get("status=pending"); !ids[A] || ids[B] {
		t.Errorf("status=pending: %v (want %s, not %s)", ids, A, B)
	}
	if ids := get("status=approved"); ids[A] || !ids[B] {
		t.Errorf("status=approved: %v", ids)
	}
	if rs := rows("q=" + url.QueryEscape("鹏鼎")); rs[A] == "" || rs[B] != "" || !allRows(rs, "鹏鼎") {
		t.Errorf("q=鹏鼎: %v", rs)
	}
	if ids := get("q=" + url.QueryEscape("景旺") + "&status=pending"); len(ids) != 0 {
		t.Errorf("q=景旺&status=pending: %v", ids)
	}
	if rs := rows("q=" + url.QueryEscape("景旺") + "&status=approved"); rs[B] == "" || !allRows(rs, "景旺") || !allRows(rs, "审核通过") {
		t.Errorf("q=景旺&status=approved: %v", rs)
	}
	if rs := rows("status=pending"); !allRows(rs, "待审核") {
		t.Errorf("status=pending shows other states: %v", rs)
	}
	prefix := a.Step1.Get("uscc")[:12]
	if ids := get("q=" + prefix); !ids[A] || ids[B] || len(ids) != 1 {
		t.Errorf("q=%s: %v", prefix, ids)
	}
	if ids := get("q=" + strings.ToLower(prefix)); !ids[A] || len(ids) != 1 {
		t.Errorf("q=%s (lower case): %v", strings.ToLower(prefix), ids)
	}
	// A code fragment that is not a prefix does not match.
	if ids := get("q=" + a.Step1.Get("uscc")[4:14]); ids[A] {
		t.Errorf("q=infix matched: %v", ids)
	}
	// Wildcards are literal.
	if ids := get("q=" + url.QueryEscape("%")); len(ids) != 0 {
		t.Errorf("q=%%: %v", ids)
	}

	// Dates: move A into March 2025.
	if _, err := env.DB.NewRaw("UPDATE applications SET submitted_at = '2025-03-15 10:00:00+08' WHERE id = ?", aID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rs := rows("from=2025-03-01&to=2025-03-31"); rs[A] == "" || rs[B] != "" || !allRows(rs, "2025-03-") {
		t.Errorf("March 2025: %v", rs)
	}
	if rs := rows("from=2025-03-15&to=2025-03-15"); rs[A] == "" || !allRows(rs, "2025-03-15") {
		t.Errorf("the day itself (inclusive range): %v", rs)
	}
	if ids := get("from=2025-03-16&q=" + url.QueryEscape("鹏鼎")); ids[A] {
		t.Errorf("from after: %v", ids)
	}
	if ids := get("to=2025-03-14&q=" + url.QueryEscape("鹏鼎")); ids[A] {
		t.Errorf("to before: %v", ids)
	}
	today := calendar.Format(time.Now())
	if ids := get("from=" + today); ids[A] || !ids[B] {
		t.Errorf("from today: %v", ids)
	}
	// The filter form keeps the values.
	r := s.Get("/admin/applications?status=pending&q=" + url.QueryEscape("鹏鼎") + "&from=2025-03-01&to=2025-03-31")
	if val(r, "q") != "鹏鼎" || val(r, "from") != "2025-03-01" || val(r, "to") != "2025-03-31" || val(r, "status") != "pending" {
		t.Errorf("filter form: q=%q from=%q to=%q status=%q", val(r, "q"), val(r, "from"), val(r, "to"), val(r, "status"))
	}

	// htmx: only the table fragment.
	r = s.GetHTMX("/admin/applications?q=" + url.QueryEscape("鹏鼎"))
	if r.Status != 200 || strings.Contains(strings.ToLower(r.Body), "<html") || r.Doc.Find("#applications").Length() != 1 {
		t.Fatalf("htmx list: %d %.300s", r.Status, r.Body)
	}
	if r.Doc.Find("form.filters").Length() != 0 {
		t.Errorf("htmx list includes the filter form")
	}
	if rs := listRows(r); rs[A] == "" || !allRows(rs, "鹏鼎") || !strings.Contains(rs[A], a.Step1.Get("name")) {
		t.Errorf("htmx list rows: %v", rs)
	}
	if r = s.GetHTMX("/admin/applications?q=" + url.QueryEscape("不存在的企业")); !strings.Contains(r.Body, "没有符合条件的入会申请") {
		t.Errorf("empty htmx list: %s", r.Body)
	}
}

// The detail page shows what was submitted; the paper documents record is saved and a bad
// date refused.
func TestReviewDetailAndPaper(t *testing.T) {
	s := staff(t)
	co := testenv.NewCompany()
	id := env.Register(t, env.NewClient(t), co)
	p := appPath(id)

	r := s.Get(p)
	if r.Status != 200 {
		t.Fatalf("detail: %d", r.Status)
	}
	for _, want := range []string{co.Step1.Get("name"), co.Step1.Get("uscc"), "张三", "南山区科技园1号", "518000", "HDI板", "12000.5",
		"ISO 9001", "2010-05-20", "李四", "13800138000", "lisi@example.com", co.Username(), co.Step4.Get("email"), "待审核", "主要联系人"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if r.Doc.Find("#approve").Length() != 1 || r.Doc.Find("#reject").Length() != 1 {
		t.Errorf("no approve/reject buttons on a pending application")
	}

	// Bad dates refused, nothing saved.
	future := time.Now().In(calendar.Zone).AddDate(0, 0, 2).Format("2006-01-02")
	for _, tc := range []struct{ on, want string }{{"2026/11/01", "日期格式应为 年-月-日"}, {"2026-13-45", "日期格式应为 年-月-日"}, {future, "收到日期不能晚于今天"}} {
		r = s.Post(p+"/paper", url.Values{"received": {"on"}, "received_on": {tc.on}, "courier_no": {"SF0000000001"}, "note": {"x"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("paper with %q: %d", tc.on, r.Status)
		}
		if got := r.FieldError("received_on"); got != tc.want {
			t.Errorf("error next to received_on for %q = %q, want %q", tc.on, got, tc.want)
		}
		if val(r, "received_on") != tc.on || val(r, "courier_no") != "SF0000000001" {
			t.Errorf("typed paper record not kept: %q %q", val(r, "received_on"), val(r, "courier_no"))
		}
		var received bool
		var courier string
		scan(t, "SELECT paper_received, courier_no FROM applications WHERE id = ?", []any{id}, &received, &courier)
		if received || courier != "" {
			t.Fatalf("bad date half-saved: %v %q", received, courier)
		}
	}

	// A courier number too long is refused.
	r = s.Post(p+"/paper", url.Values{"received": {"on"}, "courier_no": {strings.Repeat("9", 41)}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("courier_no") == "" {
		t.Errorf("long courier number: %d %q", r.Status, r.FieldError("courier_no"))
	}

	// A good record.
	on := time.Now().In(calendar.Zone).AddDate(0, 0, -1).Format("2006-01-02")
	r = s.Post(p+"/paper", url.Values{"received": {"on"}, "received_on": {on}, "courier_no": {" SF1234567890 "}, "note": {"盖章齐全，营业执照副本清晰"}})
	if r.Status != http.StatusSeeOther || r.Location() != p {
		t.Fatalf("paper: %d %q", r.Status, r.Location())
	}
	var received bool
	var recvOn time.Time
	var courier, note string
	scan(t, "SELECT paper_received, paper_received_on, courier_no, paper_note FROM applications WHERE id = ?", []any{id},
		&received, &recvOn, &courier, &note)
	if !received || recvOn.Format("2006-01-02") != on || courier != "SF1234567890" || note != "盖章齐全，营业执照副本清晰" {
		t.Fatalf("paper record stored: %v %s %q %q", received, recvOn, courier, note)
	}
	r = s.Get(p)
	if !strings.Contains(r.Body, "纸质材料记录已保存") {
		t.Errorf("no flash after saving")
	}
	if r.Doc.Find(`input[name="received"][checked]`).Length() != 1 || val(r, "received_on") != on || val(r, "courier_no") != "SF1234567890" ||
		val(r, "note") != "盖章齐全，营业执照副本清晰" {
		t.Errorf("detail page shows paper record: %q %q %q", val(r, "received_on"), val(r, "courier_no"), val(r, "note"))
	}
	// The list shows 已收到; the applicant sees it too.
	lr := s.Get("/admin/applications?q=" + co.Step1.Get("uscc"))
	if !strings.Contains(lr.Doc.Find("#applications tbody tr").Text(), "已收到") {
		t.Errorf("list does not show the paper received")
	}
	ac := env.NewClient(t)
	ac.Login(co.Username(), testenv.Password)
	if r = ac.Get("/application"); !strings.Contains(r.Body, "协会已收到") || !strings.Contains(r.Body, on) {
		t.Errorf("applicant does not see the paper received")
	}

	// Unticking records 未收到 and clears nothing else by accident.
	r = s.Post(p+"/paper", url.Values{"courier_no": {"SF1234567890"}, "note": {"退回重寄"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("untick: %d", r.Status)
	}
	scan(t, "SELECT paper_received FROM applications WHERE id = ?", []any{id}, &received)
	if received {
		t.Errorf("paper still received after unticking")
	}
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.paper' AND object_id = ?", idStr(id)); n != 2 {
		t.Errorf("%d application.paper audit rows, want 2", n)
	}
	// Unknown application: 404.
	if r = s.Get("/admin/applications/999999999"); r.Status != http.StatusNotFound {
		t.Errorf("unknown application: %d", r.Status)
	}
}

// Reject needs a reason, emails it; the applicant sees it, corrects (with validation) and
// resubmits as revision 2; staff see what changed.
func TestRejectAndResubmit(t *testing.T) {
	s := staff(t)
	co := testenv.NewCompany()
	id := env.Register(t, env.NewClient(t), co)
	p := appPath(id)
	s.Get(p)

	r := s.Post(p+"/reject", url.Values{"reason": {"   "}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("reject without reason: %d", r.Status)
	}
	if got := r.FieldError("reason"); got != "请填写退回原因，申请人将据此修改" {
		t.Fatalf("error next to reason = %q", got)
	}
	var status string
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &status)
	if status != "submitted" {
		t.Fatalf("status after refused reject: %s", status)
	}
	if n := count(t, "SELECT count(*) FROM emails WHERE to_addr = ? AND subject LIKE '%未通过%'", co.Step4.Get("email")); n != 0 {
		t.Fatal("reject email without a reason")
	}

	reason := "营业执照复印件不清晰，且详细地址与执照不一致，请核对后重新提交。"
	r = s.Post(p+"/reject", url.Values{"reason": {reason}})
	if r.Status != http.StatusSeeOther || r.Location() != p {
		t.Fatalf("reject: %d %q", r.Status, r.Location())
	}
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &status)
	if status != "rejected" {
		t.Fatalf("status after reject: %s", status)
	}
	var subject, body string
	scan(t, "SELECT subject, body FROM emails WHERE to_addr = ? AND kind = 'application_rejected'", []any{co.Step4.Get("email")}, &subject, &body)
	if !strings.Contains(subject, "入会申请未通过审核") || !strings.Contains(body, reason) || !strings.Contains(body, co.Username()) {
		t.Fatalf("reject email: %q %s", subject, body)
	}
	if r = s.Get(p); !strings.Contains(r.Body, reason) || !strings.Contains(r.Body, "已退回") || r.Doc.Find("#approve").Length() != 0 {
		t.Errorf("detail after reject lacks reason/status, or still offers approve")
	}
	// A rejected application can not be approved directly.
	s.Post(p+"/approve", nil)
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &status)
	if status != "rejected" {
		t.Fatalf("rejected application approved: %s", status)
	}

	// The applicant sees the reason.
	ac := env.NewClient(t)
	if r = ac.Login(co.Username(), testenv.Password); r.Location() != "/application" {
		t.Fatalf("rejected applicant landed on %q", r.Location())
	}
	r = ac.Get("/application")
	if !strings.Contains(r.Body, reason) || !strings.Contains(r.Body, "/application/edit") {
		t.Fatalf("/application lacks the reason or the edit link")
	}
	r = ac.Get("/application/edit")
	if r.Status != 200 || val(r, "name") != co.Step1.Get("name") || val(r, "address") != "南山区科技园1号" || val(r, "people.0.name") != "李四" {
		t.Fatalf("edit form: %d %q %q", r.Status, val(r, "name"), val(r, "address"))
	}
	if !strings.Contains(r.Body, reason) {
		t.Errorf("edit page lacks the reason")
	}
	// Dates come back as typed (no time zone shift in the date column).
	if val(r, "founded_on") != "2010-05-20" || val(r, "reg_capital") != "1000" || val(r, "last_year_sales") != "12000.5" {
		t.Errorf("edit form: founded_on %q reg_capital %q sales %q", val(r, "founded_on"), val(r, "reg_capital"), val(r, "last_year_sales"))
	}

	form := url.Values{}
	for _, v := range []url.Values{co.Step1, co.Step2, co.Step3} {
		for k, x := range v {
			form[k] = x
		}
	}
	form.Set("action", "submit")
	newAddr := "南山区科技园2号A座"

	// Validation errors on the edit form.
	r = ac.Post("/application/edit", with(form, "address", newAddr, "postcode", "12", "people.0.mobile", "123"))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad resubmit: %d", r.Status)
	}
	if r.FieldError("postcode") != "邮编应为6位数字" || r.FieldError("people.0.mobile") != "请填写11位手机号码" {
		t.Fatalf("edit errors: postcode %q mobile %q", r.FieldError("postcode"), r.FieldError("people.0.mobile"))
	}
	if val(r, "address") != newAddr || val(r, "postcode") != "12" {
		t.Errorf("edit form lost typed values: %q %q", val(r, "address"), val(r, "postcode"))
	}
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &status)
	if status != "rejected" {
		t.Fatalf("bad resubmit changed the status: %s", status)
	}
	// Another company's code is refused.
	other := testenv.NewCompany()
	env.Register(t, env.NewClient(t), other)
	r = ac.Post("/application/edit", with(form, "uscc", other.Step1.Get("uscc")))
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("uscc") != membership.ErrUSCCTaken.Error() {
		t.Fatalf("resubmit with a taken code: %d %q", r.Status, r.FieldError("uscc"))
	}

	// Add a row on the edit form with htmx: fragment only.
	r = ac.PostHTMX("/application/edit", with(form, "action", "add"))
	if r.Status != 200 || strings.Contains(r.Body, "<html") || len(peopleNames(r)) != 2 {
		t.Errorf("htmx add on edit: %d rows %v", r.Status, peopleNames(r))
	}

	// The corrected resubmission.
	r = ac.Post("/application/edit", with(form, "address", newAddr))
	if r.Status != http.StatusSeeOther || r.Location() != "/application" {
		t.Fatalf("resubmit: %d %q %s", r.Status, r.Location(), errorsText(r))
	}
	var rev int
	var addr string
	scan(t, "SELECT a.status, a.revision, c.address FROM applications a JOIN companies c ON c.id = a.company_id WHERE a.id = ?",
		[]any{id}, &status, &rev, &addr)
	if status != "resubmitted" || rev != 2 || addr != newAddr {
		t.Fatalf("after resubmit: %s rev %d addr %q", status, rev, addr)
	}
	if n := count(t, "SELECT count(*) FROM application_revisions WHERE application_id = ?", id); n != 2 {
		t.Errorf("%d revisions", n)
	}
	if r = ac.Get("/application"); !strings.Contains(r.Body, "正在审核中") || !strings.Contains(r.Body, "已重新提交") {
		t.Errorf("/application after resubmit")
	}
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.resubmit' AND object_id = ?", idStr(id)); n != 1 {
		t.Errorf("%d resubmit audit rows", n)
	}
	// A second resubmission is refused (not rejected any more).
	ac.Post("/application/edit", with(form, "address", "别的地址"))
	scan(t, "SELECT revision FROM applications WHERE id = ?", []any{id}, &rev)
	if rev != 2 {
		t.Fatalf("resubmitted twice: revision %d", rev)
	}

	// Staff: what changed.
	r = s.Get(p)
	diff := r.Doc.Find(".diff")
	if diff.Length() != 1 {
		t.Fatalf("no 'what changed' table")
	}
	var rows [][3]string
	diff.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		td := tr.Find("td")
		rows = append(rows, [3]string{strings.TrimSpace(td.Eq(0).Text()), strings.TrimSpace(td.Eq(1).Text()), strings.TrimSpace(td.Eq(2).Text())})
	})
	if len(rows) != 1 || rows[0] != [3]string{"详细地址", "南山区科技园1号", newAddr} {
		t.Fatalf("changes: %v", rows)
	}
	if !strings.Contains(r.Body, "第2次提交") || !strings.Contains(r.Body, "重新提交待审核") {
		t.Errorf("detail lacks revision/status")
	}
	// The resubmission is back in the pending queue.
	if ids := listIDs(s.Get("/admin/applications?status=pending&q=" + co.Step1.Get("uscc"))); !ids[idStr(id)] {
		t.Errorf("resubmitted application not pending: %v", ids)
	}
	// It can be approved now.
	env.Approve(t, s, id)
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &status)
	if status != "approved" {
		t.Fatalf("approve after resubmit: %s", status)
	}
}

// Approve: member number, join date, member role, welcome notice, 入会申请审核成功 email; a
// second approve is refused.
func TestApprove(t *testing.T) {
	s := staff(t)
	co := testenv.NewCompany()
	id := env.Register(t, env.NewClient(t), co)
	p := appPath(id)
	r := env.Approve(t, s, id)
	if r.Location() != p {
		t.Fatalf("approve redirected to %q", r.Location())
	}
	now := time.Now().In(calendar.Zone)
	var memberNo, cstatus, role, astatus string
	var joined time.Time
	scan(t, `SELECT c.member_no, c.status, c.joined_on, u.role, a.status FROM applications a
		JOIN companies c ON c.id = a.company_id JOIN users u ON u.id = a.user_id WHERE a.id = ?`, []any{id},
		&memberNo, &cstatus, &joined, &role, &astatus)
	if !regexp.MustCompile(`^CPCA` + strconv.Itoa(now.Year()) + `\d{5}$`).MatchString(memberNo) {
		t.Errorf("member_no %q", memberNo)
	}
	if cstatus != "member" || role != "member" || astatus != "approved" || joined.Format("2006-01-02") != now.Format("2006-01-02") {
		t.Errorf("after approve: company %s role %s app %s joined %s", cstatus, role, astatus, joined)
	}
	r = s.Get(p)
	if !strings.Contains(r.Body, "已审核通过") || !strings.Contains(r.Body, memberNo) || r.Doc.Find("#approve").Length() != 0 {
		t.Errorf("detail after approve")
	}

	var subject, body string
	scan(t, "SELECT subject, body FROM emails WHERE to_addr = ? AND kind = 'application_approved'", []any{co.Step4.Get("email")}, &subject, &body)
	if !strings.Contains(subject, "入会申请审核成功") || !strings.Contains(body, co.Username()) || !strings.Contains(body, memberNo) {
		t.Fatalf("approval email: %q %s", subject, body)
	}

	m := env.NewClient(t)
	if r = m.Login(co.Username(), testenv.Password); r.Location() != "/home" {
		t.Fatalf("member landed on %q", r.Location())
	}
	r = m.Get("/home")
	if r.Status != 200 || !testenv.Contains(r.Body, "欢迎加入中国电子电路行业协会", memberNo, co.Step1.Get("name"), now.Format("2006-01-02")) {
		t.Fatalf("home: %d", r.Status)
	}
	if r = m.Get("/application/edit"); r.Status == 200 {
		t.Errorf("member can still edit the application")
	}

	// Approving again: refused with a flash, nothing sent twice.
	r = s.Post(p+"/approve", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("second approve: %d", r.Status)
	}
	if r = s.Get(p); !strings.Contains(r.Text(".flash.err"), "操作未执行") {
		t.Errorf("no flash on second approve: %q", r.Text(".flash.err"))
	}
	if n := count(t, "SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'application_approved'", co.Step4.Get("email")); n != 1 {
		t.Errorf("%d approval emails", n)
	}
	var again string
	scan(t, "SELECT c.member_no FROM applications a JOIN companies c ON c.id = a.company_id WHERE a.id = ?", []any{id}, &again)
	if again != memberNo {
		t.Errorf("member_no changed: %s -> %s", memberNo, again)
	}
	if n := count(t, "SELECT count(*) FROM notices n JOIN applications a ON a.company_id = n.company_id WHERE a.id = ?", id); n != 1 {
		t.Errorf("%d welcome notices", n)
	}
	// Rejecting an approved application is refused too.
	s.Post(p+"/reject", url.Values{"reason": {"误操作"}})
	scan(t, "SELECT status FROM applications WHERE id = ?", []any{id}, &astatus)
	if astatus != "approved" {
		t.Errorf("approved application rejected: %s", astatus)
	}
	if n := count(t, "SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'application_rejected'", co.Step4.Get("email")); n != 0 {
		t.Errorf("reject email for an approved application")
	}
}

// Two staff approving the same application at once: exactly one wins.
func TestConcurrentApprove(t *testing.T) {
	for round := 0; round < 3; round++ {
		co := testenv.NewCompany()
		id := env.Register(t, env.NewClient(t), co)
		p := appPath(id)
		s1, s2 := staff(t), staff(t)
		s1.Get(p)
		s2.Get(p)

		var wg sync.WaitGroup
		start := make(chan struct{})
		status := make([]int, 2)
		for i, c := range []*testenv.Client{s1, s2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				status[i] = c.Post(p+"/approve", nil).Status
			}()
		}
		close(start)
		wg.Wait()
		if status[0] != http.StatusSeeOther || status[1] != http.StatusSeeOther {
			t.Fatalf("statuses %v", status)
		}
		ok, refused := 0, 0
		for _, c := range []*testenv.Client{s1, s2} {
			r := c.Get(p)
			if strings.Contains(r.Body, "已审核通过，通知邮件已加入发送队列") {
				ok++
			}
			if strings.Contains(r.Text(".flash.err"), "操作未执行") {
				refused++
			}
		}
		if ok != 1 || refused != 1 {
			t.Fatalf("round %d: %d succeeded, %d refused; want 1 and 1", round, ok, refused)
		}
		if n := count(t, "SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'application_approved'", co.Step4.Get("email")); n != 1 {
			t.Fatalf("%d approval emails", n)
		}
		if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.approve' AND object_id = ?", idStr(id)); n != 1 {
			t.Fatalf("%d approve audit rows", n)
		}
		if n := count(t, "SELECT count(*) FROM notices n JOIN applications a ON a.company_id = n.company_id WHERE a.id = ?", id); n != 1 {
			t.Fatalf("%d welcome notices", n)
		}
		var memberNo string
		scan(t, "SELECT c.member_no FROM applications a JOIN companies c ON c.id = a.company_id WHERE a.id = ?", []any{id}, &memberNo)
		var audited string
		scan(t, "SELECT detail FROM audit_log WHERE action = 'application.approve' AND object_id = ?", []any{idStr(id)}, &audited)
		if memberNo == "" || audited != memberNo {
			t.Fatalf("member_no %q, audited %q", memberNo, audited)
		}
		var body string
		scan(t, "SELECT body FROM emails WHERE to_addr = ? AND kind = 'application_approved'", []any{co.Step4.Get("email")}, &body)
		if !strings.Contains(body, memberNo) {
			t.Fatalf("email carries another member number than the company's %s", memberNo)
		}
	}
}

// The audit log records submit, login (and its failure), reject and approve.
func TestAuditLog(t *testing.T) {
	a, b := testenv.NewCompany(), testenv.NewCompany()
	aID := env.Register(t, env.NewClient(t), a)
	bID := env.Register(t, env.NewClient(t), b)
	for _, x := range []struct {
		id   int64
		user string
	}{{aID, a.Username()}, {bID, b.Username()}} {
		if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.submit' AND object_type = 'application' AND object_id = ? AND actor_name = ? AND actor_id IS NOT NULL",
			idStr(x.id), x.user); n != 1 {
			t.Errorf("application.submit rows for %d: %d", x.id, n)
		}
	}

	ac := env.NewClient(t)
	ac.IP = "10.9.8.7"
	ac.Login(a.Username(), testenv.Password)
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'login' AND result = 'ok' AND actor_name = ? AND ip = '10.9.8.7'", a.Username()); n != 1 {
		t.Errorf("login rows: %d", n)
	}
	bad := env.NewClient(t)
	bad.IP = "10.9.8.6"
	bad.Get("/login")
	bad.Post("/login", url.Values{"username": {b.Username()}, "password": {"wrong-password-1"}})
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'login' AND result = 'failed' AND actor_name = ? AND ip = '10.9.8.6'", b.Username()); n != 1 {
		t.Errorf("failed login rows: %d", n)
	}

	s := env.NewClient(t)
	staffName := env.CreateAdmin(t)
	s.Login(staffName, testenv.Password)
	s.Get(appPath(aID))
	if r := s.Post(appPath(aID)+"/reject", url.Values{"reason": {"材料不全"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d", r.Status)
	}
	env.Approve(t, s, bID)
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.reject' AND object_id = ? AND actor_name = ? AND detail = '材料不全'", idStr(aID), staffName); n != 1 {
		t.Errorf("application.reject rows: %d", n)
	}
	if n := count(t, "SELECT count(*) FROM audit_log WHERE action = 'application.approve' AND object_id = ? AND actor_name = ? AND detail LIKE 'CPCA%'", idStr(bID), staffName); n != 1 {
		t.Errorf("application.approve rows: %d", n)
	}
	// Staff can read them in 审计日志.
	r := s.Get("/admin/audit")
	if r.Status != 200 || !strings.Contains(r.Body, "application.approve") && !strings.Contains(r.Body, staffName) {
		t.Errorf("/admin/audit: %d", r.Status)
	}
}
