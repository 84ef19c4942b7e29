package jobs

import (
	"context"
	"log/slog"
	"time"
)

// Scheduler enqueues the periodic tasks. The task id carries the period (hour or day), so two
// scheduler processes enqueue each period's task once; the handlers are idempotent besides.
type Scheduler struct {
	Queue *Queue
	Log   *slog.Logger
}

// Tick enqueues what is due at now.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) {
	hour := now.UTC().Format("2006-01-02T15")
	for _, t := range []struct{ typ, id string }{
		{TypePaperReminders, "paper-reminders:" + hour},
		{TypeStaffDigest, "staff-digest:" + hour},
		{TypeCleanup, "cleanup:" + hour},
		{TypeDuesGenerate, "dues-generate:" + hour},
		{TypeDuesReminders, "dues-reminders:" + hour},
		{TypeCertificateSweep, "certificate-sweep:" + hour},
	} {
		if err := s.Queue.Enqueue(ctx, t.typ, struct{}{}, t.id, 3, 5*time.Minute); err != nil {
			s.Log.Warn("schedule failed", "task", t.typ, "err", err)
		}
	}
}

// Run ticks at start and then every interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Tick(ctx, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
