package sms

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// DailyLimit is N of the per-phone rule: the same template to the same mobile at most N times
// a day (Asia/Shanghai). The system sets it from CPCA_SMS_DAILY_LIMIT at start; gateways have
// their own limits (Aliyun: 10 a day for 验证码 by default), this one holds before calling out.
var DailyLimit = 5

// DefaultSign is the signature of templates without their own (CPCA_SMS_SIGN_NAME).
var DefaultSign = SignName

// Marketing hours: 推广 texts go out only from MarketingFrom to MarketingUntil (Asia/Shanghai).
const (
	MarketingFrom  = 8
	MarketingUntil = 22
)

// ErrNoConsent refuses a 推广 text to a mobile whose person has not consented.
var ErrNoConsent = errs.New(errs.Invalid, "该手机号未同意接收推广短信")

// Rules applies the local rules; the zero value uses DailyLimit.
type Rules struct{ Limit int }

func (r Rules) limit() int {
	if r.Limit > 0 {
		return r.Limit
	}
	return DailyLimit
}

// InMarketingHours reports whether a 推广 text may go out at t.
func InMarketingHours(t time.Time) bool {
	h := t.In(calendar.Zone).Hour()
	return h >= MarketingFrom && h < MarketingUntil
}

// NextMarketingStart is the next 08:00 Asia/Shanghai at or after t (t itself inside the hours).
func NextMarketingStart(t time.Time) time.Time {
	if InMarketingHours(t) {
		return t
	}
	l := t.In(calendar.Zone)
	start := time.Date(l.Year(), l.Month(), l.Day(), MarketingFrom, 0, 0, 0, calendar.Zone)
	if !l.Before(start) {
		start = start.AddDate(0, 0, 1)
	}
	return start
}

// consented reports whether a person with this mobile consents to 推广短信 (单位成员 records
// it); Queue asks before queueing a 推广 text and Deliver again before sending it, so a
// withdrawal stops the texts already queued or deferred too.
func consented(ctx context.Context, db bun.IDB, mobile string) (bool, error) {
	var ok bool
	err := db.NewRaw(`SELECT EXISTS (SELECT 1 FROM company_people WHERE mobile = ? AND sms_marketing_at IS NOT NULL)`,
		mobile).Scan(ctx, &ok)
	return ok, err
}

// Queue is sms.Queue at now.
func (r Rules) Queue(ctx context.Context, db bun.IDB, t Text, now time.Time) (int64, error) {
	tp, err := Resolve(ctx, db, t.Template)
	if err != nil {
		return 0, err
	}
	if err := tp.Check(t.Params); err != nil {
		return 0, err
	}
	m := &Message{To: t.To, SignName: tp.SignOr(DefaultSign), Template: t.Template, Params: t.Params, Kind: t.Kind,
		Status: StatusQueued, DedupeKey: sql.NullString{String: t.DedupeKey, Valid: t.DedupeKey != ""}}
	if tp.Kind == KindMarketing {
		ok, err := consented(ctx, db, t.To)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, ErrNoConsent
		}
		if !InMarketingHours(now) {
			m.Status, m.NotBefore = StatusDeferred, sql.NullTime{Time: NextMarketingStart(now), Valid: true}
		}
	}
	l := now.In(calendar.Zone)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, calendar.Zone)
	var sent int
	if err := db.NewRaw(`SELECT count(*) FROM sms_messages WHERE to_mobile = ? AND template = ? AND created_at >= ?
		AND status <> 'limited'`, t.To, t.Template, day).Scan(ctx, &sent); err != nil {
		return 0, err
	}
	if sent >= r.limit() {
		m.Status = StatusLimited
		m.LastError = "本地限制：同一模板发给同一手机号每天最多" + strconv.Itoa(r.limit()) + "条"
	}
	res, err := db.NewInsert().Model(m).On("CONFLICT (dedupe_key) DO NOTHING").Returning("id").Exec(ctx)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return m.ID, nil
}

// Release puts deferred 推广 texts whose time has come back in the queue; the relay's sweep
// calls it. It returns how many.
func Release(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	res, err := db.NewRaw(`UPDATE sms_messages SET status = 'queued', enqueued_at = NULL
		WHERE status = 'deferred' AND not_before <= ?`, now).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// defer moves a queued 推广 row found outside the hours at delivery time to deferred.
func deferRow(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	_, err := db.NewRaw(`UPDATE sms_messages SET status = 'deferred', not_before = ? WHERE id = ? AND status = 'queued'`,
		NextMarketingStart(now), id).Exec(ctx)
	return err
}
