package events

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// heldExpr and waitingExpr count an event's places held and companies waiting (indexed by
// event_registrations_event_idx).
const (
	heldExpr    = `(SELECT coalesce(sum(r.places), 0) FROM event_registrations r WHERE r.event_id = e.id AND r.status IN ('pending', 'confirmed', 'offered')) AS held`
	waitingExpr = `(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waiting`
)

// Get loads an event with its places held (staff: any event).
func Get(ctx context.Context, db bun.IDB, id int64) (*Event, error) {
	e := new(Event)
	err := db.NewSelect().Model(e).ModelTableExpr("events AS e").Column("e.*").ColumnExpr(heldExpr).ColumnExpr(waitingExpr).
		Where("e.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return e, err
}

// Visible loads an event a member company may see: published, and council-only events only
// for council members. Anything else is not found (its existence is not revealed).
func Visible(ctx context.Context, db bun.IDB, id int64, council bool) (*Event, error) {
	e, err := Get(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if !e.VisibleTo(council) {
		return nil, ErrNotFound
	}
	return e, nil
}

// lockEvent locks the event row for the rest of tx and returns it with its places held. Every
// change to the event's registrations takes this lock first.
func lockEvent(ctx context.Context, tx bun.IDB, id int64) (*Event, error) {
	e := new(Event)
	if err := tx.NewSelect().Model(e).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if err := tx.NewRaw(`SELECT coalesce(sum(places), 0) FROM event_registrations WHERE event_id = ? AND status IN (?)`,
		id, bun.In(Holding)).Scan(ctx, &e.Held); err != nil {
		return nil, err
	}
	return e, nil
}

// Filter narrows an event list.
type Filter struct {
	Q        string // name contains (2-character fragments use the bigram index)
	Kind     string
	Phase    string // PhaseOpen...; members only see published events
	From, To time.Time
	// Member lists: only published events, council-only ones only when Council.
	Member  bool
	Council bool
	// Published narrows the staff list: "yes", "no" or "" for both.
	Published string
	Page      int
	Size      int
	Sort      string // a key of ListSorts; unknown: newest first
}

// ListSorts are the orders of 展会活动管理 staff may pick (the column headers).
var ListSorts = store.Sorts{Default: "starts_desc", Exprs: map[string]string{
	"starts_desc": "e.starts_at DESC, e.id DESC",
	"starts_asc":  "e.starts_at ASC, e.id ASC",
	"name_asc":    "e.name ASC, e.id ASC",
	"name_desc":   "e.name DESC, e.id DESC",
}}

// List returns a page of events, newest first, and the total (store.Unknown for a name
// search, which fetches one row more than the page). The count and the page are
// parameterised (store.Params): one statement text per filter shape, whatever the values.
func List(ctx context.Context, db bun.IDB, f Filter, now time.Time) ([]Event, int, error) {
	f.Page, f.Size = store.Page(f.Page, f.Size, 20)
	p := &store.Params{}
	q := store.Published(db.NewSelect().TableExpr("events AS e"), "e", f.Member, f.Council, f.Published)
	if f.Kind != "" {
		q = q.Where("e.kind = ?", p.Add(f.Kind))
	}
	switch f.Phase {
	case PhaseEnded:
		q = q.Where("e.ends_at <= ?", p.Add(now))
	case PhaseRunning:
		at := p.Add(now)
		q = q.Where("e.starts_at <= ? AND e.ends_at > ?", at, at)
	case PhaseOpen:
		at := p.Add(now)
		q = q.Where("e.reg_opens_at <= ? AND e.reg_closes_at > ? AND e.starts_at > ?", at, at, at)
	case PhaseUpcoming:
		at := p.Add(now)
		q = q.Where("e.starts_at > ? AND NOT (e.reg_opens_at <= ? AND e.reg_closes_at > ?)", at, at, at)
	}
	if !f.From.IsZero() {
		q = q.Where("e.ends_at >= ?", p.Add(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("e.starts_at < ?", p.Add(f.To.AddDate(0, 0, 1)))
	}
	total := 0
	extra := 0
	if f.Q != "" {
		cond, args := store.NameMatch("e.name", "e.name_bigrams", f.Q)
		q = q.Where(cond, p.All(args)...)
		total, extra = store.Unknown, 1
	} else {
		n, err := store.CappedCountOf(ctx, db, q.Clone(), p)
		if err != nil {
			return nil, 0, err
		}
		total = n
	}
	var es []Event
	_, order := ListSorts.Pick(f.Sort)
	err := store.Select(ctx, db, &es, q.ColumnExpr("e.*").ColumnExpr(heldExpr).ColumnExpr(waitingExpr).
		OrderExpr(order).Limit(f.Size+extra).Offset((f.Page-1)*f.Size), p)
	return es, total, err
}

// Own is the company's live registration for an event (or its latest one), nil for none,
// with attendees and its waitlist position.
func Own(ctx context.Context, db bun.IDB, eventID, companyID int64) (*Registration, error) {
	r := new(Registration)
	err := db.NewSelect().Model(r).Where("event_id = ? AND company_id = ?", eventID, companyID).
		OrderExpr("status IN ('pending', 'confirmed', 'waitlisted', 'offered') DESC, id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := fill(ctx, db, r); err != nil {
		return nil, err
	}
	return r, loadCharge(ctx, db, r)
}

// GetRegistration loads a registration of event; companyID, when not 0, must own it.
func GetRegistration(ctx context.Context, db bun.IDB, eventID, id, companyID int64) (*Registration, error) {
	r := new(Registration)
	q := db.NewSelect().Model(r).ModelTableExpr("event_registrations AS r").Column("r.*").
		ColumnExpr("c.name AS company_name").Join("JOIN companies c ON c.id = r.company_id").
		Where("r.id = ? AND r.event_id = ?", id, eventID)
	if companyID != 0 {
		q = q.Where("r.company_id = ?", companyID)
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrRegNotFound
		}
		return nil, err
	}
	return r, fill(ctx, db, r)
}

// fill adds attendees and the waitlist position.
func fill(ctx context.Context, db bun.IDB, r *Registration) error {
	if err := db.NewSelect().Model(&r.Attendees).Where("registration_id = ?", r.ID).OrderExpr("position, id").Scan(ctx); err != nil {
		return err
	}
	if r.Status == Waitlisted {
		// The queue is in the order of registration (ids are taken under the event lock).
		if err := db.NewRaw(`SELECT count(*) + 1 FROM event_registrations WHERE event_id = ? AND status = 'waitlisted'
			AND id < ?`, r.EventID, r.ID).Scan(ctx, &r.Position); err != nil {
			return err
		}
	}
	return nil
}

// RegFilter narrows the staff registration list of an event.
type RegFilter struct {
	Status    string
	Q         string // company name contains
	CheckedIn string // "yes" / "no"
	Page      int
	Size      int // 0 with Page 0: all (the export)
}

// Registrations lists an event's registrations for staff (waitlist in queue order first by
// state, then newest), with company names and check-in counts, and the total.
func Registrations(ctx context.Context, db bun.IDB, eventID int64, f RegFilter) ([]Registration, int, error) {
	var rs []Registration
	q := db.NewSelect().Model(&rs).ModelTableExpr("event_registrations AS r").Join("JOIN companies c ON c.id = r.company_id").
		Where("r.event_id = ?", eventID)
	if f.Status != "" {
		q = q.Where("r.status = ?", f.Status)
	}
	if f.Q != "" {
		cond, args := store.NameMatch("c.name", "c.name_bigrams", f.Q)
		q = q.Where(cond, args...)
	}
	switch f.CheckedIn {
	case "yes":
		q = q.Where("EXISTS (SELECT 1 FROM event_attendees a WHERE a.registration_id = r.id AND a.checked_in_at IS NOT NULL)")
	case "no":
		q = q.Where("NOT EXISTS (SELECT 1 FROM event_attendees a WHERE a.registration_id = r.id AND a.checked_in_at IS NOT NULL)")
	}
	total, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	q = q.Column("r.*").ColumnExpr("c.name AS company_name").
		ColumnExpr("(SELECT count(*) FROM event_attendees a WHERE a.registration_id = r.id AND a.checked_in_at IS NOT NULL) AS checked_in").
		ColumnExpr("coalesce(ch.id, 0) AS charge_id, coalesce(ch.amount_fen, 0) AS charge_fen, coalesce(ch.status, '') AS charge_status").
		// LIMIT keeps the lateral a per-row index probe: as a plain join PostgreSQL merges it
		// with the whole charge index (20 ms at 200,000 registrations instead of 0.5 ms).
		Join("LEFT JOIN LATERAL (SELECT d.id, d.amount_fen, d.status FROM dues d WHERE d.event_registration_id = r.id LIMIT 1) ch ON true").
		OrderExpr("CASE r.status WHEN 'offered' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 WHEN 'confirmed' THEN 3 ELSE 4 END, r.id")
	if f.Size > 0 {
		if f.Page < 1 {
			f.Page = 1
		}
		q = q.Limit(f.Size).Offset((f.Page - 1) * f.Size)
	} else {
		q = q.Limit(200000)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, 0, err
	}
	if err := attachAttendees(ctx, db, rs); err != nil {
		return nil, 0, err
	}
	pos := 0
	for i := range rs {
		if rs[i].Status == Waitlisted {
			pos++
			rs[i].Position = pos // exact when the list is the waitlist's first page
		}
	}
	return rs, total, nil
}

// attachAttendees loads the attendees of rs in one query.
func attachAttendees(ctx context.Context, db bun.IDB, rs []Registration) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	at := map[int64]int{}
	for i, r := range rs {
		ids[i], at[r.ID] = r.ID, i
	}
	var as []Attendee
	if err := db.NewSelect().Model(&as).Where("registration_id IN (?)", bun.In(ids)).OrderExpr("registration_id, position, id").Scan(ctx); err != nil {
		return err
	}
	for _, a := range as {
		i := at[a.RegistrationID]
		rs[i].Attendees = append(rs[i].Attendees, a)
	}
	return nil
}
