package projects

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cpca/internal/audit"
	"cpca/internal/notify"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Get loads a project (staff: any project).
func Get(ctx context.Context, db bun.IDB, id int64) (*Project, error) {
	p := new(Project)
	if err := db.NewSelect().Model(p).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// Visible loads a project the member company may see: published, and council-only projects
// only for 理事单位 and above. Anything else is not found (its existence is not revealed).
func Visible(ctx context.Context, db bun.IDB, id int64, m Member) (*Project, error) {
	p, err := Get(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(m.Council) {
		return nil, ErrNotFound
	}
	return p, nil
}

// Filter narrows a project list.
type Filter struct {
	Q      string // name contains (2-character fragments use the bigram index)
	Kind   string
	Year   int
	Status string
	// Member lists: only published projects, council-only ones only when Council.
	Member  bool
	Council bool
	// Published narrows the staff list: "yes", "no" or "" for both.
	Published string
	Page      int
	Size      int
}

// List returns a page of projects, latest deadline first, and the total (store.Unknown for a
// name search, which fetches one row more than the page). The count and the page are
// parameterised (store.Params): one statement text per filter shape, whatever the values.
func List(ctx context.Context, db bun.IDB, f Filter, now time.Time) ([]Project, int, error) {
	f.Page, f.Size = store.Page(f.Page, f.Size, 20)
	p := &store.Params{}
	q := store.Published(db.NewSelect().TableExpr("projects AS p"), "p", f.Member, f.Council, f.Published)
	if f.Kind != "" {
		q = q.Where("p.kind = ?", p.Add(f.Kind))
	}
	if f.Year != 0 {
		q = q.Where("p.year = ?", p.Add(f.Year))
	}
	switch f.Status {
	case StatusUpcoming:
		q = q.Where("p.starts_at > ?", p.Add(now))
	case StatusOpen:
		at := p.Add(now)
		q = q.Where("p.starts_at <= ? AND p.deadline > ?", at, at)
	case StatusResults:
		q = q.Where("p.deadline <= ? AND p.results <> ''", p.Add(now))
	case StatusReviewing:
		at := p.Add(now)
		q = q.Where("p.deadline <= ? AND p.results = '' AND p.review_until > ?", at, at)
	case StatusClosed:
		at := p.Add(now)
		q = q.Where("p.deadline <= ? AND p.results = '' AND (p.review_until IS NULL OR p.review_until <= ?)", at, at)
	}
	total, extra := 0, 0
	if f.Q != "" {
		cond, args := store.NameMatch("p.name", "p.name_bigrams", f.Q)
		q = q.Where(cond, p.All(args)...)
		total, extra = store.Unknown, 1
	} else {
		n, err := store.CappedCountOf(ctx, db, q.Clone(), p)
		if err != nil {
			return nil, 0, err
		}
		total = n
	}
	var ps []Project
	err := store.Select(ctx, db, &ps, q.ColumnExpr("p.*").OrderExpr("p.deadline DESC, p.id DESC").Limit(f.Size+extra).Offset((f.Page-1)*f.Size), p)
	return ps, total, err
}

// Attachments lists the latest version of each attachment title of a project (all: every
// version, for staff).
func Attachments(ctx context.Context, db bun.IDB, projectID int64, all bool) ([]Attachment, error) {
	var as []Attachment
	q := db.NewSelect().Model(&as).ModelTableExpr("project_attachments AS a").Column("a.*").Where("a.project_id = ?", projectID)
	if !all {
		q = q.Where("a.version = (SELECT max(x.version) FROM project_attachments x WHERE x.project_id = a.project_id AND x.title = a.title)")
	}
	err := q.OrderExpr("a.title, a.version DESC").Scan(ctx)
	return as, err
}

// Applications lists what staff recorded for a project, with company names.
func Applications(ctx context.Context, db bun.IDB, projectID int64) ([]Application, error) {
	var as []Application
	err := db.NewSelect().Model(&as).ModelTableExpr("project_applications AS a").Column("a.*").ColumnExpr("c.name AS company_name").
		Join("JOIN companies c ON c.id = a.company_id").Where("a.project_id = ?", projectID).OrderExpr("a.received_on DESC, a.id DESC").
		Limit(1000).Scan(ctx)
	return as, err
}

// Mine lists a company's recorded applications (我的申报), newest first.
func Mine(ctx context.Context, db bun.IDB, companyID int64) ([]Application, error) {
	var as []Application
	err := db.NewSelect().Model(&as).ModelTableExpr("project_applications AS a").Column("a.*").ColumnExpr("p.name AS project_name").
		Join("JOIN projects p ON p.id = a.project_id").Where("a.company_id = ? AND p.published", companyID).
		OrderExpr("a.received_on DESC, a.id DESC").Limit(200).Scan(ctx)
	return as, err
}

// Own is the company's recorded application for a project, nil for none.
func Own(ctx context.Context, db bun.IDB, projectID, companyID int64) (*Application, error) {
	a := new(Application)
	err := db.NewSelect().Model(a).Where("project_id = ? AND company_id = ?", projectID, companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

// Watching reports whether the company asked to be reminded of the project.
func Watching(ctx context.Context, db bun.IDB, projectID, companyID int64) (bool, error) {
	var ok bool
	err := db.NewRaw(`SELECT EXISTS (SELECT 1 FROM project_watches WHERE project_id = ? AND company_id = ?)`, projectID, companyID).Scan(ctx, &ok)
	return ok, err
}

// Watch is 提醒我: the company asks to be reminded of the deadline of a project it may see and
// that is still open (or not started). Asking twice keeps one request.
func Watch(ctx context.Context, db bun.IDB, projectID int64, m Member, by audit.Actor, now time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := Visible(ctx, tx, projectID, m)
		if err != nil {
			return err
		}
		if !now.Before(p.Deadline) {
			return ErrRemindClosed
		}
		res, err := tx.NewRaw(`INSERT INTO project_watches (project_id, company_id, created_by) VALUES (?, ?, NULLIF(?, 0)) ON CONFLICT DO NOTHING`,
			projectID, m.CompanyID, by.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.watch", ObjectType: "project", ObjectID: pid(projectID)})
	})
}

// Unwatch is 取消提醒.
func Unwatch(ctx context.Context, db bun.IDB, projectID int64, m Member, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := Visible(ctx, tx, projectID, m); err != nil {
			return err
		}
		res, err := tx.NewRaw(`DELETE FROM project_watches WHERE project_id = ? AND company_id = ?`, projectID, m.CompanyID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.unwatch", ObjectType: "project", ObjectID: pid(projectID)})
	})
}

// Reminder is one line of 重要活动提醒 on 待办事项; Format and Args are translated by the page.
type Reminder struct {
	Format    string
	Args      []any
	ProjectID int64
}

// Reminders lists the deadlines of the projects the company asked to be reminded of that are
// still open to it (at most 10, nearest first).
func Reminders(ctx context.Context, db bun.IDB, m Member, now time.Time) ([]Reminder, error) {
	var ps []Project
	if err := store.Read(ctx, db, &ps, `SELECT `+store.Columns(db, &ps, "p")+` FROM projects AS p
		JOIN project_watches w ON w.project_id = p.id AND w.company_id = ?0
		WHERE p.published AND p.deadline > ?1 AND (?2::bool OR NOT p.council_only) ORDER BY p.deadline LIMIT 10`,
		m.CompanyID, now, m.Council); err != nil {
		return nil, err
	}
	var out []Reminder
	for _, p := range ps {
		if p.Status(now) == StatusOpen {
			out = append(out, Reminder{Format: "项目申报截止：%s（%s，还剩 %d 天）", Args: []any{p.Name, p.DeadlineDay(), p.DaysLeft(now)}, ProjectID: p.ID})
		} else {
			out = append(out, Reminder{Format: "项目申报将于 %s 开始：%s（截止 %s）", Args: []any{p.StartDay(), p.Name, p.DeadlineDay()}, ProjectID: p.ID})
		}
	}
	return out, nil
}

// target packs (project, company) into the reminders table's target id.
func target(projectID, companyID int64) int64 { return projectID<<32 | companyID }

// slot is the reminder's slot: the deadline day, so a moved deadline reminds again.
func slot(p *Project) string { return fmt.Sprintf("deadline:%s", p.DeadlineDay()) }

// SendReminders sends the 提醒我 reminders due at now: for every company that asked, a site
// notice and an email days days (or fewer) before the deadline of a project still open to it.
// Each is claimed with notify.Claim in its own transaction, so two schedulers, or a rerun,
// never remind a company twice of the same deadline. Returns how many were sent.
func SendReminders(ctx context.Context, db bun.IDB, days int, now time.Time) (int, error) {
	if days < 1 {
		days = 3
	}
	type due struct {
		ProjectID int64 `bun:"project_id"`
		CompanyID int64 `bun:"company_id"`
	}
	var ds []due
	if err := db.NewRaw(`SELECT w.project_id, w.company_id FROM project_watches w
		JOIN projects p ON p.id = w.project_id JOIN companies c ON c.id = w.company_id
		WHERE p.published AND p.starts_at <= ? AND p.deadline > ? AND p.deadline <= ?
		  AND (NOT p.council_only OR c.level <> 'member')
		ORDER BY p.deadline, w.project_id, w.company_id LIMIT 5000`, now, now, now.AddDate(0, 0, days)).Scan(ctx, &ds); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range ds {
		sent := false
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			p, err := Get(ctx, tx, d.ProjectID)
			if err != nil {
				return err
			}
			sl := slot(p)
			ok, err := notify.Claim(ctx, tx, notify.ReminderProject, target(d.ProjectID, d.CompanyID), sl, now)
			if err != nil || !ok {
				return err
			}
			how := ""
			if p.SubmitEmail != "" {
				how += "\n申报邮箱：" + p.SubmitEmail
			}
			if p.PaperCopies > 0 {
				how += fmt.Sprintf("\n纸质材料：加盖公章 %d 份，邮寄至 %s", p.PaperCopies, p.MailAddress)
				if p.Postmark {
					how += "（以邮戳为准）"
				}
			}
			s, err := notify.Send(ctx, tx, notify.Note{Kind: notify.ProjectReminder, CompanyID: d.CompanyID,
				Key:   fmt.Sprintf("project:%d:%d:%s", d.ProjectID, d.CompanyID, sl),
				Title: "项目申报即将截止：" + p.Name,
				Body: fmt.Sprintf("贵单位关注的项目「%s」将于 %s 截止申报（还剩 %d 天）。%s\n详情：/projects/%d", p.Name, p.DeadlineDay(),
					p.DaysLeft(now), how, p.ID)})
			if err != nil {
				return err
			}
			sent = true
			return notify.Outcome(ctx, tx, notify.ReminderProject, target(d.ProjectID, d.CompanyID), sl, s.String())
		})
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// CompanyOption is a member company staff may record an application for.
type CompanyOption struct {
	ID   int64  `bun:"id"`
	Name string `bun:"name"`
}

// MemberCompanies lists the member companies by name, for the staff's record form.
func MemberCompanies(ctx context.Context, db bun.IDB) ([]CompanyOption, error) {
	var cs []CompanyOption
	err := db.NewRaw(`SELECT id, name FROM companies WHERE status = 'member' ORDER BY name, id LIMIT 5000`).Scan(ctx, &cs)
	return cs, err
}
