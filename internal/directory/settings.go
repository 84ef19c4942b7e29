package directory

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Errors of the settings.
var (
	ErrAudience = errs.New(errs.Invalid, "可见范围不正确")
)

// Own returns the company's settings (the zero settings when it never saved any).
func Own(ctx context.Context, db bun.IDB, companyID int64) (*Settings, error) {
	s := &Settings{CompanyID: companyID}
	err := db.NewSelect().Model(s).WherePK().Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if s.Fields == nil {
		s.Fields = map[string]string{}
	}
	return s, err
}

// Save stores the company's 通讯录设置: hidden, and per field an audience that must be the
// default or tighter, and may not touch a locked field. An empty choice means the default.
func Save(ctx context.Context, db bun.IDB, companyID int64, hidden bool, fields map[string]string, by audit.Actor) error {
	defs, err := Defaults(ctx, db)
	if err != nil {
		return err
	}
	keep := map[string]string{}
	for _, f := range Fields {
		v, d := fields[f], defs[f]
		if v == "" || v == d.Audience {
			continue
		}
		if rank(v) >= len(Audiences) {
			return ErrAudience
		}
		if d.Locked {
			return errs.New(errs.Invalid, "该字段由协会统一设置，不能修改：%s", FieldLabel(f))
		}
		if rank(v) < rank(d.Audience) {
			return errs.New(errs.Invalid, "只能比协会默认设置更严格：%s", FieldLabel(f))
		}
		keep[f] = v
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		s := &Settings{CompanyID: companyID, Hidden: hidden, Fields: keep}
		if _, err := tx.NewInsert().Model(s).ExcludeColumn("brochure_id").On("CONFLICT (company_id) DO UPDATE").
			Set("hidden = EXCLUDED.hidden, fields = EXCLUDED.fields, updated_at = now()").Exec(ctx); err != nil {
			return err
		}
		if err := syncBrochures(ctx, tx, companyID); err != nil {
			return err
		}
		var parts []string
		for _, f := range Fields {
			if v, ok := keep[f]; ok {
				parts = append(parts, f+"="+v)
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "directory.settings", ObjectType: "company",
			ObjectID: strconv.FormatInt(companyID, 10), Detail: "hidden=" + strconv.FormatBool(hidden) + " " + strings.Join(parts, ",")})
	})
}

// SetDefaults is 会员部 setting every field's default audience and lock, in one transaction.
func SetDefaults(ctx context.Context, db bun.IDB, defs []Default, by audit.Actor) error {
	for _, d := range defs {
		if FieldLabel(d.Field) == d.Field || rank(d.Audience) >= len(Audiences) {
			return ErrAudience
		}
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var parts []string
		for i := range defs {
			d := &defs[i]
			if _, err := tx.NewInsert().Model(d).On("CONFLICT (field) DO UPDATE").
				Set("audience = EXCLUDED.audience, locked = EXCLUDED.locked").Exec(ctx); err != nil {
				return err
			}
			parts = append(parts, d.Field+"="+d.Audience+" locked="+strconv.FormatBool(d.Locked))
		}
		if err := syncBrochures(ctx, tx, 0); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "directory.defaults", ObjectType: "directory_field",
			Detail: strings.Join(parts, ", ")})
	})
}

// Preview is the company's own entry as each audience sees it ("How others see us").
func Preview(ctx context.Context, db bun.IDB, companyID int64) (map[string]Entry, error) {
	co := new(company.Company)
	if err := db.NewSelect().Model(co).Where("id = ?", companyID).Scan(ctx); err != nil {
		return nil, err
	}
	defs, err := Defaults(ctx, db)
	if err != nil {
		return nil, err
	}
	own, err := Own(ctx, db, companyID)
	if err != nil {
		return nil, err
	}
	people, err := consenting(ctx, db, []int64{companyID})
	if err != nil {
		return nil, err
	}
	vis := Effective(defs, own.Fields)
	out := map[string]Entry{}
	for _, a := range []string{Members, Council, Staff} {
		e := View(co, people[companyID], vis, a, own.BrochureID)
		// The company's own people: where the audience may reveal a number, show it as
		// revealed (the preview offers no 显示 of its own).
		for i := range e.Contacts {
			if e.Contacts[i].Revealable {
				e.Contacts[i].Mobile, e.Contacts[i].Masked, e.Contacts[i].Revealable = people[companyID][i].Mobile, false, false
			}
		}
		out[a] = e
	}
	return out, nil
}
