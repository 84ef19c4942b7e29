package testenv

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
)

// Inbox is one seeded member's view of a large broadcast history: its company and user.
type Inbox struct{ CompanyID, UserID int64 }

// SeedBroadcasts loads a 站内信 history at scale in a few statements: companies member
// companies (levels mixed) with one user each, broadcasts sent messages to all of them
// (companies × broadcasts recipient rows: 50,000 × 20 is the 1,000,000), a third of
// the recipient rows read by their company's user, and a read-before mark for every tenth
// user. It vacuums and analyzes the tables so plans are the ones production would get, and
// returns a company that received every broadcast and has read none.
func SeedBroadcasts(t testing.TB, db *bun.DB, companies, broadcasts int) Inbox {
	t.Helper()
	ctx := context.Background()
	tag := randHex(4)
	conn, err := db.Conn(ctx) // the temp tables live on one connection
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	steps := []string{
		`CREATE TEMP TABLE seed_co AS WITH c AS (
			INSERT INTO companies (name, uscc, status, level, province, category)
			SELECT '规模测试' || ?0 || g, upper(?0) || lpad(g::text, 10, '0'), 'member',
				(ARRAY['member','member','member','member','council','council','standing','vice_president','president'])[1 + g % 9],
				(ARRAY['广东省','江苏省','浙江省','上海市'])[1 + g % 4], (ARRAY['PCB制造','覆铜板','专用设备'])[1 + g % 3]
			FROM generate_series(1, ?1) g RETURNING id, level)
		SELECT * FROM c`,
		`CREATE TEMP TABLE seed_u AS WITH u AS (
			INSERT INTO users (username, password_hash, role, company_id)
			SELECT 'seed' || ?0 || c.id, 'x', 'member', c.id FROM seed_co c RETURNING id, company_id)
		SELECT * FROM u`,
		`CREATE TEMP TABLE seed_b AS WITH b AS (
			INSERT INTO broadcasts (title, body, important, audience, status, send_at, sent_at, recipients)
			SELECT '规模测试通知' || g, '正文', g % 5 = 0, '{"all":true}', 'sent', now() - g * interval '3 days',
				now() - g * interval '3 days', ?1 FROM generate_series(1, ?2) g RETURNING id, sent_at, important)
		SELECT * FROM b`,
		`INSERT INTO broadcast_recipients (broadcast_id, company_id, level, sent_at, important)
			SELECT b.id, c.id, c.level, b.sent_at, b.important FROM seed_b b CROSS JOIN seed_co c`,
		`INSERT INTO broadcast_reads (user_id, broadcast_id)
			SELECT u.id, b.id FROM seed_u u CROSS JOIN seed_b b WHERE (u.id + b.id) % 3 = 0 AND u.company_id <> (SELECT min(id) FROM seed_co)`,
		`INSERT INTO inbox_marks (user_id, read_before)
			SELECT u.id, now() - interval '20 days' FROM seed_u u WHERE u.id % 10 = 0 AND u.company_id <> (SELECT min(id) FROM seed_co)`,
	}
	for _, q := range steps {
		if _, err := conn.NewRaw(q, tag, companies, broadcasts).Exec(ctx); err != nil {
			t.Fatalf("seed broadcasts: %v\n%s", err, q)
		}
	}
	var in Inbox
	if err := conn.NewRaw(`SELECT c.id, u.id FROM seed_co c JOIN seed_u u ON u.company_id = c.id ORDER BY c.id LIMIT 1`).
		Scan(ctx, &in.CompanyID, &in.UserID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE seed_co, seed_u, seed_b`,
		`VACUUM ANALYZE broadcasts, broadcast_recipients, broadcast_reads, inbox_marks, notices, notice_reads, companies, users`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return in
}
