package cli

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"cpca/internal/config"
	"cpca/internal/metrics"
	"cpca/internal/system"
)

// serve runs the web server and, unless --worker=false, the worker and scheduler in the same
// process. It stops on SIGINT/SIGTERM after finishing in-flight requests.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, web Web, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withWorker := fs.Bool("worker", true, "also run the background worker and scheduler")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tuneGC()
	sys, err := system.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sys.Close()
	srv, err := web(*sys)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	if *withWorker {
		w, err := sys.Worker()
		if err != nil {
			return err
		}
		go func() { done <- w.Run(ctx) }()
	} else {
		close(done)
	}
	go func() {
		<-ctx.Done()
		log.Info("shutting down: finishing in-flight requests")
		_ = srv.ShutdownWithTimeout(20 * time.Second)
	}()
	log.Info("listening", "addr", cfg.Addr, "base_url", cfg.BaseURL, "worker", *withWorker)
	if err := srv.Listen(cfg.Addr); err != nil {
		return err
	}
	return <-done
}

// gcPercent and memoryLimit are the web server's garbage collector settings unless GOGC or
// GOMEMLIMIT say otherwise. A page allocates a few thousand short-lived objects while the
// live heap stays near 20 MB, so with Go's default (GOGC=100) the collector ran every few
// dozen requests and took about a seventh of the CPU under load; at 400 it runs a quarter as
// often, and the soft limit makes it collect harder before the heap passes 300 MiB
// (tests/bench/REPORT.md: RSS under load stays under 200 MB).
const (
	gcPercent   = 400
	memoryLimit = 300 << 20
)

// tuneGC applies gcPercent and memoryLimit where the environment does not set them.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// worker runs only the background worker and scheduler.
func worker(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	sys, err := system.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sys.Close()
	w, err := sys.Worker()
	if err != nil {
		return err
	}
	log.Info("worker started", "queue", cfg.Queue)
	if cfg.MetricsAddr != "" {
		go serveMetrics(ctx, cfg, log)
	}
	return w.Run(ctx)
}

// serveMetrics serves a worker's own /metrics (its job failures and sent messages live in
// this process) on CPCA_METRICS_ADDR, with the web server's access rule.
func serveMetrics(ctx context.Context, cfg config.Config, log *slog.Logger) {
	mux := http.NewServeMux()
	h := metrics.Handler()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if !metrics.Allowed(host, r.Header.Get("Authorization"), cfg.MetricsToken) {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
	srv := &http.Server{Addr: cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	log.Info("worker metrics listening", "addr", cfg.MetricsAddr)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Error("worker metrics", "err", err)
	}
}
