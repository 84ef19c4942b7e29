package jobs

import (
	"context"
	"log/slog"
	"time"

	"cpca/internal/outbox"

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

// Sweep hands every pending email and SMS to the queue; it returns how many were handed over.
func (r *Relay) Sweep(ctx context.Context) (int, error) {
	stale := r.Stale
	if stale == 0 {
		stale = 15 * time.Minute
	}
	n := 0
	for _, box := range []struct {
		table   outbox.Table
		enqueue func(context.Context, outbox.Pending) error
	}{
		{outbox.Emails, r.Queue.EnqueueEmail},
		{outbox.SMS, r.Queue.EnqueueSMS},
	} {
		ps, err := outbox.Claim(ctx, r.DB, box.table, stale, 200)
		if err != nil {
			return n, err
		}
		for _, p := range ps {
			if err := box.enqueue(ctx, p); err != nil {
				r.Log.Warn("enqueue failed; will retry", "table", box.table, "id", p.ID, "err", err)
				_ = outbox.Unclaim(ctx, r.DB, box.table, p.ID)
				continue
			}
			n++
		}
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
