package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"cpca/internal/config"
	"cpca/internal/db"
	"cpca/internal/demo"
	"cpca/internal/membership"
)

// seedDemo seeds the demo data (users with a known password!) only into a database it creates
// itself, so `make run` pointed at an existing database never adds demo logins to it;
// --existing seeds an existing database that has no users, on purpose.
func seedDemo(ctx context.Context, cfg config.Config, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	existing := fs.Bool("existing", false, "seed an existing database that has no users")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, created, err := db.OpenCreated(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if !created && !*existing {
		fmt.Fprintln(out, "demo: the database already existed; no demo data added (cpca demo --existing seeds an existing empty database)")
		return nil
	}
	if _, err := db.Migrate(ctx, d); err != nil {
		return err
	}
	added, err := demo.Seed(ctx, d, membership.Mailing{Address: cfg.PaperAddress, BaseURL: cfg.BaseURL})
	if err != nil {
		return err
	}
	if !added {
		fmt.Fprintln(out, "demo: the database already has users; nothing added")
		return nil
	}
	if created {
		fmt.Fprintln(out, "demo: created a new database with demo data and demo logins (password Demo#2026cpca)")
	} else {
		fmt.Fprintln(out, "demo: demo data and demo logins (password Demo#2026cpca) added to the existing empty database")
	}
	return nil
}
