package security

import (
	"context"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/events"
	"cpca/tests/testenv"
)

// eventObjects are the objects of the 展会活动 routes: an open event, a confirmed
// registration of the role's company and its attendee.
type eventObjects struct {
	EventID, RegistrationID, AttendeeID int64
}

func (f fixtures) ev(role string) eventObjects {
	if o, ok := f.events[role]; ok {
		return o
	}
	return f.events[mem]
}

// newEventObjects registers the member's and the council's company for an event each, and a
// third company for the event staff walk (their cancel really cancels it).
func newEventObjects(t *testing.T, ids map[string]identity) map[string]eventObjects {
	t.Helper()
	mk := func(companyID int64) eventObjects {
		ev := env.NewEvent(t, testenv.EventOpts{Capacity: 50})
		r, err := events.Register(context.Background(), env.DB, ev.ID, events.Member{CompanyID: companyID, Council: true},
			testenv.People(1), "", audit.Actor{Name: "test"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return eventObjects{EventID: ev.ID, RegistrationID: r.ID, AttendeeID: r.Attendees[0].ID}
	}
	out := map[string]eventObjects{mem: mk(ids[mem].CompanyID), coun: mk(ids[coun].CompanyID)}
	third := mk(env.EventCompany(t, ""))
	for _, sub := range staff {
		out[sub] = third
	}
	return out
}
