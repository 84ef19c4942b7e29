package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// applyBatch writes a batch's changes in one transaction. When that fails, each row is
// written again in its own transaction, so a failing row is refused alone (and nothing of it
// stays) while the others are kept.
func (p *pass) applyBatch(ctx context.Context, batch []*item) error {
	var todo []*item
	for _, it := range batch {
		if len(it.bad) == 0 && (it.plan.create || len(it.plan.labels) > 0) {
			todo = append(todo, it)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return p.apply(ctx, tx, todo) })
	if err == nil || ctx.Err() != nil {
		return err
	}
	for _, it := range todo {
		err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return p.apply(ctx, tx, []*item{it}) })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			it.bad = append(it.bad, reasonOf(err))
		}
	}
	return nil
}

// reasonOf words a database refusal of one row.
func reasonOf(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "member_no"):
		return "会员编号已被其他单位使用"
	case strings.Contains(s, "users_username_key"):
		return "登录用户名（统一社会信用代码）已被其他账号使用"
	case strings.Contains(s, "companies_uscc_key"):
		return "统一社会信用代码已存在（可能有另一个导入同时进行），请重新试运行"
	}
	return "保存失败：" + audit.Cut(s, 120)
}

// apply writes items in tx: new companies with their people and main account in a few
// multi-row statements, updates one by one, and an audit entry per changed company naming
// the import.
func (p *pass) apply(ctx context.Context, tx bun.Tx, items []*item) error {
	var entries []audit.Entry
	var creates []*item
	for _, it := range items {
		it.userID, it.plan.invited = 0, false
		if it.plan.create {
			creates = append(creates, it)
			continue
		}
		if err := p.update(ctx, tx, it); err != nil {
			return err
		}
		action := "member.import_fill"
		if it.plan.result == ResultOverridden {
			action = "member.import_override"
		}
		entries = append(entries, p.entry(it, action, it.plan.company.ID, "fields: "+strings.Join(it.plan.labels, "、")))
	}
	if len(creates) > 0 {
		es, err := p.create(ctx, tx, creates)
		if err != nil {
			return err
		}
		entries = append(entries, es...)
	}
	if len(entries) == 0 {
		return nil
	}
	return execSimple(ctx, tx, tx.NewInsert().Model(&entries).ExcludeColumn("id"))
}

func (p *pass) entry(it *item, action string, companyID int64, detail string) audit.Entry {
	return audit.Entry{ActorID: p.by.ID, ActorName: audit.Cut(p.by.Name, audit.MaxName), Action: action, ObjectType: "company",
		ObjectID: strconv.FormatInt(companyID, 10), Result: "ok",
		Detail: audit.Cut(fmt.Sprintf("import #%d row %d: %s", p.job.ID, it.rec.Row, detail), audit.MaxDetail)}
}

// create inserts the new companies, their people and their main accounts (no password), and
// queues the invitations when the import sends them.
func (p *pass) create(ctx context.Context, tx bun.Tx, items []*item) ([]audit.Entry, error) {
	cs := make([]*company.Company, len(items))
	for i, it := range items {
		cs[i] = newCompany(it.rec, p.now)
	}
	ids, err := insertIDs(ctx, tx, tx.NewInsert().Model(&cs).ExcludeColumn("created_at", "updated_at").Returning("id"), len(cs))
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		cs[i].ID = id
	}
	var people []company.Person
	users := make([]*account.User, len(items))
	for i, it := range items {
		people = append(people, newPeople(cs[i].ID, it.rec)...)
		v := it.rec.Values
		u := account.Imported(cs[i].ID, v["uscc"], v["primary_name"], v["primary_email"], v["primary_mobile"])
		users[i] = &u
	}
	if err := execSimple(ctx, tx, tx.NewInsert().Model(&people).ExcludeColumn("id")); err != nil {
		return nil, err
	}
	uids, err := insertIDs(ctx, tx, tx.NewInsert().Model(&users).ExcludeColumn("created_at", "updated_at", "privacy_accepted_at").Returning("id"), len(users))
	if err != nil {
		return nil, err
	}
	for i, id := range uids {
		users[i].ID = id
	}
	entries := make([]audit.Entry, 0, len(items))
	for i, it := range items {
		it.userID = users[i].ID
		note := "account " + users[i].Username
		if p.job.SendInvites && users[i].Email != "" {
			if err := account.SendImportInvite(ctx, tx, users[i], cs[i].Name, p.baseURL, p.by, p.now); err != nil {
				return nil, err
			}
			it.plan.invited = true
			note += ", invitation sent"
		}
		entries = append(entries, p.entry(it, "member.import_create", cs[i].ID, note))
	}
	return entries, nil
}

// update writes one existing company's planned changes, with a row of its change history.
func (p *pass) update(ctx context.Context, tx bun.Tx, it *item) error {
	pl, c := it.plan, it.plan.company
	if len(pl.set) > 0 {
		q := tx.NewUpdate().Table("companies").Set("updated_at = now()").Where("id = ?", c.ID)
		for col, v := range pl.set {
			q = q.Set("? = ?", bun.Ident(col), v)
		}
		if err := execSimple(ctx, tx, q); err != nil {
			return err
		}
		oldV, _ := json.Marshal(pl.old)
		newV, _ := json.Marshal(pl.set)
		if err := execSimple(ctx, tx, tx.NewRaw(`INSERT INTO company_changes (company_id, kind, status, old_values, new_values, note, requested_by)
			VALUES (?, 'profile', 'applied', ?, ?, ?, NULLIF(?, 0))`, c.ID, string(oldV), string(newV), fmt.Sprintf("导入会员 #%d", p.job.ID), p.by.ID)); err != nil {
			return err
		}
	}
	prim, fin := contacts(c)
	if len(pl.primary) > 0 && prim != nil {
		if err := setPerson(ctx, tx, prim.ID, pl.primary); err != nil {
			return err
		}
	}
	if len(pl.finance) == 0 {
		return nil
	}
	if !pl.newFin && fin != nil {
		return setPerson(ctx, tx, fin.ID, pl.finance)
	}
	if prim != nil && prim.IsFinance {
		if _, err := tx.NewRaw(`UPDATE company_people SET is_finance = false, updated_at = now() WHERE id = ?`, prim.ID).Exec(ctx); err != nil {
			return err
		}
	}
	return execSimple(ctx, tx, tx.NewRaw(`INSERT INTO company_people (company_id, position, name, mobile, email, is_finance)
		VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM company_people WHERE company_id = ?), ?, ?, ?, true)`,
		c.ID, c.ID, pl.finance["name"], pl.finance["mobile"], pl.finance["email"]))
}

func setPerson(ctx context.Context, tx bun.Tx, id int64, set map[string]string) error {
	q := tx.NewUpdate().Table("company_people").Set("updated_at = now()").Where("id = ?", id)
	for col, v := range set {
		q = q.Set("? = ?", bun.Ident(col), v)
	}
	return execSimple(ctx, tx, q)
}
