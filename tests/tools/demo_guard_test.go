package tools

import (
	"context"
	"net/url"
	"testing"

	"cpca/internal/account"
	"cpca/internal/cli"
	"cpca/internal/db"
	"cpca/internal/demo"
	"cpca/tests/testenv"
)

// `cpca demo` (what make run calls) adds the demo logins, whose password is public, only to
// a database it created itself: an existing database, even an empty one, is left alone
// unless --existing is given.
func TestDemoOnlyIntoADatabaseItCreated(t *testing.T) {
	ctx := context.Background()
	dsn := func(name string) string {
		u, err := url.Parse(env.Cfg.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/cpca_test_" + name
		return u.String()
	}
	users := func(d string) int {
		conn, err := db.Open(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		n, err := conn.NewSelect().Model((*account.User)(nil)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	existing := dsn(testenv.Name("demoold"))
	d, err := db.Open(ctx, existing) // an operator's database: created, migrated, no users yet
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	d.Close()
	t.Cleanup(func() { _ = db.Drop(ctx, existing) })
	t.Setenv("CPCA_DATABASE_URL", existing)
	if code := cli.Main([]string{"demo"}, nil); code != 0 || users(existing) != 0 {
		t.Fatalf("demo into an existing database: exit %d, %d users", code, users(existing))
	}
	if code := cli.Main([]string{"demo", "--existing"}, nil); code != 0 || users(existing) != len(demo.Logins)+len(demo.Invited)+demo.ImportedAccounts {
		t.Fatalf("demo --existing: exit %d, %d users", code, users(existing))
	}

	fresh := dsn(testenv.Name("demonew"))
	t.Cleanup(func() { _ = db.Drop(ctx, fresh) })
	t.Setenv("CPCA_DATABASE_URL", fresh)
	if code := cli.Main([]string{"demo"}, nil); code != 0 || users(fresh) != len(demo.Logins)+len(demo.Invited)+demo.ImportedAccounts {
		t.Fatalf("demo into a new database: exit %d, %d users", code, users(fresh))
	}
}
