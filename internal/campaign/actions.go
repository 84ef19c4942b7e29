package campaign

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Draft is what staff compose.
type Draft struct {
	Subject, Body, Layout string
	Audience              broadcast.Audience
	Roles                 []string
	SendAt                time.Time // zero: at once
}

// CheckDraft validates d and returns the field errors (subject, body, audience, roles, send_at).
func CheckDraft(d Draft, now time.Time) map[string]error {
	bad := Check(d.Subject, d.Body)
	if d.Audience.Empty() {
		bad["audience"] = broadcast.ErrEmptyAudience
	}
	if len(d.Roles) == 0 {
		bad["roles"] = ErrNoRoles
	}
	if !d.SendAt.IsZero() && d.SendAt.Before(now.Add(-time.Minute)) {
		bad["send_at"] = broadcast.ErrSendAt
	}
	return bad
}

// Create saves the campaign: a campaign to all members waits for another staff user's
// approval (待审批), any other is scheduled at once (sent now or at its time).
func Create(ctx context.Context, db bun.IDB, d Draft, by audit.Actor, now time.Time) (*Campaign, error) {
	for _, e := range CheckDraft(d, now) {
		return nil, e
	}
	n, err := Count(ctx, db, d.Audience, d.Roles)
	if err != nil {
		return nil, err
	}
	if n.Addresses == 0 {
		return nil, ErrNoRecipients
	}
	aud, _ := json.Marshal(d.Audience)
	if d.Layout != "plain" {
		d.Layout = "standard"
	}
	c := &Campaign{Subject: d.Subject, Body: d.Body, Layout: d.Layout, AudienceJSON: aud, Roles: d.Roles,
		Status: Scheduled, NeedsApproval: d.Audience.All, SendAt: d.SendAt, AuthorID: by.ID, AuthorName: by.Name,
		Recipients: n.Addresses, Suppressed: n.Suppressed}
	if c.SendAt.IsZero() {
		c.SendAt = now
	}
	if c.NeedsApproval {
		c.Status = AwaitingApproval
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "campaign.create", ObjectType: "campaign", ObjectID: strconv.FormatInt(c.ID, 10)})
	})
	return c, err
}

// Get loads one campaign.
func Get(ctx context.Context, db bun.IDB, id int64) (*Campaign, error) {
	c := new(Campaign)
	err := db.NewSelect().Model(c).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// List returns one page of campaigns, newest first, and the total.
func List(ctx context.Context, db bun.IDB, status string, page, size int) ([]Campaign, int, error) {
	var cs []Campaign
	q := db.NewSelect().Model(&cs)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	n, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	err = q.OrderExpr("created_at DESC, id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Scan(ctx)
	return cs, n, err
}

// move is one audited state change.
func move(ctx context.Context, db *bun.DB, id int64, to, action string, by audit.Actor, set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Campaign, error) {
	c := new(Campaign)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := store.Move(ctx, tx, c, id, to, Transitions.Sources(to, States...), set)
		if err != nil {
			return err
		}
		if !ok {
			if _, err := Get(ctx, tx, id); err != nil {
				return err
			}
			return ErrState
		}
		return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "campaign", ObjectID: strconv.FormatInt(id, 10)})
	})
	return c, err
}

// Approve is the second pair of eyes on a campaign to all members: another staff user than
// its author lets it go (待发送). The check and the move are one statement, so the author
// cannot slip through a race either.
func Approve(ctx context.Context, db *bun.DB, id int64, by audit.Actor) (*Campaign, error) {
	c, err := Get(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if c.AuthorID == by.ID {
		return nil, ErrOwnApproval
	}
	return move(ctx, db, id, Scheduled, "campaign.approve", by, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Where("status = ?", AwaitingApproval).Where("author_id IS DISTINCT FROM ?", by.ID).
			Set("approved_by = ?", by.ID).Set("approver_name = ?", by.Name).Set("approved_at = now()").
			Set("send_at = greatest(send_at, now())")
	})
}

// Pause stops the sending after the messages in flight; Resume goes on where it stopped.
func Pause(ctx context.Context, db *bun.DB, id int64, by audit.Actor) (*Campaign, error) {
	return move(ctx, db, id, Paused, "campaign.pause", by, nil)
}

// Resume continues a paused campaign.
func Resume(ctx context.Context, db *bun.DB, id int64, by audit.Actor) (*Campaign, error) {
	return move(ctx, db, id, Sending, "campaign.resume", by, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Where("status = ?", Paused)
	})
}

// Cancel stops a campaign for good; rows not yet sent stay as they are (queued), so staff see
// who was not mailed.
func Cancel(ctx context.Context, db *bun.DB, id int64, by audit.Actor) (*Campaign, error) {
	return move(ctx, db, id, Cancelled, "campaign.cancel", by, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("finished_at = now()")
	})
}

// RetryFailed (重试失败) queues the failed rows again (bounced addresses stay out: they are
// suppressed) and, when the campaign had finished, sets it sending again. It returns how many
// rows were queued.
func RetryFailed(ctx context.Context, db *bun.DB, id int64, by audit.Actor) (int, error) {
	var n int64
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status == Cancelled || c.Status == AwaitingApproval {
			return ErrState
		}
		res, err := tx.NewRaw(`UPDATE campaign_deliveries d SET status = 'queued', next_at = now(), updated_at = now()
			WHERE campaign_id = ? AND status = 'failed'
			AND NOT EXISTS (SELECT 1 FROM mail_suppressions s WHERE s.address = d.address)`, id).Exec(ctx)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n > 0 && c.Status == Sent {
			if _, err := tx.NewRaw(`UPDATE campaigns SET status = 'sending', finished_at = NULL, updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "campaign.retry_failed", ObjectType: "campaign", ObjectID: strconv.FormatInt(id, 10)})
	})
	return int(n), err
}

// Due lists the campaigns a sweep should run: scheduled ones whose time has come and those
// sending.
func Due(ctx context.Context, db bun.IDB, now time.Time) ([]int64, error) {
	var ids []int64
	err := db.NewRaw(`SELECT id FROM campaigns WHERE status = 'sending' OR (status = 'scheduled' AND send_at <= ?) ORDER BY id`, now).Scan(ctx, &ids)
	return ids, err
}
