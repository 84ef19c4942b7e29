package dues

import (
	"database/sql"
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

// Dues is one company's dues for one year.
type Dues struct {
	bun.BaseModel      `bun:"table:dues"`
	ID                 int64           `bun:"id,pk,autoincrement"`
	CompanyID          int64           `bun:"company_id"`
	Year               int             `bun:"year"`
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
