package papers

import (
	"strings"
	"testing"
	"time"

	"cpca/tests/testenv"
)

// 重要活动提醒 on 待办事项 lists the call-for-papers deadlines of events open to the company
// (closing within 30 days), linking to the call; a council-only event's call is not shown to
// a plain member, nor a call closing later or already closed.
func TestHomeShowsCallDeadlines(t *testing.T) {
	soon := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("封装基板论坛"), Capacity: 10})
	env.OpenCall(t, soon.ID, 7*24*time.Hour)
	council := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("理事技术会"), Capacity: 10, CouncilOnly: true})
	env.OpenCall(t, council.ID, 7*24*time.Hour)
	later := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("远期研讨会"), Capacity: 10})
	env.OpenCall(t, later.ID, 60*24*time.Hour)
	closed := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("已截止研讨会"), Capacity: 10})
	env.OpenCall(t, closed.ID, -time.Hour)

	m := newMember(t)
	r := m.Get("/home")
	card := r.Text("#event-reminders")
	if !strings.Contains(card, soon.Name+" 投稿截止") {
		t.Fatalf("待办事项 lacks the call deadline of %s: %q", soon.Name, card)
	}
	if r.Doc.Find(`#event-reminders a[href="/events/`+itoa(soon.ID)+`/call"]`).Length() != 1 {
		t.Errorf("the reminder does not link to the call")
	}
	for _, e := range []string{council.Name, later.Name, closed.Name} {
		if strings.Contains(card, e+" 投稿截止") { // the registration deadlines of the events are listed on their own
			t.Errorf("待办事项 shows %s", e)
		}
	}
}
