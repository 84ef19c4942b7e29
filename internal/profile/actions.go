package profile

// The actions of 会员信息, one function each: the transaction, the change row (the history),
// the company's columns, the notice and the audit entry.

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/files"
	"cpca/internal/membership"
	"cpca/internal/notify"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// otherColumns are the columns Update writes: every profile column but the key ones.
var otherColumns = []string{"founded_on", "category", "province", "city", "address", "postcode", "website", "employees",
	"intro", "main_products", "last_year_sales", "export_ratio", "main_markets", "certifications"}

// keyColumns are the columns Approve writes.
var keyColumns = []string{"name", "uscc", "legal_rep", "reg_capital", "nature"}

// lockCompany loads the company for update, so two edits of one profile run one after another.
func lockCompany(ctx context.Context, tx bun.IDB, companyID int64) (*company.Company, error) {
	var id int64
	if err := tx.NewRaw(`SELECT id FROM companies WHERE id = ? FOR UPDATE`, companyID).Scan(ctx, &id); err != nil {
		if err == sql.ErrNoRows {
			return nil, company.ErrNotFound
		}
		return nil, err
	}
	return company.ByID(ctx, tx, companyID)
}

// Update saves the fields other than the key ones at once: the registration's rules check
// them (the key fields are kept as they are, whatever the form sent), the change is kept in
// the history with the values before and after, and audited. Field errors come back as
// membership.Errors with nothing saved; ErrNoChange when nothing differs.
func Update(ctx context.Context, db bun.IDB, companyID int64, ci membership.CompanyInfo, si membership.SalesInfo,
	by audit.Actor, now time.Time) (*Change, membership.Errors, error) {
	var ch *Change
	var fieldErrs membership.Errors
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		co, err := lockCompany(ctx, tx, companyID)
		if err != nil {
			return err
		}
		cur := membership.SnapshotOf(co)
		k := cur.Company
		ci.Name, ci.USCC, ci.LegalRep, ci.RegCapital, ci.Nature = k.Name, k.USCC, k.LegalRep, k.RegCapital, k.Nature
		fieldErrs = ci.Validate(now)
		for f, m := range si.Validate() {
			fieldErrs[f] = m
		}
		if len(fieldErrs) > 0 {
			return nil
		}
		old, next := values(cur.Company, cur.Sales), values(ci, si)
		ds := diff(old, next)
		if len(ds) == 0 {
			return ErrNoChange
		}
		membership.Snapshot{Company: ci, Sales: si}.Apply(co)
		if _, err := tx.NewUpdate().Model(co).Column(otherColumns...).Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		ch = &Change{CompanyID: companyID, Kind: KindProfile, Status: Applied, Old: map[string]string{}, New: map[string]string{},
			RequestedBy: by.ID}
		var names []string
		for _, d := range ds {
			ch.Old[d.Field], ch.New[d.Field] = d.Old, d.New
			names = append(names, d.Field)
		}
		if _, err := tx.NewInsert().Model(ch).Returning("id, created_at").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "company.update", ObjectType: "company",
			ObjectID: strconv.FormatInt(companyID, 10), Detail: strings.Join(names, ",")})
	})
	if err != nil || len(fieldErrs) > 0 {
		return nil, fieldErrs, err
	}
	return ch, nil, nil
}

// KeyForm is a change request as typed: the key fields, a note and the evidence file.
type KeyForm struct {
	Name, USCC, LegalRep, RegCapital, Nature string
	Note                                     string
	EvidenceName                             string
	Evidence                                 []byte
}

// RequestChange files a request to change key fields, with the 营业执照 or other evidence
// (stored as the company's evidence file). The new values pass the registration's rules and
// the credit code must be free; only fields that differ are requested. At most one request is
// open per company (ErrOpen). Field errors come back as membership.Errors, nothing stored.
func RequestChange(ctx context.Context, db bun.IDB, companyID int64, f KeyForm, by audit.Actor, now time.Time) (*Change, membership.Errors, error) {
	var ch *Change
	fieldErrs := membership.Errors{}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		co, err := lockCompany(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if open, err := OpenRequest(ctx, tx, companyID); err != nil {
			return err
		} else if open != nil {
			return ErrOpen
		}
		cur := membership.SnapshotOf(co)
		ci := cur.Company
		ci.Name, ci.USCC, ci.LegalRep, ci.RegCapital, ci.Nature = f.Name, f.USCC, f.LegalRep, f.RegCapital, f.Nature
		for field, m := range ci.Validate(now) {
			if IsKey(field) {
				fieldErrs[field] = m
			}
		}
		if utf8Len(f.Note) > 500 {
			fieldErrs["note"] = "说明最多500字"
		}
		if _, bad := fieldErrs["uscc"]; !bad && ci.USCC != cur.Company.USCC {
			if taken, err := membership.USCCTaken(ctx, tx, ci.USCC, companyID); err != nil {
				return err
			} else if taken {
				fieldErrs["uscc"] = "该统一社会信用代码已被其他单位使用"
			}
		}
		old := values(cur.Company, cur.Sales)
		next := map[string]string{}
		nv := values(ci, cur.Sales)
		for _, k := range KeyFields {
			next[k] = nv[k]
		}
		ds := diff(old, next)
		if len(ds) == 0 && len(fieldErrs) == 0 {
			fieldErrs["form"] = ErrNoChange.Message.Key
		}
		if len(f.Evidence) == 0 {
			fieldErrs["evidence"] = ErrNoEvidence.Message.Key
		}
		if len(fieldErrs) > 0 {
			return nil
		}
		file, err := files.Save(ctx, tx, companyID, files.KindEvidence, f.EvidenceName, f.Evidence, by.ID)
		if err != nil {
			return err
		}
		ch = &Change{CompanyID: companyID, Kind: KindKey, Status: Pending, Old: map[string]string{}, New: map[string]string{},
			EvidenceID: sql.NullString{String: file.ID, Valid: true}, Note: strings.TrimSpace(f.Note), RequestedBy: by.ID}
		var names []string
		for _, d := range ds {
			ch.Old[d.Field], ch.New[d.Field] = d.Old, d.New
			names = append(names, d.Field)
		}
		if _, err := tx.NewInsert().Model(ch).Returning("id, created_at").Exec(ctx); err != nil {
			if strings.Contains(err.Error(), "company_changes_one_pending") {
				return ErrOpen // a request committed in between
			}
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "company.change_request", ObjectType: "company_change",
			ObjectID: strconv.FormatInt(ch.ID, 10), Detail: fmt.Sprintf("company %d: %s", companyID, strings.Join(names, ","))})
	})
	if err != nil || len(fieldErrs) > 0 {
		return nil, fieldErrs, err
	}
	return ch, nil, nil
}

func utf8Len(s string) int { return len([]rune(s)) }

// move decides a pending request; of two staff deciding at once exactly one wins.
func move(ctx context.Context, tx bun.IDB, id int64, to string, set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Change, error) {
	ch := new(Change)
	moved, err := store.Move(ctx, tx, ch, id, to, sources(to), set)
	if err != nil {
		return nil, err
	}
	if moved {
		return ch, nil
	}
	cur, err := Get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return nil, ErrTransition{From: cur.Status, To: to}
}

// Approve accepts a key-field request: the company's key columns take the new values, the
// company is told (site notice and email to the 主要联系人), and it is audited, in one
// transaction. A renamed company's certificate is re-issued by the certificate sweep (the
// caller may kick it at once: Change.RenamesCompany).
func Approve(ctx context.Context, db bun.IDB, id int64, by audit.Actor) (*Change, error) {
	var ch *Change
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if ch, err = move(ctx, tx, id, Approved, func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("decided_by = NULLIF(?, 0)", by.ID).Set("decided_at = now()")
		}); err != nil {
			return err
		}
		co, err := lockCompany(ctx, tx, ch.CompanyID)
		if err != nil {
			return err
		}
		snap := membership.SnapshotOf(co)
		setKey(&snap.Company, ch.New)
		if ch.New["uscc"] != "" {
			if taken, err := membership.USCCTaken(ctx, tx, snap.Company.USCC, co.ID); err != nil {
				return err
			} else if taken {
				return membership.ErrUSCCTaken
			}
		}
		snap.Apply(co)
		if _, err := tx.NewUpdate().Model(co).Column(keyColumns...).Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			if strings.Contains(err.Error(), "companies_uscc_key") {
				return membership.ErrUSCCTaken
			}
			return err
		}
		if _, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Profile, CompanyID: co.ID,
			Key: fmt.Sprintf("company_change:%d:approved", ch.ID), Title: "会员信息变更已通过",
			Body: "贵单位提交的会员信息变更申请已审核通过，以下信息已更新：\n" + describe(ch) +
				renamed(ch)}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "company.change_approve", ObjectType: "company_change",
			ObjectID: strconv.FormatInt(id, 10), Detail: fmt.Sprintf("company %d", co.ID)})
	})
	return ch, err
}

// Reject refuses a key-field request with a reason, which the company is told.
func Reject(ctx context.Context, db bun.IDB, id int64, reason string, by audit.Actor) (*Change, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, ErrReason
	}
	var ch *Change
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if ch, err = move(ctx, tx, id, Rejected, func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("decided_by = NULLIF(?, 0)", by.ID).Set("decided_at = now()").Set("reason = ?", audit.Cut(reason, 500))
		}); err != nil {
			return err
		}
		if _, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Profile, CompanyID: ch.CompanyID,
			Key: fmt.Sprintf("company_change:%d:rejected", ch.ID), Title: "会员信息变更未通过",
			Body: "贵单位提交的会员信息变更申请未通过审核。\n原因：" + reason + "\n申请变更的内容：\n" + describe(ch) +
				"\n如有疑问请联系协会会员部，修改后可在“会员信息”中重新提交。"}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "company.change_reject", ObjectType: "company_change",
			ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	return ch, err
}

// describe lists a change's fields as lines "企业名称：旧 → 新" (Chinese: the notice's text).
func describe(ch *Change) string {
	var b strings.Builder
	for _, d := range ch.Diffs() {
		fmt.Fprintf(&b, "%s：%s → %s\n", d.Label, d.Old, d.New)
	}
	return b.String()
}

func renamed(ch *Change) string {
	if ch.RenamesCompany() {
		return "\n会员证书将以新的企业名称重新签发，请在“会员证书”中下载新证书。"
	}
	return ""
}
