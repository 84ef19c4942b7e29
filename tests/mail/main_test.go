// Package mail checks the email outbox end to end: the real worker on Redis delivering to an
// in-process SMTP server (tests/smtpsink), duplicates, failures, Redis outages, no mail
// server, and reminders.
package mail

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/system"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"

	"github.com/hibiken/asynq"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "mail", &env) }

// schedulerNow is the clock of the test workers' periodic tasks: long before any test data,
// so the scheduler's reminder runs find nothing and do not disturb the reminder tests.
var schedulerNow = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func mailing() membership.Mailing {
	return membership.Mailing{Address: env.Cfg.PaperAddress, BaseURL: env.Cfg.BaseURL}
}

func redisOpt(t *testing.T) asynq.RedisConnOpt {
	t.Helper()
	opt, err := asynq.ParseRedisURI(env.Cfg.RedisURL)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// startWorker runs the real worker (as cpca serve builds it: system.Worker) on the package's queue
// until the returned stop is called (or the test ends).
func startWorker(t *testing.T, s mail.Sender) (stop func()) {
	t.Helper()
	w, err := env.Sys.Worker(system.WithSender(s), system.WithClock(func() time.Time { return schedulerNow }))
	if err != nil {
		t.Fatal(err)
	}
	w.Concurrency = 4
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("worker: %v", err)
		}
	}
	t.Cleanup(stop)
	return stop
}

func smtpSender(t *testing.T, d *smtpsink.Sink) mail.Sender {
	t.Helper()
	s, err := mail.NewSMTPSender(d.URL())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func email(t *testing.T, id int64) *mail.Email {
	t.Helper()
	e, err := mail.Get(context.Background(), env.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// emailsTo returns the outbox rows for one address, oldest first.
func emailsTo(t *testing.T, to string) []mail.Email {
	t.Helper()
	var es []mail.Email
	if err := env.DB.NewSelect().Model(&es).Where("to_addr = ?", to).Order("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return es
}

// withSubject filters received messages by subject prefix.
func withSubject(ms []smtpsink.Message, prefix string) []smtpsink.Message {
	var out []smtpsink.Message
	for _, m := range ms {
		if strings.HasPrefix(m.Subject, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// queueEmail writes one outbox row for a fresh address and returns its id and address.
func queueEmail(t *testing.T, subject string) (int64, string) {
	t.Helper()
	to := testenv.Name("rcpt") + "@example.com"
	id, err := mail.Queue(context.Background(), env.DB, mail.Message{To: to, Subject: subject,
		Body: "测试邮件正文：中国电子电路行业协会", Kind: "test", DedupeKey: "test:" + to})
	if err != nil || id == 0 {
		t.Fatalf("queue: %d %v", id, err)
	}
	return id, to
}

func staffClient(t *testing.T) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.IP = "10.20.0.1"
	s.Login(env.CreateAdmin(t), testenv.Password)
	return s
}

func idPath(format string, id int64) string { return fmt.Sprintf(format, id) }
