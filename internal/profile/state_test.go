package profile

import "testing"

// The change request's moves: only a pending request is decided, once.
func TestTransitions(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{Pending, Approved, true},
		{Pending, Rejected, true},
		{Pending, Applied, false},
		{Approved, Rejected, false},
		{Approved, Approved, false},
		{Rejected, Approved, false},
		{Rejected, Pending, false},
		{Applied, Approved, false},
		{Applied, Rejected, false},
	} {
		if got := CanMove(c.from, c.to); got != c.ok {
			t.Errorf("%s → %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
	if got := sources(Approved); len(got) != 1 || got[0] != Pending {
		t.Errorf("sources of approved: %v", got)
	}
}

// Only fields that differ are a change; key fields are the five of the licence.
func TestDiffAndKeys(t *testing.T) {
	old := map[string]string{"name": "甲", "city": "深圳", "intro": "x"}
	ds := diff(old, map[string]string{"name": "乙", "city": "深圳"})
	if len(ds) != 1 || ds[0].Field != "name" || ds[0].Old != "甲" || ds[0].New != "乙" || ds[0].Label != "企业名称" {
		t.Errorf("diff: %+v", ds)
	}
	for _, f := range []string{"name", "uscc", "legal_rep", "reg_capital", "nature"} {
		if !IsKey(f) {
			t.Errorf("%s is not a key field", f)
		}
	}
	for _, f := range []string{"city", "founded_on", "category", "main_products"} {
		if IsKey(f) {
			t.Errorf("%s is a key field", f)
		}
	}
}
