package promotion

import (
	"errors"
	"testing"

	"cpca/internal/errs"
)

// Quorum (实到 ≥ 2/3 应到) and majority (赞成 ≥ 2/3 实到), at and around the thresholds.
func TestCheckVote(t *testing.T) {
	r := DefaultRules
	for _, tc := range []struct {
		name string
		v    Vote
		want error // nil, ErrVoteCounts, or a type checked below
		kind string
	}{
		{"exactly 2/3 present, exactly 2/3 in favour", Vote{Expected: 30, Present: 20, Yes: 14, No: 6}, nil, ""},
		{"all present, all in favour", Vote{Expected: 9, Present: 9, Yes: 9}, nil, ""},
		{"one short of quorum", Vote{Expected: 30, Present: 19, Yes: 19}, nil, "quorum"},
		{"one vote short of majority", Vote{Expected: 30, Present: 21, Yes: 13, No: 8}, nil, "majority"},
		{"abstentions count against", Vote{Expected: 30, Present: 30, Yes: 19, Abstain: 11}, nil, "majority"},
		{"nobody expected", Vote{}, ErrVoteCounts, ""},
		{"more present than expected", Vote{Expected: 10, Present: 11, Yes: 11}, ErrVoteCounts, ""},
		{"more votes than present", Vote{Expected: 10, Present: 8, Yes: 8, No: 1}, ErrVoteCounts, ""},
		{"negative", Vote{Expected: 10, Present: 10, Yes: 11, No: -1}, ErrVoteCounts, ""},
	} {
		err := r.Check(tc.v)
		switch {
		case tc.kind == "quorum":
			var q ErrQuorum
			if !errors.As(err, &q) || !errors.Is(err, errs.Invalid) {
				t.Errorf("%s: %v, want ErrQuorum", tc.name, err)
			}
		case tc.kind == "majority":
			var m ErrMajority
			if !errors.As(err, &m) || !errors.Is(err, errs.Invalid) {
				t.Errorf("%s: %v, want ErrMajority", tc.name, err)
			}
		case err != tc.want:
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// A stricter charter (3/4) refuses what 2/3 accepts.
	strict := r
	strict.Quorum = Fraction{3, 4}
	if err := strict.Check(Vote{Expected: 30, Present: 20, Yes: 20}); err == nil {
		t.Error("3/4 quorum accepted 20 of 30")
	}
}

// Quotas: 理事单位 ≤ 1/3 of members, 常务理事单位 ≤ 1/3 of 理事单位 (counting every seat above),
// fixed counts for 副理事长单位 and 理事长单位.
func TestSeatQuotas(t *testing.T) {
	r := DefaultRules
	o := Occupancy{Members: 31, Seats: map[string]int{"council": 7, "standing": 2, "vice_president": 1}}
	// council: floor(31/3) = 10, taken 7+2+1 = 10 → 0 left
	if got := r.Left("council", o); got != 0 {
		t.Errorf("council left %d, want 0", got)
	}
	// standing: floor(10/3) = 3, taken 2+1 = 3 → 0
	if got := r.Left("standing", o); got != 0 {
		t.Errorf("standing left %d, want 0", got)
	}
	if got := r.Left("vice_president", o); got != 5 {
		t.Errorf("vice president left %d, want 5", got)
	}
	if got := r.Left("president", o); got != 1 {
		t.Errorf("president left %d, want 1", got)
	}
	for _, tc := range []struct {
		from, to string
		members  int
		seats    map[string]int
		ok       bool
	}{
		{"member", "council", 31, map[string]int{"council": 9}, true},
		{"member", "council", 31, map[string]int{"council": 10}, false},
		{"member", "council", 30, map[string]int{"council": 9, "standing": 1}, false}, // standing seats are council seats too
		{"council", "standing", 30, map[string]int{"council": 9}, true},               // 3 standing allowed, none taken
		{"council", "standing", 30, map[string]int{"council": 6, "standing": 3}, false},
		{"member", "standing", 30, map[string]int{"council": 10}, false}, // needs a council seat first
		{"standing", "vice_president", 30, map[string]int{"vice_president": 6}, false},
		{"standing", "vice_president", 30, map[string]int{"vice_president": 5}, true},
		{"vice_president", "president", 30, map[string]int{"president": 1}, false},
		{"vice_president", "president", 30, map[string]int{}, true},
	} {
		err := r.Fits(tc.from, tc.to, Occupancy{Members: tc.members, Seats: tc.seats})
		var ns ErrNoSeat
		if tc.ok && err != nil || !tc.ok && (!errors.As(err, &ns) || !errors.Is(err, errs.Conflict)) {
			t.Errorf("%s → %s with %d members, seats %v: %v (want ok=%v)", tc.from, tc.to, tc.members, tc.seats, err, tc.ok)
		}
	}
}
