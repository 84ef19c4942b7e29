package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/dues"
	"cpca/internal/outbox"
	"cpca/internal/sms"

	"github.com/hibiken/asynq"
)

// Task types of 会员缴费 and 会员证书.
const (
	TypeCertificate      = "certificate:issue"
	TypeCertificateSweep = "certificate:sweep"
	TypeDuesGenerate     = "dues:generate"
	TypeDuesReminders    = "dues:reminders"
	TypeSMS              = "sms:send"
)

// DuesPayload names a dues row.
type DuesPayload struct {
	DuesID int64 `json:"dues_id"`
}

// SMSPayload names an SMS outbox row.
type SMSPayload struct {
	ID int64 `json:"id"`
}

// EnqueueCertificate asks the worker to issue (or re-issue) the certificate of a paid dues
// row. The id carries a timestamp bucket so a later change is not swallowed by an old task id;
// the handler itself is idempotent.
func (q *Queue) EnqueueCertificate(ctx context.Context, duesID int64, now time.Time) error {
	return q.Enqueue(ctx, TypeCertificate, DuesPayload{DuesID: duesID},
		fmt.Sprintf("certificate:%d:%d", duesID, now.Unix()/60), 10, 2*time.Minute)
}

// EnqueueSMS hands one SMS row to the worker (task ids as in EnqueueEmail).
func (q *Queue) EnqueueSMS(ctx context.Context, p outbox.Pending) error {
	return q.Enqueue(ctx, TypeSMS, SMSPayload{ID: p.ID}, "sms:"+p.Key(), 5, time.Minute)
}

func registerDues(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeCertificate, d.handleCertificate)
	mux.HandleFunc(TypeCertificateSweep, d.handleCertificateSweep)
	mux.HandleFunc(TypeDuesGenerate, d.handleDuesGenerate)
	mux.HandleFunc(TypeDuesReminders, d.handleDuesReminders)
	mux.HandleFunc(TypeSMS, d.handleSMS)
}

func (d *Deps) handleCertificate(ctx context.Context, t *asynq.Task) error {
	var p DuesPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
	}
	if d.Issuer == nil {
		return errors.New("certificate font not loaded (CPCA_FONT)")
	}
	issued, err := d.Issuer.Issue(ctx, d.DB, p.DuesID, d.now())
	if issued {
		d.Log.Info("certificate issued", "dues_id", p.DuesID)
	}
	return err
}

// handleCertificateSweep re-issues certificates whose company name or level changed (and
// issues any that are missing), for this year and last.
func (d *Deps) handleCertificateSweep(ctx context.Context, _ *asynq.Task) error {
	ids, err := certificate.Stale(ctx, d.DB, calendar.Year(d.now())-1, 500)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := d.Queue.EnqueueCertificate(ctx, id, d.now()); err != nil {
			return err
		}
	}
	return nil
}

// handleDuesGenerate creates this year's dues for all members (idempotent); a year without a
// fee schedule is skipped with a warning, staff see it on the finance page.
func (d *Deps) handleDuesGenerate(ctx context.Context, _ *asynq.Task) error {
	year := calendar.Year(d.now())
	n, err := dues.Generate(ctx, d.DB, year)
	var ns dues.ErrNoSchedule
	if errors.As(err, &ns) {
		d.Log.Warn("dues not generated: no fee schedule", "year", year)
		return nil
	}
	if n > 0 {
		d.Log.Info("dues generated", "year", year, "count", n)
	}
	return err
}

func (d *Deps) handleDuesReminders(ctx context.Context, _ *asynq.Task) error {
	n, err := dues.SendReminders(ctx, d.DB, d.Schedule, d.now(), calendar.Zone)
	if n > 0 {
		d.Log.Info("dues reminders sent", "count", n)
	}
	return err
}

func (d *Deps) handleSMS(ctx context.Context, t *asynq.Task) error {
	var p SMSPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
	}
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	return sms.Deliver(ctx, d.DB, d.SMS, p.ID, retried >= maxRetry)
}
