package dashboard

import (
	"context"
	"sync"
	"testing"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dashboard"
	"cpca/tests/testenv"
)

var env *testenv.Env

// The widgets are computed on every request here (no cache), so each check sees the
// fixture as it is.
func TestMain(m *testing.M) {
	dashboard.TTL = 0
	testenv.Run(m, "dashboard", &env)
}

// fixture is the known data the counts are checked against (see loadFixture).
type fixture struct {
	A, B, C, D, E, F, G int64 // companies
	EventID             int64
	BroadcastID         int64
}

var (
	fixOnce sync.Once
	fix     fixture
)

// loadFixture inserts, once per package, a small known world:
//
//	会员单位  A 正常, joined 10 days ago, this year's dues unpaid   (广东省, PCB制造)
//	          B 正常, joined 2 years ago, dues confirmed + invoiced (广东省, PCB制造)
//	          C 暂停, D 已退会 (joined 3 years ago, changed now)
//	理事单位  E 正常, joined 5 days ago, no dues row               (上海市, 覆铜板)
//	          F 正常, joined 3 years ago, dues pending (voucher under review)
//	常务理事单位 G 正常, joined 4 years ago, dues waived
//
// plus one pending and one rejected application, B's submitted promotion to 理事单位 and
// A's returned one to 常务理事单位, one event (capacity 10: 3 places confirmed with 3
// attendees of which 1 checked in, 2 places waitlisted), 2 SMS (sent, failed) and a
// broadcast to A and B read by A's user.
func loadFixture(t *testing.T) fixture {
	t.Helper()
	fixOnce.Do(func() { fix = insertFixture(t) })
	if fix.A == 0 {
		t.Fatal("fixture failed to load")
	}
	return fix
}

func insertFixture(t *testing.T) fixture {
	ctx := context.Background()
	db := env.DB
	now := time.Now()
	today := calendar.Today(now)
	year := calendar.Year(now)
	var f fixture
	company := func(level, status string, joinedDaysAgo int, province, category string) int64 {
		var id int64
		err := db.NewRaw(`INSERT INTO companies (name, uscc, status, level, member_no, joined_on, province, category, status_changed_at)
			VALUES (?, ?, ?, ?, ?, ?::date, ?, ?, CASE WHEN ? IN ('suspended', 'withdrawn') THEN now() END) RETURNING id`,
			testenv.Name("Fixture Co "), testenv.USCC(), status, level, testenv.Name("F"), today.AddDate(0, 0, -joinedDaysAgo).Format(calendar.Layout),
			province, category, status).Scan(ctx, &id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.A = company("member", "member", 10, "广东省", "PCB制造")
	f.B = company("member", "member", 730, "广东省", "PCB制造")
	f.C = company("member", "suspended", 1100, "", "")
	f.D = company("member", "withdrawn", 1100, "", "")
	f.E = company("council", "member", 5, "上海市", "覆铜板")
	f.F = company("council", "member", 1100, "", "")
	f.G = company("standing", "member", 1500, "", "")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	duesRow := func(co int64, level, status, invoice string, received bool) {
		q := `INSERT INTO dues (company_id, year, level, amount_fen, status, invoice_status, received_fen, received_on) VALUES (?, ?, ?, 500000, ?, ?, NULL, NULL)`
		if received {
			q = `INSERT INTO dues (company_id, year, level, amount_fen, status, invoice_status, received_fen, received_on) VALUES (?, ?, ?, 500000, ?, ?, 480000, make_date(?, 1, 15))`
			exec(q, co, year, level, status, invoice, year)
			return
		}
		exec(q, co, year, level, status, invoice)
	}
	duesRow(f.A, "member", "unpaid", "none", false)
	duesRow(f.B, "member", "confirmed", "issued", true)
	duesRow(f.F, "council", "pending", "none", false)
	duesRow(f.G, "standing", "waived", "none", false)

	user := func(co int64, role string) int64 {
		var id int64
		if err := db.NewRaw(`INSERT INTO users (username, password_hash, role, company_id) VALUES (?, 'x', ?, ?) RETURNING id`,
			testenv.Name("fx"), role, co).Scan(ctx, &id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, st := range []string{"submitted", "rejected"} {
		co := company("member", "applicant", 0, "", "")
		exec(`UPDATE companies SET joined_on = NULL, member_no = NULL WHERE id = ?`, co)
		u := user(co, "applicant")
		exec(`INSERT INTO applications (company_id, user_id, status, uscc) VALUES (?, ?, ?, (SELECT uscc FROM companies WHERE id = ?))`, co, u, st, co)
	}
	exec(`INSERT INTO promotion_applications (company_id, from_level, level, representative_name, status) VALUES (?, 'member', 'council', 'Li', 'submitted')`, f.B)
	exec(`INSERT INTO promotion_applications (company_id, from_level, level, representative_name, status) VALUES (?, 'member', 'standing', 'Li', 'returned')`, f.A)

	if err := db.NewRaw(`INSERT INTO events (name, kind, published, starts_at, ends_at, reg_opens_at, reg_closes_at, cancel_until, capacity)
		VALUES ('PCB Expo', 'exhibition', true, now() + interval '10 days', now() + interval '11 days', now() - interval '1 day',
		now() + interval '9 days', now() + interval '8 days', 10) RETURNING id`).Scan(ctx, &f.EventID); err != nil {
		t.Fatal(err)
	}
	var reg int64
	if err := db.NewRaw(`INSERT INTO event_registrations (event_id, company_id, status, places) VALUES (?, ?, 'confirmed', 3) RETURNING id`,
		f.EventID, f.A).Scan(ctx, &reg); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO event_attendees (registration_id, position, name, checked_in_at) VALUES (?, 0, 'Li', now()), (?, 1, 'Wang', NULL), (?, 2, 'Zhao', NULL)`, reg, reg, reg)
	exec(`INSERT INTO event_registrations (event_id, company_id, status, places, waitlisted_at) VALUES (?, ?, 'waitlisted', 2, now())`, f.EventID, f.B)
	// 参会投稿: a draft (not counted), a submitted paper and an accepted one.
	exec(`INSERT INTO papers (event_id, company_id, status, title) VALUES (?, ?, 'draft', 'a'), (?, ?, 'submitted', 'b'), (?, ?, 'accepted', 'c')`,
		f.EventID, f.A, f.EventID, f.A, f.EventID, f.B)

	exec(`INSERT INTO sms_messages (to_mobile, kind, status, template) VALUES ('13800138000', 'x', 'sent', 'legacy_text'), ('13800138001', 'x', 'failed', 'legacy_text')`)

	if err := db.NewRaw(`INSERT INTO broadcasts (title, body, audience, status, send_at, sent_at, recipients)
		VALUES ('Annual meeting', 'x', '{"all": true}', 'sent', now(), now(), 2) RETURNING id`).Scan(ctx, &f.BroadcastID); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO broadcast_recipients (broadcast_id, company_id, level, sent_at) VALUES (?, ?, 'member', now()), (?, ?, 'member', now())`,
		f.BroadcastID, f.A, f.BroadcastID, f.B)
	reader := user(f.A, "member")
	user(f.B, "member")
	exec(`INSERT INTO broadcast_reads (user_id, broadcast_id) VALUES (?, ?)`, reader, f.BroadcastID)
	return f
}
