package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/directory"
	"cpca/internal/people"

	"github.com/uptrace/bun"
)

// seedDirectory shows 通讯录: huadian (after seedCompany) has 李华 with consent and its 会议联系人
// without; shanghaicl (理事单位) gives 陈诚's consent and shows its address to council members
// only, so a plain member sees a masked mobile and a withheld address.
func seedDirectory(ctx context.Context, tx bun.Tx, now time.Time) error {
	u, err := account.ByUsername(ctx, tx, "shanghaicl")
	if err != nil {
		return err
	}
	by := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	co, err := company.ByID(ctx, tx, u.CompanyID)
	if err != nil {
		return err
	}
	for _, p := range co.People {
		if p.IsPrimary {
			if _, err := people.Consent(ctx, tx, co.ID, p.ID, true, by, now); err != nil {
				return err
			}
		}
	}
	return directory.Save(ctx, tx, co.ID, false, map[string]string{directory.FieldAddress: directory.Council}, by)
}
