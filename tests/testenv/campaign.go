package testenv

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
)

// Contact is one 单位成员 of a seeded company, with the roles the campaigns resolve.
type Contact struct {
	Name, Email               string
	Primary, Finance, Meeting bool
}

// SeedCompany inserts a member company (level as given) with its people in one transaction,
// without the registration flow: campaign tests need many companies with exact contacts. The
// first contact should be the primary one (a company with people must have one).
func SeedCompany(t testing.TB, db *bun.DB, level string, people ...Contact) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewRaw(`INSERT INTO companies (name, uscc, status, level, province, category, member_no)
			VALUES (?, ?, 'member', ?, '广东省', 'PCB制造', ?) RETURNING id`, Name("群发单位"), USCC(), level, Name("CPCA-")).Scan(ctx, &id); err != nil {
			return err
		}
		for i, p := range people {
			if _, err := tx.NewRaw(`INSERT INTO company_people (company_id, position, name, email, is_primary, is_finance, is_meeting)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, p.Name, p.Email, p.Primary, p.Finance, p.Meeting).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
