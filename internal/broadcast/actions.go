package broadcast

// The actions of 站内信管理, one function each: the transaction, the state move, the frozen
// recipient list, the email copies through the outbox, and the audit entry.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/mail"
	"cpca/internal/notify"
	"cpca/internal/sms"
	"cpca/internal/store"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Draft is what staff compose. SendAt zero means send now.
type Draft struct {
	Title, Body string
	Markdown    bool // the body is Markdown
	Important   bool
	Files       []string // ids of uploaded attachments (SaveAttachment), in order
	Audience    Audience
	EmailCopy   bool
	// SMSCopy (短信通知): an important message also goes by SMS to the main contacts, when an
	// approved 通知 template exists (sms.CopyAvailable).
	SMSCopy bool
	SendAt  time.Time
}

// Check validates the draft and returns the errors by field (title, body, audience, send_at).
func (d *Draft) Check(now time.Time) map[string]error {
	out := map[string]error{}
	d.Title, d.Body = strings.TrimSpace(d.Title), strings.TrimSpace(d.Body)
	if d.Title == "" || utf8.RuneCountInString(d.Title) > 100 {
		out["title"] = ErrTitle
	}
	if d.Body == "" || utf8.RuneCountInString(d.Body) > 10000 {
		out["body"] = ErrBody
	}
	if d.Audience.Empty() {
		out["audience"] = ErrEmptyAudience
	}
	if !d.SendAt.IsZero() && !d.SendAt.After(now) {
		out["send_at"] = ErrSendAt
	}
	if len(d.Files) > MaxAttachments {
		out["attachments"] = ErrAttachments
	}
	return out
}

// Create files a broadcast: sent at once (recipients frozen now) when SendAt is zero, else
// scheduled for the worker's sweep. An audience that selects no member company is refused.
func Create(ctx context.Context, db bun.IDB, d Draft, by audit.Actor, now time.Time) (*Broadcast, error) {
	for _, k := range []string{"title", "body", "audience", "send_at", "attachments"} {
		if err := d.Check(now)[k]; err != nil {
			return nil, err
		}
	}
	b := &Broadcast{Title: d.Title, Body: d.Body, Markdown: d.Markdown, Important: d.Important, Audience: d.Audience, EmailCopy: d.EmailCopy,
		SMSCopy: d.SMSCopy && d.Important, Status: Scheduled, SendAt: d.SendAt, CreatedBy: by.ID}
	if b.SendAt.IsZero() {
		b.SendAt = now
	}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		n, err := Count(ctx, tx, d.Audience)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNoRecipients
		}
		if _, err := tx.NewInsert().Model(b).Returning("*").Exec(ctx); err != nil {
			return err
		}
		if err := attach(ctx, tx, b.ID, d.Files); err != nil {
			return err
		}
		if err := by.Record(ctx, tx, audit.Entry{Action: "broadcast.create", ObjectType: "broadcast",
			ObjectID: strconv.FormatInt(b.ID, 10), Detail: audit.Cut(b.Title, 200)}); err != nil {
			return err
		}
		if d.SendAt.IsZero() {
			return deliver(ctx, tx, b, now)
		}
		return nil
	})
	return b, err
}

// Deliver sends a scheduled broadcast now: the state moves to sent (of two workers exactly one
// does; the other gets ErrState) and the recipient list is frozen.
func Deliver(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		b, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		return deliver(ctx, tx, b, now)
	})
}

func deliver(ctx context.Context, tx bun.IDB, b *Broadcast, now time.Time) error {
	ok, err := store.Move(ctx, tx, b, b.ID, Sent, from(Sent), func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("sent_at = ?", now)
	})
	if err != nil {
		return err
	}
	if !ok {
		return ErrState
	}
	if _, err := freeze(ctx, tx, b, now); err != nil {
		return err
	}
	return audit.Actor{Name: "system"}.Record(ctx, tx, audit.Entry{Action: "broadcast.send", ObjectType: "broadcast",
		ObjectID: strconv.FormatInt(b.ID, 10), Detail: strconv.Itoa(b.Recipients) + " recipients"})
}

// freeze writes the recipient rows of the companies the audience selects now (companies already
// on the list keep their rows; new ones get now as their time), queues their email copies and
// updates the count. It returns how many companies were added.
func freeze(ctx context.Context, tx bun.IDB, b *Broadcast, now time.Time) (int, error) {
	cond, args := b.Audience.cond()
	var added []int64
	err := tx.NewRaw(`INSERT INTO broadcast_recipients (broadcast_id, company_id, level, sent_at, important)
		SELECT ?, c.id, c.level, ?, ? FROM companies c WHERE `+cond+`
		ON CONFLICT (broadcast_id, company_id) DO NOTHING RETURNING company_id`,
		append([]any{b.ID, now, b.Important}, args...)...).Scan(ctx, &added)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if b.EmailCopy && len(added) > 0 {
		key := "broadcast:" + strconv.FormatInt(b.ID, 10) + ":"
		text := b.Body + "\n\n（本邮件为站内信副本，请登录会员管理系统查看“站内信息”。）"
		var files int
		if err := tx.NewRaw(`SELECT count(*) FROM broadcast_files WHERE broadcast_id = ?`, b.ID).Scan(ctx, &files); err != nil {
			return 0, err
		}
		if files > 0 { // attachments are not mailed: only recipients may read them, after logging in
			text += "\n（本站内信附有 " + strconv.Itoa(files) + " 个附件，请登录后在站内信息中下载。）"
		}
		if _, err := notify.MailCompanies(ctx, tx, notify.Broadcast, key, added, b.Title, text); err != nil {
			return 0, err
		}
		if _, err := tx.NewRaw(`UPDATE broadcast_recipients r SET email_id = e.id FROM emails e
			WHERE r.broadcast_id = ? AND r.company_id = ANY(?) AND e.dedupe_key = ? || r.company_id`,
			b.ID, pgdialect.Array(added), key).Exec(ctx); err != nil {
			return 0, err
		}
	}
	if b.SMSCopy && len(added) > 0 {
		if _, err := sms.CopyBroadcast(ctx, tx, b.ID, added, b.Title); err != nil {
			return 0, err
		}
	}
	_, err = tx.NewRaw(`UPDATE broadcasts SET recipients = (SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = ?0)
		WHERE id = ?0 RETURNING recipients`, b.ID).Exec(ctx, &b.Recipients)
	return len(added), err
}

// DeliverDue sends every scheduled broadcast whose time has come; the worker's sweep calls it.
// Rows another process is sending are skipped (SKIP LOCKED), so two sweeps never send one twice.
func DeliverDue(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	sent := 0
	for {
		var done bool
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			b := new(Broadcast)
			err := tx.NewSelect().Model(b).Where("status = ?", Scheduled).Where("send_at <= ?", now).
				Order("send_at").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			return deliver(ctx, tx, b, now)
		})
		if err != nil || done {
			return sent, err
		}
		sent++
	}
}

// Retract hides a sent broadcast from every inbox (and the unread counts), or cancels a
// scheduled one; email copies still waiting in the outbox are cancelled. The recipient list
// stays for the record.
func Retract(ctx context.Context, db bun.IDB, id int64, by audit.Actor, now time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		b := new(Broadcast)
		ok, err := store.Move(ctx, tx, b, id, Retracted, from(Retracted), func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("retracted_at = ?", now)
		})
		if err != nil {
			return err
		}
		if !ok {
			if _, err := Get(ctx, tx, id); err != nil {
				return err
			}
			return ErrState
		}
		if _, err := tx.NewRaw(`UPDATE broadcast_recipients SET live = false WHERE broadcast_id = ?`, id).Exec(ctx); err != nil {
			return err
		}
		// Email copies not yet handed to a server are not sent any more.
		copies := tx.NewSelect().Table("broadcast_recipients").Column("email_id").Where("broadcast_id = ?", id).Where("email_id IS NOT NULL")
		if _, err := mail.Cancel(ctx, tx, copies, "站内信已撤回"); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "broadcast.retract", ObjectType: "broadcast", ObjectID: strconv.FormatInt(id, 10)})
	})
}

// Extend is 补发给新入会单位: a sent broadcast reaches the companies its audience selects now
// that were not on its list (members who joined since, or moved into the audience). New
// members never inherit old broadcasts unless staff do this. It returns how many were added.
func Extend(ctx context.Context, db bun.IDB, id int64, by audit.Actor, now time.Time) (int, error) {
	var n int
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		b := new(Broadcast)
		err := tx.NewSelect().Model(b).Where("id = ?", id).For("UPDATE").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !b.Extendable() {
			return ErrState
		}
		if n, err = freeze(ctx, tx, b, now); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "broadcast.extend", ObjectType: "broadcast",
			ObjectID: strconv.FormatInt(id, 10), Detail: strconv.Itoa(n) + " added"})
	})
	return n, err
}
