package smoke

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/events"
	"cpca/internal/membership"
	"cpca/internal/notice"
	"cpca/internal/papers"
	"cpca/internal/projects"
	"cpca/internal/session"
	"cpca/internal/store"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// tracer records the text of every statement pgx sends.
type tracer struct {
	mu   sync.Mutex
	seen []string
}

func (t *tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	t.mu.Lock()
	t.seen = append(t.seen, d.SQL)
	t.mu.Unlock()
	return ctx
}
func (t *tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (t *tracer) take() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.seen
	t.seen = nil
	return s
}

// TestHotReadsAreParameterised runs the reads every member page makes (session and
// principal, the unread badge, 待办事项's header and messages, 会员缴费) for two companies
// through a traced pool: PostgreSQL must receive the same statement texts for both (values
// travel beside the text, so each statement is prepared and planned once per connection,
// not once per member), and the results must be each company's own.
func TestHotReadsAreParameterised(t *testing.T) {
	cfg, err := pgx.ParseConfig(env.Cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &tracer{}
	cfg.Tracer = tr
	db := bun.NewDB(stdlib.OpenDB(*cfg), pgdialect.New())
	defer db.Close()
	ctx := context.Background()
	st := &session.Store{DB: db, Idle: 1e12}

	var texts [][]string
	for i := 0; i < 2; i++ {
		_, co := env.Member(t)
		var u struct {
			ID        int64 `bun:"id"`
			CompanyID int64 `bun:"company_id"`
		}
		if err := env.DB.NewRaw(`SELECT id, company_id FROM users WHERE username = ?`, co.Username()).Scan(ctx, &u); err != nil {
			t.Fatal(err)
		}
		tr.take()
		if _, _, err := account.Resume(ctx, db, st, strings.Repeat("x", 43)); err != nil {
			t.Fatal(err)
		}
		h, err := company.Header(ctx, db, u.CompanyID)
		if err != nil || h.Name != co.Step1.Get("name") {
			t.Fatalf("header of company %d: %v %v, want %s", u.CompanyID, h, err, co.Step1.Get("name"))
		}
		if _, err := notice.Unread(ctx, db, u.ID, u.CompanyID); err != nil {
			t.Fatal(err)
		}
		if _, err := notice.Unreads(ctx, db, u.ID, u.CompanyID, 15); err != nil {
			t.Fatal(err)
		}
		rows, total, err := dues.CompanyList(ctx, db, dues.Filter{CompanyID: u.CompanyID, Page: 1, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.CompanyID != u.CompanyID {
				t.Fatalf("company %d got dues row of %d", u.CompanyID, r.CompanyID)
			}
		}
		if total != len(rows) {
			t.Errorf("total %d, rows %d", total, len(rows))
		}
		if _, err := dues.Years(ctx, db, u.CompanyID); err != nil {
			t.Fatal(err)
		}
		// 重要活动提醒: registrations, open events, watched projects, calls for papers.
		now := time.Now()
		if _, err := events.Reminders(ctx, db, events.Member{CompanyID: u.CompanyID}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := projects.Reminders(ctx, db, projects.Member{CompanyID: u.CompanyID}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := papers.Reminders(ctx, db, papers.Member{CompanyID: u.CompanyID, UserID: u.ID}, now); err != nil {
			t.Fatal(err)
		}
		// The staff lists (入会审核, 会员缴费管理) with other filter values each time.
		if _, _, err := membership.List(ctx, db, membership.Filter{Status: []string{"approved", "rejected"}[i], From: now.AddDate(0, 0, -i-1), Page: 1, Size: 20}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := dues.List(ctx, db, dues.Filter{Year: 2025 + i, Status: []string{dues.Pending, dues.Confirmed}[i], Page: 1, Size: 30}); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tr.take())
	}
	if len(texts[0]) < 14 || !slices.Equal(texts[0], texts[1]) {
		t.Fatalf("statement texts differ between two members (values written into the SQL?):\n%q\n%q", texts[0], texts[1])
	}
	for _, q := range texts[0] {
		if !strings.Contains(q, "$1") {
			t.Errorf("a hot read without parameters: %s", q)
		}
	}
}

// TestReadInTransaction: store.Read inside a transaction goes through bun (arrays included)
// and reports no row like bun does.
func TestReadInTransaction(t *testing.T) {
	ctx := context.Background()
	err := env.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var xs []int64
		if err := store.Read(ctx, tx, &xs, `SELECT x FROM unnest(?0::bigint[]) x WHERE x > ?1`, []int64{3, 4, 5}, 3); err != nil {
			return err
		}
		if !slices.Equal(xs, []int64{4, 5}) {
			t.Errorf("got %v", xs)
		}
		var one int
		if err := store.Read(ctx, tx, &one, `SELECT 1 WHERE false`); err == nil {
			t.Error("no row, no error")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var one int
	if err := store.Read(ctx, env.DB, &one, `SELECT 1 WHERE false`); err == nil {
		t.Error("no row, no error (pgx path)")
	}
}

// TestSelectInTransaction: a list built with store.Params runs inside a transaction too (the
// placeholders go to the transaction's connection with their values), and a nil Params hands
// the values to bun.
func TestSelectInTransaction(t *testing.T) {
	ctx := context.Background()
	q := func(db bun.IDB, p *store.Params) *bun.SelectQuery {
		return db.NewSelect().TableExpr("unnest(?::bigint[]) AS x", p.Array([]int64{3, 4, 5})).ColumnExpr("x").
			Where("x > ?", p.Add(3)).OrderExpr("x")
	}
	err := env.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var xs []int64
		p := &store.Params{}
		if err := store.Select(ctx, tx, &xs, q(tx, p), p); err != nil {
			return err
		}
		if !slices.Equal(xs, []int64{4, 5}) {
			t.Errorf("in a transaction: got %v", xs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*store.Params{{}, nil} {
		var xs []int64
		if err := store.Select(ctx, env.DB, &xs, q(env.DB, p), p); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(xs, []int64{4, 5}) {
			t.Errorf("params %v: got %v", p != nil, xs)
		}
	}
}
