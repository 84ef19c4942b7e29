package dues

// Event charges: the fee of an event registration is a dues row with the registration's id
// instead of a year, so the member uploads vouchers, asks for an invoice and downloads it, and
// 财务 confirm and invoice it, through the same actions, states and pages as yearly dues.
// internal/events decides the amount and calls these inside its own transaction.

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Open reports whether a charge's amount may still change: nothing was confirmed or waived.
func Open(s string) bool { return s == Unpaid || s == Pending || s == Rejected }

// ForRegistration loads the charge of an event registration without vouchers, or nil.
func ForRegistration(ctx context.Context, db bun.IDB, registrationID int64) (*Dues, error) {
	d := new(Dues)
	err := db.NewSelect().Model(d).Where("event_registration_id = ?", registrationID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return d, err
}

// ForRegistrations maps registration ids to their charges (staff lists), in one query.
func ForRegistrations(ctx context.Context, db bun.IDB, registrationIDs []int64) (map[int64]*Dues, error) {
	out := map[int64]*Dues{}
	if len(registrationIDs) == 0 {
		return out, nil
	}
	var ds []Dues
	if err := db.NewSelect().Model(&ds).Where("event_registration_id IN (?)", bun.In(registrationIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for i := range ds {
		out[ds[i].EventRegistrationID] = &ds[i]
	}
	return out, nil
}

// SetEventCharge makes the registration's charge amountFen (called with the event locked).
// A new charge starts 未缴费; an open one takes the new amount (attendees changed); a confirmed
// or waived one is left alone (a difference is settled offline). A zero amount creates
// nothing and waives an open charge. It returns the charge, or nil.
func SetEventCharge(ctx context.Context, tx bun.IDB, companyID, registrationID int64, subject string, amountFen int64, now time.Time) (*Dues, error) {
	cur, err := ForRegistration(ctx, tx, registrationID)
	if err != nil {
		return nil, err
	}
	switch {
	case cur == nil && amountFen == 0:
		return nil, nil
	case cur == nil:
		d := &Dues{CompanyID: companyID, EventRegistrationID: registrationID, Subject: subject, Level: "", AmountFen: amountFen,
			Status: Unpaid, InvoiceStatus: InvoiceNone}
		_, err := tx.NewInsert().Model(d).Returning("*").Exec(ctx)
		return d, err
	case !Open(cur.Status) || cur.AmountFen == amountFen:
		return cur, nil
	case amountFen == 0:
		return cur, waiveCharge(ctx, tx, cur.ID, "参会人数调整后无需缴费", now)
	}
	_, err = tx.NewUpdate().Model(cur).Set("amount_fen = ?", amountFen).Set("updated_at = now()").WherePK().Returning("*").Exec(ctx)
	return cur, err
}

// DropEventCharge waives the open charge of a registration that was cancelled or rejected
// (免缴 with the reason); a confirmed charge stays as it is (a refund is settled offline).
func DropEventCharge(ctx context.Context, tx bun.IDB, registrationID int64, reason string, now time.Time) error {
	cur, err := ForRegistration(ctx, tx, registrationID)
	if err != nil || cur == nil || !Open(cur.Status) {
		return err
	}
	return waiveCharge(ctx, tx, cur.ID, reason, now)
}

// waiveCharge is 免缴 decided by the system (no staff member), when an open charge is no
// longer owed.
func waiveCharge(ctx context.Context, tx bun.IDB, id int64, reason string, now time.Time) error {
	_, err := store.Move(ctx, tx, new(Dues), id, Waived, Sources(Waived), func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("waive_reason = ?", reason).Set("confirmed_at = ?", now)
	})
	return err
}
