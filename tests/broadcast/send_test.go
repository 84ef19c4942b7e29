package broadcast

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/broadcast"
	"cpca/internal/notice"
)

// A scheduled message reaches nobody before its time; two sweeps at once send it once; the
// email copies go through the outbox, one row per company, counted on the staff page.
func TestScheduledOnceWithEmailCopy(t *testing.T) {
	ctx := context.Background()
	m := newMember(t, "")
	at := time.Now().Add(time.Hour)
	b, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "定时通知", Body: "正文", EmailCopy: true, SendAt: at,
		Audience: broadcast.Audience{CompanyIDs: []int64{m.CompanyID}}}, auditCLI, now())
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != broadcast.Scheduled {
		t.Fatalf("status %s", b.Status)
	}
	if _, err := broadcast.DeliverDue(ctx, env.DB, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := notice.Get(ctx, env.DB, m.UserID, m.CompanyID, b.ID); err != notice.ErrNotFound {
		t.Fatalf("visible before its time: %v", err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := broadcast.DeliverDue(ctx, env.DB, at.Add(time.Minute)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'broadcast.send' AND object_id = ?`, id(b.ID)); n != 1 {
		t.Fatalf("sent %d times", n)
	}
	got, err := broadcast.Get(ctx, env.DB, b.ID)
	if err != nil || got.Status != broadcast.Sent || got.Recipients != 1 {
		t.Fatalf("after the sweep: %+v %v", got, err)
	}
	if n := count(t, `SELECT count(*) FROM emails e JOIN broadcast_recipients r ON r.email_id = e.id WHERE r.broadcast_id = ? AND e.status = 'queued'`, b.ID); n != 1 {
		t.Fatalf("%d email copies queued, want 1", n)
	}
	st, err := broadcast.StatsOf(ctx, env.DB, b.ID)
	if err != nil || len(st.Emails) != 1 || st.Emails[0].Count != 1 {
		t.Fatalf("email delivery counts: %+v %v", st.Emails, err)
	}
	s := newStaff(t)
	if page := s.Get("/admin/messages/" + id(b.ID)); !strings.Contains(page.Body, "邮件发送情况") {
		t.Fatal("the staff page lacks the delivery counts")
	}

	// A time in the past is refused next to the field.
	s.Get("/admin/messages/new")
	r := s.Post("/admin/messages", map[string][]string{"title": {"x"}, "body": {"y"}, "all": {"1"}, "send_at": {"2001-01-01T08:00"}})
	if r.Status != 422 || r.FieldError("send_at") != "定时发送时间须晚于现在" {
		t.Fatalf("past send time: %d %q", r.Status, r.FieldError("send_at"))
	}
}

// Bodies are plain text: markup shows as typed, paragraphs and links are made safely.
func TestBodyRendering(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
		{"第一段\n第二行\n\n第二段", "<p>第一段<br>第二行</p><p>第二段</p>"},
		{"见 https://a.cn/x?y=1&z=2。", `<p>见 <a href="https://a.cn/x?y=1&amp;z=2" rel="noopener noreferrer nofollow" target="_blank">https://a.cn/x?y=1&amp;z=2</a>。</p>`},
		{`javascript:alert(1) "><img src=x onerror=alert(1)>`, "<p>javascript:alert(1) &#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"},
		{`https://a.cn/"onmouseover="x`, `<p><a href="https://a.cn/" rel="noopener noreferrer nofollow" target="_blank">https://a.cn/</a>&#34;onmouseover=&#34;x</p>`},
		{"  ", ""},
	}
	for _, c := range cases {
		if got := string(broadcast.Render(c.in)); got != c.want {
			t.Errorf("Render(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// Staff retracting a scheduled message while the sweep sends it: exactly one wins, and a
// retracted message's waiting email copies are cancelled, not sent.
func TestRetractRacesDelivery(t *testing.T) {
	ctx := context.Background()
	m := newMember(t, "")
	for i := 0; i < 5; i++ {
		at := time.Now().Add(time.Hour)
		b, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "竞争", Body: "x", SendAt: at, EmailCopy: true,
			Audience: broadcast.Audience{CompanyIDs: []int64{m.CompanyID}}}, auditCLI, now())
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var retractErr, deliverErr error
		wg.Add(2)
		go func() { defer wg.Done(); retractErr = broadcast.Retract(ctx, env.DB, b.ID, auditCLI, now()) }()
		go func() { defer wg.Done(); deliverErr = broadcast.Deliver(ctx, env.DB, b.ID, at) }()
		wg.Wait()
		got, err := broadcast.Get(ctx, env.DB, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != broadcast.Retracted {
			t.Fatalf("round %d: final state %s (retract %v, deliver %v)", i, got.Status, retractErr, deliverErr)
		}
		if deliverErr == nil && retractErr != nil {
			t.Fatalf("round %d: delivered and then the retract failed: %v", i, retractErr)
		}
		if deliverErr != nil && deliverErr != broadcast.ErrState {
			t.Fatalf("round %d: deliver: %v", i, deliverErr)
		}
		if n := count(t, `SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = ? AND live`, b.ID); n != 0 {
			t.Fatalf("round %d: %d live rows after retract", i, n)
		}
		if n := count(t, `SELECT count(*) FROM emails e JOIN broadcast_recipients r ON r.email_id = e.id WHERE r.broadcast_id = ? AND e.status = 'queued'`, b.ID); n != 0 {
			t.Fatalf("round %d: %d email copies still queued after retract", i, n)
		}
	}
}
