package papers

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/papers"
	"cpca/tests/testenv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fields is the paper form as posted; override replaces fields.
func fields(override map[string]string) map[string]string {
	f := map[string]string{"title": "高频板可靠性研究", "abstract": "研究高频印制电路板的可靠性。", "keywords": "高频, 可靠性", "topic": "高密度互连",
		"author_name_0": "李华", "author_aff_0": "测试电路有限公司", "author_presenting_0": "1", "author_name_1": "王芳", "author_aff_1": "测试电路有限公司",
		"declared": "1", "action": "submit"}
	for k, v := range override {
		if v == "" {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

var pdf = map[string][]byte{"file": testenv.SamplePDF}
var pdfName = map[string]string{"file": "论文.pdf"}

// An author submits through the form, revises before the deadline (a second version kept),
// staff see both versions; bad input is refused next to the field with the input kept.
func TestSubmitReviseAndBadInput(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, 5*24*time.Hour)
	m := newMember(t)
	path := "/events/" + itoa(ev.ID) + "/papers/new"
	if r := m.Get(path); r.Status != http.StatusOK || !strings.Contains(r.Body, "原创性声明") {
		t.Fatalf("paper form: %d", r.Status)
	}

	// Declaration unticked: message next to the checkbox, the title typed is kept.
	r := m.PostMultipart(path, fields(map[string]string{"declared": ""}), pdf, pdfName)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("declared") != "请确认原创性声明" {
		t.Fatalf("declaration unticked: %d %q", r.Status, r.FieldError("declared"))
	}
	if v, _ := r.Doc.Find(`input[name="title"]`).Attr("value"); v != "高频板可靠性研究" {
		t.Errorf("the form lost the title: %q", v)
	}
	if v, _ := r.Doc.Find(`input[name="author_name_1"]`).Attr("value"); v != "王芳" {
		t.Errorf("the form lost the second author: %q", v)
	}
	// Abstract over the limit (100 words; Chinese characters count one each).
	r = m.PostMultipart(path, fields(map[string]string{"abstract": strings.Repeat("电路", 51)}), pdf, pdfName)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("abstract"), "102 / 100") {
		t.Fatalf("abstract over the limit: %d %q", r.Status, r.FieldError("abstract"))
	}
	// A file that is not a PDF or DOCX by content, named .pdf.
	r = m.PostMultipart(path, fields(nil), map[string][]byte{"file": []byte("GIF89a fake")}, pdfName)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("file") != papers.ErrPaperType {
		t.Fatalf("a GIF named .pdf: %d %q", r.Status, r.FieldError("file"))
	}
	// A ZIP that is not a Word document.
	r = m.PostMultipart(path, fields(nil), map[string][]byte{"file": []byte("PK\x03\x04not a docx")}, map[string]string{"file": "a.docx"})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("file") == "" {
		t.Fatalf("a fake DOCX: %d %q", r.Status, r.FieldError("file"))
	}
	if n := count(t, `SELECT count(*) FROM papers WHERE company_id = ?`, m.CompanyID); n != 0 {
		t.Fatalf("refused forms stored %d papers", n)
	}

	// Submitted: version 1.
	r = m.PostMultipart(path, fields(nil), pdf, pdfName)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/papers/") {
		t.Fatalf("submit: %d %s %s", r.Status, r.Location(), r.Doc.Find(".error").Text())
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(r.Location(), "/papers/"), 10, 64)
	if s := status(t, id); s != papers.Submitted {
		t.Fatalf("status %s after submit", s)
	}
	// Revised before the deadline, the file kept: version 2.
	r = m.PostMultipart("/papers/"+itoa(id)+"/edit", fields(map[string]string{"title": "高频板可靠性研究（修订）"}), nil, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("revise: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	vs, err := papers.Versions(ctx(), env.DB, id)
	if err != nil || len(vs) != 2 || vs[0].Title != "高频板可靠性研究（修订）" || vs[1].Title != "高频板可靠性研究" || vs[0].FileID != vs[1].FileID {
		t.Fatalf("versions after a revision: %+v %v", vs, err)
	}
	page := m.Get("/papers/" + itoa(id))
	if !strings.Contains(page.Body, "第 2 版") || strings.Contains(page.Text("#decision"), "录用") {
		t.Errorf("the author's page: no version 2, or a decision shown before any release")
	}
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	if r := staff.Get("/admin/papers/" + itoa(id)); !strings.Contains(r.Body, "第 1 版") || !strings.Contains(r.Body, "第 2 版") {
		t.Errorf("staff do not see both versions")
	}

	// Another company's paper id in the URL: not found, for every author route.
	other := newMember(t)
	for _, p := range []string{"/papers/" + itoa(id), "/papers/" + itoa(id) + "/edit"} {
		if r := other.Get(p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s as another company: %d, want 404", p, r.Status)
		}
	}
	if r := other.PostMultipart("/papers/"+itoa(id)+"/edit", fields(nil), nil, nil); r.Status != http.StatusNotFound {
		t.Errorf("POST edit as another company: %d, want 404", r.Status)
	}
	if r := other.Post("/papers/"+itoa(id)+"/withdraw", nil); r.Status != http.StatusNotFound {
		t.Errorf("withdraw as another company: %d, want 404", r.Status)
	}
	var fileID string
	_ = env.DB.NewRaw(`SELECT file_id FROM papers WHERE id = ?`, id).Scan(ctx(), &fileID)
	if r := other.Get("/files/" + fileID); r.Status != http.StatusNotFound {
		t.Errorf("another company downloads the paper: %d", r.Status)
	}
	if r := m.Get("/files/" + fileID); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Errorf("the author's own download: %d", r.Status)
	}
	if s := status(t, id); s != papers.Submitted {
		t.Errorf("another company's requests changed the paper: %s", s)
	}

	// 撤回 by the author.
	if r := m.Post("/papers/"+itoa(id)+"/withdraw", nil); r.Status != http.StatusSeeOther || status(t, id) != papers.Withdrawn {
		t.Fatalf("withdraw: %d, %s", r.Status, status(t, id))
	}
}

// After the close date: refused without the code and with a wrong one (next to the code
// field), accepted with the right one and the version marked late.
func TestDeadlineAndLateCode(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, -time.Hour)
	m := newMember(t)
	path := "/events/" + itoa(ev.ID) + "/papers/new"
	if r := m.Get(path); r.Status != http.StatusOK || r.Doc.Find(`input[name="code"]`).Length() != 1 {
		t.Fatalf("the late form asks for no code: %d", r.Status)
	}
	r := m.PostMultipart(path, fields(nil), pdf, pdfName)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("code"), "逾期投稿码") {
		t.Fatalf("after the deadline without a code: %d %q", r.Status, r.FieldError("code"))
	}
	r = m.PostMultipart(path, fields(map[string]string{"code": "WRONG"}), pdf, pdfName)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("code") != "逾期投稿码不正确" {
		t.Fatalf("a wrong code: %d %q", r.Status, r.FieldError("code"))
	}
	if n := count(t, `SELECT count(*) FROM papers WHERE company_id = ?`, m.CompanyID); n != 0 {
		t.Fatalf("refused late submissions stored %d papers", n)
	}
	r = m.PostMultipart(path, fields(map[string]string{"code": "LATE-2026"}), pdf, pdfName)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("with the right code: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if n := count(t, `SELECT count(*) FROM paper_versions v JOIN papers p ON p.id = v.paper_id WHERE p.company_id = ? AND v.late`, m.CompanyID); n != 1 {
		t.Errorf("late versions: %d, want 1", n)
	}
	// The action directly: the same refusal.
	_, err := papers.Save(ctx(), env.DB, ev.ID, 0, papers.Member{CompanyID: m.CompanyID, UserID: m.UserID}, testenv.PaperForm(), true, by, time.Now())
	var fe papers.FieldErrors
	if !asFieldErrors(err, &fe) || fe["code"] == "" {
		t.Errorf("Save after the deadline without a code: %v", err)
	}
	// A call that has not opened yet.
	ev2 := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	c := env.OpenCall(t, ev2.ID, 10*24*time.Hour)
	c.OpensAt = time.Now().Add(24 * time.Hour)
	if err := papers.SaveCall(ctx(), env.DB, c, by); err != nil {
		t.Fatal(err)
	}
	_, err = papers.Save(ctx(), env.DB, ev2.ID, 0, papers.Member{CompanyID: m.CompanyID, UserID: m.UserID}, testenv.PaperForm(), true, by, time.Now())
	mustIs(t, "before the call opens", err, papers.ErrNotOpen)
}

func count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(q, args...).Scan(ctx(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
