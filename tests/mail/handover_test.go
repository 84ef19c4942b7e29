package mail

import (
	"context"
	"cpca/tests/smtpsink"
	"errors"
	"runtime"
	"strings"
	"testing"

	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/internal/outbox"
)

// dies stands for a worker process killed at the hand-over: before recording it (before is
// true) or right after, in both cases before the final "." of DATA. Nothing after runs but
// the deferred close of the connection, as the kernel closes a dead process's sockets.
type dies struct {
	mail.Sender
	before bool
}

func (d dies) Send(ctx context.Context, e mail.Envelope) error {
	handOver := e.HandOver
	e.HandOver = func(ctx context.Context) error {
		if !d.before {
			if err := handOver(ctx); err != nil {
				return err
			}
		}
		runtime.Goexit()
		return nil
	}
	return d.Sender.Send(ctx, e)
}

// deliverDying runs one delivery of id through a worker that dies at the hand-over.
func deliverDying(t *testing.T, d *smtpsink.Sink, id int64, before bool) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = mail.Deliver(context.Background(), env.DB, dies{smtpSender(t, d), before}, env.Cfg.MailFrom, id, false)
	}()
	<-done
}

// ageSending makes email id look sending for longer than the relay's timeouts.
func ageSending(t *testing.T, id int64) {
	t.Helper()
	if _, err := env.DB.NewRaw(`UPDATE emails SET sending_at = sending_at - ? * interval '1 second' WHERE id = ?`,
		int(outbox.SendingTimeout.Seconds())+60, id).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A worker killed after writing the whole message but before the hand-over is recorded: the
// server never saw the end of DATA and kept nothing; the row is sending without handed_at, and
// the relay puts it back in the queue, so the next worker sends it: one copy, nothing lost.
// Before the two-phase hand-over such a row became 状态未知 and waited for staff.
func TestKilledBeforeHandOverResent(t *testing.T) {
	d := smtpsink.Start(t)
	id, to := queueEmail(t, "交付前被杀测试")
	deliverDying(t, d, id, true)
	if n := len(d.To(to)); n != 0 {
		t.Fatalf("the server kept %d messages whose DATA never ended, want 0", n)
	}
	if e := email(t, id); e.Status != mail.StatusSending || e.HandedAt.Valid {
		t.Fatalf("after the kill: %s handed %v, want sending, not handed over", e.Status, e.HandedAt.Valid)
	}
	relay := &jobs.Relay{DB: env.DB, Queue: env.Queue, Log: env.Log}
	if _, err := relay.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e := email(t, id); e.Status != mail.StatusSending {
		t.Fatalf("before the timeout the relay made it %s: a live delivery may still be talking", e.Status)
	}
	ageSending(t, id)
	if _, err := relay.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e := email(t, id); e.Status != mail.StatusQueued || !strings.Contains(e.LastError, "重新排队") {
		t.Fatalf("after the timeout: %s %q, want queued again", e.Status, e.LastError)
	}
	startWorker(t, smtpSender(t, d))
	waitFor(t, "the requeued email", func() bool { return email(t, id).Status == mail.StatusSent })
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
	if e := email(t, id); e.Attempts != 2 || !e.HandedAt.Valid {
		t.Fatalf("sent row: attempts %d handed %v, want 2 attempts, handed over", e.Attempts, e.HandedAt.Valid)
	}
}

// A worker killed after the hand-over is recorded and before the final ".": the server kept
// nothing, but from the database's side it may have, so the row waits 发送中 and then becomes
// 状态未知 for staff, never sent again by the relay or a worker. This is the one round trip in
// which an email can still be left to staff.
func TestKilledAfterHandOverUnknown(t *testing.T) {
	d := smtpsink.Start(t)
	id, to := queueEmail(t, "交付后被杀测试")
	deliverDying(t, d, id, false)
	if e := email(t, id); e.Status != mail.StatusSending || !e.HandedAt.Valid {
		t.Fatalf("after the kill: %s handed %v, want sending, handed over", e.Status, e.HandedAt.Valid)
	}
	ageSending(t, id)
	relay := &jobs.Relay{DB: env.DB, Queue: env.Queue, Log: env.Log}
	if _, err := relay.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e := email(t, id); e.Status != mail.StatusUnknown {
		t.Fatalf("after the sending timeout: %s, want unknown", e.Status)
	}
	if n := len(d.To(to)); n != 0 {
		t.Fatalf("the server kept %d messages whose DATA never ended, want 0", n)
	}
}

// A delivery that was only slow, not dead, while the relay took its row back: its hand-over is
// refused, it never ends its message, and the row's new attempt is the one copy.
func TestTakenBackAttemptDoesNotEnd(t *testing.T) {
	d := smtpsink.Start(t)
	id, to := queueEmail(t, "慢速投递测试")
	var first error
	slow := takenBack{Sender: smtpSender(t, d), before: func() {
		ageSending(t, id)
		if n, err := outbox.RequeueInterrupted(context.Background(), env.DB, outbox.Emails, outbox.InterruptedTimeout); err != nil || n != 1 {
			t.Errorf("requeue the slow attempt's row: %d %v", n, err)
		}
		// The new attempt runs to the end while the old one waits.
		if err := mail.Deliver(context.Background(), env.DB, smtpSender(t, d), env.Cfg.MailFrom, id, false); err != nil {
			t.Errorf("new attempt: %v", err)
		}
	}, err: &first}
	if err := mail.Deliver(context.Background(), env.DB, slow, env.Cfg.MailFrom, id, false); err != nil {
		t.Fatalf("the slow attempt returned %v, want nil (the row is another attempt's)", err)
	}
	if !errors.Is(first, outbox.ErrTakenBack) {
		t.Fatalf("the slow attempt's send: %v, want ErrTakenBack", first)
	}
	if n := len(d.To(to)); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
	if e := email(t, id); e.Status != mail.StatusSent || e.Attempts != 2 {
		t.Fatalf("row: %s attempts %d, want sent after 2", e.Status, e.Attempts)
	}
}

// takenBack runs before just ahead of the hand-over and keeps what Send returned in err.
type takenBack struct {
	mail.Sender
	before func()
	err    *error
}

func (s takenBack) Send(ctx context.Context, e mail.Envelope) error {
	handOver := e.HandOver
	e.HandOver = func(ctx context.Context) error { s.before(); return handOver(ctx) }
	*s.err = s.Sender.Send(ctx, e)
	return *s.err
}
