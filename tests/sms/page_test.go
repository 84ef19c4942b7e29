package sms

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/sms"
	"cpca/tests/testenv"
)

// 短信管理 lists texts with filters (status, template, day, part of the number) and paging; the
// number is masked everywhere, also when searched for in full; htmx gets the fragment.
func TestSMSPage(t *testing.T) {
	ctx := context.Background()
	to := mobile()
	for i := 0; i < 33; i++ {
		queueDuesRules(t, to)
	}
	if _, err := env.DB.NewRaw(`UPDATE sms_messages SET status = 'delivered', receipt_code = 'DELIVERED', receipt_at = now()
		WHERE id IN (SELECT id FROM sms_messages WHERE to_mobile = ? ORDER BY id LIMIT 3)`, to).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	s := staff(t)
	masked := to[:3] + "****" + to[7:]
	r := s.Get("/admin/sms?phone=" + to)
	if r.Status != http.StatusOK {
		t.Fatalf("短信管理: %d", r.Status)
	}
	if strings.Contains(r.Doc.Find("#sms").Text(), to) || !strings.Contains(r.Body, masked) {
		t.Error("the number is not masked in the list")
	}
	if n := r.Doc.Find("#sms tbody tr").Length(); n != 30 {
		t.Errorf("page 1: %d rows, want 30", n)
	}
	if n := s.Get("/admin/sms?page=2&phone=" + to).Doc.Find("#sms tbody tr").Length(); n != 3 {
		t.Errorf("page 2: %d rows, want 3", n)
	}
	q := url.Values{"phone": {to[5:]}, "status": {"delivered"}, "template": {sms.DuesReminder}}
	r = s.GetHTMX("/admin/sms?" + q.Encode())
	if strings.Contains(r.Body, "<html") || r.Doc.Find("#sms tbody tr").Length() != 3 || !strings.Contains(r.Body, "DELIVERED") {
		t.Errorf("filtered fragment: %d rows\n%s", r.Doc.Find("#sms tbody tr").Length(), r.Body)
	}
	tomorrow := calendar.Format(time.Now().AddDate(0, 0, 1))
	if n := s.Get("/admin/sms?from=" + tomorrow + "&phone=" + to).Doc.Find("#sms tbody tr").Length(); n != 0 {
		t.Errorf("from tomorrow: %d rows", n)
	}
	today := calendar.Format(time.Now())
	if n := s.Get("/admin/sms?from=" + today + "&to=" + today + "&status=delivered&phone=" + to).Doc.Find("#sms tbody tr").Length(); n != 3 {
		t.Errorf("today, delivered: %d rows", n)
	}
	// Bad filter values are dropped, not errors.
	if r := s.Get("/admin/sms?status=nope&from=yesterday&phone=abc"); r.Status != http.StatusOK {
		t.Errorf("bad filters: %d", r.Status)
	}
	// The registry page and the edit form: a staff edit with errors comes back 422 with the
	// field's message; a good one is stored.
	if r := s.Get("/admin/sms/templates"); r.Status != http.StatusOK || !strings.Contains(r.Body, sms.DuesReminder) {
		t.Errorf("templates page: %d", r.Status)
	}
	s.Get("/admin/sms/templates/" + sms.DuesReminder)
	r = s.Post("/admin/sms/templates/"+sms.DuesReminder, url.Values{"kind": {sms.KindNotice}, "params": {"company:35"}, "body": {"${company}${year}"}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("params") == "" {
		t.Errorf("bad edit: %d %q", r.Status, r.FieldError("params"))
	}
	if r := s.Get("/admin/sms/templates/no_such_key"); r.Status != http.StatusNotFound {
		t.Errorf("unknown key: %d", r.Status)
	}
	member, _ := env.Member(t)
	if r := member.Get("/admin/sms"); r.Status == http.StatusOK {
		t.Error("a member opened 短信管理")
	}
}

func queueDuesRules(t *testing.T, to string) {
	t.Helper()
	_, err := sms.Rules{Limit: 100}.Queue(context.Background(), env.DB, sms.Text{To: to, Template: sms.DuesReminder,
		Params: map[string]string{"company": "甲公司", "year": "2026", "when": "x"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
}

// An important site message with 短信通知 ticked texts each recipient company's main contact
// through the outbox; the checkbox shows only once the 通知 template is approved (has a
// code); a normal message gets no SMS even if the box is posted.
func TestBroadcastSMSCopy(t *testing.T) {
	ctx := context.Background()
	s := staff(t)
	if strings.Contains(s.Get("/admin/messages/new").Body, `name="sms_copy"`) {
		t.Error("短信通知 offered without an approved template")
	}
	tp := sms.Templates[sms.BroadcastNotice]
	f := sms.FormOf(tp)
	f.Code = "SMS_480000001"
	if err := sms.Save(ctx, env.DB, f, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Get("/admin/messages/new").Body, `name="sms_copy"`) {
		t.Fatal("短信通知 not offered with an approved template")
	}
	to := mobile()
	name := testenv.Name("短信通知公司")
	coID, _ := company(t, name, to)
	post := func(important string) *testenv.Resp {
		return s.Post("/admin/messages", url.Values{"title": {"关于召开2027年会员大会的重要通知（请各单位务必准时参加）"}, "body": {"详见附件。"},
			"important": {important}, "companies": {name}, "sms_copy": {"1"}})
	}
	if r := post("1"); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d %s", r.Status, r.Text(".error"))
	}
	var m sms.Message
	if err := env.DB.NewSelect().Model(&m).Where("to_mobile = ?", to).Scan(ctx); err != nil {
		t.Fatalf("no SMS copy: %v", err)
	}
	if m.Template != sms.BroadcastNotice || m.Status != sms.StatusQueued || m.Params["company"] != name ||
		!strings.HasSuffix(m.Params["title"], "…") || len([]rune(m.Params["title"])) != 20 || !strings.Contains(m.DedupeKey.String, ":sms:") {
		t.Errorf("SMS copy: %+v", m)
	}
	_ = coID
	if r := post(""); r.Status != http.StatusSeeOther {
		t.Fatalf("send normal: %d", r.Status)
	}
	var n int
	_ = env.DB.NewRaw(`SELECT count(*) FROM sms_messages WHERE to_mobile = ?`, to).Scan(ctx, &n)
	if n != 1 {
		t.Errorf("%d texts after a normal message, want the one of the important message", n)
	}
}
