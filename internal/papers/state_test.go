package papers

import "testing"

// Every pair of states: allowed exactly when the table says so.
func TestTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{Draft, Submitted}: true, {Draft, Withdrawn}: true,
		{Submitted, Reviewing}: true, {Submitted, Withdrawn}: true,
		{Reviewing, Accepted}: true, {Reviewing, Revise}: true, {Reviewing, Rejected}: true, {Reviewing, Withdrawn}: true,
		{Accepted, Revise}: true, {Accepted, Rejected}: true, {Accepted, Withdrawn}: true,
		{Revise, Accepted}: true, {Revise, Rejected}: true, {Revise, Withdrawn}: true,
		{Rejected, Accepted}: true, {Rejected, Revise}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanMove(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
	for _, s := range Statuses {
		if StatusLabel(s) == "" {
			t.Errorf("no label for %s", s)
		}
	}
}

func TestWords(t *testing.T) {
	for _, c := range []struct {
		s string
		n int
	}{{"", 0}, {"印制电路板", 5}, {"HDI board", 2}, {"5G 高频板 PCB-design", 6}, {"  a,b  ", 2}} {
		if got := Words(c.s); got != c.n {
			t.Errorf("Words(%q) = %d, want %d", c.s, got, c.n)
		}
	}
}

func TestWeighted(t *testing.T) {
	cs := []Criterion{{"创新性", 40}, {"技术水平", 30}, {"写作", 30}}
	if got := Weighted(cs, map[string]int{"创新性": 10, "技术水平": 5, "写作": 5}); got != 7 {
		t.Errorf("Weighted = %v, want 7", got)
	}
}
