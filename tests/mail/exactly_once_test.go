package mail

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/internal/outbox"
	"cpca/tests/smtpsink"
)

// A slow server has the message and has not acknowledged it when the worker is cancelled
// (stopped mid-send): the row is recorded 状态未知, a redelivered task and the relay do not send
// it again, and staff's 重新发送 sends it with the same Message-ID. Before the fix the send
// ran inside the row's transaction: the cancelled commit rolled back to queued and the next
// delivery sent a second copy.
func TestCancelledMidSendNotResent(t *testing.T) {
	d := smtpsink.Start(t)
	d.Delay.Store(int64(3 * time.Second))
	s := smtpSender(t, d)
	id, to := queueEmail(t, "中断发送测试")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id, false) }()
	waitFor(t, "the server to hold the message", func() bool { return len(d.To(to)) == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Logf("cancelled delivery: %v", err)
	}
	d.Delay.Store(0)
	e := email(t, id)
	if e.Status != mail.StatusUnknown || e.Attempts != 1 {
		t.Fatalf("after a cancelled send: status %s attempts %d (%s), want unknown", e.Status, e.Attempts, e.LastError)
	}
	notResent(t, d, id, to)

	// Staff see it as 状态未知 and send it again on purpose; the receiver gets the same Message-ID.
	staff := staffClient(t)
	r := staff.Get("/admin/emails?status=unknown&q=" + to)
	if r.Status != http.StatusOK || !strings.Contains(r.Text("#emails tbody"), "状态未知") || !strings.Contains(r.Body, to) {
		t.Fatalf("邮件管理 with status unknown: %d %q", r.Status, r.Text("#emails tbody"))
	}
	r = staff.Get(idPath("/admin/emails/%d", id))
	if !strings.Contains(r.Body, "重新发送") || !strings.Contains(r.Body, "状态未知") || !strings.Contains(r.Body, "交给服务器") {
		t.Fatalf("detail of an unknown email lacks 状态未知, 交给服务器 (the hand-over time) or 重新发送")
	}
	if r := staff.Post(idPath("/admin/emails/%d/resend", id), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", r.Status)
	}
	startWorker(t, s)
	waitFor(t, "the resent email", func() bool { return email(t, id).Status == mail.StatusSent })
	got := d.To(to)
	if len(got) != 2 {
		t.Fatalf("%d messages after one staff resend, want 2", len(got))
	}
	want := fmt.Sprintf("<outbox-%d.%d@cpca.org.cn>", id, e.CreatedAt.Unix())
	for i, m := range got {
		if mid := m.Header.Get("Message-ID"); mid != want {
			t.Errorf("message %d: Message-ID %q, want %q (stable across the resend)", i, mid, want)
		}
	}
}

// killer stands for a worker process killed right after the server accepted the message:
// nothing after the send runs.
type killer struct{ mail.Sender }

func (k killer) Send(ctx context.Context, e mail.Envelope) error {
	if err := k.Sender.Send(ctx, e); err != nil {
		return err
	}
	runtime.Goexit()
	return nil
}

// A worker killed after the server accepted and before anything was recorded leaves the row
// sending; nothing sends it again, and after outbox.SendingTimeout the relay marks it 状态未知
// for staff. Before the fix the kill rolled the row back to queued and it went out twice.
func TestKilledAfterAcceptNotResent(t *testing.T) {
	d := smtpsink.Start(t)
	id, to := queueEmail(t, "进程被杀测试")
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = mail.Deliver(context.Background(), env.DB, killer{smtpSender(t, d)}, env.Cfg.MailFrom, id, false)
	}()
	<-done
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
	if e := email(t, id); e.Status != mail.StatusSending {
		t.Fatalf("after the kill: status %s, want sending", e.Status)
	}
	notResent(t, d, id, to)
	// Not yet abandoned: a live delivery may still be talking to the server.
	if n, err := outbox.MarkAbandoned(context.Background(), env.DB, outbox.Emails, outbox.SendingTimeout); err != nil || n != 0 {
		t.Fatalf("mark abandoned before the timeout: %d %v", n, err)
	}
	if _, err := env.DB.NewRaw(`UPDATE emails SET sending_at = sending_at - ? * interval '1 second' WHERE id = ?`,
		int(outbox.SendingTimeout.Seconds())+60, id).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	relay := &jobs.Relay{DB: env.DB, Queue: env.Queue, Log: env.Log}
	if _, err := relay.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e := email(t, id); e.Status != mail.StatusUnknown || !strings.Contains(e.LastError, "无法确定") {
		t.Fatalf("after the sending timeout: %s %q, want unknown", e.Status, e.LastError)
	}
	notResent(t, d, id, to)
}

// notResent runs what could send email id again — a redelivered task, the relay, a worker —
// and checks the server still has one copy.
func notResent(t *testing.T, d *smtpsink.Sink, id int64, to string) {
	t.Helper()
	s := smtpSender(t, d)
	if err := mail.Deliver(context.Background(), env.DB, s, env.Cfg.MailFrom, id, false); err != nil {
		t.Fatalf("redelivery: %v", err)
	}
	stop := startWorker(t, s)
	relay := &jobs.Relay{DB: env.DB, Queue: env.Queue, Log: env.Log, Stale: time.Nanosecond}
	if _, err := relay.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // give the worker the chance to do the wrong thing
	stop()
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages after redelivery, relay and worker, want 1", n)
	}
}
