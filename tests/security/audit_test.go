package security

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/db"
	"cpca/tests/testenv"

	"github.com/uptrace/bun"
)

// A 2 MiB username typed into the login form is refused (413 by a body limit, or 422 like any
// wrong login) and leaves small rows only: the audit entry and the throttle's note.
func TestLoginHugeUsername(t *testing.T) {
	c := env.NewClient(t)
	c.IP = "10.6.7.1"
	c.Get("/login")
	huge := strings.Repeat("管", 1<<20/3*2) // 2 MiB of UTF-8
	r := c.Post("/login", url.Values{"username": {huge}, "password": {"wrong-password-1"}})
	if r.Status != http.StatusRequestEntityTooLarge && r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("2 MiB username: %d, want 413 or 422", r.Status)
	}
	if len(r.Body) > 1<<16 {
		t.Errorf("the response echoes the username: %d bytes", len(r.Body))
	}
	var n struct {
		Audit, Attempts int
	}
	if err := env.DB.NewRaw(`SELECT (SELECT coalesce(max(octet_length(actor_name) + octet_length(detail)), 0) FROM audit_log) AS audit,
		(SELECT coalesce(max(octet_length(username)), 0) FROM login_attempts) AS attempts`).Scan(context.Background(), &n.Audit, &n.Attempts); err != nil {
		t.Fatal(err)
	}
	if n.Audit > 4*(audit.MaxName+audit.MaxDetail) || n.Attempts > 400 {
		t.Fatalf("largest audit row %d bytes, largest login attempt %d bytes", n.Audit, n.Attempts)
	}
}

// Every text field of an audit entry is cut to its bound with an ellipsis, and bytes
// PostgreSQL refuses (NUL, invalid UTF-8) do not make the entry fail.
func TestAuditFieldsBounded(t *testing.T) {
	ctx := context.Background()
	object := testenv.Name("bounded")
	e := audit.Entry{ActorName: strings.Repeat("名", 5000), IP: strings.Repeat("1", 5000), Action: "test.bounded",
		ObjectType: strings.Repeat("t", 5000), ObjectID: object, Result: strings.Repeat("r", 5000),
		Detail: "bad \xff\x00 bytes " + strings.Repeat("说明", 1<<19)}
	if err := audit.Record(ctx, env.DB, e); err != nil {
		t.Fatal(err)
	}
	var got audit.Entry
	if err := env.DB.NewSelect().Model(&got).Where("object_id = ?", object).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]string{"actor": got.ActorName, "ip": got.IP, "type": got.ObjectType, "result": got.Result} {
		if n := utf8.RuneCountInString(f); n != audit.MaxName || !strings.HasSuffix(f, "…") {
			t.Errorf("%s: %d characters, want %d ending in …", name, n, audit.MaxName)
		}
	}
	if n := utf8.RuneCountInString(got.Detail); n != audit.MaxDetail || !strings.HasPrefix(got.Detail, "bad \uFFFD\uFFFD bytes") {
		t.Errorf("detail: %d characters, starts %q", n, got.Detail[:20])
	}
}

// audit_log is append-only even for the superuser the tests connect as: UPDATE, DELETE and
// TRUNCATE fail, and the row is unchanged.
func TestAuditAppendOnly(t *testing.T) {
	ctx := context.Background()
	object := testenv.Name("append")
	if err := audit.Record(ctx, env.DB, audit.Entry{Action: "test.append", ObjectID: object}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE audit_log SET result = 'forged' WHERE object_id = ?`,
		`DELETE FROM audit_log WHERE object_id = ?`,
	} {
		if _, err := env.DB.NewRaw(q, object).Exec(ctx); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", q, err)
		}
	}
	if _, err := env.DB.NewRaw(`TRUNCATE audit_log`).Exec(ctx); err == nil {
		t.Error("TRUNCATE audit_log passed")
	}
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE object_id = ? AND result = 'ok'`, object); n != 1 {
		t.Fatalf("row changed: %d unchanged rows", n)
	}
}

// The app can run as a role without superuser rights (README): a login in cpca_app reads and
// writes the tables, adds audit entries, and can neither change them nor the schema.
func TestNonSuperuserRole(t *testing.T) {
	ctx := context.Background()
	role := testenv.Name("cpca_web_")
	if _, err := env.DB.NewRaw(`CREATE ROLE ? LOGIN IN ROLE cpca_app`, bun.Ident(role)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(env.Cfg.DatabaseURL)
	u.User = url.User(role)
	app, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = app.Close()
		_, _ = env.DB.NewRaw(`DROP ROLE ?`, bun.Ident(role)).Exec(ctx)
	})
	if _, err := account.ByUsername(ctx, app, "nobody"); err != account.ErrNotFound {
		t.Fatalf("read users as %s: %v", role, err)
	}
	object := testenv.Name("role")
	if err := audit.Record(ctx, app, audit.Entry{Action: "test.role", ObjectID: object}); err != nil {
		t.Fatalf("insert audit_log as %s: %v", role, err)
	}
	if _, err := app.NewRaw(`INSERT INTO login_attempts (username, ip, success) VALUES ('x', '10.0.0.1', false)`).Exec(ctx); err != nil {
		t.Fatalf("insert login_attempts as %s: %v", role, err)
	}
	for _, q := range []string{
		`UPDATE audit_log SET result = 'forged' WHERE object_id = '` + object + `'`,
		`DELETE FROM audit_log WHERE object_id = '` + object + `'`,
		`TRUNCATE audit_log`,
		`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`,
		`CREATE TABLE forged (id int)`,
		`DELETE FROM bun_migrations`,
	} {
		if _, err := app.NewRaw(q).Exec(ctx); err == nil {
			t.Errorf("%s passed as %s", q, role)
		}
	}
}
