package account

import (
	"context"
	"strconv"

	"cpca/internal/audit"

	"github.com/uptrace/bun"
)

// Settings are what a user may change about themselves (个人设置).
type Settings struct {
	Name, Mobile, Email, Lang string
}

// SaveSettings is 个人设置: the user's own name, mobile, email and language, audited, in one
// transaction. Role, company and username are not reachable from here.
func SaveSettings(ctx context.Context, db *bun.DB, userID int64, s Settings, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewUpdate().Model((*User)(nil)).
			Set("name = ?", s.Name).Set("mobile = ?", s.Mobile).Set("email = ?", s.Email).Set("lang = ?", s.Lang).
			Set("updated_at = now()").Where("id = ?", userID).Exec(ctx)
		if err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.settings", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10)})
	})
}

// SetLang stores the UI language a user picked with the language switch ("zh" or "en").
func SetLang(ctx context.Context, db bun.IDB, userID int64, lang string) error {
	if lang != "en" {
		lang = "zh"
	}
	_, err := db.NewUpdate().Model((*User)(nil)).Set("lang = ?", lang).Where("id = ?", userID).Exec(ctx)
	return err
}
