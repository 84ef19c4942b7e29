package people

import (
	"context"
	"time"

	"cpca/internal/audit"

	"github.com/uptrace/bun"
)

// SetMarketingSMS records a person's consent to marketing texts (推广短信), with the time and
// who recorded it (by), or its withdrawal with immediate effect: internal/sms queues and
// delivers a 推广 template only to mobiles of people with the consent. A person of another
// company is ErrNotFound. Who may call it is the caller's check (单位成员: the main account).
func SetMarketingSMS(ctx context.Context, db bun.IDB, companyID, personID int64, consent bool, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var at any
		var byID int64
		if consent {
			at, byID = time.Now(), by.ID
		}
		res, err := tx.NewRaw(`UPDATE company_people SET sms_marketing_at = ?, sms_marketing_by = NULLIF(?, 0), updated_at = now()
			WHERE id = ? AND company_id = ?`, at, byID, personID, companyID).Exec(ctx)
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
		return record(ctx, tx, by, action, companyID, personID, "推广短信")
	})
}
