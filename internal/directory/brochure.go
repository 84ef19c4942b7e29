package directory

import (
	"context"
	"strconv"

	"cpca/internal/audit"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// FieldBrochure is 附件简介: the company's brochure (PDF or image) for the directory.
const FieldBrochure = "brochure"

// SaveBrochure stores the company's brochure (checked by content and size in files.Save,
// within the company's quota), replacing the previous one, readable by the audience of the
// brochure field as the company's settings make it.
func SaveBrochure(ctx context.Context, db bun.IDB, companyID int64, name string, data []byte, by audit.Actor) (*files.File, error) {
	defs, err := Defaults(ctx, db)
	if err != nil {
		return nil, err
	}
	var f *files.File
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		own, err := Own(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if own.BrochureID != "" {
			if _, err := tx.NewRaw(`DELETE FROM files WHERE id = ? AND company_id = ? AND kind = ?`, own.BrochureID, companyID, files.KindBrochure).Exec(ctx); err != nil {
				return err
			}
		}
		if f, err = files.Save(ctx, tx, companyID, files.KindBrochure, name, data, by.ID); err != nil {
			return err
		}
		vis := Effective(defs, own.Fields)[FieldBrochure]
		if _, err := tx.NewRaw(`UPDATE files SET visibility = ? WHERE id = ?`, vis, f.ID).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`INSERT INTO directory_settings (company_id, brochure_id) VALUES (?, ?)
			ON CONFLICT (company_id) DO UPDATE SET brochure_id = EXCLUDED.brochure_id, updated_at = now()`, companyID, f.ID).Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "directory.brochure", ObjectType: "company",
			ObjectID: strconv.FormatInt(companyID, 10), Detail: f.ID + " " + f.Name})
	})
	return f, err
}

// RemoveBrochure deletes the company's brochure.
func RemoveBrochure(ctx context.Context, db bun.IDB, companyID int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		own, err := Own(ctx, tx, companyID)
		if err != nil || own.BrochureID == "" {
			return err
		}
		if _, err := tx.NewRaw(`DELETE FROM files WHERE id = ? AND company_id = ? AND kind = ?`, own.BrochureID, companyID, files.KindBrochure).Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "directory.brochure.remove", ObjectType: "company",
			ObjectID: strconv.FormatInt(companyID, 10), Detail: own.BrochureID})
	})
}

// syncBrochures sets every brochure's file visibility to its field's audience under the
// current defaults and each company's own setting (after 会员部 changes the defaults).
func syncBrochures(ctx context.Context, tx bun.IDB, companyID int64) error {
	defs, err := Defaults(ctx, tx)
	if err != nil {
		return err
	}
	var rows []Settings
	q := tx.NewSelect().Model(&rows).Where("brochure_id IS NOT NULL")
	if companyID != 0 {
		q = q.Where("company_id = ?", companyID)
	}
	if err := q.Scan(ctx); err != nil {
		return err
	}
	for _, s := range rows {
		vis := Effective(defs, s.Fields)[FieldBrochure]
		if _, err := tx.NewRaw(`UPDATE files SET visibility = ? WHERE id = ?`, vis, s.BrochureID).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
