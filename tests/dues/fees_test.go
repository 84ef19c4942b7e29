package dues

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"cpca/internal/dues"
)

func feesOf(t *testing.T, year int) map[string]int64 {
	t.Helper()
	fs, err := dues.Fees(context.Background(), env.DB, year)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, f := range fs {
		got[f.Level] = f.AmountFen
	}
	return got
}

// 会费标准: one level may be saved alone (blank levels stay as they were), 0 is a free level,
// and a form with nothing filled in is refused next to the first field.
func TestFeeLevelAloneAndFree(t *testing.T) {
	s := newStaff(t)
	const year = 2045
	s.Get("/admin/fees?year=2045")
	if r := s.Post("/admin/fees", url.Values{"year": {"2045"}, "fee_member": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("one free level: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if got := feesOf(t, year); len(got) != 1 || got["member"] != 0 {
		t.Fatalf("stored %v, want only member = 0", got)
	}
	if r := s.Post("/admin/fees", url.Values{"year": {"2045"}, "fee_council": {"1,500"}, "fee_member": {""}}); r.Status != http.StatusSeeOther {
		t.Fatalf("second level: %d", r.Status)
	}
	if got := feesOf(t, year); len(got) != 2 || got["member"] != 0 || got["council"] != 150000 {
		t.Errorf("a blank level changed or the new one is missing: %v", got)
	}
	r := s.Post("/admin/fees", url.Values{"year": {"2045"}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("fee_member") == "" {
		t.Errorf("an empty schedule: %d, error %q", r.Status, r.FieldError("fee_member"))
	}
}

// A free level's dues row is 免缴 at once (nothing to pay or confirm); a paying level's is 未缴费.
func TestFreeLevelDuesWaived(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	co := getDues(t, m.DuesID).CompanyID
	const year = 2046
	if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: year, Level: getDues(t, m.DuesID).Level, AmountFen: 0}); err != nil {
		t.Fatal(err)
	}
	if ok, err := dues.EnsureFor(ctx, env.DB, co, year); err != nil || !ok {
		t.Fatalf("EnsureFor: %v %v", ok, err)
	}
	var status string
	var amount int64
	if err := env.DB.NewRaw(`SELECT status, amount_fen FROM dues WHERE company_id = ? AND year = ?`, co, year).Scan(ctx, &status, &amount); err != nil {
		t.Fatal(err)
	}
	if status != dues.Waived || amount != 0 {
		t.Errorf("free level row: %s %d, want waived 0", status, amount)
	}
	if d := getDues(t, m.DuesID); d.Status != dues.Unpaid {
		t.Errorf("the paying year's row: %s", d.Status)
	}
}
