package events

// The member's actions of 报名参会 and the staff's on registrations, one function each: each
// locks the event row, moves the registration, passes freed places down the waitlist
// (settle), notifies the company through the outbox and writes the audit entry, in one
// transaction.

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Member is the company acting: its id and whether it is a council member (理事单位 and above).
type Member struct {
	CompanyID int64
	Council   bool
}

func regID(id int64) string { return strconv.FormatInt(id, 10) }

// Register is 报名参会: the company's attendees for the event. With enough free places (and no
// one waiting before it) the places are taken at once, confirmed or, when the event needs
// approval, pending; otherwise the company joins the waitlist. Of two companies taking the
// last place at once exactly one gets it: the event row is locked first.
func Register(ctx context.Context, db bun.IDB, eventID int64, m Member, people []Attendee, note string, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if !e.VisibleTo(m.Council) {
			return ErrNotFound
		}
		if !e.RegistrationOpen(now) {
			return ErrClosed
		}
		if len(people) > e.MaxPerCompany {
			return ErrTooMany{Max: e.MaxPerCompany}
		}
		if len(people) == 0 {
			return ErrNoAttendee
		}
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		var live int
		if err := tx.NewRaw(`SELECT count(*) FROM event_registrations WHERE event_id = ? AND company_id = ? AND status IN (?)`,
			eventID, m.CompanyID, bun.In(Live)).Scan(ctx, &live); err != nil {
			return err
		}
		if live > 0 {
			return ErrTwice
		}
		var waiting int
		if err := tx.NewRaw(`SELECT count(*) FROM event_registrations WHERE event_id = ? AND status = 'waitlisted'`, eventID).Scan(ctx, &waiting); err != nil {
			return err
		}
		r = &Registration{EventID: eventID, CompanyID: m.CompanyID, Places: len(people), Note: note, CreatedBy: by.ID}
		switch {
		case waiting > 0 || len(people) > e.Left():
			r.Status, r.WaitlistedAt = Waitlisted, &now
		case e.NeedsApproval:
			r.Status = Pending
		default:
			r.Status = Confirmed
		}
		if _, err := tx.NewInsert().Model(r).Returning("*").Exec(ctx); err != nil {
			return err
		}
		if err := insertAttendees(ctx, tx, r, people); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		if err := fill(ctx, tx, r); err != nil {
			return err
		}
		if err := tellRegistered(ctx, tx, e, r); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.register", ObjectType: "event_registration", ObjectID: regID(r.ID),
			Detail: fmt.Sprintf("event %d, %d attendees, %s", eventID, r.Places, r.Status)})
	})
	return r, err
}

func insertAttendees(ctx context.Context, tx bun.IDB, r *Registration, people []Attendee) error {
	for i := range people {
		a := people[i]
		a.ID, a.RegistrationID, a.Position, a.CheckedInAt = 0, r.ID, i, nil
		if _, err := tx.NewInsert().Model(&a).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// move changes a registration's state from one of the allowed sources, or says why not.
func move(ctx context.Context, tx bun.IDB, r *Registration, to, action string, set func(*bun.UpdateQuery) *bun.UpdateQuery) error {
	ok, err := store.Move(ctx, tx, r, r.ID, to, Sources(to), set)
	if err != nil {
		return err
	}
	if !ok {
		return ErrState{Status: r.Status, Action: action}
	}
	return nil
}

// Cancel is 取消报名. A member cancels until the event's cancellation deadline (a waitlisted
// registration or an offer, which hold no confirmed place, at any time before the event);
// staff (m.CompanyID 0) at any time. The freed places go down the waitlist.
func Cancel(ctx context.Context, db bun.IDB, eventID, registrationID int64, m Member, reason string, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r, err = GetRegistration(ctx, tx, eventID, registrationID, m.CompanyID); err != nil {
			return err
		}
		staff := m.CompanyID == 0
		if !staff && (r.Status == Confirmed || r.Status == Pending) && !e.CancelOpen(now) {
			return ErrCancelClosed
		}
		if !staff && !now.Before(e.StartsAt) {
			return ErrCancelClosed
		}
		if err := move(ctx, tx, r, Cancelled, "取消报名", func(q *bun.UpdateQuery) *bun.UpdateQuery { return q.Set("reason = ?", reason) }); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		if staff {
			if err := tell(ctx, tx, e, r, "cancelled", "活动报名已被协会取消",
				fmt.Sprintf("贵单位报名的“%s”已被协会取消。%s", e.Name, reasonText(reason)), nil); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.cancel", ObjectType: "event_registration", ObjectID: regID(r.ID), Detail: reason})
	})
	return r, err
}

func reasonText(reason string) string {
	if reason == "" {
		return ""
	}
	return "原因：" + reason
}

// Accept is 确认候补名额: the company takes the places offered to it, before the offer
// expires. The registration becomes confirmed (pending when the event needs approval).
func Accept(ctx context.Context, db bun.IDB, eventID int64, m Member, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r, err = Own(ctx, tx, eventID, m.CompanyID); err != nil {
			return err
		}
		if r == nil {
			return ErrRegNotFound
		}
		if r.Status == Offered && r.OfferExpiresAt != nil && !now.Before(*r.OfferExpiresAt) {
			return ErrOfferExpired
		}
		if r.Status != Offered {
			if r.Status == Expired {
				return ErrOfferExpired
			}
			return ErrState{Status: r.Status, Action: "确认候补名额"}
		}
		to := Confirmed
		if e.NeedsApproval {
			to = Pending
		}
		if err := move(ctx, tx, r, to, "确认候补名额", func(q *bun.UpdateQuery) *bun.UpdateQuery { return q.Set("offer_expires_at = NULL") }); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		if err := fill(ctx, tx, r); err != nil {
			return err
		}
		if err := tellRegistered(ctx, tx, e, r); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.accept_offer", ObjectType: "event_registration", ObjectID: regID(r.ID), Detail: r.Status})
	})
	return r, err
}

// ChangeAttendees is 修改参会人员, until the registration deadline. More people than before
// need free places (or, on the waitlist, just wait); fewer free places for the waitlist.
func ChangeAttendees(ctx context.Context, db bun.IDB, eventID int64, m Member, people []Attendee, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if !e.RegistrationOpen(now) {
			return ErrChangeClosed
		}
		if r, err = Own(ctx, tx, eventID, m.CompanyID); err != nil {
			return err
		}
		if r == nil || !IsLive(r.Status) {
			return ErrRegNotFound
		}
		if len(people) > e.MaxPerCompany {
			return ErrTooMany{Max: e.MaxPerCompany}
		}
		if len(people) == 0 {
			return ErrNoAttendee
		}
		if Holds(r.Status) && len(people)-r.Places > e.Left() {
			return ErrNoPlaces
		}
		if _, err := tx.NewDelete().Model((*Attendee)(nil)).Where("registration_id = ?", r.ID).Exec(ctx); err != nil {
			return err
		}
		if err := insertAttendees(ctx, tx, r, people); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(r).Set("places = ?", len(people)).Set("updated_at = now()").Where("id = ?", r.ID).Returning("*").Exec(ctx); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		e.Held, err = held(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		if err := fill(ctx, tx, r); err != nil {
			return err
		}
		if r.Status == Confirmed {
			if err := sendTickets(ctx, tx, e, r, "参会人员已修改，新的电子票如下（原电子票作废）。"); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.attendees", ObjectType: "event_registration", ObjectID: regID(r.ID), Detail: strconv.Itoa(len(people))})
	})
	return r, err
}

// Approve is staff's 审核通过 of a pending registration: confirmed, e-tickets sent.
func Approve(ctx context.Context, db bun.IDB, eventID, registrationID int64, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r, err = GetRegistration(ctx, tx, eventID, registrationID, 0); err != nil {
			return err
		}
		if r.Status != Pending {
			return ErrState{Status: r.Status, Action: "审核通过"}
		}
		if err := move(ctx, tx, r, Confirmed, "审核通过", nil); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		if err := fill(ctx, tx, r); err != nil {
			return err
		}
		if err := tellRegistered(ctx, tx, e, r); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.approve", ObjectType: "event_registration", ObjectID: regID(r.ID)})
	})
	return r, err
}

// Reject is staff's 审核不通过 with a reason; the places go down the waitlist.
func Reject(ctx context.Context, db bun.IDB, eventID, registrationID int64, reason string, by audit.Actor, now time.Time) (*Registration, error) {
	var r *Registration
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r, err = GetRegistration(ctx, tx, eventID, registrationID, 0); err != nil {
			return err
		}
		if r.Status != Pending {
			return ErrState{Status: r.Status, Action: "审核不通过"}
		}
		if err := move(ctx, tx, r, Rejected, "审核不通过", func(q *bun.UpdateQuery) *bun.UpdateQuery { return q.Set("reason = ?", reason) }); err != nil {
			return err
		}
		if err := syncCharge(ctx, tx, e, r, now); err != nil {
			return err
		}
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		if err := tell(ctx, tx, e, r, "rejected", "活动报名未通过审核",
			fmt.Sprintf("贵单位报名的“%s”未通过审核。%s", e.Name, reasonText(reason)), nil); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.reject", ObjectType: "event_registration", ObjectID: regID(r.ID), Detail: reason})
	})
	return r, err
}

func held(ctx context.Context, tx bun.IDB, eventID int64) (int, error) {
	var n int
	err := tx.NewRaw(`SELECT coalesce(sum(places), 0) FROM event_registrations WHERE event_id = ? AND status IN (?)`,
		eventID, bun.In(Holding)).Scan(ctx, &n)
	return n, err
}
