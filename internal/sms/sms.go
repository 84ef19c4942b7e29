// Package sms is the SMS outbox: messages are rows committed with the change that causes them,
// naming an approved template and its parameters (gateways send nothing else), delivered by
// the worker through a Provider, and kept with their outcome (短信管理).
package sms

import (
	"context"
	"database/sql"
	"time"

	"cpca/internal/outbox"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Message is one SMS row.
type Message struct {
	bun.BaseModel `bun:"table:sms_messages"`
	ID            int64             `bun:"id,pk,autoincrement"`
	DedupeKey     sql.NullString    `bun:"dedupe_key"`
	To            string            `bun:"to_mobile"`
	SignName      string            `bun:"sign_name"`
	Template      string            `bun:"template"`
	Params        map[string]string `bun:"params,type:jsonb"`
	Kind          string            `bun:"kind"`
	Status        string            `bun:"status"`
	Attempts      int               `bun:"attempts"`
	LastError     string            `bun:"last_error"`
	ProviderID    string            `bun:"provider_id"`
	EnqueuedAt    sql.NullTime      `bun:"enqueued_at"`
	SendingAt     sql.NullTime      `bun:"sending_at"`
	SentAt        sql.NullTime      `bun:"sent_at"`
	CreatedAt     time.Time         `bun:"created_at,nullzero,default:now()"`
}

// Text is the message as the receiver reads it, rendered from the template (短信管理).
func (m *Message) Text() string {
	t, ok := Templates[m.Template]
	if !ok {
		return m.Template
	}
	return t.Render(m.SignName, m.Params)
}

// TemplateCode is the gateway's code of the message's template.
func (m *Message) TemplateCode() string { return Templates[m.Template].Code }

// Text is what a feature asks to send: a registered template, its parameters, one mobile.
type Text struct {
	To, Template, Kind string
	Params             map[string]string
	// DedupeKey, when set, makes a second Queue of the same key a no-op.
	DedupeKey string
}

// Queue writes a message with db (normally the transaction of the change); an unregistered
// template or wrong parameters are refused here, not at the gateway. A repeated dedupe key is
// a no-op (returns 0).
func Queue(ctx context.Context, db bun.IDB, t Text) (int64, error) {
	if _, err := Lookup(t.Template, t.Params); err != nil {
		return 0, err
	}
	m := &Message{To: t.To, SignName: SignName, Template: t.Template, Params: t.Params, Kind: t.Kind,
		Status: outbox.StatusQueued, DedupeKey: sql.NullString{String: t.DedupeKey, Valid: t.DedupeKey != ""}}
	res, err := db.NewInsert().Model(m).On("CONFLICT (dedupe_key) DO NOTHING").Returning("id").Exec(ctx)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return m.ID, nil
}

// Statuses lists the statuses staff can filter 短信管理 by.
var Statuses = []string{outbox.StatusQueued, outbox.StatusSending, outbox.StatusSent, outbox.StatusFailed, outbox.StatusUnknown}

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
