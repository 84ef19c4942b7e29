package directory

import (
	"net/http"
	"strings"
	"testing"

	"cpca/internal/directory"
)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// The brochure: an executable is refused by content; a PDF is downloadable by members while
// the brochure field is for all members, and only by council members (and the owner) once the
// company tightens it; removed, nobody finds it.
func TestBrochureVisibility(t *testing.T) {
	tg := newTarget(t)
	m, _ := env.Member(t)
	cn := council(t)
	frag := tg.Name[len("测试电路"):][:6]
	tg.Client.Get("/directory/settings")
	exe := append([]byte("MZ\x90\x00"), make([]byte, 64)...)
	r := tg.Client.PostMultipart("/directory/brochure", nil, map[string][]byte{"file": exe}, map[string]string{"file": "brochure.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("executable: %d", r.Status)
	}
	if s, _ := directory.Own(ctx(), env.DB, tg.ID); s.BrochureID != "" {
		t.Fatal("an executable was stored as a brochure")
	}
	if page := tg.Client.Get("/directory/settings"); !strings.Contains(page.Body, "按文件内容识别") {
		t.Error("the refusal is not shown")
	}
	r = tg.Client.PostMultipart("/directory/brochure", nil, map[string][]byte{"file": pdf}, map[string]string{"file": "简介.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("pdf: %d", r.Status)
	}
	s, _ := directory.Own(ctx(), env.DB, tg.ID)
	if s.BrochureID == "" {
		t.Fatal("brochure not stored")
	}
	link := "/files/" + s.BrochureID
	if !strings.Contains(list(search(m, frag, false)), link) {
		t.Error("a member does not see the brochure link")
	}
	if r := m.Get(link); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF") {
		t.Errorf("member download: %d", r.Status)
	}
	if err := directory.Save(ctx(), env.DB, tg.ID, false, map[string]string{directory.FieldBrochure: directory.Council}, by); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(list(search(m, frag, false)), link) {
		t.Error("the link is shown to a plain member after tightening")
	}
	if r := m.Get(link); r.Status == http.StatusOK {
		t.Error("a plain member downloads a council-only brochure")
	}
	if r := cn.Get(link); r.Status != http.StatusOK {
		t.Errorf("council download: %d", r.Status)
	}
	if r := tg.Client.Get(link); r.Status != http.StatusOK {
		t.Errorf("owner download: %d", r.Status)
	}
	anon := env.NewClient(t)
	if r := anon.Get(link); r.Status == http.StatusOK {
		t.Error("anonymous download")
	}
	tg.Client.Get("/directory/settings")
	if r := tg.Client.Post("/directory/brochure/remove", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.Status)
	}
	if r := cn.Get(link); r.Status == http.StatusOK {
		t.Error("a removed brochure is still served")
	}
}
