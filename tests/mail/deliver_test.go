package mail

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
	"github.com/hibiken/asynq"
)

// Register and approve through the UI: the worker delivers 入会申请提交成功 and 入会申请审核成功
// to the applicant, each once, and records them as sent after one attempt.
func TestRegisterApproveDelivered(t *testing.T) {
	d := smtpsink.Start(t)
	startWorker(t, smtpSender(t, d))

	co := testenv.NewCompany()
	to := co.Step4.Get("email")
	c := env.NewClient(t)
	c.IP = "10.21.0.1"
	id := env.Register(t, c, co)
	waitFor(t, "the submitted email", func() bool { return len(withSubject(d.To(to), "入会申请提交成功")) == 1 })
	env.Approve(t, staffClient(t), id)
	waitFor(t, "the approval email", func() bool { return len(withSubject(d.To(to), "入会申请审核成功")) == 1 })

	sub := withSubject(d.To(to), "入会申请提交成功")[0]
	if sub.Subject != "入会申请提交成功 - CPCA 会员管理系统" {
		t.Errorf("subject %q", sub.Subject)
	}
	if !strings.Contains(sub.Body, co.Username()) || !strings.Contains(sub.Body, "纸质版盖章材料") {
		t.Errorf("submitted body: %s", sub.Body)
	}
	ok := withSubject(d.To(to), "入会申请审核成功")[0]
	if ok.Subject != "入会申请审核成功 - CPCA 会员管理系统" {
		t.Errorf("subject %q", ok.Subject)
	}
	if !strings.Contains(ok.Body, "「"+co.Username()+"」") || !strings.Contains(ok.Body, "审核成功") ||
		!strings.Contains(ok.Body, env.Cfg.BaseURL+"/login") {
		t.Errorf("approval body lacks the username or login link: %s", ok.Body)
	}
	if !strings.Contains(ok.From, "noreply@cpca.org.cn") {
		t.Errorf("envelope from %q", ok.From)
	}
	if f := ok.Header.Get("From"); !strings.Contains(f, "noreply@cpca.org.cn") {
		t.Errorf("From header %q", f)
	}
	waitFor(t, "both rows sent", func() bool {
		es := emailsTo(t, to)
		return len(es) == 2 && es[0].Status == mail.StatusSent && es[1].Status == mail.StatusSent
	})
	for _, e := range emailsTo(t, to) {
		if e.Attempts != 1 || e.LastError != "" || !e.SentAt.Valid {
			t.Errorf("email %d (%s): attempts %d, last_error %q, sent_at %v", e.ID, e.Subject, e.Attempts, e.LastError, e.SentAt)
		}
	}
	// Nothing else was sent to the applicant.
	if n := len(d.To(to)); n != 2 {
		t.Errorf("%d messages to the applicant, want 2", n)
	}
}

// A task delivered twice (two task ids for one email, and the relay's own) and concurrent
// Deliver calls send one message.
func TestDuplicateNeverSendsTwice(t *testing.T) {
	d := smtpsink.Start(t)
	ctx := context.Background()

	id, to := queueEmail(t, "重复任务测试")
	for _, tid := range []string{"dup-a", "dup-b"} {
		if err := env.Queue.Enqueue(ctx, jobs.TypeEmail, jobs.EmailPayload{ID: id}, tid+"-"+to, 3, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	startWorker(t, smtpSender(t, d))
	insp := asynq.NewInspector(redisOpt(t))
	defer insp.Close()
	waitFor(t, "both tasks done", func() bool {
		for _, tid := range []string{"dup-a", "dup-b"} {
			ti, err := insp.GetTaskInfo(env.Cfg.Queue, tid+"-"+to)
			if err != nil || ti.State != asynq.TaskStateCompleted {
				return false
			}
		}
		return true
	})
	if e := email(t, id); e.Status != mail.StatusSent || e.Attempts != 1 {
		t.Fatalf("row: %s attempts %d", e.Status, e.Attempts)
	}
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages for one email, want 1", n)
	}

	// Five concurrent deliveries of one row.
	id2, to2 := queueEmail(t, "并发投递测试")
	s := smtpSender(t, d)
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id2, false)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("deliver: %v", err)
		}
	}
	if n := len(d.To(to2)); n != 1 {
		t.Fatalf("%d messages after concurrent deliveries, want 1", n)
	}
	if e := email(t, id2); e.Status != mail.StatusSent || e.Attempts != 1 {
		t.Fatalf("row: %s attempts %d", e.Status, e.Attempts)
	}
	// And once more afterwards: still one.
	if err := mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id2, true); err != nil || len(d.To(to2)) != 1 {
		t.Fatalf("deliver of a sent email: %v, %d messages", err, len(d.To(to2)))
	}
}

// A failing mail server: the row stays queued with the attempt and error recorded, becomes
// failed on the last attempt, shows as 发送失败 to staff, and 重新发送 requeues and delivers it.
func TestSMTPFailure(t *testing.T) {
	d := smtpsink.Start(t)
	d.Fail.Store(true)
	ctx := context.Background()
	s := smtpSender(t, d)
	id, to := queueEmail(t, "发送失败测试")

	err := mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id, false)
	if err == nil || !mail.IsSendFailure(err) {
		t.Fatalf("deliver to a failing server: %v, want a send failure (retry)", err)
	}
	e := email(t, id)
	if e.Status != mail.StatusQueued || e.Attempts != 1 || !strings.Contains(e.LastError, "451") {
		t.Fatalf("after a failed attempt: %s attempts %d last_error %q", e.Status, e.Attempts, e.LastError)
	}
	if err := mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id, true); !mail.IsSendFailure(err) {
		t.Fatalf("final attempt: %v", err)
	}
	e = email(t, id)
	if e.Status != mail.StatusFailed || e.Attempts != 2 || e.LastError == "" {
		t.Fatalf("after the final attempt: %s attempts %d last_error %q", e.Status, e.Attempts, e.LastError)
	}
	// Closed port: also a failure, recorded.
	id2, _ := queueEmail(t, "端口关闭测试")
	closed, _ := mail.NewSMTPSender("smtp://127.0.0.1:1")
	if err := mail.Deliver(ctx, env.DB, closed, env.Cfg.MailFrom, id2, false); !mail.IsSendFailure(err) {
		t.Fatalf("closed port: %v", err)
	}
	if e := email(t, id2); e.Status != mail.StatusQueued || e.Attempts != 1 || e.LastError == "" {
		t.Fatalf("closed port row: %s attempts %d last_error %q", e.Status, e.Attempts, e.LastError)
	}
	if len(d.To(to)) != 0 {
		t.Fatal("a refused message was recorded")
	}

	staff := staffClient(t)
	r := staff.Get("/admin/emails?status=failed&q=" + to)
	row := r.Doc.Find("#emails tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), to) })
	if r.Status != http.StatusOK || row.Length() != 1 || !strings.Contains(row.Text(), "发送失败") || !strings.Contains(row.Text(), "451") {
		t.Fatalf("staff list: %d, row %q", r.Status, row.Text())
	}
	if r := staff.GetHTMX("/admin/emails?status=failed"); !strings.Contains(r.Body, to) || strings.Contains(r.Body, "<html") {
		t.Fatalf("htmx filter fragment: %s", r.Body)
	}
	r = staff.Get(idPath("/admin/emails/%d", id))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "发送失败") {
		t.Fatalf("staff detail: %d", r.Status)
	}
	r = staff.Post(idPath("/admin/emails/%d/resend", id), nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", r.Status)
	}
	if e := email(t, id); e.Status != mail.StatusQueued {
		t.Fatalf("after resend: %s", e.Status)
	}
	// A second resend of a queued email is refused politely.
	if r := staff.Post(idPath("/admin/emails/%d/resend", id), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("resend of a queued email: %d", r.Status)
	}
	if n := auditRows(t, "email.resend", id); n != 1 {
		t.Errorf("audit: %d email.resend rows, want 1", n)
	}
	// The server recovers: the worker delivers the requeued email once.
	d.Fail.Store(false)
	startWorker(t, s)
	waitFor(t, "the resent email", func() bool { return email(t, id).Status == mail.StatusSent })
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages after resend, want 1", n)
	}
	if e := email(t, id); e.Attempts != 3 || e.LastError != "" {
		t.Errorf("after resend: attempts %d last_error %q", e.Attempts, e.LastError)
	}
}

func auditRows(t *testing.T, action string, id int64) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = ? AND object_id = ?`, action, idPath("%d", id)).
		Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
