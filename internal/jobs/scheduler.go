package jobs

import (
	"context"
	"log/slog"
	"strconv"
	"time"
)

// Scheduler enqueues the periodic tasks. The task id carries the hour, so several scheduler
// processes enqueue each hour's task once; the handlers are idempotent besides (reminders are
// claimed in the database), so the extra run each process makes at its start is harmless.
type Scheduler struct {
	Queue *Queue
	Log   *slog.Logger
}

// Tick enqueues what is due at now, under ids made from period (the hour, or a start mark).
func (s *Scheduler) Tick(ctx context.Context, now time.Time) {
	s.tick(ctx, now.UTC().Format("2006-01-02T15"))
	// Scheduled 站内信 are due to the minute: their sweep runs at every tick, not once an hour.
	if err := s.Queue.Enqueue(ctx, TypeBroadcastSweep, struct{}{}, "broadcast-sweep:"+now.UTC().Format("2006-01-02T15:04"), 3, 5*time.Minute); err != nil {
		s.Log.Warn("schedule failed", "task", TypeBroadcastSweep, "err", err)
	}
	// Campaigns (群发邮件) are due to the minute and send in bounded runs: every tick as well.
	if err := s.Queue.Enqueue(ctx, TypeCampaignSweep, struct{}{}, "campaign-sweep:"+now.UTC().Format("2006-01-02T15:04"), 1, 5*time.Minute); err != nil {
		s.Log.Warn("schedule failed", "task", TypeCampaignSweep, "err", err)
	}
}

func (s *Scheduler) tick(ctx context.Context, hour string) {
	for _, t := range []struct{ typ, id string }{
		{TypePaperReminders, "paper-reminders:" + hour},
		{TypeStaffDigest, "staff-digest:" + hour},
		{TypeCleanup, "cleanup:" + hour},
		{TypeDuesGenerate, "dues-generate:" + hour},
		{TypeDuesReminders, "dues-reminders:" + hour},
		{TypeCertificateSweep, "certificate-sweep:" + hour},
		{TypeFeedbackAutoClose, "feedback-autoclose:" + hour},
		{TypeSeatsExpire, "seats-expire:" + hour},
		{TypeEventOffers, "event-offers:" + hour},
		{TypeProjectReminders, "project-reminders:" + hour},
	} {
		if err := s.Queue.Enqueue(ctx, t.typ, struct{}{}, t.id, 3, 5*time.Minute); err != nil {
			s.Log.Warn("schedule failed", "task", t.typ, "err", err)
		}
	}
}

// Run ticks at start and then every interval until ctx ends. The first tick uses ids of its
// own, so a fresh start (say, after the database was recreated) does not wait for the next hour.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	s.tick(ctx, "start-"+strconv.FormatInt(time.Now().UnixNano(), 36))
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
