package mail

import (
	"context"
	"testing"
	"time"

	"cpca/internal/jobs"
	"cpca/internal/outbox"

	"github.com/hibiken/asynq"
)

// BenchmarkRelay5000 measures how fast the relay hands a bulk send to the queue: 5,000 queued
// emails, one Sweep (claims of outbox.ClaimBatch, enqueues in parallel), reported as rows/s.
// BenchmarkRelay5000Serial is the old shape for comparison: claims of 200, one enqueue after
// the other (and before, one such claim per 5 s tick).
func BenchmarkRelay5000(b *testing.B) {
	relay := &jobs.Relay{DB: env.DB, Queue: benchQueue, Log: env.Log}
	benchRelay(b, func(ctx context.Context) (int, error) { return relay.Sweep(ctx) })
}

func BenchmarkRelay5000Serial(b *testing.B) {
	benchRelay(b, func(ctx context.Context) (int, error) {
		n := 0
		for {
			ps, err := outbox.Claim(ctx, env.DB, outbox.Emails, 15*time.Minute, 200)
			if err != nil {
				return n, err
			}
			for _, p := range ps {
				if err := benchQueue.EnqueueEmail(ctx, p); err != nil {
					return n, err
				}
				n++
			}
			if len(ps) < 200 {
				return n, nil
			}
		}
	})
}

// benchQueue is a queue no worker listens on, so the tasks stay put and are deleted after.
var benchQueue = &jobs.Queue{Name: "bench-relay"}

func benchRelay(b *testing.B, sweep func(context.Context) (int, error)) {
	ctx := context.Background()
	const rows = 5000
	opt, err := asynq.ParseRedisURI(env.Cfg.RedisURL)
	if err != nil {
		b.Fatal(err)
	}
	insp := asynq.NewInspector(opt)
	defer insp.Close()
	benchQueue.Client, benchQueue.Name = env.Queue.Client, env.Cfg.Queue+"-bench"
	defer func() { _ = insp.DeleteQueue(benchQueue.Name, true) }()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := env.DB.NewRaw(`DELETE FROM emails WHERE kind = 'bench'`).Exec(ctx); err != nil {
			b.Fatal(err)
		}
		_, _ = insp.DeleteAllPendingTasks(benchQueue.Name)
		if _, err := env.DB.NewRaw(`INSERT INTO emails (to_addr, subject, body, kind)
			SELECT 'bench' || g || '@example.com', '群发测试', '正文', 'bench' FROM generate_series(1, ?) g`, rows).Exec(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		n, err := sweep(ctx)
		total += time.Since(start)
		if err != nil || n < rows {
			b.Fatalf("relayed %d of %d: %v", n, rows, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/total.Seconds(), "rows/s")
	b.StopTimer()
	_, _ = env.DB.NewRaw(`DELETE FROM emails WHERE kind = 'bench'`).Exec(ctx)
}
