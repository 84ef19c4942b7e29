package dues

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"cpca/internal/dues"
)

// 会员缴费管理 sorted by 应缴: the page really is in amount order; an unknown sort is the
// default (newest first); the page size select keeps the chosen size.
func TestFinanceSortByAmount(t *testing.T) {
	ctx := context.Background()
	const year = 2047
	setFees(t, year, 1000)
	ms := []*member{newMember(t), newMember(t), newMember(t)}
	for i, fen := range []int64{300000, 100000, 200000} {
		if ok, err := dues.EnsureFor(ctx, env.DB, ms[i].CompanyID, year); err != nil || !ok {
			t.Fatal(err)
		}
		if _, err := env.DB.NewRaw(`UPDATE dues SET amount_fen = ? WHERE company_id = ? AND year = ?`, fen, ms[i].CompanyID, year).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	s := newStaff(t)
	orderOf := func(sort string) []int {
		t.Helper()
		r := s.Get("/admin/dues?year=2047&size=50&sort=" + sort)
		if r.Status != http.StatusOK {
			t.Fatalf("sort %q: %d", sort, r.Status)
		}
		if v, _ := r.Doc.Find(`select[name="size"] option[selected]`).Attr("value"); v != "50" {
			t.Errorf("size select: %q", v)
		}
		type at struct{ m, i int }
		var got []at
		for k, m := range ms {
			got = append(got, at{k, strings.Index(r.Body, m.Co.Step1.Get("name"))})
		}
		slices.SortFunc(got, func(a, b at) int { return a.i - b.i })
		var out []int
		for _, g := range got {
			out = append(out, g.m)
		}
		return out
	}
	for _, tc := range []struct {
		sort string
		want []int
	}{
		{"amount_asc", []int{1, 2, 0}},
		{"amount_desc", []int{0, 2, 1}},
		{"year_desc", []int{2, 1, 0}},       // the default: newest row first
		{"amount_fen+DESC", []int{2, 1, 0}}, // not in the whitelist: the default
	} {
		if got := orderOf(tc.sort); !slices.Equal(got, tc.want) {
			t.Errorf("sort %q: %v, want %v", tc.sort, got, tc.want)
		}
	}
}
