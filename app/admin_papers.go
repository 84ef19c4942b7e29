package app

// 参会投稿, staff (会展): 征稿设置 per event, the event's papers with review progress and
// staged decisions, 一键发布结果, one paper with its versions, reviews (weighted totals),
// reviewer assignment and decisions with their mails' states; 评审专家 (external reviewers
// invited with a one-time link).

import (
	"errors"
	"strconv"
	"time"

	"cpca/internal/events"
	"cpca/internal/papers"

	"github.com/gofiber/fiber/v2"
)

func adminPaperURL(id int64) string { return "/admin/papers/" + strconv.FormatInt(id, 10) }
func adminCallURL(eventID int64) string {
	return "/admin/events/" + strconv.FormatInt(eventID, 10) + "/papers"
}

// adminPapersPage is 征稿与评审 of one event.
type adminPapersPage struct {
	Event  *events.Event
	Call   *papers.Call
	Form   papers.CallForm
	Rows   []papers.Paper
	Status string
	Staged int
	Now    time.Time
}

// Statuses are the states of the filter (drafts are not listed).
func (adminPapersPage) Statuses() []string { return papers.Statuses[1:] }

// Label is the Chinese label of a state.
func (adminPapersPage) Label(s string) string { return papers.StatusLabel(s) }

func (s *Server) showAdminPapers(c *fiber.Ctx, e *events.Event, form *papers.CallForm, fieldErrs map[string]string) error {
	ctx := c.UserContext()
	call, err := papers.GetCall(ctx, s.DB, e.ID)
	if err != nil {
		return err
	}
	v := adminPapersPage{Event: e, Call: call, Now: s.Now(), Status: oneOrEmpty(c.Query("status"), papers.Statuses)}
	v.Form = papers.FormOf(call, v.Now)
	if form != nil {
		v.Form = *form
	}
	if call != nil {
		if v.Rows, err = papers.ForEvent(ctx, s.DB, call, v.Status); err != nil {
			return err
		}
		for _, r := range v.Rows {
			if r.Staged != "" {
				v.Staged++
			}
		}
	}
	p := s.page(c, "征稿与评审", "admin_events")
	p.Data = v
	return renderForm(c, "pages/admin_papers", "", p, fieldErrs)
}

func (s *Server) adminPapers(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	return s.showAdminPapers(c, e, nil, nil)
}

// adminPaperCall saves 征稿设置.
func (s *Server) adminPaperCall(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	f := papers.CallForm{Enabled: c.FormValue("enabled") == "1", OpensOn: c.FormValue("opens_on"), ClosesOn: c.FormValue("closes_on"),
		LateCode: c.FormValue("late_code"), Topics: c.FormValue("topics"), AbstractLimit: c.FormValue("abstract_limit"),
		Blind: c.FormValue("blind") == "1", Criteria: c.FormValue("criteria")}
	call, fe := f.Call(e.ID)
	if len(fe) > 0 {
		return s.showAdminPapers(c, e, &f, fe)
	}
	err = papers.SaveCall(c.UserContext(), s.DB, call, actor(c))
	return s.done(c, err, msg("征稿设置已保存。"), adminCallURL(e.ID))
}

// adminPapersRelease is 一键发布结果.
func (s *Server) adminPapersRelease(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	n, err := papers.Release(c.UserContext(), s.DB, id, actor(c), s.Now())
	return s.done(c, err, msg("已发布 %d 篇稿件的评审结果，通知邮件已排队发送。", n), adminCallURL(id))
}

// adminPaperPage is one paper for staff.
type adminPaperPage struct {
	Paper      *papers.Paper
	Call       *papers.Call
	Versions   []papers.Version
	Reviews    []papers.Review
	Decisions  []papers.Decision
	Candidates []papers.Reviewer
	Outcomes   []string
}

// Label is the Chinese label of an outcome.
func (adminPaperPage) Label(s string) string { return papers.StatusLabel(s) }

// Score is the average weighted total of the submitted reviews (0 when none).
func (v adminPaperPage) Score() float64 {
	sum, n := 0.0, 0
	for _, r := range v.Reviews {
		if r.SubmittedAt != nil {
			sum, n = sum+r.Total, n+1
		}
	}
	if n == 0 {
		return 0
	}
	return float64(int(sum/float64(n)*10+0.5)) / 10
}

// CanAssign says reviewers may be assigned now.
func (v adminPaperPage) CanAssign() bool {
	return v.Paper.Status == papers.Submitted || v.Paper.Status == papers.Reviewing
}

// CanDecide says a decision may be staged now.
func (v adminPaperPage) CanDecide() bool {
	switch v.Paper.Status {
	case papers.Reviewing, papers.Accepted, papers.Revise, papers.Rejected:
		return true
	}
	return false
}

func (s *Server) adminPaper(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, err := papers.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v := adminPaperPage{Paper: p, Outcomes: papers.Outcomes}
	if v.Call, err = papers.GetCall(ctx, s.DB, p.EventID); err != nil {
		return err
	}
	if v.Versions, err = papers.Versions(ctx, s.DB, id); err != nil {
		return err
	}
	if v.Reviews, err = papers.Reviews(ctx, s.DB, v.Call, id); err != nil {
		return err
	}
	if v.Decisions, err = papers.Decisions(ctx, s.DB, id); err != nil {
		return err
	}
	if v.Candidates, err = papers.Reviewers(ctx, s.DB); err != nil {
		return err
	}
	pg := s.page(c, "稿件评审", "admin_events")
	pg.Title = p.Title
	pg.Data = v
	return render(c, "pages/admin_paper", "", pg)
}

// adminPaperAssign is 分配评审: conflicts (own company, state) are flashed on the paper.
func (s *Server) adminPaperAssign(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = papers.Assign(c.UserContext(), s.DB, id, int64(atoiDefault(c.FormValue("reviewer"), 0)), actor(c))
	if errors.Is(err, papers.ErrNoReviewer) {
		flashMsg(c, "flash_err", msg(err.Error()))
		return redirect(c, adminPaperURL(id))
	}
	return s.done(c, err, msg("已分配评审专家。"), adminPaperURL(id))
}

// adminPaperStage stages a decision (not yet visible to the author).
func (s *Server) adminPaperStage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, err = papers.Stage(c.UserContext(), s.DB, id, c.FormValue("outcome"), c.FormValue("note"), actor(c), s.Now())
	var fe papers.FieldErrors
	switch {
	case errors.As(err, &fe):
		flashMsg(c, "flash_err", msg(fe["note"]))
		return redirect(c, adminPaperURL(id))
	case errors.Is(err, papers.ErrBadOutcome):
		flashMsg(c, "flash_err", msg(err.Error()))
		return redirect(c, adminPaperURL(id))
	}
	return s.done(c, err, msg("评审结果已暂存，发布后作者可见。"), adminPaperURL(id))
}

// adminReviewersPage is 评审专家: who may review, and the invitation form.
type adminReviewersPage struct {
	Rows []papers.Reviewer
	Form papers.Invitation
}

func (s *Server) showReviewers(c *fiber.Ctx, f papers.Invitation, fieldErrs map[string]string) error {
	rows, err := papers.Reviewers(c.UserContext(), s.DB)
	if err != nil {
		return err
	}
	p := s.page(c, "评审专家", "admin_reviewers")
	p.Data = adminReviewersPage{Rows: rows, Form: f}
	return renderForm(c, "pages/admin_reviewers", "", p, fieldErrs)
}

func (s *Server) adminReviewers(c *fiber.Ctx) error {
	return s.showReviewers(c, papers.Invitation{}, nil)
}

// adminReviewerInvite invites an external reviewer by a one-time link.
func (s *Server) adminReviewerInvite(c *fiber.Ctx) error {
	f := papers.Invitation{Name: c.FormValue("name"), Username: c.FormValue("username"), Email: c.FormValue("email"),
		Affiliation: c.FormValue("affiliation"), USCC: c.FormValue("uscc")}
	u, err := papers.Invite(c.UserContext(), s.DB, f, s.Cfg.BaseURL, actor(c), s.Now())
	var fe papers.FieldErrors
	if errors.As(err, &fe) {
		return s.showReviewers(c, f, fe)
	}
	if err != nil {
		return err
	}
	return s.done(c, nil, msg("已向 %s 发送邀请邮件，对方通过链接设置密码后即可登录。", u.Email), "/admin/reviewers")
}
