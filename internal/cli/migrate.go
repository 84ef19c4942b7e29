package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"cpca/internal/config"
	"cpca/internal/db"
	"cpca/internal/system"
)

// migrate runs the embedded SQL migrations: up (default), down (the last one) or status.
func migrate(ctx context.Context, cfg config.Config, out io.Writer, args []string) error {
	cmd := "up"
	if len(args) > 0 {
		cmd = args[0]
	}
	d, err := system.OpenDB(ctx, cfg)
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
			fmt.Fprintln(out, "migrate: database is up to date")
		}
		for _, n := range names {
			fmt.Fprintln(out, "migrate: applied", n)
		}
	case "down":
		names, err := db.Rollback(ctx, d)
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Fprintln(out, "migrate: rolled back", n)
		}
	case "status":
		lines, err := db.Status(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, strings.Join(lines, "\n"))
	default:
		return fmt.Errorf("migrate: unknown command %q (want up, down or status)", cmd)
	}
	return nil
}
