package dues

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cpca/internal/certificate"
	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/internal/sms"

	"github.com/PuerkitoBio/goquery"

	"github.com/hibiken/asynq"
)

// startWorker runs the real task handlers on the package's queue until the returned stop is called.
func startWorker(t *testing.T, issuer *certificate.Issuer) (stop func()) {
	t.Helper()
	opt, err := asynq.ParseRedisURI(env.Cfg.RedisURL)
	if err != nil {
		t.Fatal(err)
	}
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: 2, Queues: map[string]int{env.Cfg.Queue: 1},
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return time.Hour }, Logger: quiet{}})
	mux := asynq.NewServeMux()
	jobs.Register(mux, &jobs.Deps{DB: env.DB, Queue: env.Queue, Issuer: issuer, Log: env.Log, Sender: mail.LogSender{Log: env.Log},
		SMS: sms.LogProvider{Log: env.Log}})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	return srv.Shutdown
}

type quiet struct{}

func (quiet) Debug(...any) {}
func (quiet) Info(...any)  {}
func (quiet) Warn(...any)  {}
func (quiet) Error(...any) {}
func (quiet) Fatal(...any) {}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			opt, _ := asynq.ParseRedisURI(env.Cfg.RedisURL)
			in := asynq.NewInspector(opt)
			for _, f := range []func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error){in.ListPendingTasks, in.ListActiveTasks, in.ListRetryTasks, in.ListArchivedTasks, in.ListCompletedTasks, in.ListScheduledTasks} {
				ts, err := f(env.Cfg.Queue)
				for _, x := range ts {
					t.Logf("%s %s %s %s", x.State, x.Type, x.Payload, x.LastErr)
				}
				t.Log(err)
			}
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A certificate render that fails in the worker is retried, shown to staff on 后台任务 with
// its error, and after 立即重试 with a working font issues exactly one certificate.
func TestFailedCertificateTaskVisibleAndRetried(t *testing.T) {
	m := newMember(t)
	s := newStaff(t)
	m.mustUpload(t, m.DuesID)

	stop := startWorker(t, &certificate.Issuer{Font: nil, Association: certificate.Association, BaseURL: env.Cfg.BaseURL})
	mustConfirm(t, s, m.DuesID) // enqueues certificate:issue after the commit

	var taskID string
	waitFor(t, "the failed certificate task on 后台任务", func() bool {
		r := s.Get("/admin/jobs")
		if r.Status != http.StatusOK {
			t.Fatalf("/admin/jobs: %d", r.Status)
		}
		found := false
		r.Doc.Find("tbody tr").Each(func(_ int, row *goquery.Selection) {
			text := row.Text()
			if strings.Contains(text, "certificate:issue") && strings.Contains(text, `"dues_id":`+id(m.DuesID)+"}") &&
				strings.Contains(text, "no TrueType font") {
				found = true
				action, _ := row.Find(`form[action$="/run"]`).Attr("action")
				taskID = strings.TrimSuffix(strings.TrimPrefix(action, "/admin/jobs/"), "/run")
			}
		})
		return found
	})
	stop()
	if n := count(t, `SELECT count(*) FROM certificates WHERE dues_id = ?`, m.DuesID); n != 0 {
		t.Fatalf("a failed render left %d certificates", n)
	}

	font, err := certificate.LoadFont(certificate.DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	stop = startWorker(t, &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL})
	defer stop()
	s.Get("/admin/jobs")
	if r := s.Post("/admin/jobs/"+taskID+"/run", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("run task: %d", r.Status)
	}
	waitFor(t, "the certificate", func() bool {
		return count(t, `SELECT count(*) FROM certificates WHERE dues_id = ? AND status = 'issued'`, m.DuesID) == 1
	})
	// A duplicate enqueue (e.g. the periodic sweep) issues nothing more.
	if err := env.Queue.EnqueueCertificate(context.Background(), m.DuesID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if n := count(t, `SELECT count(*) FROM certificates WHERE dues_id = ?`, m.DuesID); n != 1 {
		t.Fatalf("certificates after a duplicate task: %d", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'job.run' AND object_id = ?`, taskID); n != 1 {
		t.Fatalf("job.run audit rows: %d", n)
	}
}
