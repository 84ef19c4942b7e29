package testenv

import (
	"context"

	"cpca/internal/account"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/promotion"
)

// PromotionReady makes a member company eligible for 申请晋升: a member for two years, and
// this year's dues (at a fee set for every level if the year has none) settled (免缴 counts as paid).
// It returns the dues row's id.
func (e *Env) PromotionReady(t testing.TB, companyID int64) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	year := calendar.Year(now)
	if _, err := e.DB.NewRaw(`UPDATE companies SET joined_on = ? WHERE id = ?`, calendar.Today(now).AddDate(-2, 0, 0), companyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		if _, err := e.DB.NewRaw(`INSERT INTO fee_schedules (year, level, amount_fen) VALUES (?, ?, 200000) ON CONFLICT DO NOTHING`, year, l).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dues.EnsureFor(ctx, e.DB, companyID, year); err != nil {
		t.Fatal(err)
	}
	var id int64
	var status string
	if err := e.DB.NewRaw(`SELECT id, status FROM dues WHERE company_id = ? AND year = ?`, companyID, year).Scan(ctx, &id, &status); err != nil {
		t.Fatal(err)
	}
	if !dues.Paid(status) {
		// 免缴 counts as paid, for eligibility and for the certificate alike.
		staff, err := account.ByUsername(ctx, e.DB, e.CreateAdmin(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dues.Waive(ctx, e.DB, id, "测试：视同已缴", audit.Actor{ID: staff.ID, Name: staff.Username}, now); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// Term is the 届 covering today, created when missing (terms never overlap).
func (e *Env) Term(t testing.TB) *promotion.Term {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	if term, err := promotion.TermOn(ctx, e.DB, calendar.Today(now)); err != nil || term != nil {
		if err != nil {
			t.Fatal(err)
		}
		return term
	}
	term, err := promotion.CreateTerm(ctx, e.DB, 5, calendar.Today(now).AddDate(-1, 0, 0), calendar.Today(now).AddDate(3, 0, 0), audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	return term
}
