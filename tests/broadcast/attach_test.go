package broadcast

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/company"
	"cpca/internal/events"
	"cpca/internal/files"
	"cpca/tests/testenv"
)

// Staff attach a PDF while composing (上传附件), preview and send a Markdown message to one
// chosen company. That company's user sees the rendered Markdown (typed HTML as text) and
// downloads the attachment; another member company gets the same 404 as for a missing file;
// staff read it; an executable is refused by content; after 撤回 the recipient loses it too.
func TestAttachmentRecipientsOnly(t *testing.T) {
	ctx := context.Background()
	rcpt := newMember(t, company.LevelCouncil)
	other := newMember(t, company.LevelCouncil)
	s := newStaff(t)
	var uscc string
	if err := env.DB.NewRaw(`SELECT uscc FROM companies WHERE id = ?`, rcpt.CompanyID).Scan(ctx, &uscc); err != nil {
		t.Fatal(err)
	}
	title := testenv.Name("附件通知")
	fields := map[string]string{"title": title, "body": "**请注意**\n\n- 议程见附件\n\n<script>alert(1)</script> [官网](https://www.cpca.org.cn/)",
		"markdown": "1", "companies": uscc, "action": "attach"}

	s.Get("/admin/messages/new") // the form's token
	// An executable is refused by its content, whatever its name says.
	r := s.PostMultipart("/admin/messages", fields, map[string][]byte{"file": []byte("MZ\x90\x00 program")}, map[string]string{"file": "议程.pdf"})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file")+r.Doc.Find("#attachments .error").Text(), "按文件内容识别") {
		t.Fatalf("executable: %d %q", r.Status, r.Doc.Find("#attachments .error").Text())
	}
	pdf := []byte("%PDF-1.4\n议程\n%%EOF")
	r = s.PostMultipart("/admin/messages", fields, map[string][]byte{"file": pdf}, map[string]string{"file": "议程.pdf"})
	if r.Status != http.StatusOK {
		t.Fatalf("attach: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	fileID, ok := r.Doc.Find(`#attachments input[name=attachments]`).Attr("value")
	if !ok || r.Doc.Find(`#attachments a[href="/files/`+fileID+`"]`).Length() != 1 {
		t.Fatal("the uploaded attachment is not kept in the form")
	}
	fields["attachments"], fields["action"] = fileID, "preview"
	r = s.PostMultipart("/admin/messages", fields, nil, nil)
	if r.Status != http.StatusOK || r.Doc.Find("#preview strong").Text() != "请注意" || r.Doc.Find("#preview script").Length() != 0 ||
		!strings.Contains(r.Text("#preview"), "<script>alert(1)</script>") || r.Doc.Find(`#preview a[href="/files/`+fileID+`"]`).Length() != 1 {
		t.Fatalf("preview: %d %q", r.Status, r.Text("#preview"))
	}
	if rel, _ := r.Doc.Find(`#preview a[href="https://www.cpca.org.cn/"]`).Attr("rel"); rel != "noopener nofollow" {
		t.Errorf("link rel %q", rel)
	}
	// Before sending, the file is staff's only.
	if g := rcpt.Get("/files/" + fileID); g.Status != http.StatusNotFound {
		t.Errorf("unsent attachment read by a member: %d", g.Status)
	}
	fields["action"] = "send"
	r = s.PostMultipart("/admin/messages", fields, nil, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	var bid int64
	if err := env.DB.NewRaw(`SELECT id FROM broadcasts WHERE title = ?`, title).Scan(ctx, &bid); err != nil {
		t.Fatal(err)
	}
	if d := s.Get(r.Location()); d.Doc.Find(`a[href="/files/`+fileID+`"]`).Length() != 1 || d.Doc.Find(".prose strong").Length() != 1 {
		t.Error("staff detail lacks the attachment or the rendered body")
	}
	page := rcpt.Get("/messages/" + id(bid))
	if page.Status != 200 || page.Doc.Find(".prose strong").Text() != "请注意" || page.Doc.Find(".prose script").Length() != 0 {
		t.Fatalf("member message page: %d %q", page.Status, page.Text(".prose"))
	}
	if page.Doc.Find(`a[href="/files/`+fileID+`"]`).Length() != 1 {
		t.Fatal("the member page does not offer the attachment")
	}
	cases := []struct {
		name string
		get  func(string) *testenv.Resp
		want int
	}{
		{"recipient", rcpt.Get, http.StatusOK},
		{"other company", other.Get, http.StatusNotFound},
		{"staff", s.Get, http.StatusOK},
		{"anonymous", env.NewClient(t).Get, http.StatusSeeOther},
	}
	for _, c := range cases {
		g := c.get("/files/" + fileID)
		if g.Status != c.want {
			t.Errorf("%s: %d, want %d", c.name, g.Status, c.want)
		}
		if c.want == http.StatusOK && g.Body != string(pdf) {
			t.Errorf("%s: the download is not the file", c.name)
		}
	}
	if g := other.Get("/messages/" + id(bid)); g.Status != http.StatusNotFound {
		t.Errorf("other company opens the message: %d", g.Status)
	}
	if err := broadcast.Retract(ctx, env.DB, bid, audit.CLI, time.Now()); err != nil {
		t.Fatal(err)
	}
	if g := rcpt.Get("/files/" + fileID); g.Status != http.StatusNotFound {
		t.Errorf("retracted message's attachment still downloadable: %d", g.Status)
	}
	// A forged attachment id (another kind of file) is refused when sending.
	voucher, err := files.Save(ctx, env.DB, rcpt.CompanyID, files.KindVoucher, "凭证.pdf", pdf, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "x", Body: "y", Audience: broadcast.Audience{All: true}, Files: []string{voucher.ID}}, audit.CLI, time.Now())
	if err != broadcast.ErrAttachment {
		t.Errorf("a voucher as attachment: %v", err)
	}
}

// 活动报名单位: the confirmed registrants of an event, counted live and sent to; a pending
// registration and a company that did not register get nothing.
func TestEventRegistrantsAudience(t *testing.T) {
	ctx := context.Background()
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 50, NeedsApproval: true})
	confirmed := newMember(t, company.LevelMember)
	pending := newMember(t, company.LevelMember)
	outsider := newMember(t, company.LevelMember)
	by := audit.Actor{Name: "test"}
	now := time.Now()
	r1, err := events.Register(ctx, env.DB, ev.ID, events.Member{CompanyID: confirmed.CompanyID}, testenv.People(1), "", by, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := events.Approve(ctx, env.DB, ev.ID, r1.ID, by, now); err != nil {
		t.Fatal(err)
	}
	if _, err := events.Register(ctx, env.DB, ev.ID, events.Member{CompanyID: pending.CompanyID}, testenv.People(1), "", by, now); err != nil {
		t.Fatal(err)
	}
	s := newStaff(t)
	if p := s.Get("/admin/messages/new"); p.Doc.Find(`select[name=event_id] option[value="`+id(ev.ID)+`"]`).Length() != 1 {
		t.Fatal("the compose page does not offer the event")
	}
	if got := s.GetHTMX("/admin/messages/count?event_id=" + id(ev.ID)).Text("#recipient-count"); !strings.Contains(got, "将发送给 1 家会员单位") {
		t.Fatalf("live count: %q", got)
	}
	if got := s.GetHTMX("/admin/messages/count?event_id=999999999").Text("#recipient-count"); !strings.Contains(got, "请选择发送对象") {
		t.Errorf("unknown event counted: %q", got)
	}
	b := send(t, testenv.Name("参会须知"), broadcast.Audience{EventID: ev.ID}, false)
	if b.Recipients != 1 {
		t.Fatalf("recipients %d, want 1", b.Recipients)
	}
	for _, c := range []struct {
		name string
		m    *member
		want int
	}{{"confirmed", confirmed, 200}, {"pending", pending, 404}, {"outsider", outsider, 404}} {
		if g := c.m.Get("/messages/" + id(b.ID)); g.Status != c.want {
			t.Errorf("%s opens it: %d, want %d", c.name, g.Status, c.want)
		}
	}
	if d := s.Get("/admin/messages/" + id(b.ID)); !strings.Contains(d.Text(".kv"), ev.Name) {
		t.Error("the detail does not name the event audience")
	}
}

// An email copy of a message with attachments says how many there are and does not carry them:
// only recipients may read them, after logging in.
func TestEmailCopyNamesAttachments(t *testing.T) {
	ctx := context.Background()
	m := newMember(t, company.LevelMember)
	a, err := broadcast.SaveAttachment(ctx, env.DB, "回执.pdf", []byte("%PDF-1.4 x"), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: testenv.Name("带附件"), Body: "正文", EmailCopy: true,
		Audience: broadcast.Audience{CompanyIDs: []int64{m.CompanyID}}, Files: []string{a.ID}}, audit.CLI, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE dedupe_key LIKE ? AND body LIKE '%附有 1 个附件%'`, "broadcast:"+id(b.ID)+":%"); n == 0 {
		t.Error("the email copy does not mention the attachment")
	}
	if n := count(t, `SELECT count(*) FROM email_attachments WHERE email_id IN (SELECT id FROM emails WHERE dedupe_key LIKE ?)`, "broadcast:"+id(b.ID)+":%"); n != 0 {
		t.Errorf("the attachment was mailed %d times", n)
	}
}
