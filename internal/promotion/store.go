package promotion

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cpca/internal/errs"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ErrNotFound is an unknown application, or one of another company.
var ErrNotFound = errs.New(errs.NotFound, "晋升申请不存在")

// Get loads an application with its company's name; companyID other than 0 must own it.
func Get(ctx context.Context, db bun.IDB, id, companyID int64) (*Application, error) {
	a := new(Application)
	q := db.NewSelect().Model(a).ColumnExpr("pa.*").ColumnExpr("c.name AS company_name").
		Join("JOIN companies c ON c.id = pa.company_id").Where("pa.id = ?", id)
	if companyID != 0 {
		q = q.Where("pa.company_id = ?", companyID)
	}
	if err := q.Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return a, nil
}

// OpenFor is the company's open application, or nil.
func OpenFor(ctx context.Context, db bun.IDB, companyID int64) (*Application, error) {
	a := new(Application)
	err := store.Read(ctx, db, a, `SELECT `+store.Columns(db, a, "pa")+` FROM promotion_applications AS pa
		WHERE pa.company_id = ?0 AND pa.status = ANY(?1::text[]) LIMIT 1`, companyID, Open)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

// ForCompany lists a company's applications, newest first (a company has a handful).
func ForCompany(ctx context.Context, db bun.IDB, companyID int64) ([]Application, error) {
	var as []Application
	err := db.NewSelect().Model(&as).Where("company_id = ?", companyID).Order("id DESC").Limit(100).Scan(ctx)
	return as, err
}

// Filter narrows the staff queue 晋升审核.
type Filter struct {
	Status, Level string
	From, To      time.Time // submitted on or after From, before To+1 day (zero: open)
	Name          string    // a fragment of the company name
	Page, Size    int
}

// List is the staff queue, newest submission first, with the total for the pager.
func List(ctx context.Context, db bun.IDB, f Filter) ([]Application, int, error) {
	var as []Application
	q := db.NewSelect().Model(&as).ColumnExpr("pa.*").ColumnExpr("c.name AS company_name").
		Join("JOIN companies c ON c.id = pa.company_id")
	if f.Status != "" {
		q = q.Where("pa.status = ?", f.Status)
	}
	if f.Level != "" {
		q = q.Where("pa.level = ?", f.Level)
	}
	if !f.From.IsZero() {
		q = q.Where("pa.submitted_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("pa.submitted_at < ?", f.To.AddDate(0, 0, 1))
	}
	if f.Name != "" {
		q = q.Where("c.name ILIKE ?", "%"+escapeLike(f.Name)+"%")
	}
	size := max(f.Size, 1)
	n, err := q.OrderExpr("pa.submitted_at DESC, pa.id DESC").Limit(size).Offset((max(f.Page, 1) - 1) * size).ScanAndCount(ctx)
	return as, n, err
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// Materials lists every upload of an application, item by item, newest round first.
func Materials(ctx context.Context, db bun.IDB, appID int64) ([]Material, error) {
	var ms []Material
	err := db.NewSelect().Model(&ms).ColumnExpr("material.*").ColumnExpr("f.name AS file_name, f.size AS file_size").
		Join("JOIN files f ON f.id = material.file_id").Where("material.application_id = ?", appID).
		OrderExpr("material.item, material.round DESC").Scan(ctx)
	return ms, err
}

// Events is an application's history, oldest first.
func Events(ctx context.Context, db bun.IDB, appID int64) ([]Event, error) {
	var es []Event
	err := db.NewSelect().Model(&es).Where("application_id = ?", appID).Order("id").Scan(ctx)
	return es, err
}

// RatificationOf is the vote record of an application, or nil.
func RatificationOf(ctx context.Context, db bun.IDB, appID int64) (*Ratification, error) {
	r := new(Ratification)
	err := db.NewSelect().Model(r).Where("application_id = ?", appID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// CurrentTemplates lists the newest version of every template, by level and title.
func CurrentTemplates(ctx context.Context, db bun.IDB) ([]Template, error) {
	var ts []Template
	err := db.NewRaw(`SELECT DISTINCT ON (level, title) * FROM promotion_templates ORDER BY level, title, version DESC`).Scan(ctx, &ts)
	return ts, err
}

// Terms lists the terms, newest first.
func Terms(ctx context.Context, db bun.IDB) ([]Term, error) {
	var ts []Term
	err := db.NewSelect().Model(&ts).Order("number DESC").Limit(50).Scan(ctx)
	return ts, err
}

// TermOn is the term the day falls in, or nil.
func TermOn(ctx context.Context, db bun.IDB, day time.Time) (*Term, error) {
	t := new(Term)
	err := db.NewSelect().Model(t).Where("starts_on <= ? AND ends_on >= ?", day, day).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return t, err
}

// TermByID loads a term.
func TermByID(ctx context.Context, db bun.IDB, id int64) (*Term, error) {
	t := new(Term)
	err := db.NewSelect().Model(t).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoTerm
	}
	return t, err
}

// ErrNoTerm is a ratification without a term to confer the seat in.
var ErrNoTerm = errs.New(errs.Invalid, "请选择届次（如没有，请先在“届次与名额”中新建本届）")

// OccupancyOf counts the member companies and the active seats of a term.
func OccupancyOf(ctx context.Context, db bun.IDB, termID int64) (Occupancy, error) {
	o := Occupancy{Seats: map[string]int{}}
	if err := db.NewRaw(`SELECT count(*) FROM companies WHERE status = 'member'`).Scan(ctx, &o.Members); err != nil {
		return o, err
	}
	var rows []struct {
		Level string `bun:"level"`
		N     int    `bun:"n"`
	}
	if err := db.NewRaw(`SELECT level, count(*) AS n FROM seats WHERE term_id = ? AND status = 'active' GROUP BY level`, termID).Scan(ctx, &rows); err != nil {
		return o, err
	}
	for _, r := range rows {
		o.Seats[r.Level] = r.N
	}
	return o, nil
}

// History is a company's level changes, newest first.
func History(ctx context.Context, db bun.IDB, companyID int64) ([]LevelChange, error) {
	var hs []LevelChange
	err := db.NewSelect().Model(&hs).Where("company_id = ?", companyID).Order("id DESC").Limit(100).Scan(ctx)
	return hs, err
}

// SeatsOf lists a company's seats, newest first.
func SeatsOf(ctx context.Context, db bun.IDB, companyID int64) ([]Seat, error) {
	var ss []Seat
	err := db.NewSelect().Model(&ss).Where("company_id = ?", companyID).Order("id DESC").Limit(100).Scan(ctx)
	return ss, err
}
