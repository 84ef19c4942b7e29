package app

import (
	"strconv"
	"strings"

	"cpca/internal/dues"
	"cpca/internal/feedback"

	"github.com/gofiber/fiber/v2"
)

// feedbackQuery is the filter of 反馈信息 (by state).
type feedbackQuery struct {
	Status string `query:"status"`
}

// Clean drops an unknown state.
func (f *feedbackQuery) Clean() { f.Status = oneOrEmpty(f.Status, feedback.Statuses) }

// feedbackListPage is 反馈信息: the company's items, newest activity first.
type feedbackListPage struct {
	feedbackQuery
	Rows  []feedback.Item
	Pager Pager
}

const feedbackPerPage = 20

// feedbackList lists the company's feedback items with a state filter (htmx fragment).
func (s *Server) feedbackList(c *fiber.Ctx) error {
	pr := principal(c)
	var v feedbackListPage
	q := bindFilter(c, &v.feedbackQuery)
	page := pageNumber(c)
	rows, total, err := feedback.Mine(c.UserContext(), s.DB, pr.CompanyID, v.Status, page, feedbackPerPage)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/feedback", q, page, feedbackPerPage, total)
	p := s.page(c, "反馈信息", "feedback")
	p.Data = v
	return render(c, "pages/feedback", "partials/feedback_list", p)
}

// feedbackForm is 提交反馈 as typed.
type feedbackForm struct {
	Category, Subject, Body, DuesYear string
}

type feedbackNewPage struct {
	Form  feedbackForm
	Years []int // the company's dues years, to link one
}

func (s *Server) feedbackNew(c *fiber.Ctx) error {
	years, err := dues.Years(c.UserContext(), s.DB, principal(c).CompanyID)
	if err != nil {
		return err
	}
	f := feedbackForm{Category: oneOrEmpty(c.Query("category"), feedback.Categories)}
	if y := yearOrEmpty(c.Query("year")); y != "" {
		f.DuesYear, f.Category = y, feedback.Billing // 会员缴费 links here for a year's question
	}
	p := s.page(c, "提交反馈", "feedback")
	p.Data = feedbackNewPage{Form: f, Years: years}
	return render(c, "pages/feedback_new", "", p)
}

// feedbackCreate validates and submits a new item with its attachments.
func (s *Server) feedbackCreate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	f := feedbackForm{Category: c.FormValue("category"), Subject: c.FormValue("subject"), Body: c.FormValue("body"),
		DuesYear: strings.TrimSpace(c.FormValue("dues_year"))}
	years, err := dues.Years(ctx, s.DB, pr.CompanyID)
	if err != nil {
		return err
	}
	d := feedback.Draft{Category: f.Category, Subject: f.Subject, Body: f.Body}
	errs := map[string]string{}
	if f.DuesYear != "" {
		if d.DuesYear, err = strconv.Atoi(f.DuesYear); err != nil {
			d.DuesYear = -1 // not a year: Validate refuses it
		}
	}
	for k, v := range d.Validate(years) {
		errs[k] = v
	}
	ups, upErr, err := s.readUploads(c, "files", pr.CompanyID)
	if err != nil {
		return err
	}
	if upErr != "" {
		errs["files"] = upErr
	}
	if len(errs) > 0 {
		p := s.page(c, "提交反馈", "feedback")
		p.Data = feedbackNewPage{Form: f, Years: years}
		return renderForm(c, "pages/feedback_new", "", p, errs)
	}
	d.Files = ups
	it, err := feedback.Submit(ctx, s.DB, pr.CompanyID, d, actor(c), s.Now())
	if err != nil {
		return s.done(c, err, msg(""), "/feedback")
	}
	return s.done(c, nil, msg("反馈已提交，协会回复后将通过站内通知告诉您。"), feedbackURL(it.ID))
}

// feedbackItemPage is one thread for the member.
type feedbackItemPage struct {
	Item     *feedback.Item
	Messages []feedback.Message
	Body     string // the addition as typed
	Rating   string
	Note     string
}

// feedbackShow is the thread of one of the company's items (another company's is not found).
func (s *Server) feedbackShow(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.showFeedback(c, id, nil, nil)
}

func (s *Server) showFeedback(c *fiber.Ctx, id int64, fieldErrs map[string]string, typed func(*feedbackItemPage)) error {
	ctx := c.UserContext()
	it, err := feedback.Get(ctx, s.DB, id, principal(c).CompanyID)
	if err != nil {
		return err
	}
	ms, err := feedback.Thread(ctx, s.DB, id, false)
	if err != nil {
		return err
	}
	v := feedbackItemPage{Item: it, Messages: ms}
	if it.Rating.Valid {
		v.Rating, v.Note = strconv.Itoa(int(it.Rating.Int16)), it.RatingNote
	}
	if typed != nil {
		typed(&v)
	}
	p := s.page(c, "反馈详情", "feedback")
	p.Title = it.Subject
	p.Data = v
	return renderForm(c, "pages/feedback_item", "", p, fieldErrs)
}

// feedbackAdd is 补充: text and files added to the member's own open thread.
func (s *Server) feedbackAdd(c *fiber.Ctx) error {
	pr := principal(c)
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := feedback.Get(c.UserContext(), s.DB, id, pr.CompanyID); err != nil {
		return err // another company's thread: not found, before reading any file
	}
	body := c.FormValue("body")
	errs := map[string]string{}
	if m := feedback.BodyError(body); m != "" {
		errs["body"] = m
	}
	ups, upErr, err := s.readUploads(c, "files", pr.CompanyID)
	if err != nil {
		return err
	}
	if upErr != "" {
		errs["files"] = upErr
	}
	if len(errs) > 0 {
		return s.showFeedback(c, id, errs, func(v *feedbackItemPage) { v.Body = body })
	}
	_, err = feedback.AddMessage(c.UserContext(), s.DB, id, pr.CompanyID, body, ups, actor(c), s.Now())
	return s.done(c, err, msg("已补充，协会工作人员将收到通知。"), feedbackURL(id))
}

// feedbackClose is the member's 关闭.
func (s *Server) feedbackClose(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = feedback.Close(c.UserContext(), s.DB, id, principal(c).CompanyID, actor(c), s.Now())
	return s.done(c, err, msg("反馈已关闭。"), feedbackURL(id))
}

// feedbackRate is 评价 of the answer.
func (s *Server) feedbackRate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	rating, note := c.FormValue("rating"), c.FormValue("note")
	err = feedback.Rate(c.UserContext(), s.DB, id, principal(c).CompanyID, atoiDefault(rating, 0), note, actor(c))
	switch err {
	case feedback.ErrRating:
		return s.showFeedback(c, id, map[string]string{"rating": err.Error()}, func(v *feedbackItemPage) { v.Rating, v.Note = rating, note })
	case feedback.ErrRateNote:
		return s.showFeedback(c, id, map[string]string{"note": err.Error()}, func(v *feedbackItemPage) { v.Rating, v.Note = rating, note })
	}
	return s.done(c, err, msg("感谢您的评价。"), feedbackURL(id))
}

// feedbackSeen clears the "new reply" mark once the member opened the thread (posted by the
// page itself with htmx, or by its button without JavaScript).
func (s *Server) feedbackSeen(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := feedback.Seen(c.UserContext(), s.DB, id, principal(c).CompanyID); err != nil {
		return err
	}
	if isHTMX(c) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return redirect(c, feedbackURL(id))
}
