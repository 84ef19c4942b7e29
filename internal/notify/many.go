package notify

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Broadcast is a staff site message (站内信管理) copied by email: the company's primary contact,
// else its first person with an address.
const Broadcast Kind = "broadcast"

// MailCompanies queues the same email to many companies at once, one outbox row each, in one
// statement (a message to every member is tens of thousands of rows; one round trip per
// company would hold the transaction for minutes). keyPrefix+company id is each row's dedupe
// key, so a repeated call mails nobody twice. It returns how many rows were written.
func MailCompanies(ctx context.Context, tx bun.IDB, kind Kind, keyPrefix string, companyIDs []int64, subject, body string) (int, error) {
	if len(companyIDs) == 0 {
		return 0, nil
	}
	res, err := tx.NewRaw(`INSERT INTO emails (to_addr, subject, body, kind, status, dedupe_key)
		SELECT p.email, ?, ?, ?, 'queued', ? || c.id
		FROM unnest(?::bigint[]) AS c(id)
		CROSS JOIN LATERAL (SELECT email FROM company_people WHERE company_id = c.id AND email <> ''
			ORDER BY is_primary DESC, position, id LIMIT 1) p
		ON CONFLICT (dedupe_key) DO NOTHING`,
		subject+" - CPCA 会员管理系统", body+"\n\n中国电子电路行业协会（CPCA）\n", string(kind), keyPrefix,
		pgdialect.Array(companyIDs)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
