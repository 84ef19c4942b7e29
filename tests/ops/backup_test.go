package ops

import (
	"context"
	"database/sql"
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
	"cpca/internal/db"
	"cpca/internal/system"
	"cpca/tests/testenv"
)

// A member with an issued certificate; a backup of the database; a restore into a new
// database; the real router on the restored database: the member logs in with the password
// of the backup and downloads the certificate PDF, whose bytes are the original's (the file
// lives in PostgreSQL). A damaged dump and a non-empty target are refused.
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

	dir := filepath.Join(t.TempDir(), "cpca-backup")
	m, err := backup.Backup(ctx, env.DB, env.Cfg.DatabaseURL, dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows["users"] < 2 || m.Rows["files"] < 1 || m.Rows["certificates"] != 1 || m.Migration == "" || len(m.SHA256) != 64 {
		t.Errorf("manifest: %+v", m)
	}
	if _, err := backup.Backup(ctx, env.DB, env.Cfg.DatabaseURL, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second backup into the same directory: %v", err)
	}

	// The restore target: a new database on the same server.
	dsn := strings.Replace(env.Cfg.DatabaseURL, "/cpca_test_ops_", "/cpca_test_opsrestore_", 1)
	if dsn == env.Cfg.DatabaseURL {
		t.Fatalf("no restore name from %s", dsn)
	}
	target, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { target.Close(); _ = db.Drop(context.Background(), dsn) })
	if _, err := backup.Restore(ctx, dir, target, dsn, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	// The grants of "running without a superuser" came along (when the role exists here).
	var granted sql.NullBool
	if err := target.NewRaw(`SELECT has_table_privilege('cpca_app', 'audit_log', 'INSERT') AND NOT has_table_privilege('cpca_app', 'audit_log', 'DELETE')
		WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cpca_app')`).Scan(ctx, &granted); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	} else if err == nil && !granted.Bool {
		t.Error("the restored database lost the grants to cpca_app")
	}
	// Into a database that has tables (the one just restored): refused.
	if _, err := backup.Restore(ctx, dir, target, dsn, backup.Options{}); err == nil || !strings.Contains(err.Error(), "empty database") {
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

	// A damaged dump: refused before anything is restored.
	f, err := os.OpenFile(filepath.Join(dir, backup.DumpFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("x")
	f.Close()
	if _, err := backup.Check(dir); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("a damaged dump: %v", err)
	}
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
