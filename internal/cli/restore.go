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

// restoreCmd is `cpca restore --from DIR --database URL`: check the backup, restore it into a
// new database (created if missing, refused if it has tables) and check the result. It never
// takes CPCA_DATABASE_URL as the target, so a typo cannot restore over the live database.
func restoreCmd(ctx context.Context, _ config.Config, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dir := fs.String("from", "", "backup directory (manifest.json and database.dump)")
	target := fs.String("database", "", "URL of the new database to restore into, e.g. postgres://postgres@127.0.0.1:5432/cpca_restored?sslmode=disable")
	check := fs.Bool("check", false, "only check the backup against its manifest")
	noPriv := fs.Bool("no-privileges", false, "skip the dump's GRANTs (when the roles they name, such as cpca_app, do not exist on this server)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *check {
		m, err := backup.Check(*dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "restore: %s is intact (made %s from %s at migration %s)\n", *dir, m.CreatedAt.Format("2006-01-02 15:04 MST"), m.Database, m.Migration)
		return nil
	}
	if *dir == "" || *target == "" {
		return errors.New("usage: cpca restore --from DIR --database URL")
	}
	d, err := db.Open(ctx, *target)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := backup.Restore(ctx, *dir, d, *target, backup.Options{NoPrivileges: *noPriv})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restore: %s restored (migration %s; %d users, %d companies, %d files); point CPCA_DATABASE_URL at it and run cpca migrate up\n",
		*dir, m.Migration, m.Rows["users"], m.Rows["companies"], m.Rows["files"])
	return nil
}
