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

// backupCmd is `cpca backup [--out DIR|FILE]`: one file holding the database (uploaded files
// included) and its manifest, named cpca-backup-<UTC time>.tar in DIR (the current directory
// if none), or FILE.
func backupCmd(ctx context.Context, cfg config.Config, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dest := fs.String("out", ".", "directory to write cpca-backup-<time>.tar into, or the backup file's path (never overwritten)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := system.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	path, m, err := backup.Backup(ctx, d, cfg.DatabaseURL, *dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup: %s (dump %d bytes, sha256 %s) at migration %s; %d users, %d companies, %d files\n",
		path, m.DumpBytes, m.SHA256, m.Migration, m.Rows["users"], m.Rows["companies"], m.Rows["files"])
	return nil
}
