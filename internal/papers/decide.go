package papers

// Decisions: staff stage 录用 / 修改后录用 / 不录用 per paper (not visible to the author), then
// release the event's staged decisions together (一键发布结果). Each released decision writes
// exactly one outbox email, linked by paper_decisions.email_id; a newer decision for the same
// paper supersedes the older one and cancels its mail while it is still queued (mail.Cancel),
// so an accept and a later reject are never both sent unless the first had already gone.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	imail "cpca/internal/mail"
	"cpca/internal/notice"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Stage records staff's decision on a paper under review (or one decided before, to change
// it), replacing a decision staged earlier and not yet released.
func Stage(ctx context.Context, db bun.IDB, paperID int64, outcome, note string, by audit.Actor, now time.Time) (*Decision, error) {
	if !contains(Outcomes, outcome) {
		return nil, ErrBadOutcome
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return nil, FieldErrors{"note": "说明最多2000字"}
	}
	d := &Decision{PaperID: paperID, Outcome: outcome, Note: note, DecidedBy: by.ID}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := lock(ctx, tx, paperID)
		if err != nil {
			return err
		}
		if p.Status != outcome && !CanMove(p.Status, outcome) {
			return ErrState{Status: p.Status, Action: "暂存结果"}
		}
		if p.Status == Submitted || p.Status == Draft {
			return ErrState{Status: p.Status, Action: "暂存结果"}
		}
		if _, err := tx.NewUpdate().Model((*Decision)(nil)).Set("superseded_at = ?", now).
			Where("paper_id = ? AND released_at IS NULL AND superseded_at IS NULL", paperID).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(d).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.stage", ObjectType: "paper", ObjectID: strconv.FormatInt(paperID, 10), Detail: outcome})
	})
	return d, err
}

// Release is 一键发布结果: every staged decision of the event's papers is released at once.
// Per paper: the older released decisions are superseded and their unsent mails cancelled,
// the paper moves to the outcome, a site notice goes to the company and one email to the
// submitting user, linked to the decision. It returns how many decisions were released.
func Release(ctx context.Context, db bun.IDB, eventID int64, by audit.Actor, now time.Time) (int, error) {
	n := 0
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ds []Decision
		if err := tx.NewSelect().Model(&ds).ModelTableExpr("paper_decisions AS d").Column("d.*").
			Join("JOIN papers p ON p.id = d.paper_id").Where("p.event_id = ? AND d.released_at IS NULL AND d.superseded_at IS NULL", eventID).
			OrderExpr("d.paper_id").For("UPDATE OF d").Scan(ctx); err != nil {
			return err
		}
		if len(ds) == 0 {
			return ErrNoStaged
		}
		c, err := GetCall(ctx, tx, eventID)
		if err != nil {
			return err
		}
		for i := range ds {
			ok, err := release(ctx, tx, c, &ds[i], now)
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.release", ObjectType: "event", ObjectID: strconv.FormatInt(eventID, 10),
			Detail: fmt.Sprintf("%d decisions", n)})
	})
	return n, err
}

// release releases one staged decision; a paper withdrawn meanwhile drops it (false).
func release(ctx context.Context, tx bun.IDB, c *Call, d *Decision, now time.Time) (bool, error) {
	p, err := lock(ctx, tx, d.PaperID)
	if err != nil {
		return false, err
	}
	if p.Status != d.Outcome {
		ok, err := store.Move(ctx, tx, p, p.ID, d.Outcome, Sources(d.Outcome), nil)
		if err != nil {
			return false, err
		}
		if !ok {
			_, err := tx.NewUpdate().Model(d).Set("superseded_at = ?", now).WherePK().Exec(ctx)
			return false, err
		}
	}
	older := tx.NewSelect().Table("paper_decisions").Column("email_id").
		Where("paper_id = ? AND id <> ? AND email_id IS NOT NULL AND released_at IS NOT NULL", p.ID, d.ID)
	if _, err := imail.Cancel(ctx, tx, older, "已被新的评审结果取代"); err != nil {
		return false, err
	}
	if _, err := tx.NewUpdate().Model((*Decision)(nil)).Set("superseded_at = ?", now).
		Where("paper_id = ? AND id <> ? AND released_at IS NOT NULL AND superseded_at IS NULL", p.ID, d.ID).Exec(ctx); err != nil {
		return false, err
	}
	title, body := decisionText(c, p, d)
	if _, err := notice.Send(ctx, tx, p.CompanyID, title, body); err != nil {
		return false, err
	}
	var to string
	if err := tx.NewRaw(`SELECT coalesce((SELECT email FROM users WHERE id = ? AND NOT disabled), '')`, p.CreatedBy).Scan(ctx, &to); err != nil {
		return false, err
	}
	var emailID int64
	if to != "" {
		if emailID, err = imail.Queue(ctx, tx, imail.Message{To: to, Kind: "paper_decision", Subject: title + " - CPCA 会员管理系统",
			Body: body + "\n\n中国电子电路行业协会（CPCA）\n", DedupeKey: "paper_decision:" + strconv.FormatInt(d.ID, 10)}); err != nil {
			return false, err
		}
	}
	_, err = tx.NewUpdate().Model(d).Set("released_at = ?", now).Set("email_id = NULLIF(?, 0)", emailID).WherePK().Returning("*").Exec(ctx)
	return err == nil, err
}

func decisionText(c *Call, p *Paper, d *Decision) (string, string) {
	title := "参会投稿评审结果：" + StatusLabel(d.Outcome)
	body := fmt.Sprintf("您好：\n\n贵单位投往“%s”的稿件“%s”评审结果为：%s。", c.EventName, p.Title, StatusLabel(d.Outcome))
	if d.Note != "" {
		body += "\n说明：" + d.Note
	}
	return title, body
}
