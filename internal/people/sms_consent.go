package people

import (
	"context"
	"strconv"
	"time"

	"cpca/internal/audit"

	"github.com/uptrace/bun"
)

// SetMarketingSMS records a person's consent to marketing texts (推广短信), or its withdrawal
// with immediate effect: internal/sms sends a 推广 template only to mobiles of people with the
// consent. A person of another company is ErrNotFound.
func SetMarketingSMS(ctx context.Context, db bun.IDB, companyID, personID int64, consent bool, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var at any
		if consent {
			at = time.Now()
		}
		res, err := tx.NewRaw(`UPDATE company_people SET sms_marketing_at = ? WHERE id = ? AND company_id = ?`,
			at, personID, companyID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		action := "people.sms_marketing.withdraw"
		if consent {
			action = "people.sms_marketing.consent"
		}
		return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "person", ObjectID: strconv.FormatInt(personID, 10)})
	})
}
