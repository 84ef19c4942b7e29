package profile

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"
)

// Change is one row of a company's profile history: a key-field request with its evidence
// and decision, or a change of other fields applied at once. Old and New hold only the
// fields that change.
type Change struct {
	bun.BaseModel `bun:"table:company_changes"`
	ID            int64             `bun:"id,pk,autoincrement"`
	CompanyID     int64             `bun:"company_id"`
	Kind          string            `bun:"kind"`
	Status        string            `bun:"status"`
	Old           map[string]string `bun:"old_values,type:jsonb"`
	New           map[string]string `bun:"new_values,type:jsonb"`
	EvidenceID    sql.NullString    `bun:"evidence_id"`
	Note          string            `bun:"note"`
	Reason        string            `bun:"reason"`
	RequestedBy   int64             `bun:"requested_by,nullzero"`
	DecidedBy     int64             `bun:"decided_by,nullzero"`
	DecidedAt     sql.NullTime      `bun:"decided_at"`
	CreatedAt     time.Time         `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time         `bun:"updated_at,nullzero,default:now()"`
	// Filled by List and Get for display.
	CompanyName   string `bun:"company_name,scanonly"`
	RequesterName string `bun:"requester_name,scanonly"`
	DeciderName   string `bun:"decider_name,scanonly"`
}

// Diffs lists the changed fields with their old and new values.
func (c *Change) Diffs() []Diff { return diff(c.Old, c.New) }

// CanDecide reports whether staff may still approve or reject it.
func (c *Change) CanDecide() bool { return CanMove(c.Status, Approved) }

// StatusLabel is the Chinese label of its state.
func (c *Change) StatusLabel() string { return StatusLabel(c.Status) }

// IsKey reports whether it is a key-field request.
func (c *Change) IsKey() bool { return c.Kind == KindKey }

// RenamesCompany reports whether it changes the company's name (the certificate follows).
func (c *Change) RenamesCompany() bool {
	_, ok := c.New["name"]
	return ok && c.New["name"] != c.Old["name"]
}

func selectChanges(db bun.IDB, out any) *bun.SelectQuery {
	return db.NewSelect().Model(out).
		ColumnExpr("change.*").
		ColumnExpr("co.name AS company_name").
		ColumnExpr("coalesce(nullif(ru.name, ''), ru.username, '') AS requester_name").
		ColumnExpr("coalesce(nullif(du.name, ''), du.username, '') AS decider_name").
		Join("JOIN companies AS co ON co.id = change.company_id").
		Join("LEFT JOIN users AS ru ON ru.id = change.requested_by").
		Join("LEFT JOIN users AS du ON du.id = change.decided_by")
}

// Get loads one change.
func Get(ctx context.Context, db bun.IDB, id int64) (*Change, error) {
	c := new(Change)
	err := selectChanges(db, c).Where("change.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// Filter narrows List.
type Filter struct {
	Status    string
	Kind      string
	CompanyID int64
}

// List returns changes newest first, one page, with the total.
func List(ctx context.Context, db bun.IDB, f Filter, page, per int) ([]Change, int, error) {
	var out []Change
	q := selectChanges(db, &out).OrderExpr("change.id DESC").Limit(per).Offset((page - 1) * per)
	if f.Status != "" {
		q = q.Where("change.status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("change.kind = ?", f.Kind)
	}
	if f.CompanyID != 0 {
		q = q.Where("change.company_id = ?", f.CompanyID)
	}
	n, err := q.ScanAndCount(ctx)
	return out, n, err
}

// OpenRequest is the company's pending key-field request, or nil.
func OpenRequest(ctx context.Context, db bun.IDB, companyID int64) (*Change, error) {
	c := new(Change)
	err := selectChanges(db, c).Where("change.company_id = ?", companyID).Where("change.status = ?", Pending).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}
