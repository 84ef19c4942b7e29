package cli

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
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
	profile(log)
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

// profile serves Go's profiler (net/http/pprof) on CPCA_PPROF_ADDR when it is set: a
// loopback address only, for measuring (tests/bench/compare.sh PPROF=1), never exposed.
func profile(log *slog.Logger) {
	addr := os.Getenv("CPCA_PPROF_ADDR")
	if addr == "" {
		return
	}
	if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
		log.Error("CPCA_PPROF_ADDR must be a loopback address", "addr", addr)
		return
	}
	go func() {
		log.Info("profiler listening", "addr", addr)
		if err := http.ListenAndServe(addr, pprofMux()); err != nil {
			log.Error("profiler", "err", err)
		}
	}()
}

// pprofMux is net/http/pprof's handlers on a mux of their own (not http.DefaultServeMux).
func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
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
