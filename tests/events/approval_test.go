package events

import (
	"testing"
	"time"

	"cpca/internal/errs"
	"cpca/internal/events"
	"cpca/tests/testenv"
)

// With staff approval a registration holds its places while pending; a refusal frees them for
// the waitlist, an approval confirms (e-tickets), and approving twice is a conflict.
func TestApproval(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 2, NeedsApproval: true})
	a, b, c := env.EventCompany(t, ""), env.EventCompany(t, ""), env.EventCompany(t, "")
	ra := register(t, ev, a, 1)
	rb := register(t, ev, b, 1)
	rc := register(t, ev, c, 1)
	if ra.Status != events.Pending || rb.Status != events.Pending || rc.Status != events.Waitlisted {
		t.Fatalf("states %s %s %s, want pending pending waitlisted", ra.Status, rb.Status, rc.Status)
	}
	now := time.Now()
	if _, err := events.Approve(ctx(), env.DB, ev.ID, ra.ID, by, now); err != nil {
		t.Fatal(err)
	}
	_, err := events.Approve(ctx(), env.DB, ev.ID, ra.ID, by, now)
	mustIs(t, "approve twice", err, errs.Conflict)
	if _, err := events.Reject(ctx(), env.DB, ev.ID, rb.ID, "名额有限", by, now); err != nil {
		t.Fatal(err)
	}
	if got := [3]string{status(t, ra.ID), status(t, rb.ID), status(t, rc.ID)}; got != [3]string{events.Confirmed, events.Rejected, events.Offered} {
		t.Fatalf("after approve and reject: %v", got)
	}
	// Accepting the offer of an event that needs approval waits for staff again.
	r, err := events.Accept(ctx(), env.DB, ev.ID, events.Member{CompanyID: c}, by, now)
	if err != nil || r.Status != events.Pending {
		t.Fatalf("accept: %v %v, want pending", r, err)
	}
	// Another event's registration id is not found under this event.
	other := env.NewEvent(t, testenv.EventOpts{Capacity: 2, NeedsApproval: true})
	_, err = events.Approve(ctx(), env.DB, other.ID, rc.ID, by, now)
	mustIs(t, "approve under another event", err, events.ErrRegNotFound)
}
