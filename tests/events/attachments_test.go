package events

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cpca/internal/events"
	"cpca/tests/testenv"
)

var fileLink = regexp.MustCompile(`/files/[a-z0-9]+`)

// Staff attach a file to an event: refused when it is not what it claims; readable by nobody
// but staff while the event is a draft, by members once published, and for a council-only
// event by council members only.
func TestEventAttachments(t *testing.T) {
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	draft := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("理事会议"), Capacity: 5, Draft: true, CouncilOnly: true})
	path := "/admin/events/" + itoa(draft.ID)
	staff.Get(path)
	r := staff.PostMultipart(path+"/attachments", map[string]string{"title": "参会指南"}, map[string][]byte{"file": []byte("MZ\x90\x00 program")}, map[string]string{"file": "指南.pdf"})
	if r.Status != http.StatusSeeOther || !strings.Contains(staff.Get(r.Location()).Text(".flash.err"), "按文件内容识别") {
		t.Fatalf("an exe named .pdf: %d", r.Status)
	}
	staff.Get(path)
	if r := staff.PostMultipart(path+"/attachments", map[string]string{"title": "参会指南"}, map[string][]byte{"file": pdfFile}, map[string]string{"file": "指南.pdf"}); r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Status, r.Text(".flash.err"))
	} else if f := staff.Get(r.Location()); !strings.Contains(f.Text(".flash"), "附件已上传") {
		t.Fatalf("upload: %q %q", f.Text(".flash"), f.Text(".flash.err"))
	}
	link := fileLink.FindString(staff.Get(path).Doc.Find("#attachments").Text() + mustHTML(t, staff.Get(path)))
	if link == "" {
		t.Fatal("the staff page does not list the attachment")
	}
	m, _ := env.Member(t)
	council, cco := env.Member(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = ?`, companyOf(t, cco)).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	read := func(c *testenv.Client) int { return c.Get(link).Status }
	if a, b := read(m), read(council); a != http.StatusNotFound || b != http.StatusNotFound {
		t.Errorf("a draft's attachment: member %d, council %d, want 404 for both", a, b)
	}
	if err := events.Publish(context.Background(), env.DB, draft.ID, by, draft.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if a, b := read(m), read(council); a != http.StatusNotFound || b != http.StatusOK {
		t.Errorf("a council-only event's attachment: member %d (want 404), council %d (want 200)", a, b)
	}
	if r := council.Get("/events/" + itoa(draft.ID)); !strings.Contains(r.Text("#attachments"), "参会指南") {
		t.Error("查看详情 does not list the attachment")
	}
	e, err := events.Get(context.Background(), env.DB, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.CouncilOnly = false
	if _, err := events.Save(context.Background(), env.DB, e, by, e.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if a := read(m); a != http.StatusOK {
		t.Errorf("open to all members now, the member reads it: %d", a)
	}
}

func mustHTML(t *testing.T, r *testenv.Resp) string {
	t.Helper()
	h, err := r.Doc.Find("#attachments").Html()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
