package broadcast

import (
	"context"

	"cpca/internal/files"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// MaxAttachments is how many files one message may carry (each at most files.MaxUpload).
const MaxAttachments = 5

// Attachment is a file of a message as lists show it (no data).
type Attachment struct {
	ID          string `bun:"id"`
	Name        string `bun:"name"`
	ContentType string `bun:"content_type"`
	Size        int    `bun:"size"`
}

// SaveAttachment stores a file staff upload while composing: PDF, JPG, PNG, DOCX or XLSX,
// checked by content (files.SniffOffice) and size-limited. Until the message is sent it is
// linked to nothing, and files.Allowed lets only staff read it.
func SaveAttachment(ctx context.Context, db bun.IDB, name string, data []byte, by int64) (*Attachment, error) {
	f, err := files.Save(ctx, db, 0, files.KindBroadcastAttachment, name, data, by)
	if err != nil {
		return nil, err
	}
	return &Attachment{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size}, nil
}

// Uploaded loads the attachments of a draft by id, in the given order; ids that are not
// broadcast attachments are dropped.
func Uploaded(ctx context.Context, db bun.IDB, ids []string) ([]Attachment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var as []Attachment
	err := db.NewRaw(`SELECT id, name, content_type, size FROM files WHERE id = ANY(?) AND kind = ?
		ORDER BY array_position(?, id)`, pgdialect.Array(ids), files.KindBroadcastAttachment, pgdialect.Array(ids)).Scan(ctx, &as)
	return as, err
}

// AttachmentsOf lists a message's attachments in their order.
func AttachmentsOf(ctx context.Context, db bun.IDB, broadcastID int64) ([]Attachment, error) {
	var as []Attachment
	err := db.NewRaw(`SELECT f.id, f.name, f.content_type, f.size FROM broadcast_files bf JOIN files f ON f.id = bf.file_id
		WHERE bf.broadcast_id = ? ORDER BY bf.position, f.name`, broadcastID).Scan(ctx, &as)
	return as, err
}

// attach links the uploaded files to a new message; a file id that is not a broadcast
// attachment (forged, or another kind such as a company's voucher) is refused.
func attach(ctx context.Context, tx bun.IDB, broadcastID int64, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > MaxAttachments {
		return ErrAttachments
	}
	as, err := Uploaded(ctx, tx, ids)
	if err != nil {
		return err
	}
	if len(as) != len(dedupe(ids)) {
		return ErrAttachment
	}
	for i, a := range as {
		if _, err := tx.NewRaw(`INSERT INTO broadcast_files (broadcast_id, file_id, position) VALUES (?, ?, ?)`,
			broadcastID, a.ID, i).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
