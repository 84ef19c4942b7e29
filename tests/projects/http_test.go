package projects

import (
	"archive/zip"
	"bytes"
	"cpca/internal/calendar"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/projects"
	"cpca/tests/testenv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func companyOf(t *testing.T, co testenv.Company) int64 {
	t.Helper()
	return int64(count(t, `SELECT company_id FROM users WHERE username = ?`, co.Username()))
}

func docx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := z.Create(n)
		w.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

// A member finds a project by two characters (htmx fragment too), sees 申报中 with the days
// left, asks 提醒我 and finds the deadline on 待办事项, linking to the project; council-only and
// draft projects are not found.
func TestMemberSearchRemindAndHome(t *testing.T) {
	name := testenv.Name("华东电路标准")
	// The deadline is the end of the fifth day from today in Shanghai, whatever the hour the
	// test runs at (now + 5 days + 1 hour crossed into a sixth day after 23:00 Shanghai).
	y, mo, d := calendar.Today(time.Now()).AddDate(0, 0, 6).Date()
	p := newProject(t, name, time.Until(time.Date(y, mo, d, 0, 0, 0, 0, calendar.Zone)), true, false)
	hidden := newProject(t, testenv.Name("理事专属项目"), 48*time.Hour, true, true)
	draft := newProject(t, testenv.Name("东电草稿"), 48*time.Hour, false, false)
	m, _ := env.Member(t)
	r := m.Get("/projects?q=" + url.QueryEscape("东电"))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, name) || strings.Contains(r.Body, hidden.Name) || strings.Contains(r.Body, draft.Name) {
		t.Fatalf("search by 东电: %d found=%v hidden shown=%v draft shown=%v", r.Status, strings.Contains(r.Body, name),
			strings.Contains(r.Body, hidden.Name), strings.Contains(r.Body, draft.Name))
	}
	if r := m.GetHTMX("/projects?q=" + url.QueryEscape("东电") + "&status=open"); !strings.HasPrefix(strings.TrimSpace(r.Body), `<div id="projects">`) || !strings.Contains(r.Body, name) {
		t.Errorf("htmx list is not the fragment with the project: %.80s", r.Body)
	}
	if r := m.Get("/projects?q=" + url.QueryEscape("东电") + "&status=results"); strings.Contains(r.Body, name) {
		t.Error("an open project listed under 已公示")
	}
	path := "/projects/" + itoa(p.ID)
	r = m.Get(path)
	if !strings.Contains(r.Body, "申报中") || !strings.Contains(r.Body, "还剩 5 天") || !strings.Contains(r.Body, "以邮戳为准") {
		t.Errorf("detail lacks status / days left / postmark")
	}
	if r := m.Post(path+"/remind", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("提醒我: %d", r.Status)
	}
	home := m.Get("/home")
	if !strings.Contains(home.Body, name) || !strings.Contains(home.Body, `href="`+path+`"`) {
		t.Errorf("待办事项 lacks the project deadline")
	}
	if r := m.Post(path+"/unremind", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("取消提醒: %d", r.Status)
	}
	if home := m.Get("/home"); strings.Contains(home.Body, name) {
		t.Error("待办事项 still shows the deadline after 取消提醒")
	}
	if r := m.Get("/projects/" + itoa(hidden.ID)); r.Status != http.StatusNotFound {
		t.Errorf("council-only for a member: %d", r.Status)
	}
	if r := m.Post("/projects/"+itoa(draft.ID)+"/remind", nil); r.Status != http.StatusNotFound {
		t.Errorf("提醒我 on a draft: %d", r.Status)
	}
}

// Staff create (bad input comes back next to the fields with what was typed), publish, attach
// two versions of a template (members read the latest only once published), record an
// application the company sees under 我的申报, cannot unpublish then, and copy.
func TestStaffFlow(t *testing.T) {
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "events"), testenv.Password)
	s.Get("/admin/projects/new")
	name := testenv.Name("年度优秀企业评选")
	form := url.Values{"name": {name}, "kind": {"award"}, "year": {"2026"}, "starts_on": {"2026-01-01"}, "deadline_on": {"2025-12-01"},
		"submit_email": {"bad"}, "paper_copies": {"2"}, "materials": {"申报表\n营业执照"}}
	r := s.Post("/admin/projects/new", form)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("deadline_on") == "" || r.FieldError("submit_email") == "" || r.FieldError("mail_address") == "" {
		t.Fatalf("bad form: %d deadline=%q email=%q address=%q", r.Status, r.FieldError("deadline_on"), r.FieldError("submit_email"), r.FieldError("mail_address"))
	}
	if !strings.Contains(r.Body, name) {
		t.Error("typed name not kept")
	}
	today := time.Now().Format("2006-01-02")
	form.Set("deadline_on", time.Now().AddDate(0, 0, 20).Format("2006-01-02"))
	form.Set("starts_on", today)
	form.Set("submit_email", "pj@cpca.test")
	form.Set("mail_address", "上海市某路1号")
	form.Set("postmark", "1")
	r = s.Post("/admin/projects/new", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.FieldError("name"))
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(r.Location(), "/admin/projects/"), 10, 64)
	if id == 0 {
		t.Fatalf("location %q", r.Location())
	}
	base := "/admin/projects/" + itoa(id)
	s.Get(base)
	// Attachments: a non-document is refused; two versions of the same title.
	if r := s.PostMultipart(base+"/attachments", map[string]string{"title": "申报表"}, map[string][]byte{"file": []byte("hello")}, map[string]string{"file": "a.txt"}); r.Status != http.StatusUnprocessableEntity || r.FieldError("file") == "" {
		t.Errorf("text file: %d %q", r.Status, r.FieldError("file"))
	}
	for i := 0; i < 2; i++ {
		if r := s.PostMultipart(base+"/attachments", map[string]string{"title": "申报表"}, map[string][]byte{"file": docx(t)}, map[string]string{"file": "form.docx"}); r.Status != http.StatusSeeOther {
			t.Fatalf("upload %d: %d %s", i, r.Status, r.FieldError("file"))
		}
	}
	as, err := projects.Attachments(ctx(), env.DB, id, false)
	if err != nil || len(as) != 1 || as[0].Version != 2 {
		t.Fatalf("latest attachments: %+v %v", as, err)
	}
	m, co := env.Member(t)
	if r := m.Get("/files/" + as[0].FileID); r.Status == http.StatusOK {
		t.Error("a member downloads a draft project's attachment")
	}
	if r := s.Post(base+"/publish", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	if r := m.Get("/files/" + as[0].FileID); r.Status != http.StatusOK {
		t.Errorf("member download after publish: %d", r.Status)
	}
	// Record an incomplete paper application; the member sees it; correcting keeps one row.
	s.Get(base)
	cid := itoa(companyOf(t, co))
	rec := url.Values{"company_id": {cid}, "received_on": {today}, "channel": {"paper"}, "decision": {"pending"}}
	if r := s.Post(base+"/applications", rec); r.Status != http.StatusUnprocessableEntity || r.FieldError("missing") == "" {
		t.Errorf("incomplete without missing items: %d", r.Status)
	}
	rec.Set("missing", "缺少盖章页")
	if r := s.Post(base+"/applications", rec); r.Status != http.StatusSeeOther {
		t.Fatalf("record: %d", r.Status)
	}
	rec.Set("decision", "accepted")
	s.Post(base+"/applications", rec)
	if n := count(t, `SELECT count(*) FROM project_applications WHERE project_id = ?`, id); n != 1 {
		t.Errorf("records: %d, want 1 (a correction)", n)
	}
	if r := m.Get("/projects/" + itoa(id)); !strings.Contains(r.Body, "缺少盖章页") || !strings.Contains(r.Body, "已受理") {
		t.Error("member does not see what staff recorded")
	}
	if r := m.Get("/projects"); !strings.Contains(r.Body, "缺少盖章页") {
		t.Error("我的申报 lacks the record")
	}
	// An unknown company is refused.
	rec.Set("company_id", "999999999")
	if r := s.Post(base+"/applications", rec); r.Status != http.StatusNotFound {
		t.Errorf("unknown company: %d, want 404", r.Status)
	}
	// Unpublish is refused once applications are recorded.
	if r := s.Post(base+"/unpublish", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.Status)
	}
	if pr, _ := projects.Get(ctx(), env.DB, id); !pr.Published {
		t.Error("unpublished despite recorded applications")
	}
	// Copy: unpublished, next year, no results.
	r = s.Post(base+"/copy", nil)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location(), "/edit") {
		t.Fatalf("copy: %d %q", r.Status, r.Location())
	}
	cp, err := projects.Get(ctx(), env.DB, mustID(t, strings.TrimSuffix(strings.TrimPrefix(r.Location(), "/admin/projects/"), "/edit")))
	if err != nil || cp.Published || cp.Year != 2027 {
		t.Errorf("copy: %+v %v", cp, err)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'project' AND object_id = ?`, itoa(id)); n < 5 {
		t.Errorf("audit entries: %d", n)
	}
	// A member cannot reach the staff pages.
	if r := m.Get(base); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("member on the staff page: %d", r.Status)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
