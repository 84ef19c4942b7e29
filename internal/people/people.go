// Package people is 单位成员: a member company's people, edited one at a time, with their
// roles (主要联系人, 财务联系人, 会议联系人) and each person's separate consent (单独同意) to
// appear in the 通讯录. A company always has exactly one 主要联系人: the actions keep it so
// under a lock on the company, and the database refuses anything else at commit.
package people

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/membership"

	"github.com/uptrace/bun"
)

// ConsentVersion names the text of the directory consent a person agrees to; a new text
// gets a new version, and earlier consents keep theirs.
const ConsentVersion = "directory-2026-12"

// ConsentText is the text of that version (shown next to the checkbox).
const ConsentText = "本人同意将姓名、职务、部门、手机和邮箱展示在协会会员通讯录中，供其他会员单位按权限查看（联系方式部分隐藏）；可随时撤回。"

// Errors of the actions.
var (
	ErrNotFound    = errs.New(errs.NotFound, "成员不存在")
	ErrLastPrimary = errs.New(errs.Conflict, "不能删除主要联系人：请先把另一位成员设为主要联系人。")
	ErrNeedPrimary = errs.New(errs.Invalid, "单位必须有一位主要联系人：请在另一位成员上勾选“主要联系人”来更换。")
	ErrTooMany     = errs.New(errs.Conflict, "成员最多20人")
	// ErrNotMain refuses the record of a 推广短信 consent by a colleague's account: the
	// company's main account answers for it.
	ErrNotMain = errs.New(errs.Forbidden, "只有单位主账号可以记录或撤回推广短信同意。")
)

// Form is one person as typed.
type Form struct {
	Name, Title, Department, Mobile, Email string
	Primary, Finance, Meeting              bool
}

// Validate checks the fields with the registration's rules; messages are keyed by field.
func (f *Form) Validate() membership.Errors {
	f.Name, f.Title, f.Department = strings.TrimSpace(f.Name), strings.TrimSpace(f.Title), strings.TrimSpace(f.Department)
	f.Mobile, f.Email = strings.TrimSpace(f.Mobile), strings.ToLower(strings.TrimSpace(f.Email))
	e := membership.Errors{}
	switch {
	case f.Name == "":
		e["name"] = "请填写姓名"
	case utf8.RuneCountInString(f.Name) > 30:
		e["name"] = "姓名最多30个字"
	}
	switch {
	case f.Title == "":
		e["title"] = "请填写职务"
	case utf8.RuneCountInString(f.Title) > 30:
		e["title"] = "职务最多30个字"
	}
	if utf8.RuneCountInString(f.Department) > 30 {
		e["department"] = "部门最多30个字"
	}
	if !membership.ValidMobile(f.Mobile) {
		e["mobile"] = "请填写11位手机号码"
	}
	if !membership.ValidEmail(f.Email) {
		e["email"] = "邮箱格式不正确"
	}
	return e
}

// FormOf reads a person back into the form.
func FormOf(p *company.Person) Form {
	return Form{Name: p.Name, Title: p.Title, Department: p.Department, Mobile: p.Mobile, Email: p.Email,
		Primary: p.IsPrimary, Finance: p.IsFinance, Meeting: p.IsMeeting}
}

// List returns the company's people in order, each with the name of who recorded its
// consent to 推广短信.
func List(ctx context.Context, db bun.IDB, companyID int64) ([]company.Person, error) {
	var out []company.Person
	err := db.NewSelect().Model(&out).ColumnExpr("?TableColumns").
		ColumnExpr(`(SELECT coalesce(nullif(u.name, ''), u.username) FROM users u WHERE u.id = ?TableAlias.sms_marketing_by) AS sms_marketing_by_name`).
		Where("company_id = ?", companyID).Order("position", "id").Scan(ctx)
	return out, err
}

// Get loads one person of the company: another company's person is not found.
func Get(ctx context.Context, db bun.IDB, companyID, id int64) (*company.Person, error) {
	p := new(company.Person)
	err := db.NewSelect().Model(p).Where("id = ?", id).Where("company_id = ?", companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// lock serialises the people actions of one company.
func lock(ctx context.Context, tx bun.IDB, companyID int64) error {
	var id int64
	err := tx.NewRaw(`SELECT id FROM companies WHERE id = ? FOR UPDATE`, companyID).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return company.ErrNotFound
	}
	return err
}

// takePrimary makes id the only primary contact of the company.
func takePrimary(ctx context.Context, tx bun.IDB, companyID, id int64) error {
	if _, err := tx.NewRaw(`UPDATE company_people SET is_primary = false, updated_at = now()
		WHERE company_id = ? AND is_primary AND id <> ?`, companyID, id).Exec(ctx); err != nil {
		return err
	}
	_, err := tx.NewRaw(`UPDATE company_people SET is_primary = true, updated_at = now() WHERE id = ?`, id).Exec(ctx)
	return err
}

func record(ctx context.Context, tx bun.IDB, by audit.Actor, action string, companyID, id int64, detail string) error {
	return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "company_person", ObjectID: strconv.FormatInt(id, 10),
		Detail: "company " + strconv.FormatInt(companyID, 10) + " " + detail})
}

// Add adds a person; made 主要联系人, the role moves from whoever had it.
func Add(ctx context.Context, db bun.IDB, companyID int64, f Form, by audit.Actor) (*company.Person, membership.Errors, error) {
	if e := f.Validate(); len(e) > 0 {
		return nil, e, nil
	}
	var p *company.Person
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lock(ctx, tx, companyID); err != nil {
			return err
		}
		var n, next int
		if err := tx.NewRaw(`SELECT count(*), coalesce(max(position) + 1, 0) FROM company_people WHERE company_id = ?`, companyID).
			Scan(ctx, &n, &next); err != nil {
			return err
		}
		if n >= membership.MaxPeople {
			return ErrTooMany
		}
		p = &company.Person{CompanyID: companyID, Position: next, Name: f.Name, Title: f.Title, Department: f.Department,
			Mobile: f.Mobile, Email: f.Email, IsFinance: f.Finance, IsMeeting: f.Meeting, IsPrimary: n == 0}
		if _, err := tx.NewInsert().Model(p).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if f.Primary && !p.IsPrimary {
			if err := takePrimary(ctx, tx, companyID, p.ID); err != nil {
				return err
			}
			p.IsPrimary = true
		}
		return record(ctx, tx, by, "people.add", companyID, p.ID, f.Name)
	})
	return p, nil, err
}

// Update saves a person's fields and roles. Unticking 主要联系人 on the primary contact is
// refused (ErrNeedPrimary, shown next to the box): the role moves by ticking it on another.
func Update(ctx context.Context, db bun.IDB, companyID, id int64, f Form, by audit.Actor) (*company.Person, membership.Errors, error) {
	if e := f.Validate(); len(e) > 0 {
		return nil, e, nil
	}
	var p *company.Person
	var fieldErrs membership.Errors
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lock(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		if p, err = Get(ctx, tx, companyID, id); err != nil {
			return err
		}
		if p.IsPrimary && !f.Primary {
			fieldErrs = membership.Errors{"primary": ErrNeedPrimary.Message.Key}
			return nil
		}
		p.Name, p.Title, p.Department, p.Mobile, p.Email = f.Name, f.Title, f.Department, f.Mobile, f.Email
		p.IsFinance, p.IsMeeting = f.Finance, f.Meeting
		if _, err := tx.NewUpdate().Model(p).Column("name", "title", "department", "mobile", "email", "is_finance", "is_meeting").
			Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		if f.Primary && !p.IsPrimary {
			if err := takePrimary(ctx, tx, companyID, p.ID); err != nil {
				return err
			}
			p.IsPrimary = true
		}
		return record(ctx, tx, by, "people.update", companyID, p.ID, f.Name)
	})
	if fieldErrs != nil {
		return nil, fieldErrs, err
	}
	return p, nil, err
}

// Remove deletes a person, except the primary contact (ErrLastPrimary) and the last person.
func Remove(ctx context.Context, db bun.IDB, companyID, id int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lock(ctx, tx, companyID); err != nil {
			return err
		}
		p, err := Get(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		if p.IsPrimary {
			return ErrLastPrimary
		}
		if _, err := tx.NewDelete().Model(p).WherePK().Exec(ctx); err != nil {
			return err
		}
		return record(ctx, tx, by, "people.remove", companyID, id, p.Name)
	})
}

// Consent records the person's separate consent to the directory (granted) or its
// withdrawal, with the time and the text version, kept in the consent history too.
func Consent(ctx context.Context, db bun.IDB, companyID, id int64, granted bool, by audit.Actor, now time.Time) (*company.Person, error) {
	var p *company.Person
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if p, err = Get(ctx, tx, companyID, id); err != nil {
			return err
		}
		if granted {
			p.ConsentAt, p.ConsentVersion = sql.NullTime{Time: now, Valid: true}, ConsentVersion
		} else {
			p.ConsentAt, p.ConsentVersion = sql.NullTime{}, ""
		}
		if _, err := tx.NewUpdate().Model(p).Column("consent_at", "consent_version").Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`INSERT INTO people_consents (person_id, granted, version, by_user, at) VALUES (?, ?, ?, NULLIF(?, 0), ?)`,
			id, granted, ConsentVersion, by.ID, now).Exec(ctx); err != nil {
			return err
		}
		action := "people.consent"
		if !granted {
			action = "people.consent_withdraw"
		}
		return record(ctx, tx, by, action, companyID, id, ConsentVersion)
	})
	return p, err
}
