package mail

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cpca/app"
	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Redis is down when the application is submitted and approved: the emails wait in the
// outbox (hand-over mark cleared), and go out exactly once when the queue is back.
func TestRedisDownAtApproval(t *testing.T) {
	ctx := context.Background()
	redis.SetLogger(quietRedis{}) // the refused dials are expected here
	down := &jobs.Queue{Client: asynq.NewClient(asynq.RedisClientOpt{Addr: "127.0.0.1:1"}), Name: env.Cfg.Queue}
	defer down.Client.Close()
	downRelay := &jobs.Relay{DB: env.DB, Queue: down, Log: env.Log}
	// The same application, in a web process whose Redis is unreachable.
	downSys := *env.Sys
	downSys.Queue, downSys.Relay, downSys.Redis, downSys.Inspector = down, downRelay, nil, nil
	web, err := app.New(downSys)
	if err != nil {
		t.Fatal(err)
	}
	denv := *env
	denv.App = web

	co := testenv.NewCompany()
	to := co.Step4.Get("email")
	c := denv.NewClient(t)
	c.IP = "10.22.0.1"
	appID := denv.Register(t, c, co)
	s := denv.NewClient(t)
	s.IP = "10.22.0.2"
	s.Login(env.CreateAdmin(t), testenv.Password)
	denv.Approve(t, s, appID)

	if _, err := downRelay.Sweep(ctx); err != nil {
		t.Fatalf("sweep with Redis down: %v", err)
	}
	// The request's own background sweep may still be trying: wait until it has given up.
	waitFor(t, "both emails unclaimed", func() bool {
		es := emailsTo(t, to)
		return len(es) == 2 && !es[0].EnqueuedAt.Valid && !es[1].EnqueuedAt.Valid
	})
	for _, e := range emailsTo(t, to) {
		if e.Status != mail.StatusQueued || e.Attempts != 0 {
			t.Fatalf("email %q with Redis down: %s attempts %d", e.Subject, e.Status, e.Attempts)
		}
	}

	// Redis is back: the real relay hands them over and the worker sends each once.
	d := smtpsink.Start(t)
	n, err := env.Relay.Sweep(ctx)
	if err != nil || n < 2 {
		t.Fatalf("sweep with Redis up: %d %v", n, err)
	}
	for _, e := range emailsTo(t, to) {
		if !e.EnqueuedAt.Valid {
			t.Fatalf("email %q not handed over", e.Subject)
		}
	}
	startWorker(t, smtpSender(t, d))
	waitFor(t, "both emails sent", func() bool {
		es := emailsTo(t, to)
		return es[0].Status == mail.StatusSent && es[1].Status == mail.StatusSent
	})
	// A second sweep (the worker's own relay runs too) sends nothing more.
	if _, err := env.Relay.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	ms := d.To(to)
	if len(ms) != 2 || len(withSubject(ms, "入会申请提交成功")) != 1 || len(withSubject(ms, "入会申请审核成功")) != 1 {
		t.Fatalf("messages after the outage: %d", len(ms))
	}
	for _, e := range emailsTo(t, to) {
		if e.Attempts != 1 {
			t.Errorf("email %q: attempts %d", e.Subject, e.Attempts)
		}
	}
}

// Without a mail server the email is recorded as not sent, with the reason, for staff; once
// a server is configured, 重新发送 delivers it.
func TestNoSMTPConfigured(t *testing.T) {
	stop := startWorker(t, mail.LogSender{Log: env.Log})
	co := testenv.NewCompany()
	to := co.Step4.Get("email")
	c := env.NewClient(t)
	c.IP = "10.23.0.1"
	env.Register(t, c, co)
	waitFor(t, "the email to be processed", func() bool {
		es := emailsTo(t, to)
		return len(es) == 1 && es[0].Status != mail.StatusQueued && es[0].Status != mail.StatusSending
	})
	e := emailsTo(t, to)[0]
	if e.Status != mail.StatusNotSent || e.LastError != mail.ErrNoServer.Error() || e.Attempts != 1 {
		t.Fatalf("without SMTP: %s attempts %d last_error %q", e.Status, e.Attempts, e.LastError)
	}
	if !strings.Contains(e.LastError, "未配置邮件服务器") {
		t.Fatalf("error not in Chinese: %q", e.LastError)
	}
	stop()

	staff := staffClient(t)
	r := staff.Get("/admin/emails?status=not_sent&q=" + to)
	if r.Status != http.StatusOK || !testenv.Contains(r.Text("#emails tbody"), to, "未发送", "未配置邮件服务器") {
		t.Fatalf("staff list: %d %q", r.Status, r.Text("#emails"))
	}
	r = staff.Get(idPath("/admin/emails/%d", e.ID))
	if r.Status != http.StatusOK || !testenv.Contains(r.Body, "未发送", "未配置邮件服务器") {
		t.Fatalf("staff detail: %d", r.Status)
	}

	// The association configures a server and resends.
	d := smtpsink.Start(t)
	startWorker(t, smtpSender(t, d))
	if r := staff.Post(idPath("/admin/emails/%d/resend", e.ID), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", r.Status)
	}
	waitFor(t, "the resent email", func() bool { return email(t, e.ID).Status == mail.StatusSent })
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages after resend, want 1", n)
	}
}

type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}
