// Package sms is the SMS outbox: messages are rows committed with the change that causes them,
// delivered by the worker through a Provider, and kept with their outcome (短信管理).
package sms

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Provider sends one text message (a gateway's API in production).
type Provider interface {
	Send(ctx context.Context, mobile, body string) error
}

// LogProvider writes messages to the log; it stands in until a gateway contract exists.
type LogProvider struct{ Log *slog.Logger }

// Send logs the message and reports success.
func (l LogProvider) Send(_ context.Context, mobile, body string) error {
	l.Log.Info("sms (log provider)", "to", mobile, "body", body)
	return nil
}

// Message is one SMS row.
type Message struct {
	bun.BaseModel `bun:"table:sms_messages"`
	ID            int64          `bun:"id,pk,autoincrement"`
	DedupeKey     sql.NullString `bun:"dedupe_key"`
	To            string         `bun:"to_mobile"`
	Body          string         `bun:"body"`
	Kind          string         `bun:"kind"`
	Status        string         `bun:"status"`
	Attempts      int            `bun:"attempts"`
	LastError     string         `bun:"last_error"`
	EnqueuedAt    sql.NullTime   `bun:"enqueued_at"`
	SentAt        sql.NullTime   `bun:"sent_at"`
	CreatedAt     time.Time      `bun:"created_at,nullzero,default:now()"`
}

// Queue writes a message; a repeated dedupe key is a no-op (returns 0).
func Queue(ctx context.Context, db bun.IDB, to, body, kind, dedupe string) (int64, error) {
	m := &Message{To: to, Body: body, Kind: kind, Status: "queued", DedupeKey: sql.NullString{String: dedupe, Valid: dedupe != ""}}
	res, err := db.NewInsert().Model(m).On("CONFLICT (dedupe_key) DO NOTHING").Returning("id").Exec(ctx)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return m.ID, nil
}

// Deliver sends message id at most once (row locked during the send).
func Deliver(ctx context.Context, db *bun.DB, p Provider, id int64, final bool) error {
	var sendErr error
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		m := new(Message)
		err := tx.NewSelect().Model(m).Where("id = ?", id).For("UPDATE").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil || m.Status != "queued" {
			return err
		}
		sendErr = p.Send(ctx, m.To, m.Body)
		q := tx.NewUpdate().Model(m).Set("attempts = attempts + 1").WherePK()
		switch {
		case sendErr == nil:
			q = q.Set("status = 'sent'").Set("sent_at = now()").Set("last_error = ''")
		case final:
			q = q.Set("status = 'failed'").Set("last_error = ?", sendErr.Error())
		default:
			q = q.Set("last_error = ?", sendErr.Error())
		}
		_, err = q.Exec(ctx)
		return err
	})
	if err != nil {
		return err
	}
	return sendErr
}

// List returns one page of messages, newest first, and the total (短信管理).
func List(ctx context.Context, db bun.IDB, status string, page, size int) ([]Message, int, error) {
	if page < 1 {
		page = 1
	}
	var ms []Message
	q := db.NewSelect().Model(&ms)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	n, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	err = q.OrderExpr("created_at DESC, id DESC").Limit(size).Offset((page - 1) * size).Scan(ctx)
	return ms, n, err
}
