package smoke

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/events"
	"cpca/internal/mail"
	"cpca/internal/members"
	"cpca/internal/projects"
	"cpca/tests/testenv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// tracedDB is a bun.DB on its own pool whose statements tr records.
func tracedDB(t *testing.T) (*bun.DB, *tracer) {
	t.Helper()
	cfg, err := pgx.ParseConfig(env.Cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &tracer{}
	cfg.Tracer = tr
	db := bun.NewDB(stdlib.OpenDB(*cfg), pgdialect.New())
	t.Cleanup(func() { db.Close() })
	return db, tr
}

// sameTexts runs list twice (i = 0, 1: other filter values each time) and asks that PostgreSQL
// received the same statement texts both times, each with parameters ($1): the list is
// prepared once per connection and planned once, not once per filter value.
func sameTexts(t *testing.T, tr *tracer, list func(i int) error) {
	t.Helper()
	var texts [][]string
	for i := 0; i < 2; i++ {
		tr.take()
		if err := list(i); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tr.take())
	}
	if len(texts[0]) == 0 || !slices.Equal(texts[0], texts[1]) {
		t.Fatalf("statement texts differ between two filter values (values written into the SQL?):\n%q\n%q", texts[0], texts[1])
	}
	for _, q := range texts[0] {
		if !strings.Contains(q, "$1") {
			t.Errorf("a list statement without parameters: %s", q)
		}
	}
}

// TestListsAreParameterised: 会员管理, 展会活动 (members and staff), 邮件管理, 审计日志 and
// 项目申报 (members and staff) reach PostgreSQL as one statement text per filter shape, and
// still filter by the values.
func TestListsAreParameterised(t *testing.T) {
	db, tr := tracedDB(t)
	ctx := context.Background()
	now := time.Now()
	_, co := env.Member(t)
	name := co.Step1.Get("name")

	t.Run("members", func(t *testing.T) {
		var got [2][]members.Row
		sameTexts(t, tr, func(i int) error {
			f := members.Filter{Status: []string{company.StatusMember, company.StatusSuspended}[i], Level: []string{company.LevelMember, company.LevelCouncil}[i],
				Province: []string{"北京市", "上海市"}[i], JoinYear: 2025 + i, JoinedSince: []string{"2020-01-01", "2021-02-03"}[i],
				DuesYear: 2025 + i, DuesState: "none", Page: 1, Size: 20}
			if _, _, err := members.List(ctx, db, f); err != nil {
				return err
			}
			// A text search (not counted), with two names of the same length.
			rows, _, err := members.List(ctx, db, members.Filter{Q: []string{name, strings.Repeat("无", len([]rune(name)))}[i], DuesYear: 2026 - i, Page: 1, Size: 20})
			got[i] = rows
			return err
		})
		if len(got[0]) != 1 || got[0][0].Name != name || len(got[1]) != 0 {
			t.Errorf("search by name found %d rows then %d, want the member then none", len(got[0]), len(got[1]))
		}
	})

	t.Run("events", func(t *testing.T) {
		e := env.NewEvent(t, testenv.EventOpts{})
		var found [2]int
		sameTexts(t, tr, func(i int) error {
			for _, phase := range events.Phases {
				if _, _, err := events.List(ctx, db, events.Filter{Kind: events.Kinds[i], Phase: phase, Member: true,
					From: now.AddDate(0, 0, -i-1), To: now.AddDate(0, 0, 40+i)}, now); err != nil {
					return err
				}
			}
			rows, _, err := events.List(ctx, db, events.Filter{Q: []string{e.Name, strings.Repeat("无", len([]rune(e.Name)))}[i], Published: "yes", Sort: "name_asc"}, now)
			found[i] = len(rows)
			return err
		})
		if found != [2]int{1, 0} {
			t.Errorf("search by name found %v, want [1 0]", found)
		}
	})

	t.Run("emails", func(t *testing.T) {
		sameTexts(t, tr, func(i int) error {
			if _, _, err := mail.List(ctx, db, mail.Filter{Status: mail.Statuses[i], Q: []string{"会费", "欢迎"}[i], Page: 1, Size: 20}); err != nil {
				return err
			}
			_, _, err := mail.List(ctx, db, mail.Filter{Status: mail.Statuses[1-i], Page: 1, Size: 20})
			return err
		})
	})

	t.Run("audit", func(t *testing.T) {
		var got [2][]audit.Entry
		sameTexts(t, tr, func(i int) error {
			day := now.AddDate(0, 0, -i)
			es, err := audit.List(ctx, db, audit.Filter{Action: []string{"login", "logout"}[i], Actor: co.Username(), From: day, To: day.AddDate(0, 0, 1), Before: int64(1 << (40 + i)), Limit: 50})
			got[i] = es
			return err
		})
		for i, es := range got {
			for _, e := range es {
				if e.Action != []string{"login", "logout"}[i] || e.ActorName != co.Username() {
					t.Errorf("filter %d gave %+v", i, e)
				}
			}
		}
	})

	t.Run("projects", func(t *testing.T) {
		sameTexts(t, tr, func(i int) error {
			for _, st := range projects.Statuses {
				if _, _, err := projects.List(ctx, db, projects.Filter{Kind: projects.Kinds[i], Year: 2025 + i, Status: st, Member: true}, now); err != nil {
					return err
				}
			}
			_, _, err := projects.List(ctx, db, projects.Filter{Q: []string{"标准", "奖励"}[i], Published: "no"}, now)
			return err
		})
	})
}
