package promotion

import "testing"

// Every pair of states: the allowed moves and only those.
func TestTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{Submitted, Passed}: true, {Submitted, Returned}: true, {Submitted, Rejected}: true,
		{Returned, Submitted}: true,
		{Passed, Ratified}:    true, {Passed, Rejected}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanMove(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("%s → %s: CanMove %v, want %v", from, to, got, !got)
			}
		}
	}
	for _, tc := range []struct {
		to   string
		want []string
	}{{Submitted, []string{Returned}}, {Passed, []string{Submitted}}, {Ratified, []string{Passed}}, {Rejected, []string{Submitted, Passed}}, {Returned, []string{Submitted}}} {
		if got := Sources(tc.to); len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("Sources(%s) = %v, want %v", tc.to, got, tc.want)
		}
	}
	for _, s := range Statuses {
		if StatusLabel(s) == "" {
			t.Errorf("no label for %s", s)
		}
	}
}

// Levels above a level, and the rank order.
func TestAbove(t *testing.T) {
	for _, tc := range []struct {
		level string
		n     int
	}{{"member", 4}, {"council", 3}, {"standing", 2}, {"vice_president", 1}, {"president", 0}} {
		if got := Above(tc.level); len(got) != tc.n {
			t.Errorf("Above(%s) = %v, want %d levels", tc.level, got, tc.n)
		}
	}
	if Rank("member") != 0 || Rank("president") != 4 || Rank("nobody") != -1 {
		t.Error("rank")
	}
}
