// Package system wires the application once: configuration, database, Redis, the job queue
// and its outbox relay, the policy enforcer, sessions and throttling. The web server (app.New
// takes it as its dependencies), the worker, the command-line tools and the tests all build
// from Open, so nothing is wired twice by hand.
package system

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"cpca/internal/auth"
	"cpca/internal/authz"
	"cpca/internal/campaign"
	"cpca/internal/certificate"
	"cpca/internal/config"
	"cpca/internal/db"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/metrics"
	"cpca/internal/promotion"
	"cpca/internal/session"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"
)

// System is everything but HTTP. Its fields are the web server's dependencies (app.Deps).
type System struct {
	Cfg      config.Config
	DB       *bun.DB
	Redis    redis.UniversalClient
	Queue    *jobs.Queue
	Relay    *jobs.Relay
	Authz    *authz.Enforcer
	Sessions *session.Store
	Throttle *auth.Throttle
	// Inspector shows failed background tasks to staff (后台任务); nil disables the page.
	Inspector *asynq.Inspector
	Log       *slog.Logger
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time

	redisOpt asynq.RedisConnOpt
}

// OpenDB opens only the database: what migrate and the admin tools need.
func OpenDB(ctx context.Context, cfg config.Config) (*bun.DB, error) {
	return db.Open(ctx, cfg.DatabaseURL)
}

// Open connects the database and Redis and builds the shared services.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*System, error) {
	d, err := OpenDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	opt, err := asynq.ParseRedisURI(cfg.RedisURL)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("CPCA_REDIS_URL: %w", err)
	}
	enf, err := authz.New()
	if err != nil {
		d.Close()
		return nil, err
	}
	metrics.WatchDB(d.DB)           // the pool and the outbox backlog on /metrics
	files.SetQuota(cfg.UploadQuota) // the per-company upload quota, for every process that stores files
	applySMSRules(cfg.SMS)
	q := &jobs.Queue{Client: asynq.NewClient(opt), Name: cfg.Queue}
	s := &System{Cfg: cfg, DB: d, Redis: opt.MakeRedisClient().(redis.UniversalClient), Queue: q,
		Relay: &jobs.Relay{DB: d, Queue: q, Log: log, Interrupted: cfg.MailRequeueAfter}, Authz: enf,
		Sessions: &session.Store{DB: d, Idle: cfg.SessionIdle, Max: cfg.SessionMax}, Throttle: auth.NewThrottle(d),
		Inspector: asynq.NewInspector(opt), Log: log, redisOpt: opt}
	return s, nil
}

// Close releases the connections.
func (s *System) Close() {
	if s.Inspector != nil {
		_ = s.Inspector.Close()
	}
	_ = s.Queue.Client.Close()
	_ = s.Redis.Close()
	_ = s.DB.Close()
}

// Clock is the system's time.
func (s *System) Clock() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Promotion is the 会员晋升 thresholds of the configuration.
func (s *System) Promotion() promotion.Rules {
	p := s.Cfg.Promotion
	if p.QuorumDen == 0 { // a Config built by hand (tests): the defaults
		return promotion.DefaultRules
	}
	return promotion.Rules{MinYears: p.MinYears, Quorum: promotion.Fraction{Num: p.QuorumNum, Den: p.QuorumDen},
		Majority:       promotion.Fraction{Num: p.MajorityNum, Den: p.MajorityDen},
		CouncilShare:   promotion.Fraction{Num: p.CouncilNum, Den: p.CouncilDen},
		StandingShare:  promotion.Fraction{Num: p.StandingNum, Den: p.StandingDen},
		VicePresidents: p.VicePresidents, Presidents: p.Presidents}
}

// Mailing is what application emails say about the paper documents and the site.
func (s *System) Mailing() membership.Mailing {
	return membership.Mailing{Address: s.Cfg.PaperAddress, BaseURL: s.Cfg.BaseURL}
}

// WorkerOption changes one part of the worker (tests give their own SMTP sender or clock).
type WorkerOption func(*jobs.Worker)

// WithSender sends the worker's emails through snd.
func WithSender(snd mail.Sender) WorkerOption { return func(w *jobs.Worker) { w.Deps.Sender = snd } }

// WithClock gives the worker's periodic tasks their own clock.
func WithClock(now func() time.Time) WorkerOption { return func(w *jobs.Worker) { w.Deps.Now = now } }

// Worker builds the background worker: task handlers, outbox relay and scheduler. The mail
// server, the certificate font and the dues schedule come from the configuration.
func (s *System) Worker(opts ...WorkerOption) (*jobs.Worker, error) {
	snd, err := s.sender()
	if err != nil {
		return nil, err
	}
	font, err := certificate.LoadFont(s.Cfg.Font)
	if err != nil {
		return nil, fmt.Errorf("CPCA_FONT: %w", err)
	}
	schedule := dues.Schedule{DeadlineMonth: s.Cfg.DuesDeadline.Month, DeadlineDay: s.Cfg.DuesDeadline.Day,
		Points: s.Cfg.DuesReminderDays, BaseURL: s.Cfg.BaseURL}
	deps := &jobs.Deps{DB: s.DB, Sender: snd, MailFrom: s.Cfg.MailFrom, ReminderDays: s.Cfg.PaperReminderDays,
		Mailing: s.Mailing(), Sessions: s.Sessions, Log: s.Log, Queue: s.Queue, Now: s.Now,
		Issuer: &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: s.Cfg.BaseURL},
		SMS:    s.SMSProvider(), Schedule: schedule, FeedbackAutoCloseDays: s.Cfg.FeedbackAutoCloseDays,
		ProjectRemindDays: s.Cfg.ProjectRemindDays}
	w := &jobs.Worker{Redis: s.redisOpt, Queue: s.Queue, Deps: deps, Log: s.Log, Relay: s.Relay,
		Scheduler: &jobs.Scheduler{Queue: s.Queue, Log: s.Log}}
	for _, o := range opts {
		o(w)
	}
	// After the options, so a test's sender sends the campaigns too.
	deps.Campaigns = campaign.NewRunner(s.DB, deps.Sender, s.Cfg.MailFrom, s.Cfg.BaseURL, campaign.LimitsFromEnv(), s.Log)
	return w, nil
}

func (s *System) sender() (mail.Sender, error) {
	if s.Cfg.SMTPURL == "" {
		s.Log.Warn("CPCA_SMTP_URL is not set: emails are written to the log and recorded as not sent")
		return mail.LogSender{Log: s.Log}, nil
	}
	return mail.NewSMTPSender(s.Cfg.SMTPURL)
}
