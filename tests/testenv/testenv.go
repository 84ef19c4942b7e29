// Package testenv builds the real application against the real PostgreSQL and Redis for
// tests: each test package gets its own fresh database and its own asynq queue name.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"cpca/app"
	"cpca/internal/auth"
	"cpca/internal/config"
	"cpca/internal/db"
	"cpca/internal/jobs"
	"cpca/internal/ratelimit"
	"cpca/internal/system"
	"cpca/internal/uscc"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"
)

// Env is one test package's application.
type Env struct {
	Cfg   config.Config
	Sys   *system.System // the wired system the app was built from (as cpca serve builds it)
	DB    *bun.DB
	App   *fiber.App
	Queue *jobs.Queue
	Redis redis.UniversalClient
	Relay *jobs.Relay
	Log   *slog.Logger
	dsn   string
	Now   func() time.Time
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Setup creates a fresh database named after the package, migrates it and builds the app.
// Call it from TestMain and Close the env after m.Run.
func Setup(name string) (*Env, error) {
	auth.Cost = 4 // bcrypt's minimum: the suite logs in hundreds of times
	// The suite registers hundreds of companies from one address; tests/security checks the
	// real limit by setting it back.
	ratelimit.RegisterIP.Limit = 1 << 20
	base := os.Getenv("CPCA_TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	dbName := fmt.Sprintf("cpca_test_%s_%s", name, randHex(4))
	dsn := strings.Replace(base, "/postgres?", "/"+dbName+"?", 1)
	os.Setenv("CPCA_DATABASE_URL", dsn)
	os.Setenv("CPCA_QUEUE", "test-"+name+"-"+randHex(4))
	os.Setenv("CPCA_BASE_URL", "http://cpca.test")
	os.Setenv("CPCA_SMS_RECEIPT_SECRET", SMSReceiptSecret)
	os.Setenv("CPCA_PROXY_HEADER", "X-Forwarded-For")
	os.Setenv("CPCA_TRUSTED_PROXIES", "0.0.0.0,127.0.0.1")      // app.Test's connection, and loopback
	os.Setenv("CPCA_METRICS_TOKEN", "test-metrics-"+randHex(8)) // /metrics with a bearer token
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("CPCA_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	sys, err := system.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, sys.DB); err != nil {
		return nil, err
	}
	e := &Env{Cfg: cfg, Sys: sys, DB: sys.DB, Queue: sys.Queue, Redis: sys.Redis, Relay: sys.Relay, Log: log, dsn: dsn}
	sys.Now = func() time.Time {
		if e.Now != nil {
			return e.Now()
		}
		return time.Now()
	}
	if e.App, err = app.New(*sys); err != nil {
		return nil, err
	}
	return e, nil
}

// Close drops the package's database and the queue's keys.
func (e *Env) Close() {
	ctx := context.Background()
	_ = e.Sys.Inspector.DeleteQueue(e.Cfg.Queue, true)
	e.Sys.Close()
	_ = db.Drop(ctx, e.dsn)
}

// Run is the body of a TestMain.
func Run(m *testing.M, name string, env **Env) {
	e, err := Setup(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testenv:", err)
		os.Exit(1)
	}
	*env = e
	code := m.Run()
	e.Close()
	os.Exit(code)
}

// USCC returns a fresh valid credit code.
func USCC() string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	p := []byte("91440300MA")
	for len(p) < 17 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		p = append(p, alphabet[n.Int64()])
	}
	return string(p) + string(uscc.CheckChar(string(p)))
}

// Name returns a unique short name with a prefix (usernames, company names).
func Name(prefix string) string { return prefix + randHex(4) }

// SMSReceiptSecret is the test installation's CPCA_SMS_RECEIPT_SECRET (the path segment of the
// SMS receipt webhooks).
const SMSReceiptSecret = "test-receipt-secret-0123456789"
