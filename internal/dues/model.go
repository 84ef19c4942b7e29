package dues

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Fee is one line of the fee schedule (会费标准).
type Fee struct {
	bun.BaseModel `bun:"table:fee_schedules"`
	Year          int       `bun:"year,pk"`
	Level         string    `bun:"level,pk"`
	AmountFen     int64     `bun:"amount_fen"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
}

// Dues is one charge a company pays offline: its dues for one year (Year set), or the fee of
// one event registration (EventRegistrationID set, Year 0). Both share the vouchers, the
// state machine, the invoice request and 确认到账.
type Dues struct {
	bun.BaseModel       `bun:"table:dues"`
	ID                  int64 `bun:"id,pk,autoincrement"`
	CompanyID           int64 `bun:"company_id"`
	Year                int   `bun:"year,nullzero"`
	EventRegistrationID int64 `bun:"event_registration_id,nullzero"`
	// Subject names an event charge (the event's name); empty for yearly dues.
	Subject            string          `bun:"subject"`
	Level              string          `bun:"level"`
	AmountFen          int64           `bun:"amount_fen"`
	Status             string          `bun:"status"`
	ReceivedFen        sql.NullInt64   `bun:"received_fen"`
	ReceivedOn         sql.NullTime    `bun:"received_on,type:date"`
	ConfirmedAt        sql.NullTime    `bun:"confirmed_at"`
	ConfirmedBy        int64           `bun:"confirmed_by,nullzero"`
	RejectReason       string          `bun:"reject_reason"`
	WaiveReason        string          `bun:"waive_reason"`
	InvoiceStatus      string          `bun:"invoice_status"`
	InvoiceRequestedAt sql.NullTime    `bun:"invoice_requested_at"`
	InvoiceIssuedAt    sql.NullTime    `bun:"invoice_issued_at"`
	InvoiceRequest     *InvoiceProfile `bun:"invoice_request,type:jsonb"`
	InvoiceFileID      sql.NullString  `bun:"invoice_file_id"`
	CreatedAt          time.Time       `bun:"created_at,nullzero,default:now()"`
	UpdatedAt          time.Time       `bun:"updated_at,nullzero,default:now()"`
	Vouchers           []Voucher       `bun:"rel:has-many,join:id=dues_id"`
	CompanyName        string          `bun:"company_name,scanonly"`
	// The export's columns for finance issuing invoices: the member number and the company's
	// saved invoice profile (used when the row has no invoice request of its own).
	MemberNo     string `bun:"member_no,scanonly"`
	ProfileType  string `bun:"profile_type,scanonly"`
	ProfileTitle string `bun:"profile_title,scanonly"`
	ProfileTaxNo string `bun:"profile_tax_no,scanonly"`
}

// Invoice is what an invoice for the row is made out to: its own request when there is one,
// else the company's saved invoice profile (either may be empty).
func (d Dues) Invoice() (typ, title, taxNo string) {
	if r := d.InvoiceRequest; r != nil {
		return r.Type, r.Title, r.TaxNo
	}
	return d.ProfileType, d.ProfileTitle, d.ProfileTaxNo
}

// Voucher is one uploaded bank-transfer voucher (缴费凭证).
type Voucher struct {
	bun.BaseModel `bun:"table:vouchers"`
	ID            int64     `bun:"id,pk,autoincrement"`
	DuesID        int64     `bun:"dues_id"`
	FileID        string    `bun:"file_id"`
	TransferDate  time.Time `bun:"transfer_date,type:date"`
	AmountFen     int64     `bun:"amount_fen"`
	Payer         string    `bun:"payer"`
	Note          string    `bun:"note"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	FileName      string    `bun:"file_name,scanonly"`
}

// InvoiceProfile is 开票信息: saved per company, copied into each request.
type InvoiceProfile struct {
	bun.BaseModel `bun:"table:invoice_profiles" json:"-"`
	CompanyID     int64     `bun:"company_id,pk" json:"-"`
	Type          string    `bun:"invoice_type" json:"type"` // normal | special
	Title         string    `bun:"title" json:"title"`
	TaxNo         string    `bun:"tax_no" json:"tax_no"`
	Address       string    `bun:"address" json:"address"`
	Phone         string    `bun:"phone" json:"phone"`
	Bank          string    `bun:"bank" json:"bank"`
	Account       string    `bun:"account" json:"account"`
	Email         string    `bun:"email" json:"email"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()" json:"-"`
}

// Invoice types.
const (
	InvoiceNormal  = "normal"
	InvoiceSpecial = "special"
)

// InvoiceTypeLabel is the Chinese name of an invoice type.
func InvoiceTypeLabel(t string) string {
	if t == InvoiceSpecial {
		return "增值税专用发票"
	}
	return "增值税普通发票"
}

// Kinds of charge, for filters.
const (
	KindDues  = "dues"  // 会费: a yearly dues row
	KindEvent = "event" // 活动费: the fee of an event registration
)

// Kinds lists the kinds of charge in display order.
var Kinds = []string{KindDues, KindEvent}

// KindLabel is the Chinese label of a kind of charge.
func KindLabel(k string) string {
	return map[string]string{KindDues: "会费", KindEvent: "活动费"}[k]
}

// IsEvent reports whether the row is an event fee rather than yearly dues.
func (d *Dues) IsEvent() bool { return d.EventRegistrationID != 0 }

// Kind is KindEvent or KindDues.
func (d *Dues) Kind() string {
	if d.IsEvent() {
		return KindEvent
	}
	return KindDues
}

// Label names the charge in notices, audit entries and file names: "2026年度会费" or
// "<event>参会费".
func (d *Dues) Label() string {
	if d.IsEvent() {
		return d.Subject + "参会费"
	}
	return fmt.Sprintf("%d年度会费", d.Year)
}
