package campaign

import (
	"context"
	"slices"
	"strings"

	"cpca/internal/broadcast"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Recipient is one address a campaign goes to, with the values of its variables.
type Recipient struct {
	Address     string `bun:"address"` // trimmed and lower-cased: one copy per address
	CompanyID   int64  `bun:"company_id"`
	CompanyName string `bun:"company_name"`
	MemberNo    string `bun:"member_no"`
	ContactName string `bun:"contact_name"`
	Suppressed  bool   `bun:"suppressed"`
}

// roleCond is the condition on company_people p for the chosen roles.
func roleCond(roles []string) string {
	if slices.Contains(roles, RoleAll) {
		return "true"
	}
	var or []string
	for _, r := range roles {
		switch r {
		case RolePrimary:
			or = append(or, "p.is_primary")
		case RoleFinance:
			or = append(or, "p.is_finance")
		case RoleMeeting:
			or = append(or, "p.is_meeting")
		}
	}
	if len(or) == 0 {
		return "false"
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// recipientsSQL selects the audience's people with the chosen roles, one row per address
// (case-insensitive; the primary contact of the lowest company id wins when two people share
// one), marked when the address is on the suppression list. It reuses the 站内信 audience
// builder for the companies (broadcast.Resolve), so both select the same member companies.
const recipientsSQL = `SELECT DISTINCT ON (lower(btrim(p.email))) lower(btrim(p.email)) AS address,
	c.id AS company_id, c.name AS company_name, coalesce(c.member_no, '') AS member_no, p.name AS contact_name,
	(s.address IS NOT NULL) AS suppressed
	FROM companies c JOIN company_people p ON p.company_id = c.id
	LEFT JOIN mail_suppressions s ON s.address = lower(btrim(p.email))
	WHERE c.id = ANY(?) AND position('@' in p.email) > 1 AND `

const recipientsOrder = ` ORDER BY lower(btrim(p.email)), c.id, p.is_primary DESC, p.position, p.id`

// Resolve returns every address the audience and roles select now (suppressed ones marked),
// in address order.
func Resolve(ctx context.Context, db bun.IDB, a broadcast.Audience, roles []string) ([]Recipient, error) {
	if len(roles) == 0 {
		return nil, ErrNoRoles
	}
	ids, err := broadcast.Resolve(ctx, db, a)
	if err != nil {
		return nil, err
	}
	var rs []Recipient
	err = db.NewRaw(recipientsSQL+roleCond(roles)+recipientsOrder, pgdialect.Array(ids)).Scan(ctx, &rs)
	return rs, err
}

// Counts is the live recipient count of the compose form.
type Counts struct {
	Companies, Addresses, Suppressed int
}

// Count counts the audience: member companies, addresses that will get the mail and
// addresses left out because they are on the suppression list.
func Count(ctx context.Context, db bun.IDB, a broadcast.Audience, roles []string) (Counts, error) {
	var n Counts
	if len(roles) == 0 {
		return n, ErrNoRoles
	}
	ids, err := broadcast.Resolve(ctx, db, a)
	if err != nil {
		return n, err
	}
	n.Companies = len(ids)
	err = db.NewRaw(`SELECT count(*) FILTER (WHERE NOT suppressed), count(*) FILTER (WHERE suppressed) FROM (`+
		recipientsSQL+roleCond(roles)+recipientsOrder+`) r`, pgdialect.Array(ids)).Scan(ctx, &n.Addresses, &n.Suppressed)
	return n, err
}

// Sample returns up to n recipients for the preview picker.
func Sample(ctx context.Context, db bun.IDB, a broadcast.Audience, roles []string, n int) ([]Recipient, error) {
	rs, err := Resolve(ctx, db, a, roles)
	if len(rs) > n {
		rs = rs[:n]
	}
	return rs, err
}

// Materialize writes one queued delivery row per unsuppressed recipient of c, in tx, and
// returns how many were written and how many were left out as suppressed. The runner calls it
// when a campaign starts (the audience is resolved then); the demo seed calls it directly.
func Materialize(ctx context.Context, tx bun.IDB, c *Campaign) (int, int, error) {
	ids, err := broadcast.Resolve(ctx, tx, c.Audience())
	if err != nil {
		return 0, 0, err
	}
	res, err := tx.NewRaw(`INSERT INTO campaign_deliveries (campaign_id, address, company_id, company_name, member_no, contact_name, domain)
		SELECT ?, address, company_id, company_name, member_no, contact_name, split_part(address, '@', 2) FROM (`+
		recipientsSQL+roleCond(c.Roles)+recipientsOrder+`) r WHERE NOT suppressed ON CONFLICT DO NOTHING`,
		c.ID, pgdialect.Array(ids)).Exec(ctx)
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.RowsAffected()
	var supp int
	if err := tx.NewRaw(`SELECT count(*) FROM (`+recipientsSQL+roleCond(c.Roles)+recipientsOrder+`) r WHERE suppressed`,
		pgdialect.Array(ids)).Scan(ctx, &supp); err != nil {
		return 0, 0, err
	}
	return int(n), supp, nil
}
