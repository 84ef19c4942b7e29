package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"cpca/internal/backup"
	"cpca/internal/config"
	"cpca/internal/db"
)

const restoreUsage = "usage: cpca restore FILE --database URL  (or: cpca restore FILE --check)"

// restoreCmd is `cpca restore FILE --database URL` (or --from FILE): check the backup file,
// restore it into a new database (created if missing, refused if it has tables) and check the
// result. It never takes CPCA_DATABASE_URL as the target, so a typo cannot restore over the
// live database. --check only checks the file.
func restoreCmd(ctx context.Context, _ config.Config, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "the backup file (cpca-backup-<time>.tar); may also be given as the first argument")
	target := fs.String("database", "", "URL of the new database to restore into, e.g. postgres://postgres@127.0.0.1:5432/cpca_restored?sslmode=disable")
	check := fs.Bool("check", false, "only check the backup file against its manifest")
	noPriv := fs.Bool("no-privileges", false, "skip the dump's GRANTs (when the roles they name, such as cpca_app, do not exist on this server)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The file may come first: flags after it are parsed too.
	if *from == "" && fs.NArg() > 0 {
		*from = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	if *from == "" || fs.NArg() > 0 {
		return errors.New(restoreUsage)
	}
	if *check {
		m, err := backup.Check(*from)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "restore: %s is intact (made %s from %s at migration %s)\n", *from, m.CreatedAt.Format("2006-01-02 15:04 MST"), m.Database, m.Migration)
		return nil
	}
	if *target == "" {
		return errors.New(restoreUsage)
	}
	d, err := db.Open(ctx, *target)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := backup.Restore(ctx, *from, d, *target, backup.Options{NoPrivileges: *noPriv})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restore: %s restored (migration %s; %d users, %d companies, %d files); point CPCA_DATABASE_URL at it and run cpca migrate up\n",
		*from, m.Migration, m.Rows["users"], m.Rows["companies"], m.Rows["files"])
	return nil
}
