package sms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/errs"
	"cpca/internal/outbox"

	"github.com/uptrace/bun"
)

// Deliver sends message id through p, by the outbox's rules (see mail.Deliver): the row is
// sending (committed) during the gateway call, then submitted, limited (throttled: not
// retried), failed (a refusal, or transport errors on the final attempt) or back to queued
// (a transport error: the returned error makes the queue retry with back-off). No answer
// after the request went out is unknown; a worker dying mid-call leaves the row for the relay
// to mark unknown. A 推广 row found outside 08:00–22:00 is deferred instead, and one whose
// person has withdrawn the consent since is failed without a call.
func Deliver(ctx context.Context, db *bun.DB, p Provider, id int64, final bool) error {
	m := new(Message)
	err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil || m.Status != StatusQueued {
		return err
	}
	tp, terr := Resolve(ctx, db, m.Template) // disabled since it was queued: not sent
	if terr == nil && tp.Code == "" && p.Name() != "log" {
		terr = ErrNoCode(m.Template)
	}
	if terr == nil && tp.Kind == KindMarketing {
		ok, err := consented(ctx, db, m.To)
		if err != nil {
			return err
		}
		if !ok {
			terr = ErrNoConsent // withdrawn since it was queued: refused, never sent
		}
	}
	if terr == nil && tp.Kind == KindMarketing && !InMarketingHours(time.Now()) {
		return deferRow(ctx, db, id, time.Now())
	}
	if n, err := outbox.Begin(ctx, db, outbox.SMS, id); err != nil || n == 0 {
		return err
	}
	var r Result
	if terr != nil {
		r.Err = terr // the template was disabled or has no code: a refusal, not retried
	} else {
		rs := p.Send(ctx, Batch{SignName: m.SignName, TemplateKey: m.Template, TemplateCode: tp.Code, Params: m.Params,
			Values: tp.Values(m.Params), Mobiles: []string{m.To}, OutID: "sms-" + strconv.FormatInt(m.ID, 10)})
		if len(rs) == 1 {
			r = rs[0]
		} else {
			r.Err = fmt.Errorf("gateway answered %d results for 1 mobile: %w", len(rs), ErrUncertain)
		}
	}
	o := outcome{Status: StatusSubmitted, ProviderID: r.MessageID}
	var retry error
	switch {
	case r.Err == nil:
	case errors.Is(r.Err, ErrUncertain):
		o = outcome{Status: StatusUnknown, Error: errText(r)}
	case errors.Is(r.Err, ErrLimited):
		o = outcome{Status: StatusLimited, Error: errText(r)}
	case errors.Is(r.Err, ErrTransport) && !final:
		o, retry = outcome{Status: StatusQueued, Error: errText(r)}, r.Err
	default:
		o = outcome{Status: StatusFailed, Error: errText(r)}
	}
	if err := finish(ctx, db, id, p.Name(), o); err != nil {
		return fmt.Errorf("record outcome of sms %d (left sending): %w", id, err)
	}
	return retry
}

type outcome struct{ Status, Error, ProviderID string }

// finish records the outcome of the attempt outbox.Begin started, on a fresh context (the
// task's own may be what was cancelled; losing this write is what leaves rows unknown).
func finish(ctx context.Context, db bun.IDB, id int64, provider string, o outcome) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	q := db.NewUpdate().Table("sms_messages").Set("status = ?", o.Status).Set("last_error = ?", o.Error).
		Set("provider = ?", provider).Where("id = ?", id).Where("status = 'sending'")
	if o.Status == StatusSubmitted {
		q = q.Set("sent_at = now()").Set("provider_id = ?", o.ProviderID)
	}
	_, err := q.Exec(ctx)
	return err
}

func errText(r Result) string {
	if r.Code != "" {
		return r.Code + ": " + r.Err.Error()
	}
	return r.Err.Error()
}

// ErrNoCode refuses a text whose template has no provider code yet (短信模板 → 模板编号).
func ErrNoCode(key string) error {
	return errs.New(errs.Invalid, "短信模板“%s”未填写服务商模板编号", key)
}
