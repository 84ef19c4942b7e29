package events

// 活动附件: files the association publishes with an event (参会指南, 日程, 回执), listed on
// 查看详情. A file is readable as the event is visible: by nobody but staff while the event is
// a draft, by members once published, by council members only for a council-only event.

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// Attachment is one published file of an event.
type Attachment struct {
	bun.BaseModel `bun:"table:event_attachments"`
	ID            int64     `bun:"id,pk,autoincrement"`
	EventID       int64     `bun:"event_id"`
	Title         string    `bun:"title"`
	FileID        string    `bun:"file_id"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	FileName      string    `bun:"file_name,scanonly"`
	Size          int       `bun:"size,scanonly"`
}

// Refusals of an upload, shown next to the form.
var (
	ErrAttachTitle = errs.New(errs.Conflict, "请填写附件名称（最多40字）。")
	ErrAttachType  = errs.New(errs.Conflict, "附件只支持 PDF、DOCX、JPG、PNG 格式（按文件内容识别）。")
)

// visibility is the file visibility that matches an event's: "" (staff only) for a draft.
func visibility(e *Event) string {
	switch {
	case !e.Published:
		return ""
	case e.CouncilOnly:
		return files.Council
	}
	return files.Members
}

// syncAttachments gives an event's files the visibility of the event (after publish,
// unpublish or a change of 仅限理事单位).
func syncAttachments(ctx context.Context, tx bun.IDB, e *Event) error {
	_, err := tx.NewRaw(`UPDATE files SET visibility = NULLIF(?, '') WHERE id IN (SELECT file_id FROM event_attachments WHERE event_id = ?)`,
		visibility(e), e.ID).Exec(ctx)
	return err
}

// AddAttachment stores a file (checked by content) for the event, readable as the event is
// visible, and audits it.
func AddAttachment(ctx context.Context, db bun.IDB, eventID int64, title, name string, data []byte, by audit.Actor) (*Attachment, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > 40 {
		return nil, ErrAttachTitle
	}
	if _, err := files.SniffFor(files.KindEventAttachment, data); err != nil {
		return nil, ErrAttachType
	}
	var a *Attachment
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		f, err := files.SavePublished(ctx, tx, files.KindEventAttachment, files.Members, name, data, by.ID)
		if err != nil {
			return err
		}
		a = &Attachment{EventID: eventID, Title: title, FileID: f.ID, CreatedBy: by.ID}
		if _, err := tx.NewInsert().Model(a).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if err := syncAttachments(ctx, tx, e); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "event.attachment", ObjectType: "event", ObjectID: regID(eventID), Detail: title})
	})
	return a, err
}

// Attachments lists an event's files in upload order.
func Attachments(ctx context.Context, db bun.IDB, eventID int64) ([]Attachment, error) {
	var as []Attachment
	err := db.NewSelect().Model(&as).ModelTableExpr("event_attachments AS a").Column("a.*").ColumnExpr("f.name AS file_name, f.size").
		Join("JOIN files f ON f.id = a.file_id").Where("a.event_id = ?", eventID).OrderExpr("a.id").Limit(50).Scan(ctx)
	return as, err
}
