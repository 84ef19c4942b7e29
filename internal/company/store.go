package company

import (
	"context"
	"database/sql"
	"errors"

	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when no company matches.
var ErrNotFound = errs.New(errs.NotFound, "单位不存在")

// ByID loads a company with its people.
func ByID(ctx context.Context, db bun.IDB, id int64) (*Company, error) {
	c := new(Company)
	err := db.NewSelect().Model(c).Where("company.id = ?", id).
		Relation("People", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("position") }).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// Contact is where a company's business notices go: the finance contact, else the primary one.
type Contact struct {
	Name, Email, Mobile string
}

// FinanceContact returns the finance contact of a company (or the primary contact).
func FinanceContact(ctx context.Context, db bun.IDB, companyID int64) (Contact, error) {
	var c Contact
	err := db.NewRaw(`SELECT name, email, mobile FROM company_people WHERE company_id = ?
		ORDER BY is_finance DESC, is_primary DESC, position LIMIT 1`, companyID).Scan(ctx, &c.Name, &c.Email, &c.Mobile)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, err
}

// Header loads what a page says about the company at its top (待办事项: name, number, level,
// joined, status), without its people, as one parameterised statement.
func Header(ctx context.Context, db bun.IDB, id int64) (*Company, error) {
	c := new(Company)
	err := store.Read(ctx, db, c, `SELECT id, name, uscc, level, member_no, joined_on, status FROM companies WHERE id = ?0`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}
