package projects

// The staff's actions of 项目申报管理: create and edit, publish, unpublish, copy, attachments,
// and recording the offline applications received.

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// Form is the project as staff type it.
type Form struct {
	Name, Kind, Year, Publisher                                  string
	StartsOn, DeadlineOn, ReviewUntilOn                          string // 年-月-日
	Conditions, Materials, SubmitEmail, PaperCopies, MailAddress string
	ReviewProcess, Contacts, Results                             string
	CouncilOnly, Postmark                                        bool
}

// FormOf is a project as its form.
func FormOf(p *Project) Form {
	f := Form{Name: p.Name, Kind: p.Kind, Year: strconv.Itoa(p.Year), Publisher: p.Publisher,
		StartsOn: calendar.Format(p.StartsAt), DeadlineOn: p.DeadlineDay(), Conditions: p.Conditions, Materials: p.Materials,
		SubmitEmail: p.SubmitEmail, PaperCopies: strconv.Itoa(p.PaperCopies), MailAddress: p.MailAddress,
		ReviewProcess: p.ReviewProcess, Contacts: p.Contacts, Results: p.Results, CouncilOnly: p.CouncilOnly, Postmark: p.Postmark}
	if p.ReviewUntil != nil {
		f.ReviewUntilOn = calendar.Format(p.ReviewUntil.Add(-time.Second))
	}
	return f
}

// Project checks the form and returns the project it describes (days are whole days in
// Asia/Shanghai; the deadline and the review end at the end of their day), or field errors.
func (f Form) Project() (*Project, map[string]string) {
	errs := map[string]string{}
	t := strings.TrimSpace
	p := &Project{Name: t(f.Name), Kind: f.Kind, Publisher: t(f.Publisher), Conditions: t(f.Conditions), Materials: t(f.Materials),
		SubmitEmail: t(f.SubmitEmail), MailAddress: t(f.MailAddress), ReviewProcess: t(f.ReviewProcess), Contacts: t(f.Contacts),
		Results: t(f.Results), CouncilOnly: f.CouncilOnly, Postmark: f.Postmark}
	if n := utf8.RuneCountInString(p.Name); n < 2 || n > 100 {
		errs["name"] = "请填写项目名称（2到100字）"
	}
	if KindLabel(p.Kind) == "" {
		errs["kind"] = "请选择项目类型"
	}
	y, err := strconv.Atoi(t(f.Year))
	if err != nil || y < 2000 || y > 2100 {
		errs["year"] = "请填写年度（如 2026）"
	}
	p.Year = y
	for k, v := range map[string]string{"publisher": p.Publisher, "mail_address": p.MailAddress} {
		if utf8.RuneCountInString(v) > 200 {
			errs[k] = "最多200字"
		}
	}
	for k, v := range map[string]string{"conditions": p.Conditions, "materials": p.Materials, "review_process": p.ReviewProcess,
		"contacts": p.Contacts, "results": p.Results} {
		if utf8.RuneCountInString(v) > 5000 {
			errs[k] = "最多5000字"
		}
	}
	if p.SubmitEmail != "" {
		if a, err := mail.ParseAddress(p.SubmitEmail); err != nil || a.Address != p.SubmitEmail {
			errs["submit_email"] = "邮箱格式不正确"
		}
	}
	n, err := strconv.Atoi(t(f.PaperCopies))
	if t(f.PaperCopies) == "" {
		n, err = 0, nil
	}
	if err != nil || n < 0 || n > 50 {
		errs["paper_copies"] = "纸质份数须为0到50的整数"
	}
	p.PaperCopies = n
	if p.SubmitEmail == "" && p.PaperCopies == 0 {
		errs["submit_email"] = "请填写申报邮箱或纸质份数"
	}
	if p.PaperCopies > 0 && p.MailAddress == "" {
		errs["mail_address"] = "需要纸质材料时请填写邮寄地址"
	}
	day := func(field, v string, end bool) time.Time {
		d, err := time.ParseInLocation(calendar.Layout, t(v), calendar.Zone)
		if err != nil {
			errs[field] = "请填写日期（年-月-日）"
			return time.Time{}
		}
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	p.StartsAt = day("starts_on", f.StartsOn, false)
	p.Deadline = day("deadline_on", f.DeadlineOn, true)
	if errs["starts_on"] == "" && errs["deadline_on"] == "" && !p.Deadline.After(p.StartsAt) {
		errs["deadline_on"] = "截止日期不能早于开始日期"
	}
	if t(f.ReviewUntilOn) != "" {
		r := day("review_until_on", f.ReviewUntilOn, true)
		if errs["review_until_on"] == "" {
			if errs["deadline_on"] == "" && r.Before(p.Deadline) {
				errs["review_until_on"] = "评审结束日期不能早于截止日期"
			}
			p.ReviewUntil = &r
		}
	}
	return p, errs
}

func pid(id int64) string { return strconv.FormatInt(id, 10) }

// lock locks the project row for the rest of tx.
func lock(ctx context.Context, tx bun.IDB, id int64) (*Project, error) {
	p := new(Project)
	if err := tx.NewSelect().Model(p).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// Save creates the project (ID 0, unpublished) or updates it. Results typed for the first
// time date the 结果公示.
func Save(ctx context.Context, db bun.IDB, p *Project, by audit.Actor, now time.Time) (*Project, error) {
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if p.ID == 0 {
			p.CreatedBy = by.ID
			if p.Results != "" {
				p.ResultsAt = &now
			}
			if _, err := tx.NewInsert().Model(p).Returning("*").Exec(ctx); err != nil {
				return err
			}
			return by.Record(ctx, tx, audit.Entry{Action: "project.create", ObjectType: "project", ObjectID: pid(p.ID), Detail: p.Name})
		}
		cur, err := lock(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p.ResultsAt = cur.ResultsAt
		if p.Results == "" {
			p.ResultsAt = nil
		} else if cur.Results == "" {
			p.ResultsAt = &now
		}
		if _, err := tx.NewUpdate().Model(p).Column("name", "kind", "year", "publisher", "council_only", "starts_at", "deadline", "postmark",
			"review_until", "conditions", "materials", "submit_email", "paper_copies", "mail_address", "review_process", "contacts",
			"results", "results_at").Set("updated_at = now()").WherePK().Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.update", ObjectType: "project", ObjectID: pid(p.ID), Detail: p.Name})
	})
	return p, err
}

// Publish shows the project to members (发布); its attachments become readable by members.
func Publish(ctx context.Context, db bun.IDB, id int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := lock(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE projects SET published = true, updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
			return err
		}
		if err := setVisibility(ctx, tx, id, files.Members); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.publish", ObjectType: "project", ObjectID: pid(id)})
	})
}

// Unpublish hides the project again (撤回发布); refused once applications are recorded, whose
// companies would lose sight of what they applied for.
func Unpublish(ctx context.Context, db bun.IDB, id int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := lock(ctx, tx, id); err != nil {
			return err
		}
		var n int
		if err := tx.NewRaw(`SELECT count(*) FROM project_applications WHERE project_id = ?`, id).Scan(ctx, &n); err != nil {
			return err
		}
		if n > 0 {
			return ErrHasApplicants
		}
		if _, err := tx.NewRaw(`UPDATE projects SET published = false, updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
			return err
		}
		if err := setVisibility(ctx, tx, id, ""); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.unpublish", ObjectType: "project", ObjectID: pid(id)})
	})
}

// setVisibility makes the project's attachment files readable by members ("members") or by
// staff only ("").
func setVisibility(ctx context.Context, tx bun.IDB, id int64, v string) error {
	_, err := tx.NewRaw(`UPDATE files SET visibility = NULLIF(?, '') WHERE id IN (SELECT file_id FROM project_attachments WHERE project_id = ?)`, v, id).Exec(ctx)
	return err
}

// Copy makes an unpublished copy (复制) for next year's call: same texts, next year, no
// results, applications, reminders or attachments.
func Copy(ctx context.Context, db bun.IDB, id int64, by audit.Actor) (*Project, error) {
	var c *Project
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		src, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		c = src
		c.ID, c.Published, c.CreatedBy = 0, false, by.ID
		c.Name = c.Name + "（副本）"
		c.Year++
		c.Results, c.ResultsAt = "", nil
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.copy", ObjectType: "project", ObjectID: pid(c.ID), Detail: "from " + pid(id)})
	})
	return c, err
}

// AddAttachment stores a new version of a project's attachment (.docx or .pdf, checked by
// content); members download the latest version of each title once the project is published.
func AddAttachment(ctx context.Context, db bun.IDB, projectID int64, title, name string, data []byte, by audit.Actor) (*Attachment, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > 40 {
		return nil, ErrTitle
	}
	if ct, err := files.SniffDocument(data); err != nil || (ct != files.DOCX && ct != "application/pdf") {
		return nil, ErrAttachType
	}
	var a *Attachment
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := lock(ctx, tx, projectID) // serialises the version numbers of the project
		if err != nil {
			return err
		}
		var v int
		if err := tx.NewRaw(`SELECT coalesce(max(version), 0) + 1 FROM project_attachments WHERE project_id = ? AND title = ?`,
			projectID, title).Scan(ctx, &v); err != nil {
			return err
		}
		f, err := files.SavePublished(ctx, tx, files.KindProjectAttachment, files.Members, fmt.Sprintf("%s-v%d-%s", title, v, name), data, by.ID)
		if err != nil {
			return err
		}
		if !p.Published {
			if _, err := tx.NewRaw(`UPDATE files SET visibility = NULL WHERE id = ?`, f.ID).Exec(ctx); err != nil {
				return err
			}
		}
		a = &Attachment{ProjectID: projectID, Title: title, Version: v, FileID: f.ID, CreatedBy: by.ID}
		if _, err := tx.NewInsert().Model(a).Returning("id, created_at").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.attachment", ObjectType: "project", ObjectID: pid(projectID),
			Detail: fmt.Sprintf("%s v%d", title, v)})
	})
	return a, err
}

// AppForm is an offline application as staff record it.
type AppForm struct {
	CompanyID, ReceivedOn, Channel, Missing, Decision, Note string
	Complete                                                bool
}

// Record stores (or corrects) what staff received of a company's application: one record per
// company and project; the company sees it under 我的申报.
func Record(ctx context.Context, db bun.IDB, projectID int64, f AppForm, by audit.Actor) (*Application, map[string]string, error) {
	fe := map[string]string{}
	a := &Application{ProjectID: projectID, Channel: f.Channel, Complete: f.Complete, Missing: strings.TrimSpace(f.Missing),
		Decision: f.Decision, Note: strings.TrimSpace(f.Note), CreatedBy: by.ID}
	cid, err := strconv.ParseInt(strings.TrimSpace(f.CompanyID), 10, 64)
	if err != nil || cid <= 0 {
		fe["company_id"] = "请选择申报单位"
	}
	a.CompanyID = cid
	d, err := time.ParseInLocation(calendar.Layout, strings.TrimSpace(f.ReceivedOn), time.UTC)
	if err != nil {
		fe["received_on"] = "请填写收到日期（年-月-日）"
	}
	a.ReceivedOn = d
	if ChannelLabel(a.Channel) == "" {
		fe["channel"] = "请选择提交方式"
	}
	if DecisionLabel(a.Decision) == "" {
		fe["decision"] = "请选择评审结果"
	}
	if !a.Complete && a.Missing == "" {
		fe["missing"] = "材料不齐时请写明缺少的材料"
	}
	if a.Complete {
		a.Missing = ""
	}
	if utf8.RuneCountInString(a.Missing) > 1000 || utf8.RuneCountInString(a.Note) > 1000 {
		fe["note"] = "最多1000字"
	}
	if len(fe) > 0 {
		return nil, fe, nil
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := lock(ctx, tx, projectID); err != nil {
			return err
		}
		var ok bool
		if err := tx.NewRaw(`SELECT EXISTS (SELECT 1 FROM companies WHERE id = ?)`, cid).Scan(ctx, &ok); err != nil {
			return err
		}
		if !ok {
			return ErrCompany
		}
		if _, err := tx.NewInsert().Model(a).On("CONFLICT (project_id, company_id) DO UPDATE").
			Set("received_on = EXCLUDED.received_on, channel = EXCLUDED.channel, complete = EXCLUDED.complete, missing = EXCLUDED.missing").
			Set("decision = EXCLUDED.decision, note = EXCLUDED.note, updated_at = now()").Returning("*").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "project.application", ObjectType: "project", ObjectID: pid(projectID),
			Detail: fmt.Sprintf("%s %s complete=%v %s", a.ReceivedDay(), a.Channel, a.Complete, a.Decision)})
	})
	return a, nil, err
}
