package broadcast

import (
	"slices"
	"testing"
)

// The allowed moves, as a table: a retracted message never comes back, a sent one is never
// sent again.
func TestTransitions(t *testing.T) {
	cases := []struct {
		from, to string
		ok       bool
	}{
		{Scheduled, Sent, true},
		{Scheduled, Retracted, true},
		{Sent, Retracted, true},
		{Sent, Sent, false},
		{Sent, Scheduled, false},
		{Retracted, Sent, false},
		{Retracted, Scheduled, false},
		{Retracted, Retracted, false},
	}
	for _, c := range cases {
		if got := slices.Contains(from(c.to), c.from); got != c.ok {
			t.Errorf("%s → %s: allowed=%v, want %v", c.from, c.to, got, c.ok)
		}
	}
}

// An empty audience is empty; any choice is not.
func TestAudienceEmpty(t *testing.T) {
	for _, c := range []struct {
		a     Audience
		empty bool
	}{
		{Audience{}, true},
		{Audience{All: true}, false},
		{Audience{Levels: []string{"council"}}, false},
		{Audience{Provinces: []string{"广东省"}}, false},
		{Audience{Categories: []string{"覆铜板"}}, false},
		{Audience{CompanyIDs: []int64{1}}, false},
	} {
		if c.a.Empty() != c.empty {
			t.Errorf("%+v: Empty()=%v", c.a, !c.empty)
		}
	}
}
