package directory

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/ratelimit"

	"github.com/uptrace/bun"
)

// RevealLimit is how many full mobile numbers one user may reveal ("显示") per hour: the list
// always shows them masked, so copying the directory takes one logged click per person.
var RevealLimit = ratelimit.Rule{Bucket: "directory.reveal", Limit: 30, Window: time.Hour}

// Reveal errors.
var (
	ErrNoPerson      = errs.New(errs.NotFound, "联系人不存在或不可查看")
	ErrRevealTooMany = errs.New(errs.TooMany, "显示手机号码过于频繁：每小时最多30次，请稍后再试。")
)

// Reveal returns the full mobile of a consenting person of a listed member company when a
// viewer of audience viewer may see it, and logs who saw whose number. Anything else —
// another company's hidden entry, no consent, a field the viewer may not see — is not found.
func Reveal(ctx context.Context, db bun.IDB, viewer string, personID int64, by audit.Actor) (string, error) {
	defs, err := Defaults(ctx, db)
	if err != nil {
		return "", err
	}
	var p company.Person
	err = db.NewSelect().Model(&p).Where("id = ?", personID).Where("consent_at IS NOT NULL").
		Where("company_id IN (SELECT id FROM companies WHERE status = ?)", company.StatusMember).
		Where("NOT EXISTS (SELECT 1 FROM directory_settings ds WHERE ds.company_id = ?TableAlias.company_id AND ds.hidden)").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoPerson
	}
	if err != nil {
		return "", err
	}
	own, err := Own(ctx, db, p.CompanyID)
	if err != nil {
		return "", err
	}
	vis := Effective(defs, own.Fields)
	if !Sees(viewer, vis[FieldContacts]) || !Sees(viewer, vis[FieldMobile]) {
		return "", ErrNoPerson
	}
	err = by.Record(ctx, db, audit.Entry{Action: "directory.reveal", ObjectType: "company_person",
		ObjectID: strconv.FormatInt(p.ID, 10), Detail: "company " + strconv.FormatInt(p.CompanyID, 10) + " mobile shown"})
	return p.Mobile, err
}
