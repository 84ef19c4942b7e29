package sms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"cpca/internal/outbox"

	"github.com/uptrace/bun"
)

// Deliver sends message id through p, by the outbox's rules (see mail.Deliver): the row is
// sending (committed) during the gateway call; a refusal is retried or, on the final attempt,
// failed; a worker dying mid-call leaves the row for the relay to mark unknown. A gateway
// answers per mobile, so the one mobile of the row has exactly one result.
func Deliver(ctx context.Context, db *bun.DB, p Provider, id int64, final bool) error {
	m := new(Message)
	err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil || m.Status != outbox.StatusQueued {
		return err
	}
	ok, err := outbox.Begin(ctx, db, outbox.SMS, id)
	if err != nil || !ok {
		return err
	}
	rs := p.Send(ctx, Batch{SignName: m.SignName, TemplateKey: m.Template, Params: m.Params, Mobiles: []string{m.To},
		OutID: "sms-" + strconv.FormatInt(m.ID, 10)})
	var r Result
	if len(rs) == 1 {
		r = rs[0]
	} else {
		r.Err = fmt.Errorf("gateway answered %d results for 1 mobile", len(rs))
	}
	o := outbox.Outcome{Status: outbox.StatusSent, ProviderID: r.MessageID}
	switch {
	case r.Err == nil:
	case errors.Is(r.Err, ErrUncertain):
		o = outbox.Outcome{Status: outbox.StatusUnknown, Error: errText(r)}
	case final:
		o = outbox.Outcome{Status: outbox.StatusFailed, Error: errText(r)}
	default:
		o = outbox.Outcome{Status: outbox.StatusQueued, Error: errText(r)}
	}
	if err := outbox.Finish(ctx, db, outbox.SMS, id, o); err != nil {
		return fmt.Errorf("record outcome of sms %d (left sending): %w", id, err)
	}
	if o.Status == outbox.StatusUnknown {
		return nil // not retried: staff decide
	}
	return r.Err
}

func errText(r Result) string {
	if r.Code != "" {
		return r.Code + ": " + r.Err.Error()
	}
	return r.Err.Error()
}
