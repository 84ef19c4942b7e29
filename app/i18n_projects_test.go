package app

import (
	"time"

	"cpca/internal/i18n"
	"cpca/internal/projects"
)

// projectSamples is the English sample data of the 项目申报 pages: every status, a
// council-only project, attachments, a complete and an incomplete recorded application.
func projectSamples() map[string][]any {
	now := time.Now()
	review := now.Add(240 * time.Hour)
	pr := func(start, deadline time.Duration, results string, council bool) *projects.Project {
		return &projects.Project{ID: 1, Name: "PCB Award", Kind: projects.KindAward, Year: 2026, Publisher: "CPCA", Published: true, CouncilOnly: council,
			StartsAt: now.Add(start), Deadline: now.Add(deadline), Postmark: true, ReviewUntil: &review, Conditions: "c", Materials: "a\nb",
			SubmitEmail: "x@example.com", PaperCopies: 2, MailAddress: "Shanghai", ReviewProcess: "r", Contacts: "Li", Results: results}
	}
	open, upcoming, closed, results := pr(-time.Hour, 72*time.Hour, "", false), pr(time.Hour, 72*time.Hour, "", true), pr(-480*time.Hour, -240*time.Hour, "", false), pr(-480*time.Hour, -time.Hour, "ok", false)
	rows := []projects.Project{*open, *upcoming, *closed, *results}
	atts := []projects.Attachment{{ID: 1, Title: "Form", Version: 2, FileID: "f", CreatedAt: now}}
	apps := []projects.Application{{ID: 1, ProjectID: 1, ReceivedOn: now, Channel: projects.ChannelEmail, Complete: true, Decision: projects.DecisionPending, CompanyName: "Acme", ProjectName: "PCB Award"},
		{ID: 2, ProjectID: 1, ReceivedOn: now, Channel: projects.ChannelPaper, Missing: "stamp", Decision: projects.DecisionAwarded, Note: "n", CompanyName: "Beta", ProjectName: "PCB Award"}}
	pager := newPager("/x", nil, 1, 20, 4)
	var detail []any
	for _, p := range rows {
		p := p
		detail = append(detail, projectPage{Project: &p, Attachments: atts, Own: &apps[1], Watching: true, Now: now}, projectPage{Project: &p, Now: now})
	}
	cos := []projects.CompanyOption{{ID: 1, Name: "Acme"}}
	return map[string][]any{
		"pages/projects":                {projectsPage{Rows: rows, Pager: pager, Now: now, Years: projectYears(now), Mine: apps}, projectsPage{Pager: pager, Query: "q=x"}},
		"pages/project":                 detail,
		"pages/admin_projects":          {adminProjectsPage{Rows: rows, Pager: pager, Now: now, Years: projectYears(now)}, adminProjectsPage{Pager: pager, Query: "q=x"}},
		"pages/admin_project_form":      {projectFormPage{Form: projects.FormOf(open)}, projectFormPage{ID: 1, Form: projects.FormOf(results)}},
		"pages/admin_project":           {adminProjectPage{Project: open, Attachments: atts, Applications: apps, Companies: cos, Now: now, App: projects.AppForm{Channel: "email", Decision: "pending"}}, adminProjectPage{Project: upcoming, Now: now}},
		"partials/projects_table":       {projectsPage{Rows: rows, Pager: pager, Now: now}},
		"partials/admin_projects_table": {adminProjectsPage{Rows: rows, Pager: pager, Now: now}},
		"partials/project_info":         {projectPage{Project: open, Now: now}},
	}
}

// projectTodos are the 项目申报 lines of 重要活动提醒 in English.
func projectTodos() []eventTodo {
	return []eventTodo{
		{Text: i18n.Tf("en", "项目申报截止：%s（%s，还剩 %d 天）", "Award", "2026-12-01", 3), Link: "/projects/1", Action: "查看项目"},
		{Text: i18n.Tf("en", "项目申报将于 %s 开始：%s（截止 %s）", "2026-12-01", "Award", "2026-12-31"), Link: "/projects/1", Action: "查看项目"},
	}
}
