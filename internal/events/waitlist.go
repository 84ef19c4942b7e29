package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// settle runs with the event row locked (e.Held current): offers whose time ran out expire,
// then, while the first company on the waitlist fits in the free places, it is offered them
// until now + the event's offer hours (never past the event's start). The queue is strict:
// a company that does not fit is not skipped. Each offer is claimed (notify.Claim on the
// registration and its offer number), so no offer is mailed twice.
func settle(ctx context.Context, tx bun.IDB, e *Event, now time.Time) error {
	var gone []Registration
	if err := tx.NewRaw(`UPDATE event_registrations SET status = 'expired', updated_at = now()
		WHERE event_id = ? AND status = 'offered' AND offer_expires_at <= ? RETURNING *`, e.ID, now).Scan(ctx, &gone); err != nil {
		return err
	}
	var err error
	if e.Held, err = held(ctx, tx, e.ID); err != nil {
		return err
	}
	for i := range gone {
		r := &gone[i]
		if err := tell(ctx, tx, e, r, "expired:"+strconv.Itoa(r.Offers), "候补名额已过期",
			fmt.Sprintf("“%s”为贵单位保留的候补名额未在期限内确认，已让给下一家候补单位。如仍需参会，请重新报名。", e.Name), nil); err != nil {
			return err
		}
	}
	if !now.Before(e.StartsAt) || !e.Published {
		return nil
	}
	for {
		next := new(Registration)
		err := tx.NewSelect().Model(next).Where("event_id = ? AND status = 'waitlisted'", e.ID).
			OrderExpr("id").Limit(1).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // no one waiting
		}
		if err != nil {
			return err
		}
		if next.Places > e.Left() {
			return nil
		}
		until := now.Add(time.Duration(e.OfferHours) * time.Hour)
		if until.After(e.StartsAt) {
			until = e.StartsAt
		}
		if err := move(ctx, tx, next, Offered, "保留候补名额", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("offer_expires_at = ?", until).Set("offers = offers + 1")
		}); err != nil {
			return err
		}
		e.Held += next.Places
		ok, err := notify.Claim(ctx, tx, notify.ReminderEventOffer, next.ID, strconv.Itoa(next.Offers), now)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := tell(ctx, tx, e, next, "offer:"+strconv.Itoa(next.Offers), "候补名额已为贵单位保留",
			fmt.Sprintf("“%s”有名额空出，已为贵单位保留 %d 个名额，请在 %s 前登录会员管理系统，在“会员服务—展会活动”中确认参会；逾期名额将让给下一家候补单位。",
				e.Name, next.Places, until.In(calendar.Zone).Format("2006-01-02 15:04")), nil); err != nil {
			return err
		}
	}
}

// ExpireOffers is the scheduler's pass: every event with an offer past its time is settled in
// its own transaction (expired, next company offered). Two schedulers running it at once are
// serialised by the event lock, so a freed place is offered once.
func ExpireOffers(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	var ids []int64
	if err := db.NewRaw(`SELECT DISTINCT event_id FROM event_registrations WHERE status = 'offered' AND offer_expires_at <= ? LIMIT 500`,
		now).Scan(ctx, &ids); err != nil {
		return 0, err
	}
	for _, id := range ids {
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			e, err := lockEvent(ctx, tx, id)
			if err != nil {
				return err
			}
			return settle(ctx, tx, e, now)
		})
		if err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// tell sends the company news about its registration (site notice and email), once per key.
func tell(ctx context.Context, tx bun.IDB, e *Event, r *Registration, what, title, body string, n *notify.Note) error {
	note := notify.Note{Kind: notify.Event, CompanyID: r.CompanyID, Key: fmt.Sprintf("event-reg:%d:%s", r.ID, what), Title: title, Body: body}
	if n != nil {
		note.Attachments = n.Attachments
	}
	_, err := notify.Send(ctx, tx, note)
	return err
}

// tellRegistered tells the company what its registration became: e-tickets when confirmed,
// else that it waits for approval or on the waitlist (with its position).
func tellRegistered(ctx context.Context, tx bun.IDB, e *Event, r *Registration) error {
	switch r.Status {
	case Confirmed:
		return sendTickets(ctx, tx, e, r, "报名已确认，请凭以下电子票（二维码或签到码）签到。")
	case Pending:
		return tell(ctx, tx, e, r, "pending", "活动报名已提交",
			fmt.Sprintf("贵单位已报名“%s”（%d 人），待协会审核，审核通过后将发送电子票。", e.Name, r.Places), nil)
	case Waitlisted:
		return tell(ctx, tx, e, r, "waitlisted", "已进入活动候补名单",
			fmt.Sprintf("“%s”名额已满，贵单位（%d 人）已进入候补名单，当前排第 %d 位。有名额空出时将通知贵单位在规定时间内确认。", e.Name, r.Places, r.Position), nil)
	}
	return nil
}
