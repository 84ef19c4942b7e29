package events

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"cpca/internal/errs"
	"cpca/internal/events"
	"cpca/tests/testenv"
)

// The waitlist as a table of steps: each action and the states of the three companies after it.
func TestWaitlistFlow(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 3})
	a, b, c := env.EventCompany(t, ""), env.EventCompany(t, ""), env.EventCompany(t, "")
	ra := register(t, ev, a, 2) // 2 of 3 places
	rb := register(t, ev, b, 2) // does not fit: waitlist #1
	rc := register(t, ev, c, 1) // fits, but b waits first: waitlist #2 (no queue jumping)
	if _, err := events.ChangeAttendees(ctx(), env.DB, ev.ID, events.Member{CompanyID: c}, testenv.People(2), by, time.Now()); err != nil {
		t.Fatal(err) // a waitlisted company may change its attendees; it stays in its place
	}
	if rb.Status != events.Waitlisted || rb.Position != 1 || rc.Status != events.Waitlisted || rc.Position != 2 {
		t.Fatalf("b %s #%d, c %s #%d; want both waitlisted, 1 and 2", rb.Status, rb.Position, rc.Status, rc.Position)
	}
	steps := []struct {
		name    string
		do      func() error
		a, b, c string
	}{
		{"a cancels: b is offered its 2 places, c (2 people) still waits with 1 left", func() error {
			_, err := events.Cancel(ctx(), env.DB, ev.ID, ra.ID, events.Member{CompanyID: a}, "", by, time.Now())
			return err
		}, events.Cancelled, events.Offered, events.Waitlisted},
		{"b accepts", func() error {
			_, err := events.Accept(ctx(), env.DB, ev.ID, events.Member{CompanyID: b}, by, time.Now())
			return err
		}, events.Cancelled, events.Confirmed, events.Waitlisted},
		{"staff raise the capacity to 5: c is offered", func() error {
			e, _ := events.Get(ctx(), env.DB, ev.ID)
			e.Capacity = 5
			_, err := events.Save(ctx(), env.DB, e, by, time.Now())
			return err
		}, events.Cancelled, events.Confirmed, events.Offered},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := [3]string{status(t, ra.ID), status(t, rb.ID), status(t, rc.ID)}; got != [3]string{s.a, s.b, s.c} {
			t.Fatalf("%s: states %v, want %v", s.name, got, [3]string{s.a, s.b, s.c})
		}
	}
	// The offers and the confirmation went out through the outbox, each once.
	for key, want := range map[string]int{
		"event-reg:%d:offer:1": 1, "event-reg:%d:waitlisted": 1,
	} {
		var n int
		if err := env.DB.NewRaw(`SELECT count(*) FROM emails WHERE dedupe_key = ?`, fmt.Sprintf(key, rb.ID)).Scan(ctx(), &n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s for b: %d emails, want %d", key, n, want)
		}
	}
	// The e-ticket email carries one QR PNG per attendee.
	var atts int
	if err := env.DB.NewRaw(`SELECT count(*) FROM email_attachments x JOIN emails e ON e.id = x.email_id
		WHERE e.dedupe_key LIKE ? AND x.content_type = 'image/png' AND substring(x.data from 2 for 3) = 'PNG'`,
		"event-reg:"+itoa(rb.ID)+":tickets:%").Scan(ctx(), &atts); err != nil {
		t.Fatal(err)
	}
	if atts != 2 {
		t.Errorf("b's e-ticket email has %d PNG attachments, want 2", atts)
	}
}

// An offer not accepted in time expires; accepting afterwards is refused.
func TestExpiredOfferRefused(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 1})
	a, b := env.EventCompany(t, ""), env.EventCompany(t, "")
	ra := register(t, ev, a, 1)
	rb := register(t, ev, b, 1)
	if _, err := events.Cancel(ctx(), env.DB, ev.ID, ra.ID, events.Member{CompanyID: a}, "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if s := status(t, rb.ID); s != events.Offered {
		t.Fatalf("b is %s, want offered", s)
	}
	later := time.Now().Add(25 * time.Hour) // the test events hold offers 24 hours
	_, err := events.Accept(ctx(), env.DB, ev.ID, events.Member{CompanyID: b}, by, later)
	mustIs(t, "accept after expiry", err, events.ErrOfferExpired)
	if _, err := events.ExpireOffers(ctx(), env.DB, later); err != nil {
		t.Fatal(err)
	}
	if s := status(t, rb.ID); s != events.Expired {
		t.Fatalf("b is %s after the scheduler, want expired", s)
	}
	_, err = events.Accept(ctx(), env.DB, ev.ID, events.Member{CompanyID: b}, by, later)
	mustIs(t, "accept an expired offer", err, errs.Conflict)
}

// Two schedulers expiring the same offer at once: the next company is offered the place once.
func TestOfferExpiryTwoSchedulers(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 1})
	a, b, c, d := env.EventCompany(t, ""), env.EventCompany(t, ""), env.EventCompany(t, ""), env.EventCompany(t, "")
	ra := register(t, ev, a, 1)
	rb := register(t, ev, b, 1)
	rc := register(t, ev, c, 1)
	rd := register(t, ev, d, 1)
	if _, err := events.Cancel(ctx(), env.DB, ev.ID, ra.ID, events.Member{CompanyID: a}, "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(25 * time.Hour)
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := events.ExpireOffers(ctx(), env.DB, later)
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := [3]string{status(t, rb.ID), status(t, rc.ID), status(t, rd.ID)}
	if got != [3]string{events.Expired, events.Offered, events.Waitlisted} {
		t.Fatalf("after four schedulers: %v, want b expired, c offered, d waiting", got)
	}
	var offers int
	if err := env.DB.NewRaw(`SELECT count(*) FROM emails WHERE dedupe_key LIKE ?`, "event-reg:"+itoa(rc.ID)+":offer:%").Scan(ctx(), &offers); err != nil {
		t.Fatal(err)
	}
	if offers != 1 {
		t.Errorf("c got %d offer emails, want 1", offers)
	}
}

// With one place left and many companies registering at once, exactly one is confirmed and
// the others are waitlisted in a strict order.
func TestLastPlaceConcurrently(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 3})
	register(t, ev, env.EventCompany(t, ""), 2)
	const n = 8
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = env.EventCompany(t, "")
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	res := make([]*events.Registration, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			res[i], errs[i] = events.Register(ctx(), env.DB, ev.ID, events.Member{CompanyID: ids[i]}, testenv.People(1), "", by, time.Now())
		}(i)
	}
	close(start)
	wg.Wait()
	confirmed, waiting := 0, map[int]bool{}
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Fatalf("company %d: %v", i, errs[i])
		}
		switch res[i].Status {
		case events.Confirmed:
			confirmed++
		case events.Waitlisted:
			waiting[res[i].Position] = true
		}
	}
	if confirmed != 1 || len(waiting) != n-1 {
		t.Fatalf("%d confirmed, %d distinct waitlist positions; want 1 and %d", confirmed, len(waiting), n-1)
	}
	e, err := events.Get(ctx(), env.DB, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Held != e.Capacity {
		t.Errorf("%d places held of %d", e.Held, e.Capacity)
	}
}

// Refusals: after the deadline, twice, too many attendees, no attendee, council-only for a
// plain member, another company's registration, cancelling after the deadline.
func TestRegistrationRefusals(t *testing.T) {
	open := env.NewEvent(t, testenv.EventOpts{Capacity: 10, MaxPerCompany: 2})
	closed := env.NewEvent(t, testenv.EventOpts{Capacity: 10, Closed: true})
	council := env.NewEvent(t, testenv.EventOpts{Capacity: 10, CouncilOnly: true})
	draft := env.NewEvent(t, testenv.EventOpts{Capacity: 10, Draft: true})
	a, b := env.EventCompany(t, ""), env.EventCompany(t, "")
	co := env.EventCompany(t, "council")
	now := time.Now()
	reg := func(ev int64, m events.Member, n int) error {
		_, err := events.Register(ctx(), env.DB, ev, m, testenv.People(n), "", by, now)
		return err
	}
	ra := register(t, open, a, 1)
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"after the deadline", reg(closed.ID, events.Member{CompanyID: a}, 1), events.ErrClosed},
		{"twice", reg(open.ID, events.Member{CompanyID: a}, 1), events.ErrTwice},
		{"more attendees than the limit", reg(open.ID, events.Member{CompanyID: b}, 3), errs.Invalid},
		{"no attendee", reg(open.ID, events.Member{CompanyID: b}, 0), events.ErrNoAttendee},
		{"council-only as a plain member", reg(council.ID, events.Member{CompanyID: b}, 1), events.ErrNotFound},
		{"a draft", reg(draft.ID, events.Member{CompanyID: b}, 1), events.ErrNotFound},
		{"another company's registration", func() error {
			_, err := events.Cancel(ctx(), env.DB, open.ID, ra.ID, events.Member{CompanyID: b}, "", by, now)
			return err
		}(), events.ErrRegNotFound},
		{"cancel after the cancellation deadline", func() error {
			_, err := events.Cancel(ctx(), env.DB, open.ID, ra.ID, events.Member{CompanyID: a}, "", by, now.Add(11*24*time.Hour))
			return err
		}(), events.ErrCancelClosed},
		{"more attendees than places when changing", func() error {
			full := env.NewEvent(t, testenv.EventOpts{Capacity: 1})
			register(t, full, a, 1)
			_, err := events.ChangeAttendees(ctx(), env.DB, full.ID, events.Member{CompanyID: a}, testenv.People(2), by, now)
			return err
		}(), events.ErrNoPlaces},
	} {
		mustIs(t, c.name, c.err, c.want)
	}
	if err := reg(council.ID, events.Member{CompanyID: co, Council: true}, 1); err != nil {
		t.Errorf("a council member registering for a council-only event: %v", err)
	}
	if s := status(t, ra.ID); s != events.Confirmed {
		t.Errorf("a's registration is %s after the refused attempts, want confirmed", s)
	}
	// Council-only events are not listed for plain members, nor shown by id.
	for _, isCouncil := range []bool{false, true} {
		rows, _, err := events.List(ctx(), env.DB, events.Filter{Member: true, Council: isCouncil, Size: 100}, now)
		if err != nil {
			t.Fatal(err)
		}
		seen := false
		for _, r := range rows {
			seen = seen || r.ID == council.ID
		}
		_, err = events.Visible(ctx(), env.DB, council.ID, isCouncil)
		if seen != isCouncil || (err == nil) != isCouncil {
			t.Errorf("council member %v: listed %v, visible err %v", isCouncil, seen, err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
