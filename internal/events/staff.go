package events

// The staff's actions of 展会活动管理: create and edit (a raised capacity goes down the
// waitlist at once), publish, unpublish, copy.

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/dues"

	"github.com/uptrace/bun"
)

// Form is the event as staff type it.
type Form struct {
	Name, Kind, Venue, Organiser, Summary, Agenda, FeeInfo   string
	StartsOn, EndsOn, RegOpensOn, RegClosesOn, CancelUntilOn string // 年-月-日
	Capacity, MaxPerCompany, OfferHours                      string
	FeeMember, FeeCouncil, CouncilFree                       string // 元 per attendee, and free council places
	CouncilOnly, NeedsApproval                               bool
}

// FormOf is an event as its form.
func FormOf(e *Event) Form {
	d := func(t time.Time) string { return calendar.Format(t) }
	last := func(t time.Time) string { return calendar.Format(t.Add(-time.Second)) } // closing times are the end of a day
	return Form{Name: e.Name, Kind: e.Kind, Venue: e.Venue, Organiser: e.Organiser, Summary: e.Summary, Agenda: e.Agenda, FeeInfo: e.FeeInfo,
		StartsOn: d(e.StartsAt), EndsOn: last(e.EndsAt), RegOpensOn: d(e.RegOpensAt), RegClosesOn: last(e.RegClosesAt), CancelUntilOn: last(e.CancelUntil),
		Capacity: strconv.Itoa(e.Capacity), MaxPerCompany: strconv.Itoa(e.MaxPerCompany), OfferHours: strconv.Itoa(e.OfferHours),
		CouncilOnly: e.CouncilOnly, NeedsApproval: e.NeedsApproval,
		FeeMember: feeText(e.FeeMemberFen), FeeCouncil: feeText(e.FeeCouncilFen), CouncilFree: strconv.Itoa(e.CouncilFreePlaces)}
}

// feeText is a fee as typed in the form: empty for free.
func feeText(fen int64) string {
	if fen == 0 {
		return ""
	}
	return dues.YuanPlain(fen)
}

// parseFee reads a fee in 元; empty or 0 is free.
func parseFee(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" || v == "0" {
		return 0, true
	}
	fen, err := dues.ParseYuan(v)
	return fen, err == nil && fen <= 100_000_000
}

// Event checks the form and returns the event it describes (dates are whole days in
// Asia/Shanghai: an event, a registration window or a cancellation deadline ends at the end
// of its last day), or the field errors.
func (f Form) Event() (*Event, map[string]string) {
	errs := map[string]string{}
	e := &Event{Name: strings.TrimSpace(f.Name), Kind: f.Kind, Venue: strings.TrimSpace(f.Venue), Organiser: strings.TrimSpace(f.Organiser),
		Summary: strings.TrimSpace(f.Summary), Agenda: strings.TrimSpace(f.Agenda), FeeInfo: strings.TrimSpace(f.FeeInfo),
		CouncilOnly: f.CouncilOnly, NeedsApproval: f.NeedsApproval}
	if n := utf8.RuneCountInString(e.Name); n < 2 || n > 100 {
		errs["name"] = "请填写活动名称（2到100字）"
	}
	if KindLabel(e.Kind) == "" {
		errs["kind"] = "请选择活动类型"
	}
	for k, v := range map[string]string{"venue": e.Venue, "organiser": e.Organiser} {
		if utf8.RuneCountInString(v) > 200 {
			errs[k] = "最多200字"
		}
	}
	for k, v := range map[string]string{"summary": e.Summary, "agenda": e.Agenda, "fee_info": e.FeeInfo} {
		if utf8.RuneCountInString(v) > 5000 {
			errs[k] = "最多5000字"
		}
	}
	day := func(field, v string, end bool) time.Time {
		t, err := time.ParseInLocation(calendar.Layout, strings.TrimSpace(v), calendar.Zone)
		if err != nil {
			errs[field] = "请填写日期（年-月-日）"
			return time.Time{}
		}
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	e.StartsAt = day("starts_on", f.StartsOn, false)
	e.EndsAt = day("ends_on", f.EndsOn, true)
	e.RegOpensAt = day("reg_opens_on", f.RegOpensOn, false)
	e.RegClosesAt = day("reg_closes_on", f.RegClosesOn, true)
	e.CancelUntil = day("cancel_until_on", f.CancelUntilOn, true)
	if errs["ends_on"] == "" && errs["starts_on"] == "" && !e.EndsAt.After(e.StartsAt) {
		errs["ends_on"] = "结束日期不能早于开始日期"
	}
	if errs["reg_closes_on"] == "" && errs["reg_opens_on"] == "" && !e.RegClosesAt.After(e.RegOpensAt) {
		errs["reg_closes_on"] = "报名截止日期不能早于报名开始日期"
	}
	if errs["reg_closes_on"] == "" && errs["ends_on"] == "" && e.RegClosesAt.After(e.EndsAt) {
		errs["reg_closes_on"] = "报名截止日期不能晚于活动结束日期"
	}
	num := func(field, v string, lo, hi int, msg string) int {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			errs[field] = msg
		}
		return n
	}
	e.Capacity = num("capacity", f.Capacity, 0, 100000, "名额须为0到100000的整数")
	e.MaxPerCompany = num("max_per_company", f.MaxPerCompany, 1, 50, "每家单位人数上限须为1到50")
	e.OfferHours = num("offer_hours", f.OfferHours, 1, 720, "候补确认时限须为1到720小时")
	var ok bool
	if e.FeeMemberFen, ok = parseFee(f.FeeMember); !ok {
		errs["fee_member"] = "费用须为不小于0的金额（元），最多两位小数"
	}
	if e.FeeCouncilFen, ok = parseFee(f.FeeCouncil); !ok {
		errs["fee_council"] = "费用须为不小于0的金额（元），最多两位小数"
	}
	e.CouncilFreePlaces = 0
	if strings.TrimSpace(f.CouncilFree) != "" {
		e.CouncilFreePlaces = num("council_free", f.CouncilFree, 0, 50, "免费名额须为0到50的整数")
	}
	return e, errs
}

// Save creates the event (ID 0, unpublished) or updates it. A raised capacity is offered
// down the waitlist in the same transaction.
func Save(ctx context.Context, db bun.IDB, e *Event, by audit.Actor, now time.Time) (*Event, error) {
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if e.ID == 0 {
			e.CreatedBy = by.ID
			if _, err := tx.NewInsert().Model(e).Returning("*").Exec(ctx); err != nil {
				return err
			}
			return by.Record(ctx, tx, audit.Entry{Action: "event.create", ObjectType: "event", ObjectID: regID(e.ID), Detail: e.Name})
		}
		cur, err := lockEvent(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(e).Column("name", "kind", "council_only", "starts_at", "ends_at", "venue", "organiser", "summary",
			"agenda", "fee_info", "reg_opens_at", "reg_closes_at", "cancel_until", "capacity", "max_per_company", "needs_approval", "offer_hours",
			"fee_member_fen", "fee_council_fen", "council_free_places").
			Set("updated_at = now()").WherePK().Returning("*").Exec(ctx); err != nil {
			return err
		}
		e.Held = cur.Held
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		if err := syncAttachments(ctx, tx, e); err != nil { // 仅限理事单位 may have changed
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.update", ObjectType: "event", ObjectID: regID(e.ID), Detail: e.Name})
	})
	return e, err
}

// Publish shows the event to members (发布) and offers any free places to the waitlist.
func Publish(ctx context.Context, db bun.IDB, id int64, by audit.Actor, now time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE events SET published = true, updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
			return err
		}
		e.Published = true
		if err := settle(ctx, tx, e, now); err != nil {
			return err
		}
		if err := syncAttachments(ctx, tx, e); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.publish", ObjectType: "event", ObjectID: regID(id)})
	})
}

// Unpublish hides the event again (撤回发布); refused while companies hold live
// registrations, who would lose sight of what they registered for.
func Unpublish(ctx context.Context, db bun.IDB, id int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		var live int
		if err := tx.NewRaw(`SELECT count(*) FROM event_registrations WHERE event_id = ? AND status IN (?)`, id, bun.In(Live)).Scan(ctx, &live); err != nil {
			return err
		}
		if live > 0 {
			return ErrHasLive
		}
		if _, err := tx.NewRaw(`UPDATE events SET published = false, updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
			return err
		}
		e.Published = false
		if err := syncAttachments(ctx, tx, e); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.unpublish", ObjectType: "event", ObjectID: regID(id)})
	})
}

// Copy makes an unpublished copy of an event (复制), for next year's edition: same texts and
// settings, no registrations.
func Copy(ctx context.Context, db bun.IDB, id int64, by audit.Actor) (*Event, error) {
	var c *Event
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		src, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		c = src
		c.ID, c.Published, c.Held, c.Waiting, c.CreatedBy = 0, false, 0, 0, by.ID
		c.Name = strings.TrimSpace(c.Name + "（副本）")
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.copy", ObjectType: "event", ObjectID: regID(c.ID), Detail: "from " + regID(id)})
	})
	return c, err
}
