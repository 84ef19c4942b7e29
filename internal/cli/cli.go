// Package cli is the command line of the one binary, cpca: one file per subcommand (as
// miniflux's internal/cli). main only hands over the arguments and the web server's
// constructor (app.New), so this package never imports app.
package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"cpca/internal/config"
	"cpca/internal/logging"
	"cpca/internal/system"

	"github.com/gofiber/fiber/v2"
)

// Web builds the HTTP server from the wired system (app.New).
type Web func(system.System) (*fiber.App, error)

const usage = `usage: cpca <command>

  serve [--worker=false]   web server (with the worker and scheduler unless --worker=false)
  worker                   background worker and scheduler only
  migrate up|down|status   database migrations
  admin create --username NAME --email ADDR [--role membership|finance|events|info|sysadmin]
                           create a staff account; password from CPCA_ADMIN_PASSWORD or stdin
                           (at least 8 characters, not a common password, not containing the username)
  admin reset-password --username NAME
                           set a user's password (same source) and end the user's sessions
  backup [--out DIR|FILE]  one file, DIR/cpca-backup-<UTC time>.tar (DIR: . if not given) or
                           FILE: manifest.json (migration level, row counts, sha256) and a
                           pg_dump (custom format) of the database, uploaded files included
  restore FILE --database URL [--no-privileges]
                           check FILE against its manifest and restore it into URL, a new
                           empty database (restore FILE --check: only check it)
  demo [--existing]        create the database with demo data (only a database it creates
                           itself; --existing seeds an existing database that has no users)
`

// Main runs the subcommand in args (os.Args[1:]) and returns the exit code.
func Main(args []string, web Web) int {
	if len(args) < 1 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Every subcommand reads the whole configuration first, so a bad value stops any of them
	// at start with a message naming the variable.
	cfg, err := config.Load()
	if err != nil && args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintln(os.Stderr, "cpca:", err)
		return 1
	}
	log := logging.New(cfg.LogFormat, os.Stderr, slog.LevelInfo) // CPCA_LOG_FORMAT=json for a collector
	switch args[0] {
	case "serve":
		err = serve(ctx, cfg, log, web, args[1:])
	case "worker":
		err = worker(ctx, cfg, log)
	case "migrate":
		err = migrate(ctx, cfg, os.Stdout, args[1:])
	case "admin":
		err = admin(ctx, cfg, os.Stdin, os.Stdout, args[1:])
	case "demo":
		err = seedDemo(ctx, cfg, os.Stdout, args[1:])
	case "backup":
		err = backupCmd(ctx, cfg, os.Stdout, args[1:])
	case "restore":
		err = restoreCmd(ctx, cfg, os.Stdout, args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpca:", err)
		return 1
	}
	return 0
}
