package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"cpca/internal/outbox"
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
	// Interrupted is how long an email may stay sending without its hand-over to the mail
	// server before it goes back in the queue (outbox.InterruptedTimeout if zero).
	Interrupted time.Duration
}

// Sweep hands every pending email and SMS to the queue, claiming outbox.ClaimBatch rows at a
// time and claiming again while rows are left, so a bulk send drains in one sweep instead of a
// few hundred rows per tick. It also puts emails interrupted before their hand-over back in
// the queue and marks rows abandoned after it as unknown. It returns how many rows were
// handed over.
func (r *Relay) Sweep(ctx context.Context) (int, error) {
	stale := r.Stale
	if stale == 0 {
		stale = 15 * time.Minute
	}
	n := 0
	// 推广 texts deferred to 08:00 go back in the queue once it is 08:00 (internal/sms rules).
	if k, err := sms.Release(ctx, r.DB, time.Now()); err != nil {
		return n, err
	} else if k > 0 {
		r.Log.Info("deferred marketing SMS released", "count", k)
	}
	interrupted := r.Interrupted
	if interrupted == 0 {
		interrupted = outbox.InterruptedTimeout
	}
	for _, box := range []struct {
		table   outbox.Table
		enqueue func(context.Context, outbox.Pending) error
	}{
		{outbox.Emails, r.Queue.EnqueueEmail},
		{outbox.SMS, r.Queue.EnqueueSMS},
	} {
		if k, err := outbox.RequeueInterrupted(ctx, r.DB, box.table, interrupted); err != nil {
			return n, err
		} else if k > 0 {
			r.Log.Warn("emails interrupted before their hand-over to the mail server put back in the queue", "table", box.table, "count", k)
		}
		if k, err := outbox.MarkAbandoned(ctx, r.DB, box.table, outbox.SendingTimeout); err != nil {
			return n, err
		} else if k > 0 {
			r.Log.Warn("outbox rows abandoned mid-send marked unknown (状态未知): staff decide whether to resend", "table", box.table, "count", k)
		}
		for {
			ps, err := outbox.Claim(ctx, r.DB, box.table, stale, outbox.ClaimBatch)
			if err != nil {
				return n, err
			}
			done, failed := r.handOver(ctx, ps, box.enqueue)
			n += done
			if len(failed) > 0 {
				r.Log.Warn("enqueue failed; will retry", "table", box.table, "count", len(failed))
				if err := outbox.Unclaim(ctx, r.DB, box.table, failed...); err != nil {
					return n, err
				}
				break // the queue is unwell: the next sweep tries again
			}
			if len(ps) < outbox.ClaimBatch {
				break
			}
		}
	}
	return n, nil
}

// enqueuers is how many enqueue calls run at once: each is one Redis round trip, so a batch
// of 500 takes a few of them in parallel rather than 500 in a row.
const enqueuers = 8

// handOver enqueues ps with a few calls in flight and returns how many succeeded and the ids
// that failed.
func (r *Relay) handOver(ctx context.Context, ps []outbox.Pending, enqueue func(context.Context, outbox.Pending) error) (int, []int64) {
	var (
		mu     sync.Mutex
		done   int
		failed []int64
		wg     sync.WaitGroup
	)
	next := make(chan outbox.Pending)
	for range min(enqueuers, len(ps)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				err := enqueue(ctx, p)
				mu.Lock()
				if err != nil {
					failed = append(failed, p.ID)
				} else {
					done++
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range ps {
		next <- p
	}
	close(next)
	wg.Wait()
	return done, failed
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
