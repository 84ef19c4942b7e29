package feedback

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/feedback"
	"cpca/tests/testenv"
)

// file is one attachment of a multipart post.
type file struct {
	Name string
	Data []byte
}

// postFiles posts fields and several files under the field "files" (the form's multiple input).
func postFiles(c *testenv.Client, path string, fields map[string]string, fs []file) *testenv.Resp {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.CSRF)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for _, f := range fs {
		fw, _ := w.CreateFormFile("files", f.Name)
		_, _ = fw.Write(f.Data)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// A member submits feedback with an attachment and HTML in the text; 信息 staff are emailed,
// open it (未读 → 已读), add a note the member never sees, ask for more (待补充: the company
// gets a site notice and an email, the item is unread for it); the member adds to it (处理中,
// unread for staff, staff emailed), staff resolve it, the member rates and closes it.
func TestThread(t *testing.T) {
	ctx := context.Background()
	info := newStaff(t, "info")
	m := newMember(t)

	m.Get("/feedback/new")
	body := "<script>alert('x')</script>\n第二行"
	r := postFiles(m.Client, "/feedback", map[string]string{"category": feedback.SystemIssue, "subject": "登录后页面<b>空白</b>", "body": body},
		[]file{{"截图.pdf", pdf}})
	mustStatus(t, r, http.StatusSeeOther, "submit")
	var itemID int64
	if err := env.DB.NewRaw(`SELECT id FROM feedback WHERE company_id = ?`, m.CompanyID).Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	if r.Location() != "/feedback/"+id(itemID) {
		t.Fatalf("submit goes to %q", r.Location())
	}
	it := get(t, itemID)
	if it.Status != feedback.Unread || !it.StaffUnread || it.MemberUnread {
		t.Fatalf("new item: status %s staff_unread %v member_unread %v", it.Status, it.StaffUnread, it.MemberUnread)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'feedback_staff'`, info.User.Email); n != 1 {
		t.Errorf("信息 staff got %d emails about the new item, want 1", n)
	}

	// The member's page shows the text escaped, with its line break, and the attachment.
	p := m.Get("/feedback/" + id(itemID))
	mustStatus(t, p, http.StatusOK, "member thread")
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<b>空白</b>") {
		t.Error("the member's HTML reached the page unescaped")
	}
	if !strings.Contains(p.Body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n第二行") || p.Doc.Find(".thread .prose").Length() != 1 {
		t.Errorf("the text is not shown escaped with its line break: %s", p.Doc.Find(".thread").Text())
	}
	fileHref, _ := p.Doc.Find(".thread .files a").Attr("href")
	if fileHref == "" {
		t.Fatal("no attachment link on the thread")
	}
	if d := m.Get(fileHref); d.Status != http.StatusOK || !strings.HasPrefix(d.Body, "%PDF-") {
		t.Errorf("the member cannot download its attachment: %d", d.Status)
	}
	if d := info.Get(fileHref); d.Status != http.StatusOK {
		t.Errorf("信息 staff cannot download the attachment: %d", d.Status)
	}
	fin := newStaff(t, "finance")
	if d := fin.Get(fileHref); d.Status != http.StatusNotFound {
		t.Errorf("finance staff download a feedback attachment: %d, want 404", d.Status)
	}

	// Staff open it: the page posts the read mark.
	sp := info.Get("/admin/feedback/" + id(itemID))
	mustStatus(t, sp, http.StatusOK, "staff thread")
	if sp.Doc.Find(`form[hx-trigger="load"][action$="/read"]`).Length() != 1 {
		t.Error("the staff page does not post its read mark on load")
	}
	mustStatus(t, info.PostHTMX("/admin/feedback/"+id(itemID)+"/read", url.Values{}), http.StatusNoContent, "read")
	if it := get(t, itemID); it.Status != feedback.Read || it.StaffUnread {
		t.Fatalf("after staff opened it: %s, staff_unread %v", it.Status, it.StaffUnread)
	}

	// An internal note: never on the member's page, nobody told.
	notices := count(t, `SELECT count(*) FROM notices WHERE company_id = ?`, m.CompanyID)
	info.Get("/admin/feedback/" + id(itemID))
	r = info.Post("/admin/feedback/"+id(itemID)+"/reply", url.Values{"body": {"内部：疑似浏览器缓存问题"}, "internal": {"1"}})
	mustStatus(t, r, http.StatusSeeOther, "note")
	if p := m.Get("/feedback/" + id(itemID)); strings.Contains(p.Body, "疑似浏览器缓存问题") {
		t.Error("the member sees the internal note")
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ?`, m.CompanyID); n != notices {
		t.Error("an internal note notified the company")
	}
	if sp := info.Get("/admin/feedback/" + id(itemID)); !strings.Contains(sp.Body, "疑似浏览器缓存问题") {
		t.Error("staff do not see their note")
	}

	// A public reply asking for more: 待补充, unread for the member, site notice and email.
	r = info.Post("/admin/feedback/"+id(itemID)+"/reply", url.Values{"body": {"请提供浏览器版本和截图。"}, "state": {feedback.Waiting}})
	mustStatus(t, r, http.StatusSeeOther, "reply")
	it = get(t, itemID)
	if it.Status != feedback.Waiting || !it.MemberUnread || it.StaffUnread || !it.FirstReplyAt.Valid {
		t.Fatalf("after the reply: %s member_unread %v staff_unread %v first reply %v", it.Status, it.MemberUnread, it.StaffUnread, it.FirstReplyAt)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title LIKE '%有新的回复'`, m.CompanyID); n != 1 {
		t.Errorf("the company got %d site notices about the reply, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE kind = 'feedback' AND dedupe_key LIKE ?`, "feedback:"+id(itemID)+":message:%"); n != 1 {
		t.Errorf("%d emails to the company about the reply, want 1", n)
	}
	list := m.Get("/feedback")
	if !strings.Contains(list.Doc.Find("#feedback-list").Text(), "新回复") {
		t.Error("the member's list does not flag the new reply")
	}
	p = m.Get("/feedback/" + id(itemID))
	if !strings.Contains(p.Doc.Find(".thread").Text(), "请提供浏览器版本和截图。") || !strings.Contains(p.Doc.Find(".thread").Text(), "协会回复") {
		t.Error("the member does not see the staff reply")
	}
	mustStatus(t, m.PostHTMX("/feedback/"+id(itemID)+"/seen", url.Values{}), http.StatusNoContent, "seen")
	if get(t, itemID).MemberUnread {
		t.Error("the member opened the reply but it is still unread")
	}

	// The member adds to it: 处理中, unread for staff, staff emailed again.
	m.Get("/feedback/" + id(itemID))
	r = postFiles(m.Client, "/feedback/"+id(itemID)+"/messages", map[string]string{"body": "Chrome 120，截图见附件"}, []file{{"b.pdf", pdf}})
	mustStatus(t, r, http.StatusSeeOther, "add")
	if it := get(t, itemID); it.Status != feedback.Processing || !it.StaffUnread || it.MemberUnread {
		t.Fatalf("after the member's addition: %s staff_unread %v member_unread %v", it.Status, it.StaffUnread, it.MemberUnread)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'feedback_staff'`, info.User.Email); n != 2 {
		t.Errorf("信息 staff got %d emails, want 2 (new item, addition)", n)
	}
	if q := info.Get("/admin/feedback"); !strings.Contains(q.Doc.Find("#admin-feedback").Text(), "有新消息") {
		t.Error("the staff queue does not flag the member's addition")
	}

	// Rating before an answer settled it is refused; after 已解决 it is kept.
	m.Get("/feedback/" + id(itemID))
	r = m.Post("/feedback/"+id(itemID)+"/rate", url.Values{"rating": {"5"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(m.Get(r.Location()).Text(".flash.err"), "不能评价") {
		t.Errorf("rating an item in progress: %d", r.Status)
	}
	info.Get("/admin/feedback/" + id(itemID))
	mustStatus(t, info.Post("/admin/feedback/"+id(itemID)+"/reply", url.Values{"body": {"已修复。"}, "state": {feedback.Resolved}}), http.StatusSeeOther, "resolve")
	if it := get(t, itemID); it.Status != feedback.Resolved || !it.ResolvedAt.Valid {
		t.Fatalf("after resolving: %s", it.Status)
	}
	m.Get("/feedback/" + id(itemID))
	r = m.Post("/feedback/"+id(itemID)+"/rate", url.Values{"rating": {"9"}})
	mustStatus(t, r, http.StatusUnprocessableEntity, "rating 9")
	mustStatus(t, m.Post("/feedback/"+id(itemID)+"/rate", url.Values{"rating": {"4"}, "note": {"很快"}}), http.StatusSeeOther, "rate")
	mustStatus(t, m.Post("/feedback/"+id(itemID)+"/close", url.Values{}), http.StatusSeeOther, "close")
	it = get(t, itemID)
	if it.Status != feedback.Closed || !it.Rating.Valid || it.Rating.Int16 != 4 || it.RatingNote != "很快" {
		t.Fatalf("closed and rated: %s %v %q", it.Status, it.Rating, it.RatingNote)
	}
	// A closed thread takes no more messages; staff reopen it.
	p = m.Get("/feedback/" + id(itemID))
	if p.Doc.Find(`form[action$="/messages"]`).Length() != 0 {
		t.Error("a closed thread still offers the addition form")
	}
	r = m.Post("/feedback/"+id(itemID)+"/messages", url.Values{"body": {"再问一下"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(m.Get(r.Location()).Text(".flash.err"), "已关闭") {
		t.Errorf("adding to a closed thread: %d", r.Status)
	}
	info.Get("/admin/feedback/" + id(itemID))
	mustStatus(t, info.Post("/admin/feedback/"+id(itemID)+"/reopen", url.Values{}), http.StatusSeeOther, "reopen")
	if it := get(t, itemID); it.Status != feedback.Processing || it.ClosedAt.Valid {
		t.Errorf("after reopening: %s closed_at %v", it.Status, it.ClosedAt)
	}
	for _, a := range []string{"feedback.submit", "feedback.read", "feedback.note", "feedback.reply", "feedback.add", "feedback.rate", "feedback.close", "feedback.reopen"} {
		if n := count(t, `SELECT count(*) FROM audit_log WHERE action = ? AND object_id = ?`, a, id(itemID)); n == 0 {
			t.Errorf("no audit entry %s", a)
		}
	}
}

// The new-item form refuses bad input next to the field and keeps what was typed; nothing is
// stored. An executable is not an attachment; four files are too many.
func TestBadInput(t *testing.T) {
	m := newMember(t)
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
	for _, c := range []struct {
		name   string
		fields map[string]string
		files  []file
		field  string
	}{
		{"no category", map[string]string{"subject": "主题", "body": "内容"}, nil, "category"},
		{"unknown category", map[string]string{"category": "spam", "subject": "主题", "body": "内容"}, nil, "category"},
		{"no subject", map[string]string{"category": feedback.Question, "body": "内容"}, nil, "subject"},
		{"blank text", map[string]string{"category": feedback.Question, "subject": "主题", "body": "   "}, nil, "body"},
		{"long text", map[string]string{"category": feedback.Question, "subject": "主题", "body": strings.Repeat("长", 5001)}, nil, "body"},
		{"another year", map[string]string{"category": feedback.Billing, "subject": "主题", "body": "内容", "dues_year": "2001"}, nil, "dues_year"},
		{"executable", map[string]string{"category": feedback.Question, "subject": "保留的主题", "body": "内容"}, []file{{"setup.pdf", exe}}, "files"},
		{"four files", map[string]string{"category": feedback.Question, "subject": "主题", "body": "内容"}, []file{{"a.pdf", pdf}, {"b.pdf", pdf}, {"c.pdf", pdf}, {"d.pdf", pdf}}, "files"},
	} {
		m.Get("/feedback/new")
		r := postFiles(m.Client, "/feedback", c.fields, c.files)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.name, r.Status)
			continue
		}
		if r.FieldError(c.field) == "" && r.Doc.Find(".field.invalid").Length() == 0 {
			t.Errorf("%s: no error next to %s", c.name, c.field)
		}
		if v, _ := r.Doc.Find(`input[name="subject"]`).Attr("value"); v != c.fields["subject"] {
			t.Errorf("%s: the subject typed (%q) is not kept: %q", c.name, c.fields["subject"], v)
		}
	}
	if n := count(t, `SELECT count(*) FROM feedback WHERE company_id = ?`, m.CompanyID); n != 0 {
		t.Errorf("refused forms stored %d items", n)
	}
	if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND kind = 'feedback'`, m.CompanyID); n != 0 {
		t.Errorf("refused forms stored %d files", n)
	}
}

// Company B reaches nothing of company A's thread by id: every request answers 404, as for a
// missing item, and A's thread is unchanged. Staff of other departments are refused by the
// policy.
func TestOtherCompanysThread(t *testing.T) {
	a, b := newMember(t), newMember(t)
	it := a.submit(t, "A 的反馈")
	ctx := context.Background()
	if _, err := feedback.Respond(ctx, env.DB, it.ID, feedback.Reply{Body: "答复", State: feedback.Resolved},
		newStaffActor(t), it.CreatedAt); err != nil {
		t.Fatal(err)
	}
	before := threadState(t, it.ID)
	b.Get("/feedback")
	for _, rq := range []struct {
		name string
		do   func() *testenv.Resp
	}{
		{"GET thread", func() *testenv.Resp { return b.Get("/feedback/" + id(it.ID)) }},
		{"POST messages", func() *testenv.Resp {
			return b.Post("/feedback/"+id(it.ID)+"/messages", url.Values{"body": {"插一句"}})
		}},
		{"POST messages with a file", func() *testenv.Resp {
			return postFiles(b.Client, "/feedback/"+id(it.ID)+"/messages", map[string]string{"body": "插一句"}, []file{{"x.pdf", pdf}})
		}},
		{"POST close", func() *testenv.Resp { return b.Post("/feedback/"+id(it.ID)+"/close", url.Values{}) }},
		{"POST rate", func() *testenv.Resp { return b.Post("/feedback/"+id(it.ID)+"/rate", url.Values{"rating": {"1"}}) }},
		{"POST seen", func() *testenv.Resp { return b.Post("/feedback/"+id(it.ID)+"/seen", url.Values{}) }},
	} {
		if r := rq.do(); r.Status != http.StatusNotFound {
			t.Errorf("%s of company A's item as company B: %d, want 404", rq.name, r.Status)
		}
	}
	if after := threadState(t, it.ID); after != before {
		t.Errorf("company B changed A's thread:\n%s\n%s", before, after)
	}
	if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND kind = 'feedback'`, b.CompanyID); n != 0 {
		t.Errorf("B's refused posts stored %d files", n)
	}
	if r := b.Get("/feedback"); strings.Contains(r.Body, "A 的反馈") {
		t.Error("company B's list shows A's item")
	}
	// The control: A's own requests work.
	a.Get("/feedback/" + id(it.ID))
	if r := a.Post("/feedback/"+id(it.ID)+"/rate", url.Values{"rating": {"5"}}); r.Status != http.StatusSeeOther {
		t.Errorf("A rates its own item: %d", r.Status)
	}
}

func threadState(t *testing.T, itemID int64) string {
	t.Helper()
	var s string
	if err := env.DB.NewRaw(`SELECT (SELECT row_to_json(f)::text FROM feedback f WHERE id = ?) || (SELECT count(*)::text FROM feedback_messages WHERE feedback_id = ?)`,
		itemID, itemID).Scan(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}
