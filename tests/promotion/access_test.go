package promotion

import (
	"net/http"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/promotion"
	"cpca/tests/testenv"
)

// Company B never reads or changes company A's application or its materials (ids in URLs and
// forms); staff outside 会员部 do not read the materials either.
func TestObjectAccess(t *testing.T) {
	a := newMember(t)
	b := newMember(t)
	app := a.mustApply(t)
	s := newStaff(t)
	if r := staffPost(s, app.ID, "return", map[string]string{"reason": "请补充"}); r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d", r.Status)
	}
	var fileID string
	if err := env.DB.NewRaw(`SELECT file_id FROM promotion_materials WHERE application_id = ? LIMIT 1`, app.ID).Scan(t.Context(), &fileID); err != nil {
		t.Fatal(err)
	}
	if r := a.Get("/files/" + fileID); r.Status != http.StatusOK {
		t.Errorf("the owner cannot download its material: %d", r.Status)
	}
	if r := s.Get("/files/" + fileID); r.Status != http.StatusOK {
		t.Errorf("会员部 cannot download the material: %d", r.Status)
	}
	if r := b.Get("/promotion/" + id(app.ID)); r.Status != http.StatusNotFound {
		t.Errorf("B reads A's application: %d", r.Status)
	}
	b.Get("/promotion")
	r := b.PostMultipart("/promotion/"+id(app.ID)+"/resubmit", map[string]string{"representative": id(b.PersonID)},
		map[string][]byte{"file_form": pdfFile}, map[string]string{"file_form": "x.pdf"})
	if r.Status != http.StatusNotFound {
		t.Errorf("B resubmits A's application: %d", r.Status)
	}
	if got, _ := promotion.Get(t.Context(), env.DB, app.ID, 0); got.Status != promotion.Returned || got.Round != 1 {
		t.Errorf("A's application changed: %s round %d", got.Status, got.Round)
	}
	if r := b.Get("/files/" + fileID); r.Status != http.StatusNotFound {
		t.Errorf("B downloads A's material: %d", r.Status)
	}
	fin := env.NewClient(t)
	fin.IP = nextIP()
	fin.Login(env.CreateStaff(t, account.StaffFinance), testenv.Password)
	if r := fin.Get("/files/" + fileID); r.Status != http.StatusNotFound {
		t.Errorf("财务 downloads a promotion material: %d", r.Status)
	}
	if r := fin.Get("/admin/promotions/" + id(app.ID)); r.Status != http.StatusForbidden {
		t.Errorf("财务 opens 晋升审核: %d", r.Status)
	}
	// A's own representative must be A's person, also when resubmitting.
	a.Get("/promotion/" + id(app.ID))
	r = a.PostMultipart("/promotion/"+id(app.ID)+"/resubmit", map[string]string{"representative": id(b.PersonID)}, nil, nil)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("representative") == "" {
		t.Errorf("resubmit with B's person: %d", r.Status)
	}
}

// Published templates: members download the newest version; a new upload is the next version.
func TestTemplatesVersioned(t *testing.T) {
	s := newStaff(t)
	for i, data := range [][]byte{pdfFile, docxFile} {
		s.Get("/admin/promotions/templates")
		r := s.PostMultipart("/admin/promotions/templates", map[string]string{"level": "council", "title": "申请表"},
			map[string][]byte{"file": data}, map[string]string{"file": "申请表"})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("publish %d: %d %s", i, r.Status, r.Doc.Find(".error").Text())
		}
	}
	s.Get("/admin/promotions/templates")
	if r := s.PostMultipart("/admin/promotions/templates", map[string]string{"level": "council", "title": "申请表"},
		map[string][]byte{"file": []byte("text")}, map[string]string{"file": "a.txt"}); r.Status != http.StatusUnprocessableEntity || r.FieldError("file") == "" {
		t.Errorf("text template: %d", r.Status)
	}
	m := newMember(t)
	r := m.Get("/promotion")
	link := r.Doc.Find(`a[href^="/files/"]`)
	if link.Length() != 1 || !strings.Contains(r.Text("table:last-of-type"), "v2") {
		t.Fatalf("templates on /promotion: %d links, %q", link.Length(), r.Text("table:last-of-type"))
	}
	href, _ := link.Attr("href")
	if d := m.Get(href); d.Status != http.StatusOK || d.Header.Get("Content-Type") == "" || d.Body[:2] != "PK" {
		t.Errorf("the member's download is not the newest version (DOCX): %d", d.Status)
	}
	if d := env.NewClient(t).Get(href); d.Status == http.StatusOK {
		t.Errorf("anonymous download of a members-only template")
	}
}
