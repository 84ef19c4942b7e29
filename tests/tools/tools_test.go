// Package tools tests the operator commands' building blocks: migrations both ways and the
// demo seed on an empty database.
package tools

import (
	"context"
	"net/url"
	"testing"

	"cpca/internal/account"
	"cpca/internal/db"
	"cpca/internal/demo"
	"cpca/internal/dues"
	"cpca/internal/membership"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "tools", &env) }

// The demo seed fills an empty database with logins in each state, and adds nothing the
// second time.
func TestDemoSeedIdempotent(t *testing.T) {
	ctx := context.Background()
	added, err := demo.Seed(ctx, env.DB, membership.Mailing{BaseURL: "http://x"})
	if err != nil || !added {
		t.Fatalf("first seed: %v %v", added, err)
	}
	n1, _ := env.DB.NewSelect().Model((*account.User)(nil)).Count(ctx)
	added, err = demo.Seed(ctx, env.DB, membership.Mailing{BaseURL: "http://x"})
	if err != nil || added {
		t.Fatalf("second seed: %v %v", added, err)
	}
	n2, _ := env.DB.NewSelect().Model((*account.User)(nil)).Count(ctx)
	if n1 != n2 || n1 != len(demo.Logins)+len(demo.Invited)+demo.ImportedAccounts {
		t.Fatalf("users %d then %d, want %d", n1, n2, len(demo.Logins)+len(demo.Invited)+demo.ImportedAccounts)
	}
	for _, l := range demo.Logins {
		c := env.NewClient(t)
		c.Login(l.Username, demo.Password)
	}
	var paid int
	// The council member's dues are confirmed through the real action (the dashboard's demo
	// members bring confirmed years of their own).
	if err := env.DB.NewRaw(`SELECT count(*) FROM dues d JOIN users u ON u.company_id = d.company_id
		WHERE u.username = 'shanghaicl' AND d.status = ?`, dues.Confirmed).Scan(ctx, &paid); err != nil || paid != 1 {
		t.Fatalf("confirmed dues of shanghaicl = %d, %v", paid, err)
	}
}

// Every migration rolls back and applies again cleanly.
func TestMigrationsDownAndUp(t *testing.T) {
	ctx := context.Background()
	u, err := url.Parse(env.Cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/cpca_test_" + testenv.Name("migr")
	d, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { d.Close(); _ = db.Drop(ctx, u.String()) }()
	up, err := db.Migrate(ctx, d)
	if err != nil || len(up) < 3 {
		t.Fatalf("up: %v %v", up, err)
	}
	for i := 0; i < len(up); i++ {
		if _, err := db.Rollback(ctx, d); err != nil {
			t.Fatalf("rollback %d: %v", i, err)
		}
	}
	var tables int
	if err := d.NewRaw(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'bun_%'`).Scan(ctx, &tables); err != nil || tables != 0 {
		t.Fatalf("tables left after rollback: %d %v", tables, err)
	}
	if again, err := db.Migrate(ctx, d); err != nil || len(again) != len(up) {
		t.Fatalf("up again: %v %v", again, err)
	}
}
