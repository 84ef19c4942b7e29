package membership

import (
	"database/sql"
	"time"

	"github.com/uptrace/bun"
)

// Application is one company's 入会申请 with its review and paper documents record.
type Application struct {
	bun.BaseModel   `bun:"table:applications"`
	ID              int64        `bun:"id,pk,autoincrement"`
	CompanyID       int64        `bun:"company_id"`
	UserID          int64        `bun:"user_id"`
	Status          string       `bun:"status"`
	Revision        int          `bun:"revision"`
	SubmittedAt     time.Time    `bun:"submitted_at,nullzero,default:now()"`
	ReviewedAt      sql.NullTime `bun:"reviewed_at"`
	ReviewedBy      int64        `bun:"reviewed_by,nullzero"`
	RejectReason    string       `bun:"reject_reason"`
	PaperReceived   bool         `bun:"paper_received"`
	PaperReceivedOn sql.NullTime `bun:"paper_received_on,type:date"`
	CourierNo       string       `bun:"courier_no"`
	PaperNote       string       `bun:"paper_note"`
	SearchName      string       `bun:"search_name"`
	USCC            string       `bun:"uscc"`
	UpdatedAt       time.Time    `bun:"updated_at,nullzero,default:now()"`
	NameBigrams     []string     `bun:"name_bigrams,array,scanonly"` // filled by a trigger, for search
}

// Revision is the snapshot of one submission.
type Revision struct {
	bun.BaseModel `bun:"table:application_revisions"`
	ApplicationID int64     `bun:"application_id,pk"`
	Revision      int       `bun:"revision,pk"`
	Snapshot      Snapshot  `bun:"snapshot,type:jsonb"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}
