package dues

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"cpca/internal/company"
	"cpca/internal/dues"
)

// Generating a year twice, or from two goroutines at once, creates each member's row once,
// at the company's level and that year's fee.
func TestGenerateIdempotent(t *testing.T) {
	ctx := context.Background()
	const year = 2039
	a, b := newMember(t), newMember(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = ? WHERE id = ?`, company.LevelCouncil, b.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	setFees(t, year, 3000)
	if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: year, Level: company.LevelCouncil, AmountFen: 800012}); err != nil {
		t.Fatal(err)
	}
	members := count(t, `SELECT count(*) FROM companies WHERE status = 'member'`)
	var wg sync.WaitGroup
	ns := make([]int, 2)
	errs := make([]error, 2)
	for i := range ns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ns[i], errs[i] = dues.Generate(ctx, env.DB, year)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if ns[0]+ns[1] != members {
		t.Errorf("two concurrent runs created %d+%d rows for %d members", ns[0], ns[1], members)
	}
	if n, err := dues.Generate(ctx, env.DB, year); err != nil || n != 0 {
		t.Errorf("third run: %d, %v", n, err)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE year = ?`, year); n != members {
		t.Errorf("%d rows for %d members", n, members)
	}
	if n := count(t, `SELECT count(*) FROM (SELECT company_id FROM dues WHERE year = ? GROUP BY company_id HAVING count(*) > 1) x`, year); n != 0 {
		t.Errorf("%d companies with duplicate rows", n)
	}
	for _, c := range []struct {
		m   *member
		fen int64
	}{{a, 300000}, {b, 800012}} {
		rows, _, _ := dues.List(ctx, env.DB, dues.Filter{CompanyID: c.m.CompanyID, Year: year})
		if len(rows) != 1 || rows[0].AmountFen != c.fen {
			t.Errorf("company %d: %d rows, %+v", c.m.CompanyID, len(rows), rows)
		}
	}

	// Through the staff action: runs twice, the second creates nothing, both audited.
	s := newStaff(t)
	s.Get("/admin/dues")
	r := s.Post("/admin/dues/generate", url.Values{"year": {"2039"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(follow(t, s, r).Text(".flash"), "已生成 2039 年度会费账单 0 条") {
		t.Errorf("staff generate again: %d", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE year = ?`, year); n != members {
		t.Errorf("%d rows after the staff action", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'dues.generate' AND object_id = '2039'`); n != 1 {
		t.Errorf("%d dues.generate audit rows", n)
	}
}

// A year without a fee schedule: Generate says so (and staff see it), nothing is created.
func TestGenerateWithoutSchedule(t *testing.T) {
	ctx := context.Background()
	newMember(t)
	const year = 2038
	_, err := dues.Generate(ctx, env.DB, year)
	var ns dues.ErrNoSchedule
	if !errors.As(err, &ns) || !strings.Contains(err.Error(), "2038 年度会费标准尚未设置") {
		t.Fatalf("err %v, want ErrNoSchedule", err)
	}
	// Only some levels set: still refused, nothing half-generated.
	if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: year, Level: company.LevelPresident, AmountFen: 100}); err != nil {
		t.Fatal(err)
	}
	if _, err := dues.Generate(ctx, env.DB, year); !errors.As(err, &ns) {
		t.Errorf("partial schedule: %v", err)
	}
	s := newStaff(t)
	s.Get("/admin/dues")
	r := s.Post("/admin/dues/generate", url.Values{"year": {"2038"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/admin/fees?year=2038") {
		t.Fatalf("staff generate: %d → %s", r.Status, r.Location())
	}
	if p := follow(t, s, r); !strings.Contains(p.Text(".flash.err"), "2038 年度会费标准尚未设置") {
		t.Errorf("flash %q", p.Text(".flash.err"))
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE year = ?`, year); n != 0 {
		t.Errorf("%d rows created without a schedule", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'dues.generate' AND object_id = '2038'`); n != 0 {
		t.Errorf("a failed generation was audited as done")
	}
}

// A member approved mid-year gets the current year's row at approval, at the schedule's fee.
func TestApprovalCreatesCurrentDues(t *testing.T) {
	m := newMember(t) // fails unless approval created exactly one current-year row
	d := getDues(t, m.DuesID)
	if d.Year != thisYear() || d.AmountFen != feeYuan*100 || d.Level != company.LevelMember || d.Status != dues.Unpaid {
		t.Errorf("row at approval: %+v", d)
	}
	// It shows on 会员缴费 and the generation of the year later does not duplicate it.
	if row := m.duesRow(t, m.DuesID); !strings.Contains(row, "2,000.00") || !strings.Contains(row, "未缴费") {
		t.Errorf("row: %s", row)
	}
	if _, err := dues.Generate(context.Background(), env.DB, thisYear()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE company_id = ?`, m.CompanyID); n != 1 {
		t.Errorf("%d rows after generating the year", n)
	}
	// Without a schedule for a year, EnsureFor creates nothing.
	if ok, err := dues.EnsureFor(context.Background(), env.DB, m.CompanyID, 2043); err != nil || ok {
		t.Errorf("EnsureFor without schedule: %v %v", ok, err)
	}
}
