// Package notice is the 站内通知 / 站内信息: site notices for one company or for everyone,
// and the member's inbox, which lists them together with the staff broadcasts (站内信管理)
// the company is a recipient of, with sparse read marks per user.
package notice

import (
	"context"
	"cpca/internal/errs"
	"time"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when a notice does not exist or is not addressed to the reader.
var ErrNotFound = errs.New(errs.NotFound, "站内信息不存在")

// Notice is one message of the inbox: a site notice, or a broadcast (Broadcast true).
type Notice struct {
	bun.BaseModel `bun:"table:notices"`
	ID            int64     `bun:"id,pk,autoincrement"`
	CompanyID     int64     `bun:"company_id,nullzero"`
	Title         string    `bun:"title"`
	Body          string    `bun:"body"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	Read          bool      `bun:"is_read,scanonly"`
	Important     bool      `bun:"important,scanonly"`
	Broadcast     bool      `bun:"broadcast,scanonly"`
	Markdown      bool      `bun:"markdown,scanonly"` // a broadcast written in Markdown (Get only)
}

// Send creates a notice for companyID (0: everyone).
func Send(ctx context.Context, db bun.IDB, companyID int64, title, body string) (int64, error) {
	n := &Notice{CompanyID: companyID, Title: title, Body: body}
	_, err := db.NewInsert().Model(n).Returning("id").Exec(ctx)
	return n.ID, err
}
