// Package sms is the SMS outbox: messages are rows committed with the change that causes them,
// naming an approved template and its parameters (gateways send nothing else), checked against
// the local rules (per-phone limit, 推广 hours and consent), delivered by the worker through a
// Provider (log, Aliyun or Tencent), and kept with their outcome and delivery receipt (短信管理).
package sms

import (
	"context"
	"database/sql"
	"time"

	"cpca/internal/outbox"

	"github.com/uptrace/bun"
)

// SMS statuses. queued, sending and unknown are the outbox's; the gateway's answer makes a row
// submitted (accepted), limited (throttled, locally or by the gateway: not retried) or failed;
// the receipt makes a submitted row delivered or failed. deferred rows are 推广 texts waiting
// for 08:00.
const (
	StatusQueued    = outbox.StatusQueued
	StatusSending   = outbox.StatusSending
	StatusSubmitted = "submitted"
	StatusDelivered = "delivered"
	StatusFailed    = outbox.StatusFailed
	StatusLimited   = "limited"
	StatusDeferred  = "deferred"
	StatusUnknown   = outbox.StatusUnknown
)

// Statuses lists the statuses staff can filter 短信管理 by, in the order a text moves.
var Statuses = []string{StatusQueued, StatusDeferred, StatusSending, StatusSubmitted, StatusDelivered, StatusFailed, StatusLimited, StatusUnknown}

// StatusLabel is the Chinese label of an SMS status.
func StatusLabel(s string) string {
	switch s {
	case StatusSubmitted:
		return "已提交"
	case StatusDelivered:
		return "已送达"
	case StatusLimited:
		return "已限流"
	case StatusDeferred:
		return "延后发送"
	}
	return outbox.StatusLabel(s)
}

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
	Provider      string            `bun:"provider"`
	NotBefore     sql.NullTime      `bun:"not_before"`
	ReceiptCode   string            `bun:"receipt_code"`
	ReceiptAt     sql.NullTime      `bun:"receipt_at"`
	EnqueuedAt    sql.NullTime      `bun:"enqueued_at"`
	SendingAt     sql.NullTime      `bun:"sending_at"`
	SentAt        sql.NullTime      `bun:"sent_at"`
	CreatedAt     time.Time         `bun:"created_at,nullzero,default:now()"`
}

// Text is the message as the receiver reads it, rendered from the built-in template (短信管理
// renders with the registry staff manage: TextWith).
func (m *Message) Text() string { return m.TextWith(Templates) }

// TextWith renders the message with the templates of reg.
func (m *Message) TextWith(reg map[string]Template) string {
	t, ok := reg[m.Template]
	if !ok {
		return m.Template
	}
	return t.Render(m.SignName, m.Params)
}

// Text is what a feature asks to send: a registered template, its parameters, one mobile.
type Text struct {
	To, Template, Kind string
	Params             map[string]string
	// DedupeKey, when set, makes a second Queue of the same key a no-op.
	DedupeKey string
}

// Queue writes a message with db (normally the transaction of the change) after the local
// rules: an unknown or disabled template, wrong or too long parameters, or a 推广 text to a
// mobile without marketing consent are refused here, not at the gateway. A text over the
// per-phone daily limit is written as limited (never sent, visible in 短信管理); a 推广 text
// outside 08:00–22:00 is written as deferred until 08:00. A repeated dedupe key is a no-op
// (returns 0).
func Queue(ctx context.Context, db bun.IDB, t Text) (int64, error) {
	return Rules{}.Queue(ctx, db, t, time.Now())
}
