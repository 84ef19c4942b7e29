package testenv

import (
	"context"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/events"
)

// EventOpts tunes a test event; zero values give an open, published conference.
type EventOpts struct {
	Name          string
	Capacity      int
	MaxPerCompany int
	CouncilOnly   bool
	NeedsApproval bool
	Draft         bool
	// Closed puts the registration deadline in the past (the event is still ahead).
	Closed bool
	// Past makes an event that has ended.
	Past bool
	// Fees per attendee in fen (member, council) and the council's free places.
	FeeMemberFen, FeeCouncilFen int64
	CouncilFree                 int
}

// NewEvent creates (and publishes unless Draft) an event through the staff actions.
func (e *Env) NewEvent(t testing.TB, o EventOpts) *events.Event {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	if o.Name == "" {
		o.Name = Name("深圳电路展会")
	}
	if o.MaxPerCompany == 0 {
		o.MaxPerCompany = 3
	}
	ev := &events.Event{Name: o.Name, Kind: events.KindExhibition, Venue: "深圳会展中心", Organiser: "CPCA",
		StartsAt: now.Add(20 * 24 * time.Hour), EndsAt: now.Add(22 * 24 * time.Hour), RegOpensAt: now.Add(-24 * time.Hour),
		RegClosesAt: now.Add(10 * 24 * time.Hour), CancelUntil: now.Add(10 * 24 * time.Hour), Capacity: o.Capacity,
		MaxPerCompany: o.MaxPerCompany, OfferHours: 24, CouncilOnly: o.CouncilOnly, NeedsApproval: o.NeedsApproval,
		FeeMemberFen: o.FeeMemberFen, FeeCouncilFen: o.FeeCouncilFen, CouncilFreePlaces: o.CouncilFree}
	if o.Closed {
		ev.RegOpensAt, ev.RegClosesAt, ev.CancelUntil = now.Add(-48*time.Hour), now.Add(-time.Hour), now.Add(-time.Hour)
	}
	if o.Past {
		ev.StartsAt, ev.EndsAt = now.Add(-10*24*time.Hour), now.Add(-9*24*time.Hour)
		ev.RegOpensAt, ev.RegClosesAt, ev.CancelUntil = now.Add(-40*24*time.Hour), now.Add(-11*24*time.Hour), now.Add(-11*24*time.Hour)
	}
	by := audit.Actor{Name: "test"}
	ev, err := events.Save(ctx, e.DB, ev, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Draft {
		if err := events.Publish(ctx, e.DB, ev.ID, by, now); err != nil {
			t.Fatal(err)
		}
	}
	ev, err = events.Get(ctx, e.DB, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// EventCompany inserts a member company with one primary contact straight into the
// database (no login), for tests that only need a company id; level "council" makes a
// council member.
func (e *Env) EventCompany(t testing.TB, level string) int64 {
	t.Helper()
	ctx := context.Background()
	if level == "" {
		level = "member"
	}
	var id int64
	if err := e.DB.NewRaw(`INSERT INTO companies (name, uscc, status, level) VALUES (?, ?, 'member', ?) RETURNING id`,
		Name("测试电路有限公司"), USCC(), level).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.NewRaw(`INSERT INTO company_people (company_id, name, title, mobile, email, is_primary) VALUES (?, '张伟', '经理', '13800138000', ?, true)`,
		id, Name("zw")+"@example.cn").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return id
}

// People returns n attendees.
func People(n int) []events.Attendee {
	var out []events.Attendee
	for i := 0; i < n; i++ {
		out = append(out, events.Attendee{Name: "参会人" + string(rune('甲'+i)), Title: "工程师", Mobile: "13900139000"})
	}
	return out
}
