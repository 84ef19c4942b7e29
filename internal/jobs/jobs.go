// Package jobs runs background work on asynq: email delivery, reminders and clean-up. Each
// task has a type name, a payload, a constructor and a handler; Register wires them, and
// Enqueue sets queue, retries, timeout and a unique id in one place.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/campaign"
	"cpca/internal/certificate"
	"cpca/internal/dues"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/outbox"
	"cpca/internal/session"
	"cpca/internal/sms"

	"github.com/hibiken/asynq"
	"github.com/uptrace/bun"
)

// Task type names.
const (
	TypeEmail          = "email:send"
	TypePaperReminders = "reminders:paper"
	TypeStaffDigest    = "reminders:staff-digest"
	TypeCleanup        = "maintenance:cleanup"
)

// Deps is what the handlers need.
type Deps struct {
	DB           *bun.DB
	Sender       mail.Sender
	MailFrom     string
	Mailing      membership.Mailing
	ReminderDays int
	Sessions     *session.Store
	Log          *slog.Logger
	Now          func() time.Time
	// 会员缴费 and 会员证书
	Queue    *Queue
	Issuer   *certificate.Issuer
	SMS      sms.Provider
	Schedule dues.Schedule
	// 反馈建议管理: days after 已解决 until the automatic closing
	FeedbackAutoCloseDays int
	// 项目申报: days before a deadline a company that asked 提醒我 is reminded
	ProjectRemindDays int
	// 群发邮件 (邮件管理): the campaign runner, with the process's throttle
	Campaigns *campaign.Runner
}

// Queue wraps the asynq client with this project's options.
type Queue struct {
	Client *asynq.Client
	Name   string
}

// MaxEmailRetry is how often a failed email is retried before it is recorded as failed.
const MaxEmailRetry = 8

// Enqueue puts a task on the queue under a unique id; a duplicate id is not an error.
func (q *Queue) Enqueue(ctx context.Context, typ string, payload any, id string, retry int, timeout time.Duration) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	_, err = q.Client.EnqueueContext(ctx, asynq.NewTask(typ, b), asynq.Queue(q.Name), asynq.TaskID(id),
		asynq.MaxRetry(retry), asynq.Timeout(timeout), asynq.Retention(24*time.Hour))
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	return err
}

// EmailPayload names the outbox row to deliver.
type EmailPayload struct {
	ID int64 `json:"id"`
}

// EnqueueEmail hands one outbox row to the worker. asynq keeps a finished task's id for a
// day, so the id says which row (id and creation time: ids repeat when a database is
// recreated) and how many attempts it had: an email requeued after a failed or unsent attempt
// gets a new task, a repeated hand-over of a waiting one does not.
func (q *Queue) EnqueueEmail(ctx context.Context, p outbox.Pending) error {
	return q.Enqueue(ctx, TypeEmail, EmailPayload{ID: p.ID}, "email:"+p.Key(), MaxEmailRetry, time.Minute)
}

// Register wires every handler onto mux.
func Register(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeEmail, d.handleEmail)
	mux.HandleFunc(TypePaperReminders, d.handlePaperReminders)
	mux.HandleFunc(TypeStaffDigest, d.handleStaffDigest)
	mux.HandleFunc(TypeCleanup, d.handleCleanup)
	mux.HandleFunc(TypeBroadcastSweep, d.handleBroadcastSweep)
	registerDues(mux, d)
	mux.HandleFunc(TypeFeedbackAutoClose, d.handleFeedbackAutoClose)
	registerPromotion(mux, d)
	registerEvents(mux, d)
	registerProjects(mux, d)
	mux.HandleFunc(TypeCampaignSweep, d.handleCampaignSweep)
	registerImports(mux, d)
}

func (d *Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deps) handleEmail(ctx context.Context, t *asynq.Task) error {
	var p EmailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
	}
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	err := mail.Deliver(ctx, d.DB, d.Sender, d.MailFrom, p.ID, retried >= maxRetry)
	if err != nil {
		d.Log.Warn("email delivery failed", "email_id", p.ID, "attempt", retried+1, "err", err)
	}
	return err
}

func (d *Deps) handlePaperReminders(ctx context.Context, _ *asynq.Task) error {
	n, err := membership.SendPaperReminders(ctx, d.DB, d.Mailing, d.ReminderDays, d.now())
	if n > 0 {
		d.Log.Info("paper reminders queued", "count", n)
	}
	return err
}

func (d *Deps) handleStaffDigest(ctx context.Context, _ *asynq.Task) error {
	if d.now().In(calendar.Zone).Hour() < 9 {
		return nil // the digest goes out in office hours, once a day
	}
	n, err := membership.SendStaffDigest(ctx, d.DB, d.Mailing, d.ReminderDays, d.now())
	if n > 0 {
		d.Log.Info("staff digest queued", "count", n)
	}
	return err
}

func (d *Deps) handleCleanup(ctx context.Context, _ *asynq.Task) error {
	if _, err := d.Sessions.Purge(ctx); err != nil {
		return err
	}
	if err := membership.PurgeDrafts(ctx, d.DB); err != nil {
		return err
	}
	// Login attempts matter for 15 minutes of throttling; the audit log keeps the history.
	_, err := d.DB.NewRaw(`DELETE FROM login_attempts WHERE at < now() - interval '30 days'`).Exec(ctx)
	return err
}
