package dues

import (
	"context"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// companyListSQL is one page of a company's dues rows with the count of all that match and
// the company name, in one parameterised statement (store.Read): ?0 company, ?1 year (0 any),
// ?2 invoice state (” any), ?3 limit, ?4 offset. A company has a row per year, so the
// window count costs nothing.
const companyListSQL = `SELECT ` + listColumns + `, c.name AS company_name, count(*) OVER () AS total_rows
	FROM dues AS d JOIN companies AS c ON c.id = d.company_id
	WHERE d.company_id = ?0 AND (?1::int = 0 OR d.year = ?1) AND (?2::text = '' OR d.invoice_status = ?2)
	ORDER BY d.year DESC, d.id DESC LIMIT ?3 OFFSET ?4`

// listColumns are the columns a dues list shows, what 会员缴费 and 会员缴费管理 select
// instead of d.*: not the invoice request (JSON, decoded per row) nor the bookkeeping
// columns, which only a row's own page needs.
const listColumns = `d.id, d.company_id, d.year, d.event_registration_id, d.subject, d.level, d.amount_fen, d.status,
	d.received_fen, d.received_on, d.reject_reason, d.waive_reason, d.invoice_status, d.invoice_issued_at, d.invoice_file_id`

// CompanyList is List for 会员缴费: a member's own rows, filtered by year and invoice state,
// with their vouchers; every statement is parameterised, so a thousand members browsing their
// dues share three prepared statements instead of each bringing new ones.
func CompanyList(ctx context.Context, db bun.IDB, f Filter) ([]Dues, int, error) {
	if f.Size <= 0 || f.Size > 500 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	var rows []companyRow
	err := store.Read(ctx, db, &rows, companyListSQL, f.CompanyID, f.Year, f.InvoiceStatus, f.Size, (f.Page-1)*f.Size)
	if err != nil || len(rows) == 0 {
		return nil, 0, err
	}
	ds := make([]Dues, len(rows))
	for i, r := range rows {
		ds[i] = r.Dues
	}
	return ds, rows[0].Total, attachVouchers(ctx, db, ds)
}

type companyRow struct {
	Dues  `bun:",extend"`
	Total int `bun:"total_rows"`
}

// vouchersSQL lists the vouchers of dues rows ?0 (an array) with their file names.
const vouchersSQL = `SELECT v.*, f.name AS file_name FROM vouchers AS v JOIN files AS f ON f.id = v.file_id
	WHERE v.dues_id = ANY(?0::bigint[]) ORDER BY v.id`

// companyYearsSQL is a company's dues years, newest first.
const companyYearsSQL = `SELECT DISTINCT year FROM dues WHERE company_id = ?0 AND year IS NOT NULL ORDER BY year DESC LIMIT 30`
