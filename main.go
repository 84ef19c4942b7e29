// Command cpca is the CPCA membership system: one binary for the web server, the worker and
// the tools. main only parses the subcommand and hands over.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"cpca/app"
	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/authz"
	"cpca/internal/certificate"
	"cpca/internal/config"
	"cpca/internal/db"
	"cpca/internal/demo"
	"cpca/internal/dues"
	"cpca/internal/jobs"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/session"
	"cpca/internal/sms"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"
)

const usage = `usage: cpca <command>

  serve [--worker=false]   web server (with the worker and scheduler unless --worker=false)
  worker                   background worker and scheduler only
  migrate up|down|status   database migrations
  admin create --username NAME --email ADDR
                           create a staff account; password from CPCA_ADMIN_PASSWORD or stdin
                           (at least 8 characters, not a common password, not containing the username)
  admin reset-password --username NAME
                           set a user's password (same source) and end the user's sessions
  demo                     seed demo data into an empty database (idempotent)
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, log, os.Args[2:])
	case "worker":
		err = worker(ctx, log)
	case "migrate":
		err = migrate(ctx, os.Args[2:])
	case "admin":
		err = adminCmd(ctx, os.Args[2:])
	case "demo":
		err = seedDemo(ctx)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpca:", err)
		os.Exit(1)
	}
}

// services opens what every command needs: configuration and the database.
func services(ctx context.Context) (config.Config, *bun.DB, error) {
	cfg, err := config.Load()
	if err != nil {
		return cfg, nil, err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	return cfg, d, err
}

func redisOpt(cfg config.Config) (asynq.RedisConnOpt, redis.UniversalClient, error) {
	opt, err := asynq.ParseRedisURI(cfg.RedisURL)
	if err != nil {
		return nil, nil, fmt.Errorf("CPCA_REDIS_URL: %w", err)
	}
	return opt, opt.MakeRedisClient().(redis.UniversalClient), nil
}

func sender(cfg config.Config, log *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPURL == "" {
		log.Warn("CPCA_SMTP_URL is not set: emails are written to the log and recorded as not sent")
		return mail.LogSender{Log: log}, nil
	}
	return mail.NewSMTPSender(cfg.SMTPURL)
}

func newWorker(cfg config.Config, d *bun.DB, log *slog.Logger, opt asynq.RedisConnOpt, q *jobs.Queue) (*jobs.Worker, error) {
	s, err := sender(cfg, log)
	if err != nil {
		return nil, err
	}
	font, err := certificate.LoadFont(cfg.Font)
	if err != nil {
		return nil, fmt.Errorf("CPCA_FONT: %w", err)
	}
	schedule, err := dues.ParseSchedule(cfg.DuesDeadline, cfg.DuesReminders)
	if err != nil {
		return nil, fmt.Errorf("CPCA_DUES_REMINDERS: %w", err)
	}
	schedule.BaseURL = cfg.BaseURL
	deps := &jobs.Deps{DB: d, Sender: s, MailFrom: cfg.MailFrom, ReminderDays: cfg.PaperReminderDays,
		Mailing:  membership.Mailing{Address: cfg.PaperAddress, BaseURL: cfg.BaseURL},
		Sessions: &session.Store{DB: d, Idle: cfg.SessionIdle}, Log: log, Queue: q,
		Issuer: &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: cfg.BaseURL},
		SMS:    sms.LogProvider{Log: log}, Schedule: schedule}
	return &jobs.Worker{Redis: opt, Queue: q, Deps: deps, Log: log,
		Relay:     &jobs.Relay{DB: d, Queue: q, Log: log},
		Scheduler: &jobs.Scheduler{Queue: q, Log: log}}, nil
}

func serve(ctx context.Context, log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withWorker := fs.Bool("worker", true, "also run the background worker and scheduler")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	opt, rdb, err := redisOpt(cfg)
	if err != nil {
		return err
	}
	defer rdb.Close()
	q := &jobs.Queue{Client: asynq.NewClient(opt), Name: cfg.Queue}
	defer q.Client.Close()
	enf, err := authz.New()
	if err != nil {
		return err
	}
	web, err := app.New(app.Deps{Cfg: cfg, DB: d, Redis: rdb, Queue: q, Relay: &jobs.Relay{DB: d, Queue: q, Log: log},
		Authz: enf, Sessions: &session.Store{DB: d, Idle: cfg.SessionIdle}, Throttle: auth.NewThrottle(d), Log: log,
		Inspector: asynq.NewInspector(opt)})
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	if *withWorker {
		w, err := newWorker(cfg, d, log, opt, q)
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
		_ = web.ShutdownWithTimeout(20 * time.Second)
	}()
	log.Info("listening", "addr", cfg.Addr, "base_url", cfg.BaseURL, "worker", *withWorker)
	if err := web.Listen(cfg.Addr); err != nil {
		return err
	}
	if err := <-done; err != nil {
		return err
	}
	return nil
}

func worker(ctx context.Context, log *slog.Logger) error {
	cfg, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	opt, rdb, err := redisOpt(cfg)
	if err != nil {
		return err
	}
	defer rdb.Close()
	q := &jobs.Queue{Client: asynq.NewClient(opt), Name: cfg.Queue}
	defer q.Client.Close()
	w, err := newWorker(cfg, d, log, opt, q)
	if err != nil {
		return err
	}
	log.Info("worker started", "queue", cfg.Queue)
	return w.Run(ctx)
}

func migrate(ctx context.Context, args []string) error {
	cmd := "up"
	if len(args) > 0 {
		cmd = args[0]
	}
	_, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	switch cmd {
	case "up":
		names, err := db.Migrate(ctx, d)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Println("migrate: database is up to date")
		}
		for _, n := range names {
			fmt.Println("migrate: applied", n)
		}
	case "down":
		names, err := db.Rollback(ctx, d)
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Println("migrate: rolled back", n)
		}
	case "status":
		lines, err := db.Status(ctx, d)
		if err != nil {
			return err
		}
		fmt.Println(strings.Join(lines, "\n"))
	default:
		return fmt.Errorf("migrate: unknown command %q (want up, down or status)", cmd)
	}
	return nil
}

func adminCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "reset-password" {
		return resetPassword(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: cpca admin create --username NAME --email ADDR | cpca admin reset-password --username NAME")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	email := fs.String("email", "", "email address")
	name := fs.String("name", "协会管理员", "display name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *username == "" || !membership.ValidEmail(*email) {
		return errors.New("admin create: --username and a valid --email are required")
	}
	password, err := readPassword(*username)
	if err != nil {
		return fmt.Errorf("admin create: %v", err)
	}
	_, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	u := &account.User{Username: *username, Email: *email, Name: *name}
	if err := account.CreateStaff(ctx, d, u, password, audit.CLI); err != nil {
		return fmt.Errorf("admin create: %w", err)
	}
	fmt.Printf("admin %q created (id %d)\n", u.Username, u.ID)
	return nil
}

func seedDemo(ctx context.Context) error {
	cfg, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := db.Migrate(ctx, d); err != nil {
		return err
	}
	added, err := demo.Seed(ctx, d, membership.Mailing{Address: cfg.PaperAddress, BaseURL: cfg.BaseURL})
	if err != nil {
		return err
	}
	if !added {
		fmt.Println("demo: the database already has users; nothing added")
		return nil
	}
	fmt.Println("demo: demo data added")
	return nil
}

// passwordHint is auth.Hint for the terminal.
const passwordHint = "at least 8 characters; a long sentence, Chinese or with spaces, is welcome; not a common password, not containing the username"

// readPassword takes the password from CPCA_ADMIN_PASSWORD or a line on stdin and checks it
// against the rules (account checks them again where it stores it).
func readPassword(username string) (string, error) {
	password := os.Getenv("CPCA_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprintf(os.Stderr, "password (%s): ", passwordHint)
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password (set CPCA_ADMIN_PASSWORD or type it on stdin)")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if err := auth.CheckRules(password, username); err != nil {
		return "", fmt.Errorf("%v (%s)", err, passwordHint)
	}
	return password, nil
}

// resetPassword is what staff do for a member who is locked out or forgot the password:
// account.ResetPassword sets it, ends every session of the user and audits it.
func resetPassword(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("admin reset-password", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("admin reset-password: --username is required")
	}
	password, err := readPassword(*username)
	if err != nil {
		return fmt.Errorf("admin reset-password: %v", err)
	}
	_, d, err := services(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	u, ended, err := account.ResetPassword(ctx, d, *username, password, audit.CLI)
	if err != nil {
		return fmt.Errorf("admin reset-password: %s: %w", *username, err)
	}
	fmt.Printf("password of %q reset; %d session(s) ended\n", u.Username, ended)
	return nil
}
