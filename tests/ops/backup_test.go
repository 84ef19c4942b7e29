package ops

import (
	"archive/tar"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpca/app"
	"cpca/internal/account"
	"cpca/internal/backup"
	"cpca/internal/certificate"
	"cpca/internal/cli"
	"cpca/internal/db"
	"cpca/internal/system"
	"cpca/tests/testenv"
)

// A member with an issued certificate; `cpca backup` into a directory writes one file, a tar
// of manifest.json and the dump; `cpca restore FILE --database URL` restores it into a new
// database; the real router on the restored database: the member logs in with the password of
// the backup and downloads the certificate PDF, whose bytes are the original's (the file lives
// in PostgreSQL). A damaged, cut short or newer backup and a non-empty target are refused.
func TestBackupRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pg_dump and pg_restore")
	}
	ctx := context.Background()
	_, co := env.Member(t)
	u, err := account.ByUsername(ctx, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	duesID := env.PromotionReady(t, u.CompanyID) // this year's dues settled (免缴)
	font, err := certificate.LoadFont(certificate.DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	is := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
	if ok, err := is.Issue(ctx, env.DB, duesID, time.Now()); err != nil || !ok {
		t.Fatalf("issue: %v %v", ok, err)
	}
	certs, err := certificate.ForCompany(ctx, env.DB, u.CompanyID)
	if err != nil || len(certs) != 1 || !certs[0].FileID.Valid {
		t.Fatalf("certificates: %v %v", certs, err)
	}
	fileID := certs[0].FileID.String
	orig := download(t, env, co, fileID)

	// The command, as cron runs it (CPCA_DATABASE_URL is the package's database).
	dir := filepath.Join(t.TempDir(), "backups")
	if code := cli.Main([]string{"backup", "--out", dir + "/"}, nil); code != 0 {
		t.Fatalf("cpca backup: exit %d", code)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 || !strings.HasPrefix(filepath.Base(files[0]), "cpca-backup-") || !strings.HasSuffix(files[0], ".tar") {
		t.Fatalf("backup directory holds %v, want one cpca-backup-<time>.tar (no leftovers)", files)
	}
	file := files[0]
	entries := tarEntries(t, file)
	if len(entries) != 2 || entries[0].name != backup.ManifestFile || entries[1].name != backup.DumpFile {
		t.Fatalf("backup entries %v, want manifest.json then database.dump", entries)
	}
	var m backup.Manifest
	if err := json.Unmarshal(entries[0].data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Rows["users"] < 2 || m.Rows["files"] < 1 || m.Rows["certificates"] != 1 || m.Migration == "" || len(m.SHA256) != 64 || m.DumpBytes != int64(len(entries[1].data)) {
		t.Errorf("manifest: %+v", m)
	}
	if _, _, err := backup.Backup(ctx, env.DB, env.Cfg.DatabaseURL, file); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Errorf("a backup onto an existing file: %v", err)
	}
	if code := cli.Main([]string{"restore", file, "--check"}, nil); code != 0 {
		t.Errorf("cpca restore FILE --check: exit %d", code)
	}

	// The restore target: a new database on the same server.
	dsn := strings.Replace(env.Cfg.DatabaseURL, "/cpca_test_ops_", "/cpca_test_opsrestore_", 1)
	if dsn == env.Cfg.DatabaseURL {
		t.Fatalf("no restore name from %s", dsn)
	}
	t.Cleanup(func() { _ = db.Drop(context.Background(), dsn) })
	if code := cli.Main([]string{"restore", file, "--database", dsn}, nil); code != 0 {
		t.Fatalf("cpca restore FILE --database URL: exit %d", code)
	}
	target, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { target.Close() })
	// The grants of "running without a superuser" came along (when the role exists here).
	var granted sql.NullBool
	if err := target.NewRaw(`SELECT has_table_privilege('cpca_app', 'audit_log', 'INSERT') AND NOT has_table_privilege('cpca_app', 'audit_log', 'DELETE')
		WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cpca_app')`).Scan(ctx, &granted); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	} else if err == nil && !granted.Bool {
		t.Error("the restored database lost the grants to cpca_app")
	}
	// Into a database that has tables (the one just restored): refused.
	if _, err := backup.Restore(ctx, file, target, dsn, backup.Options{}); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("restore over a database with tables: %v", err)
	}

	cfg := env.Cfg
	cfg.DatabaseURL = dsn
	sys, err := system.Open(ctx, cfg, env.Log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sys.Close)
	a, err := app.New(*sys)
	if err != nil {
		t.Fatal(err)
	}
	restored := &testenv.Env{Cfg: cfg, Sys: sys, DB: sys.DB, App: a, Queue: sys.Queue, Redis: sys.Redis, Relay: sys.Relay, Log: env.Log}
	got := download(t, restored, co, fileID)
	if got != orig || !strings.HasPrefix(got, "%PDF-") {
		t.Errorf("the restored certificate differs: %d bytes, original %d", len(got), len(orig))
	}

	// Refused before anything is restored: a damaged dump (one byte changed), a file cut
	// short, a backup made at a migration this binary does not have.
	damaged := append([]byte(nil), entries[1].data...)
	damaged[len(damaged)/2] ^= 0xff
	bad := writeTar(t, entries[0].data, damaged)
	if _, err := backup.Check(bad); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("a damaged dump: %v", err)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "short.tar")
	if err := os.WriteFile(short, raw[:len(raw)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Check(short); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("a backup cut short: %v", err)
	}
	newer := m
	newer.Migration = "29991231000000"
	nb, _ := json.Marshal(newer)
	if _, err := backup.Check(writeTar(t, nb, entries[1].data)); err == nil || !strings.Contains(err.Error(), "does not have") {
		t.Errorf("a backup of a newer version: %v", err)
	}
	other := strings.Replace(dsn, "/cpca_test_opsrestore_", "/cpca_test_opsdamaged_", 1)
	t.Cleanup(func() { _ = db.Drop(context.Background(), other) })
	if code := cli.Main([]string{"restore", bad, "--database", other}, nil); code == 0 {
		t.Error("cpca restore of a damaged backup exited 0")
	}
	var tables int
	if o, err := db.Open(ctx, other); err == nil {
		_ = o.NewRaw(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(ctx, &tables)
		o.Close()
	}
	if tables != 0 {
		t.Errorf("a damaged backup left %d tables in the target", tables)
	}
}

// tarEntry is one entry of a backup file.
type tarEntry struct {
	name string
	data []byte
}

func (e tarEntry) String() string { return e.name }

// tarEntries reads the entries of the tar at path.
func tarEntries(t *testing.T, path string) []tarEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tarEntry
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tarEntry{h.Name, b})
	}
}

// writeTar writes a backup file of the manifest and dump given and returns its path.
func writeTar(t *testing.T, manifest, dump []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "edited.tar")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	for _, e := range []tarEntry{{backup.ManifestFile, manifest}, {backup.DumpFile, dump}} {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// download logs co's main account in on e's router and fetches the certificate file from
// 会员证书.
func download(t *testing.T, e *testenv.Env, co testenv.Company, fileID string) string {
	t.Helper()
	c := e.NewClient(t)
	if r := c.Login(co.Username(), testenv.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("login on %s: %d", e.Cfg.DatabaseURL, r.Status)
	}
	page := c.Get("/certificate")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "/files/"+fileID) {
		t.Fatalf("会员证书 on the restored database: %d, no link to the file", page.Status)
	}
	r := c.Get("/files/" + fileID)
	if r.Status != http.StatusOK {
		t.Fatalf("download: %d", r.Status)
	}
	return r.Body
}
