package jobs

import (
	"context"
	"log/slog"
	"time"

	"cpca/internal/mail"
	"cpca/internal/sms"

	"github.com/uptrace/bun"
)

// Relay hands outbox rows to the queue. Web handlers call Kick after a commit for a quick
// start; the worker's Run sweeps every few seconds, so an email written while Redis was
// down goes out once Redis is back.
type Relay struct {
	DB    *bun.DB
	Queue *Queue
	Log   *slog.Logger
	// Stale is how long a handed-over email may stay queued before it is handed over again.
	Stale time.Duration
}

// Sweep enqueues every pending email; it returns how many were handed over.
func (r *Relay) Sweep(ctx context.Context) (int, error) {
	stale := r.Stale
	if stale == 0 {
		stale = 15 * time.Minute
	}
	ps, err := mail.ClaimPending(ctx, r.DB, stale, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range ps {
		if err := r.Queue.EnqueueEmail(ctx, p.ID, p.Attempts); err != nil {
			r.Log.Warn("enqueue email failed; will retry", "email_id", p.ID, "err", err)
			_ = mail.Unclaim(ctx, r.DB, p.ID)
			continue
		}
		n++
	}
	sids, err := sms.ClaimPending(ctx, r.DB, stale, 200)
	if err != nil {
		return n, err
	}
	for _, id := range sids {
		if err := r.Queue.EnqueueSMS(ctx, id); err != nil {
			r.Log.Warn("enqueue sms failed; will retry", "sms_id", id, "err", err)
			_ = sms.Unclaim(ctx, r.DB, id)
			continue
		}
		n++
	}
	return n, nil
}

// Kick sweeps once in the background, without making the request wait.
func (r *Relay) Kick() {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := r.Sweep(ctx); err != nil {
			r.Log.Warn("outbox sweep failed", "err", err)
		}
	}()
}

// Run sweeps every interval until ctx ends.
func (r *Relay) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.Sweep(ctx); err != nil && ctx.Err() == nil {
			r.Log.Warn("outbox sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
