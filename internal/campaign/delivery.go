package campaign

import (
	"context"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Delivery states.
const (
	DQueued   = "queued"
	DSending  = "sending" // committed before the SMTP conversation
	DSent     = "sent"
	DDeferred = "deferred" // 4xx or no connection: tried again after a back-off
	DFailed   = "failed"   // 5xx, or too many deferrals
	DBounced  = "bounced"  // 5xx on RCPT: the address is on the suppression list now
)

// DeliveryStates lists the states staff filter by.
var DeliveryStates = []string{DQueued, DSending, DSent, DDeferred, DFailed, DBounced}

// DeliveryLabel is the Chinese label of a delivery state.
func DeliveryLabel(s string) string {
	switch s {
	case DQueued:
		return "待发送"
	case DSending:
		return "发送中"
	case DSent:
		return "已发送"
	case DDeferred:
		return "延迟重试"
	case DFailed:
		return "发送失败"
	case DBounced:
		return "退信"
	}
	return s
}

// Delivery is one recipient of a campaign and what happened to its mail.
type Delivery struct {
	bun.BaseModel `bun:"table:campaign_deliveries"`
	ID            int64     `bun:"id,pk,autoincrement"`
	CampaignID    int64     `bun:"campaign_id"`
	Address       string    `bun:"address"`
	CompanyID     int64     `bun:"company_id,nullzero"`
	CompanyName   string    `bun:"company_name"`
	MemberNo      string    `bun:"member_no"`
	ContactName   string    `bun:"contact_name"`
	Domain        string    `bun:"domain"`
	Status        string    `bun:"status"`
	SMTPCode      int       `bun:"smtp_code"`
	SMTPMessage   string    `bun:"smtp_message"`
	Attempts      int       `bun:"attempts"`
	NextAt        time.Time `bun:"next_at"`
	SendingAt     time.Time `bun:"sending_at,nullzero"`
	SentAt        time.Time `bun:"sent_at,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
}

// Recipient is the delivery's variables.
func (d *Delivery) Recipient() Recipient {
	return Recipient{Address: d.Address, CompanyID: d.CompanyID, CompanyName: d.CompanyName, MemberNo: d.MemberNo, ContactName: d.ContactName}
}

// Bad says whether staff should look at the row (failed or bounced).
func (d *Delivery) Bad() bool { return d.Status == DFailed || d.Status == DBounced }

// DeliveryFilter narrows the delivery rows (发送记录). NotDelivered answers "who did not get
// it": every row not sent.
type DeliveryFilter struct {
	Status       string
	NotDelivered bool
	Q            string // address or company contains
	Page         int
}

func (f DeliveryFilter) query(db bun.IDB, campaignID int64, ds *[]Delivery) *bun.SelectQuery {
	q := db.NewSelect().Model(ds).Where("campaign_id = ?", campaignID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.NotDelivered {
		q = q.Where("status <> ?", DSent)
	}
	if f.Q != "" {
		like := "%" + store.EscapeLike(f.Q) + "%"
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("address ILIKE ?", like).WhereOr("company_name ILIKE ?", like)
		})
	}
	return q
}

// Deliveries returns one page of a campaign's rows in id order and the (capped) total.
func Deliveries(ctx context.Context, db bun.IDB, campaignID int64, f DeliveryFilter, size int) ([]Delivery, int, error) {
	var ds []Delivery
	q := f.query(db, campaignID, &ds)
	n, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	err = q.Order("id").Limit(size).Offset((max(f.Page, 1) - 1) * size).Scan(ctx)
	return ds, n, err
}

// ExportLimit bounds one Excel export.
const ExportLimit = 100000

// AllDeliveries returns every row the filter selects (up to ExportLimit), for the export.
func AllDeliveries(ctx context.Context, db bun.IDB, campaignID int64, f DeliveryFilter) ([]Delivery, error) {
	var ds []Delivery
	err := f.query(db, campaignID, &ds).Order("id").Limit(ExportLimit).Scan(ctx)
	return ds, err
}

// Tally is a campaign's rows by state.
type Tally map[string]int

// Total is the number of rows.
func (t Tally) Total() int {
	n := 0
	for _, v := range t {
		n += v
	}
	return n
}

// Done is how many rows reached a final state.
func (t Tally) Done() int { return t[DSent] + t[DFailed] + t[DBounced] }

// Count is the tally of one state (for templates).
func (t Tally) Count(s string) int { return t[s] }

// TallyOf counts a campaign's rows by state.
func TallyOf(ctx context.Context, db bun.IDB, campaignID int64) (Tally, error) {
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	err := db.NewRaw(`SELECT status, count(*) AS n FROM campaign_deliveries WHERE campaign_id = ? GROUP BY status`, campaignID).Scan(ctx, &rows)
	t := Tally{}
	for _, r := range rows {
		t[r.Status] = r.N
	}
	return t, err
}
