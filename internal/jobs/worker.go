package jobs

import (
	"context"
	"log/slog"
	"time"

	"cpca/internal/metrics"

	"github.com/hibiken/asynq"
)

// Worker runs the asynq server with the handlers, the outbox relay and the scheduler.
type Worker struct {
	Redis     asynq.RedisConnOpt
	Queue     *Queue
	Deps      *Deps
	Relay     *Relay
	Scheduler *Scheduler
	Log       *slog.Logger
	// Concurrency is how many tasks run at once.
	Concurrency int
	// ShutdownTimeout is how long a stopping worker lets running tasks finish (ShutdownGrace
	// if zero); asynq then cancels them and puts them back in the queue, which the outbox's
	// sending state and hand-over make harmless.
	ShutdownTimeout time.Duration
}

// ShutdownGrace is how long a stopping worker (SIGTERM) lets running tasks finish: longer
// than one whole SMTP conversation (30 s, internal/mail) and the writes around it, so a send
// in flight ends with its outcome recorded. A process manager must wait at least this long
// before it kills (docker stop -t 45, systemd's TimeoutStopSec default of 90 s is enough).
const ShutdownGrace = 40 * time.Second

// Run blocks until ctx ends, then stops taking tasks, lets running ones finish (up to
// ShutdownTimeout) and returns.
func (w *Worker) Run(ctx context.Context) error {
	if w.Concurrency == 0 {
		w.Concurrency = 4
	}
	if w.ShutdownTimeout == 0 {
		w.ShutdownTimeout = ShutdownGrace
	}
	srv := asynq.NewServer(w.Redis, asynq.Config{
		Concurrency:     w.Concurrency,
		Queues:          map[string]int{w.Queue.Name: 1},
		ShutdownTimeout: w.ShutdownTimeout,
		Logger:          asynqLogger{w.Log},
		RetryDelayFunc: func(n int, _ error, _ *asynq.Task) time.Duration {
			// 10 s, 20 s, 40 s ... capped at 30 min.
			d := 10 * time.Second << min(n, 8)
			return min(d, 30*time.Minute)
		},
		ErrorHandler: taskFailed(w.Log),
	})
	mux := asynq.NewServeMux()
	Register(mux, w.Deps)
	if err := srv.Start(mux); err != nil {
		return err
	}
	bg, stop := context.WithCancel(ctx)
	defer stop()
	go w.Relay.Run(bg, 5*time.Second)
	go w.Scheduler.Run(bg, time.Minute) // scheduled 站内信 are due to the minute
	<-ctx.Done()
	w.Log.Info("worker stopping: finishing running tasks")
	srv.Shutdown()
	return nil
}

// taskFailed counts a failed task in cpca_job_failures_total (by type) and logs it.
func taskFailed(log *slog.Logger) asynq.ErrorHandlerFunc {
	return func(ctx context.Context, t *asynq.Task, err error) {
		metrics.JobFailures.WithLabelValues(t.Type()).Inc()
		log.Warn("task failed", "type", t.Type(), "err", err)
	}
}

type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) {}
func (a asynqLogger) Info(args ...any)  { a.l.Info("asynq", "msg", args) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn("asynq", "msg", args) }
func (a asynqLogger) Error(args ...any) { a.l.Error("asynq", "msg", args) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error("asynq fatal", "msg", args) }
