// Package mail is the email outbox: a message is a row written in the same transaction as
// the change that causes it, delivered later by the worker, and kept with its outcome.
package mail

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/outbox"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Email statuses: the outbox's, named here for the feature's callers.
const (
	StatusQueued  = outbox.StatusQueued
	StatusSending = outbox.StatusSending
	StatusSent    = outbox.StatusSent
	StatusFailed  = outbox.StatusFailed
	StatusNotSent = outbox.StatusNotSent // no mail server configured
	StatusUnknown = outbox.StatusUnknown // interrupted mid-send: staff decide (状态未知)
)

// Statuses lists the statuses staff can filter 邮件管理 by.
var Statuses = []string{StatusQueued, StatusSending, StatusSent, StatusFailed, StatusNotSent, StatusUnknown}

// StatusLabel is the Chinese label of a status.
func StatusLabel(s string) string { return outbox.StatusLabel(s) }

// Email is one message and its delivery record.
type Email struct {
	bun.BaseModel `bun:"table:emails"`
	ID            int64          `bun:"id,pk,autoincrement"`
	DedupeKey     sql.NullString `bun:"dedupe_key"`
	To            string         `bun:"to_addr"`
	Subject       string         `bun:"subject"`
	Body          string         `bun:"body"`
	Kind          string         `bun:"kind"`
	Status        string         `bun:"status"`
	Attempts      int            `bun:"attempts"`
	LastError     string         `bun:"last_error"`
	EnqueuedAt    sql.NullTime   `bun:"enqueued_at"`
	SendingAt     sql.NullTime   `bun:"sending_at"`
	HandedAt      sql.NullTime   `bun:"handed_at"` // committed just before the end of DATA (see Deliver)
	SentAt        sql.NullTime   `bun:"sent_at"`
	CreatedAt     time.Time      `bun:"created_at,nullzero,default:now()"`
}

// Message is what a feature asks to send.
type Message struct {
	To, Subject, Body, Kind string
	// DedupeKey, when set, makes a second Queue of the same key a no-op.
	DedupeKey string
	// Attachments go with the message (kept in email_attachments beside the row).
	Attachments []Attachment
}

// Attachment is a file sent with an email, such as an e-ticket's QR code.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// ErrNotFound is returned when no email matches.
var ErrNotFound = errs.New(errs.NotFound, "邮件不存在")

// Queue writes m to the outbox with db, normally the transaction of the change. It returns
// the new id, or 0 when the dedupe key was already used.
func Queue(ctx context.Context, db bun.IDB, m Message) (int64, error) {
	m, err := applyTemplate(ctx, db, m) // staff's template of a transactional kind (邮件模板)
	if err != nil {
		return 0, err
	}
	e := &Email{To: m.To, Subject: m.Subject, Body: m.Body, Kind: m.Kind, Status: StatusQueued,
		DedupeKey: sql.NullString{String: m.DedupeKey, Valid: m.DedupeKey != ""}}
	res, err := db.NewInsert().Model(e).On("CONFLICT (dedupe_key) DO NOTHING").Returning("id").Exec(ctx)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	for i, a := range m.Attachments {
		if _, err := db.NewRaw(`INSERT INTO email_attachments (email_id, position, name, content_type, data) VALUES (?, ?, ?, ?, ?)`,
			e.ID, i, a.Name, a.ContentType, a.Data).Exec(ctx); err != nil {
			return 0, err
		}
	}
	return e.ID, nil
}

// Attachments loads the attachments of email id, in order.
func Attachments(ctx context.Context, db bun.IDB, id int64) ([]Attachment, error) {
	var out []Attachment
	rows, err := db.QueryContext(ctx, `SELECT name, content_type, data FROM email_attachments WHERE email_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.Name, &a.ContentType, &a.Data); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get loads one email.
func Get(ctx context.Context, db bun.IDB, id int64) (*Email, error) {
	e := new(Email)
	err := db.NewSelect().Model(e).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return e, err
}

// Filter narrows the staff list (邮件管理).
type Filter struct {
	Status string
	Q      string // recipient or subject contains
	Page   int
	Size   int
}

// listColumns are the columns of the staff list and its export: all but the body.
const listColumns = "id, dedupe_key, to_addr, subject, kind, status, attempts, last_error, enqueued_at, sending_at, handed_at, sent_at, created_at"

// apply adds the filter to a query over emails, its values through p (nil: into the text,
// for bun).
func (f Filter) apply(q *bun.SelectQuery, p *store.Params) *bun.SelectQuery {
	if f.Status != "" {
		q = q.Where("status = ?", p.Add(f.Status))
	}
	if f.Q != "" {
		like := p.Add("%" + store.EscapeLike(f.Q) + "%")
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("to_addr ILIKE ?", like).WhereOr("subject ILIKE ?", like)
		})
	}
	return q
}

// List returns one page of emails, newest first (without their bodies), and the total. Both
// statements are parameterised (store.Params): one text per filter shape, whatever the values.
func List(ctx context.Context, db bun.IDB, f Filter) ([]Email, int, error) {
	if f.Size <= 0 || f.Size > 100 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	p := &store.Params{}
	n, err := store.CappedCountOf(ctx, db, f.apply(db.NewSelect().TableExpr("emails"), p), p)
	if err != nil {
		return nil, 0, err
	}
	var es []Email
	p = &store.Params{}
	err = store.Select(ctx, db, &es, f.apply(db.NewSelect().TableExpr("emails").ColumnExpr(listColumns), p).
		OrderExpr("created_at DESC, id DESC").Limit(f.Size).Offset((f.Page-1)*f.Size), p)
	return es, n, err
}

// Resendable says whether staff may send the email again (重新发送): failed, unsent, or
// unknown after an interrupted send.
func (e *Email) Resendable() bool { return outbox.Resendable(e.Status) }

// Requeue puts a failed, unsent or unknown email back in the queue (staff action 重新发送).
func Requeue(ctx context.Context, db bun.IDB, id int64) error {
	err := outbox.Requeue(ctx, db, outbox.Emails, id)
	if errors.Is(err, outbox.ErrNotResendable) {
		return ErrNotFound
	}
	return err
}

// ErrNotResendable is returned by Resend for an email that is queued, being sent or sent.
var ErrNotResendable = errs.New(errs.Conflict, "只有发送失败、未发送或状态未知的邮件可以重新发送。")

// Resend is staff's 重新发送: a failed, unsent or unknown email goes back in the queue (for
// an unknown one, interrupted mid-send, it is staff's explicit decision to risk a second copy;
// the Message-ID stays the same), audited in the same transaction.
func Resend(ctx context.Context, db bun.IDB, id int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Requeue(ctx, tx, id); errors.Is(err, ErrNotFound) {
			if _, gerr := Get(ctx, tx, id); gerr != nil {
				return gerr
			}
			return ErrNotResendable
		} else if err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "email.resend", ObjectType: "email", ObjectID: strconv.FormatInt(id, 10)})
	})
}
