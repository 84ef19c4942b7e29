package feedback

import (
	"slices"
	"testing"
)

// The whole transition table, state by state: every pair not listed is refused.
func TestTransitions(t *testing.T) {
	allowed := map[string][]string{
		Unread:     {Unread, Read, Processing, Waiting, Resolved, Closed},
		Read:       {Read, Processing, Waiting, Resolved, Closed},
		Processing: {Processing, Waiting, Resolved, Closed},
		Waiting:    {Processing, Waiting, Resolved, Closed},
		Resolved:   {Processing, Waiting, Resolved, Closed},
		Closed:     {Processing},
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got, want := CanMove(from, to), slices.Contains(allowed[from], to); got != want {
				t.Errorf("%s → %s: CanMove %v, want %v", from, to, got, want)
			}
		}
	}
	// Nothing goes back to 未读: an opened item stays opened (news is the unread flag's job).
	if got := Sources(Unread); !slices.Equal(got, []string{Unread}) {
		t.Errorf("Sources(unread) = %v", got)
	}
	if got := Sources(Read); !slices.Equal(got, []string{Unread, Read}) {
		t.Errorf("Sources(read) = %v", got)
	}
}

// Where a member's addition and a staff note leave an item.
func TestAfterMessage(t *testing.T) {
	for _, c := range []struct{ from, member, note string }{
		{Unread, Unread, Read},
		{Read, Read, Read},
		{Processing, Processing, Processing},
		{Waiting, Processing, Waiting},
		{Resolved, Processing, Resolved},
	} {
		if got := afterMember(c.from); got != c.member {
			t.Errorf("member adds to %s: %s, want %s", c.from, got, c.member)
		}
		if got := afterNote(c.from); got != c.note {
			t.Errorf("staff note on %s: %s, want %s", c.from, got, c.note)
		}
		if !CanMove(c.from, c.member) || !CanMove(c.from, c.note) {
			t.Errorf("from %s: the message's move is not in the table", c.from)
		}
	}
	for _, s := range ReplyStates {
		for _, from := range []string{Unread, Read, Processing, Waiting, Resolved} {
			if !CanMove(from, s) {
				t.Errorf("a reply on %s cannot leave it %s", from, s)
			}
		}
	}
}

// A draft's fields are checked, and a dues year must be one of the company's.
func TestDraftValidate(t *testing.T) {
	long := string(make([]rune, MaxSubject+1))
	for _, c := range []struct {
		d    Draft
		want []string
	}{
		{Draft{Category: Question, Subject: "主题", Body: "内容"}, nil},
		{Draft{Category: Billing, Subject: "主题", Body: "内容", DuesYear: 2026}, nil},
		{Draft{}, []string{"body", "category", "subject"}},
		{Draft{Category: "x", Subject: long, Body: "  "}, []string{"body", "category", "subject"}},
		{Draft{Category: Billing, Subject: "主题", Body: "内容", DuesYear: 2019}, []string{"dues_year"}},
		{Draft{Category: Billing, Subject: "主题", Body: "内容", DuesYear: -1}, []string{"dues_year"}},
	} {
		var got []string
		for k := range c.d.Validate([]int{2025, 2026}) {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: errors on %v, want %v", c.d, got, c.want)
		}
	}
}
