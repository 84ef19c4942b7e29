package dues

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when a dues row, voucher or fee does not exist for the asker.
var ErrNotFound = errs.New(errs.NotFound, "缴费记录不存在")

// ErrNoSchedule is returned when a year has no fee for a level.
type ErrNoSchedule struct{ Year int }

func (e ErrNoSchedule) Error() string { return e.UserMessage().String() }

// UserMessage asks staff to set the year's fees first, in the viewer's language.
func (e ErrNoSchedule) UserMessage() errs.Message {
	return errs.M("%d 年度会费标准尚未设置，请先在「会费标准」中设置", e.Year)
}

// Is makes a missing schedule a conflict: the action waits for the fees to be set.
func (e ErrNoSchedule) Is(target error) bool { return target == errs.Conflict }

// Fees returns the schedule of a year.
func Fees(ctx context.Context, db bun.IDB, year int) ([]Fee, error) {
	var fs []Fee
	err := db.NewSelect().Model(&fs).Where("year = ?", year).Scan(ctx)
	return fs, err
}

// SetFee stores one fee.
func SetFee(ctx context.Context, db bun.IDB, f Fee) error {
	_, err := db.NewInsert().Model(&f).On("CONFLICT (year, level) DO UPDATE").
		Set("amount_fen = EXCLUDED.amount_fen, updated_at = now()").Exec(ctx)
	return err
}

// Generate creates the year's dues for every member company that has none yet, at the
// company's level and that year's fee. Running it twice creates nothing twice.
func Generate(ctx context.Context, db bun.IDB, year int) (int, error) {
	var missing int
	err := db.NewRaw(`SELECT count(DISTINCT c.level) FROM companies c
		WHERE c.status = 'member' AND NOT EXISTS (SELECT 1 FROM fee_schedules f WHERE f.year = ? AND f.level = c.level)`, year).Scan(ctx, &missing)
	if err != nil {
		return 0, err
	}
	if missing > 0 {
		return 0, ErrNoSchedule{Year: year}
	}
	res, err := db.NewRaw(`INSERT INTO dues (company_id, year, level, amount_fen, status, waive_reason)
		SELECT c.id, ?, c.level, f.amount_fen, `+freeStatus+` FROM companies c JOIN fee_schedules f ON f.year = ? AND f.level = c.level
		WHERE c.status = 'member'
		ON CONFLICT (company_id, year) DO NOTHING`, year, year).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// freeStatus makes the dues row of a free level (fee 0) 免缴 at once: nothing to pay or confirm.
const freeStatus = `CASE WHEN f.amount_fen = 0 THEN 'waived' ELSE 'unpaid' END,
		CASE WHEN f.amount_fen = 0 THEN '免费级别' ELSE '' END`

// HasFee says the year's fee schedule has the level: approving a member of a level without
// one creates no dues row, and staff are told so.
func HasFee(ctx context.Context, db bun.IDB, year int, level string) (bool, error) {
	return db.NewSelect().TableExpr("fee_schedules").Where("year = ? AND level = ?", year, level).Exists(ctx)
}

// EnsureFor creates the year's dues row for one company (a member approved mid-year); it
// does nothing when the row exists or the year has no fee for the level.
func EnsureFor(ctx context.Context, db bun.IDB, companyID int64, year int) (bool, error) {
	res, err := db.NewRaw(`INSERT INTO dues (company_id, year, level, amount_fen, status, waive_reason)
		SELECT c.id, ?, c.level, f.amount_fen, `+freeStatus+` FROM companies c JOIN fee_schedules f ON f.year = ? AND f.level = c.level
		WHERE c.id = ? AND c.status = 'member'
		ON CONFLICT (company_id, year) DO NOTHING`, year, year, companyID).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Filter narrows a dues list. CompanyID 0 means all companies (staff).
type Filter struct {
	CompanyID     int64
	Year          int
	Status        string
	InvoiceStatus string
	Kind          string // KindDues or KindEvent; empty for both
	Q             string // company name fragment (staff)
	Page, Size    int
	Sort          string // a key of ListSorts; unknown: newest year first
}

// ListSorts are the orders of 会员缴费管理 staff may pick (the column headers).
var ListSorts = store.Sorts{Default: "year_desc", Exprs: map[string]string{
	"year_desc":   "d.year DESC, d.id DESC",
	"year_asc":    "d.year ASC, d.id ASC",
	"amount_desc": "d.amount_fen DESC, d.id DESC",
	"amount_asc":  "d.amount_fen ASC, d.id ASC",
}}

// apply adds the filter to a query over "dues AS d", its values through p (nil: into the
// text, for bun). The company name search is a correlated EXISTS on companies, so counting
// never joins the whole table.
func (f *Filter) apply(q *bun.SelectQuery, p *store.Params) *bun.SelectQuery {
	if f.CompanyID != 0 {
		q = q.Where("d.company_id = ?", p.Add(f.CompanyID))
	}
	if f.Year != 0 {
		q = q.Where("d.year = ?", p.Add(f.Year))
	}
	if f.Status != "" {
		q = q.Where("d.status = ?", p.Add(f.Status))
	}
	if f.InvoiceStatus != "" {
		q = q.Where("d.invoice_status = ?", p.Add(f.InvoiceStatus))
	}
	switch f.Kind {
	case KindDues:
		q = q.Where("d.event_registration_id IS NULL")
	case KindEvent:
		q = q.Where("d.event_registration_id IS NOT NULL")
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		// EXISTS (not IN) lets PostgreSQL walk dues in page order and stop at the page's end.
		cond, args := store.NameMatch("c.name", "c.name_bigrams", s)
		q = q.Where("EXISTS (SELECT 1 FROM companies AS c WHERE c.id = d.company_id AND "+cond+")", p.All(args)...)
	}
	return q
}

// List returns one page of dues rows (newest year first) with their vouchers, and the total
// (capped at store.CountCap+1; store.Unknown for a name search, with up to Size+1 rows).
func List(ctx context.Context, db bun.IDB, f Filter) ([]Dues, int, error) {
	if f.Size <= 0 || f.Size > 500 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	// A company-name search is not counted (store.Unknown): its page is fetched with one row
	// more to tell whether another page follows. Both statements are parameterised
	// (store.Params): one text per filter shape, whatever the values.
	n, limit := store.Unknown, f.Size+1
	if strings.TrimSpace(f.Q) == "" {
		var err error
		p := &store.Params{}
		if n, err = store.CappedCountOf(ctx, db, f.apply(db.NewSelect().TableExpr("dues AS d"), p), p); err != nil {
			return nil, 0, err
		}
		limit = f.Size
	}
	_, order := ListSorts.Pick(f.Sort)
	p := &store.Params{}
	page := f.apply(db.NewSelect().TableExpr("dues AS d").ColumnExpr(listColumns), p).
		OrderExpr(order).Limit(limit).Offset((f.Page - 1) * f.Size)
	var ds []Dues
	err := store.Select(ctx, db, &ds, db.NewSelect().TableExpr("(?) AS d", page).ColumnExpr("d.*").ColumnExpr("c.name AS company_name").
		Join("JOIN companies AS c ON c.id = d.company_id").OrderExpr(order), p)
	if err != nil || len(ds) == 0 {
		return ds, n, err
	}
	return ds, n, attachVouchers(ctx, db, ds)
}

// ExportRows returns up to limit rows of the filter for the Excel export.
func ExportRows(ctx context.Context, db bun.IDB, f Filter, limit int) ([]Dues, error) {
	f.Page, f.Size = 1, limit
	var ds []Dues
	q := db.NewSelect().Model(&ds).ModelTableExpr("dues AS d").ColumnExpr("d.*").ColumnExpr("c.name AS company_name").
		ColumnExpr("coalesce(c.member_no, '') AS member_no").
		ColumnExpr("coalesce(ip.invoice_type, '') AS profile_type, coalesce(ip.title, '') AS profile_title, coalesce(ip.tax_no, '') AS profile_tax_no").
		Join("JOIN companies AS c ON c.id = d.company_id").
		Join("LEFT JOIN invoice_profiles AS ip ON ip.company_id = d.company_id")
	err := f.apply(q, nil).OrderExpr("d.year DESC, c.name, d.id").Limit(limit).Scan(ctx)
	return ds, err
}

func attachVouchers(ctx context.Context, db bun.IDB, ds []Dues) error {
	ids := make([]int64, len(ds))
	at := map[int64]int{}
	for i, d := range ds {
		ids[i] = d.ID
		at[d.ID] = i
	}
	var vs []Voucher
	if err := store.Read(ctx, db, &vs, vouchersSQL, ids); err != nil {
		return err
	}
	for _, v := range vs {
		i := at[v.DuesID]
		ds[i].Vouchers = append(ds[i].Vouchers, v)
	}
	return nil
}

// Get loads one dues row with vouchers. companyID other than 0 must own it, else ErrNotFound:
// company A never sees company B's dues, even by guessing ids.
func Get(ctx context.Context, db bun.IDB, id, companyID int64) (*Dues, error) {
	d := new(Dues)
	q := db.NewSelect().Model(d).ModelTableExpr("dues AS d").ColumnExpr("d.*").ColumnExpr("c.name AS company_name").
		Join("JOIN companies AS c ON c.id = d.company_id").Where("d.id = ?", id)
	if companyID != 0 {
		q = q.Where("d.company_id = ?", companyID)
	}
	if err := q.Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	ds := []Dues{*d}
	if err := attachVouchers(ctx, db, ds); err != nil {
		return nil, err
	}
	return &ds[0], nil
}

// move changes the state only from an allowed source state, atomically.
func move(ctx context.Context, tx bun.IDB, id int64, to, action string, set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Dues, error) {
	d := new(Dues)
	moved, err := store.Move(ctx, tx, d, id, to, Sources(to), set)
	if err != nil {
		return nil, err
	}
	if moved {
		return d, nil
	}
	cur, err := Get(ctx, tx, id, 0)
	if err != nil {
		return nil, err
	}
	return nil, ErrState{Status: cur.Status, Action: action}
}

// AddVoucher records an uploaded voucher; the row becomes 待确认.
func AddVoucher(ctx context.Context, tx bun.IDB, d *Dues, v *Voucher) error {
	if _, err := move(ctx, tx, d.ID, Pending, "上传缴费凭证", nil); err != nil {
		return err
	}
	v.DuesID = d.ID
	_, err := tx.NewInsert().Model(v).Returning("id").Exec(ctx)
	return err
}

// RemoveVoucher deletes a voucher before confirmation; without vouchers the row is unpaid again.
func RemoveVoucher(ctx context.Context, tx bun.IDB, d *Dues, voucherID int64) error {
	if d.Status != Pending {
		return ErrState{Status: d.Status, Action: "删除缴费凭证"}
	}
	// Lock the row so a confirmation can not slip in between.
	var status string
	if err := tx.NewRaw(`SELECT status FROM dues WHERE id = ? FOR UPDATE`, d.ID).Scan(ctx, &status); err != nil {
		return err
	}
	if status != Pending {
		return ErrState{Status: status, Action: "删除缴费凭证"}
	}
	var fileID string
	err := tx.NewDelete().Model((*Voucher)(nil)).Where("id = ?", voucherID).Where("dues_id = ?", d.ID).
		Returning("file_id").Scan(ctx, &fileID)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	// The uploaded file goes with its voucher, so it can not be downloaded any more.
	if _, err := tx.NewRaw(`DELETE FROM files WHERE id = ?`, fileID).Exec(ctx); err != nil {
		return err
	}
	left, err := tx.NewSelect().Model((*Voucher)(nil)).Where("dues_id = ?", d.ID).Count(ctx)
	if err != nil || left > 0 {
		return err
	}
	_, err = move(ctx, tx, d.ID, Unpaid, "删除缴费凭证", nil)
	return err
}

// Confirm is 确认到账: staff record the amount and date received. Of two staff confirming at
// once, one wins; the other gets ErrState.
func Confirm(ctx context.Context, tx bun.IDB, id, staffID, receivedFen int64, on, now time.Time) (*Dues, error) {
	return move(ctx, tx, id, Confirmed, "确认到账", func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("received_fen = ?", receivedFen).Set("received_on = ?", on.Format("2006-01-02")).
			Set("confirmed_at = ?", now).Set("confirmed_by = ?", staffID).Set("reject_reason = ''")
	})
}

// reject is 退回: the voucher is returned with a reason; the member may upload again.
func reject(ctx context.Context, tx bun.IDB, id int64, reason string) (*Dues, error) {
	return move(ctx, tx, id, Rejected, "退回", func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("reject_reason = ?", reason)
	})
}

// waive is 免缴, with a reason.
func waive(ctx context.Context, tx bun.IDB, id, staffID int64, reason string, now time.Time) (*Dues, error) {
	return move(ctx, tx, id, Waived, "设为免缴", func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("waive_reason = ?", reason).Set("confirmed_at = ?", now).Set("confirmed_by = ?", staffID)
	})
}

// Profile loads the company's saved invoice profile, or nil.
func Profile(ctx context.Context, db bun.IDB, companyID int64) (*InvoiceProfile, error) {
	p := new(InvoiceProfile)
	err := db.NewSelect().Model(p).Where("company_id = ?", companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// RequestInvoice saves the profile for next year and records this year's request (待开票).
func RequestInvoice(ctx context.Context, tx bun.IDB, d *Dues, p InvoiceProfile) error {
	if d.Status == Waived {
		return ErrState{Status: d.Status, Action: "申请开票"}
	}
	p.CompanyID = d.CompanyID
	if _, err := tx.NewInsert().Model(&p).On("CONFLICT (company_id) DO UPDATE").
		Set("invoice_type = EXCLUDED.invoice_type, title = EXCLUDED.title, tax_no = EXCLUDED.tax_no, address = EXCLUDED.address, " +
			"phone = EXCLUDED.phone, bank = EXCLUDED.bank, account = EXCLUDED.account, email = EXCLUDED.email, updated_at = now()").
		Exec(ctx); err != nil {
		return err
	}
	res, err := tx.NewUpdate().Model((*Dues)(nil)).Set("invoice_status = ?", InvoiceRequested).
		Set("invoice_request = ?", &p).Set("invoice_requested_at = now()").Set("updated_at = now()").
		Where("id = ?", d.ID).Where("invoice_status IN (?)", bun.In(InvoiceSources(InvoiceRequested))).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrState{Status: d.Status, Action: "修改开票信息（发票已开具）"}
	}
	return nil
}

// issueInvoice attaches the issued invoice file (已开票). Only paid dues with a request can be invoiced.
func issueInvoice(ctx context.Context, tx bun.IDB, id int64, fileID string) (*Dues, error) {
	d := new(Dues)
	res, err := tx.NewUpdate().Model(d).Set("invoice_status = ?", InvoiceIssued).Set("invoice_file_id = ?", fileID).
		Set("invoice_issued_at = now()").Set("updated_at = now()").
		Where("id = ?", id).Where("invoice_status IN (?)", bun.In(InvoiceSources(InvoiceIssued))).Where("status = ?", Confirmed).
		Returning("*").Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		cur, err := Get(ctx, tx, id, 0)
		if err != nil {
			return nil, err
		}
		if cur.Status != Confirmed {
			return nil, ErrState{Status: cur.Status, Action: "上传发票（请先确认到账）"}
		}
		if cur.InvoiceStatus == InvoiceIssued {
			return nil, ErrState{Status: cur.Status, Action: "上传发票（发票已开具）"}
		}
		return nil, ErrState{Status: cur.Status, Action: "上传发票（会员尚未填写开票信息）"}
	}
	return d, nil
}

// Years lists the years for the filter, newest first: a company's own dues years, or for
// staff (companyID 0) the years that have a fee schedule (dues exist only for those).
func Years(ctx context.Context, db bun.IDB, companyID int64) ([]int, error) {
	var ys []int
	if companyID != 0 {
		err := store.Read(ctx, db, &ys, companyYearsSQL, companyID)
		return ys, err
	}
	err := db.NewSelect().TableExpr("fee_schedules").ColumnExpr("DISTINCT year").OrderExpr("year DESC").Limit(30).Scan(ctx, &ys)
	return ys, err
}

// ForYear loads a company's dues row of one year without its vouchers, or nil when the year
// has none (待办事项 and 会员证书 need just this one row).
func ForYear(ctx context.Context, db bun.IDB, companyID int64, year int) (*Dues, error) {
	d := new(Dues)
	err := store.Read(ctx, db, d, `SELECT `+store.Columns(db, d, "d")+` FROM dues AS d WHERE d.company_id = ?0 AND d.year = ?1 AND d.event_registration_id IS NULL`, companyID, year)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return d, err
}
