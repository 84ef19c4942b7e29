package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"cpca/internal/backup"
	"cpca/internal/config"
	"cpca/internal/system"
)

// backupCmd is `cpca backup --out DIR`: the database (uploaded files included) and its manifest.
func backupCmd(ctx context.Context, cfg config.Config, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dir := fs.String("out", "", "new or empty directory for database.dump and manifest.json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := system.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := backup.Backup(ctx, d, cfg.DatabaseURL, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup: %s (%d bytes, sha256 %s) at migration %s; %d users, %d companies, %d files\n",
		*dir, m.DumpBytes, m.SHA256, m.Migration, m.Rows["users"], m.Rows["companies"], m.Rows["files"])
	return nil
}
