package app

import (
	"strconv"

	"cpca/internal/feedback"

	"github.com/gofiber/fiber/v2"
)

// adminFeedbackQuery is the filter of 反馈建议管理 as it travels in the query string.
type adminFeedbackQuery struct {
	Category string `query:"category"`
	Status   string `query:"status"`
	Age      string `query:"age"`      // older than N days: 1, 3, 7, 30
	Assignee string `query:"assignee"` // me, none, or a staff user id
}

// feedbackAges are the age filter's choices, in days.
var feedbackAges = []string{"1", "3", "7", "30"}

// Clean drops what the filter does not accept.
func (f *adminFeedbackQuery) Clean() {
	f.Category, f.Status, f.Age = oneOrEmpty(f.Category, feedback.Categories), oneOrEmpty(f.Status, feedback.Statuses), oneOrEmpty(f.Age, feedbackAges)
	if f.Assignee != "me" && f.Assignee != "none" {
		if n, err := strconv.ParseInt(f.Assignee, 10, 64); err != nil || n <= 0 {
			f.Assignee = ""
		}
	}
}

func (f adminFeedbackQuery) filter(me int64, page int) feedback.Filter {
	out := feedback.Filter{Category: f.Category, Status: f.Status, OlderThan: atoiDefault(f.Age, 0), Page: page, Size: adminFeedbackPerPage}
	switch f.Assignee {
	case "":
	case "me":
		out.Assignee = me
	case "none":
		out.Assignee = feedback.NoAssignee
	default:
		out.Assignee, _ = strconv.ParseInt(f.Assignee, 10, 64)
	}
	return out
}

// adminFeedbackPage is the staff queue with its medians.
type adminFeedbackPage struct {
	adminFeedbackQuery
	Rows     []feedback.Item
	Pager    Pager
	Handlers []feedback.StaffMember
	Stats    feedback.Stats
	// FirstReply and Resolve are the medians, written out in the page's language.
	FirstReply, Resolve string
	Query               string
}

const adminFeedbackPerPage = 30

// adminFeedback is 反馈建议管理: the queue with inline filters (category, state, age,
// assignee), paged, and the medians over the filter.
func (s *Server) adminFeedback(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var v adminFeedbackPage
	q := bindFilter(c, &v.adminFeedbackQuery)
	v.Query = q.Encode()
	f := v.filter(principal(c).UserID, pageNumber(c))
	f.Now = s.Now()
	rows, total, err := feedback.Queue(ctx, s.DB, f)
	if err != nil {
		return err
	}
	if v.Stats, err = feedback.Medians(ctx, s.DB, f); err != nil {
		return err
	}
	if v.Handlers, err = feedback.Handlers(ctx, s.DB); err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/feedback", q, f.Page, adminFeedbackPerPage, total)
	p := s.page(c, "反馈建议管理", "admin_feedback")
	v.FirstReply, v.Resolve = durationText(p.Lang, int64(v.Stats.FirstReply.Seconds())), durationText(p.Lang, int64(v.Stats.Resolve.Seconds()))
	p.Data = v
	return render(c, "pages/admin_feedback", "partials/admin_feedback_table", p)
}

// adminFeedbackItemPage is one thread for staff, notes included.
type adminFeedbackItemPage struct {
	Item     *feedback.Item
	Messages []feedback.Message
	Handlers []feedback.StaffMember
	Canned   []feedback.Canned
	// The reply form as typed (or with a canned reply taken into it).
	Body, State, Cannedkey string
	Internal               bool
}

func (s *Server) adminFeedbackShow(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.showAdminFeedback(c, id, nil, func(v *adminFeedbackItemPage) {
		if k, ok := feedback.CannedByKey(c.Query("canned")); ok { // 插入常用回复: into the reply box, to edit
			v.Body, v.Cannedkey = principalT(c, k.Body), k.Key
		}
	})
}

func (s *Server) showAdminFeedback(c *fiber.Ctx, id int64, fieldErrs map[string]string, typed func(*adminFeedbackItemPage)) error {
	ctx := c.UserContext()
	it, err := feedback.Get(ctx, s.DB, id, 0)
	if err != nil {
		return err
	}
	v := adminFeedbackItemPage{Item: it, Canned: feedback.CannedReplies, State: feedback.Processing}
	if v.Messages, err = feedback.Thread(ctx, s.DB, id, true); err != nil {
		return err
	}
	if v.Handlers, err = feedback.Handlers(ctx, s.DB); err != nil {
		return err
	}
	if typed != nil {
		typed(&v)
	}
	p := s.page(c, "反馈详情", "admin_feedback")
	p.Title = it.Subject
	p.Data = v
	if isHTMX(c) && c.Query("canned") != "" {
		return renderForm(c, "pages/admin_feedback_item", "partials/feedback_reply", p, fieldErrs)
	}
	return renderForm(c, "pages/admin_feedback_item", "", p, fieldErrs)
}

// adminFeedbackRead is staff opening the item (未读 → 已读); the page posts it on load.
func (s *Server) adminFeedbackRead(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := feedback.MarkRead(c.UserContext(), s.DB, id, actor(c)); err != nil {
		return err
	}
	if isHTMX(c) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return redirect(c, adminFeedbackURL(id))
}

// adminFeedbackAssign gives the item to a staff member (or to nobody).
func (s *Server) adminFeedbackAssign(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	to := c.FormValue("assignee")
	var uid int64
	if to == "me" {
		uid = principal(c).UserID
	} else if to != "" {
		if uid, err = strconv.ParseInt(to, 10, 64); err != nil || uid <= 0 {
			return s.showAdminFeedback(c, id, map[string]string{"assignee": feedback.ErrAssignee.Error()}, nil)
		}
	}
	err = feedback.Assign(c.UserContext(), s.DB, id, uid, actor(c))
	if err == feedback.ErrAssignee {
		return s.showAdminFeedback(c, id, map[string]string{"assignee": err.Error()}, nil)
	}
	return s.done(c, err, msg("已指派。"), adminFeedbackURL(id))
}

// adminFeedbackReply is a public reply (the member is told) or an internal note (never shown
// to members).
func (s *Server) adminFeedbackReply(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	it, err := feedback.Get(ctx, s.DB, id, 0)
	if err != nil {
		return err
	}
	r := feedback.Reply{Body: c.FormValue("body"), Internal: c.FormValue("internal") == "1", State: c.FormValue("state")}
	errs := map[string]string{}
	if m := feedback.BodyError(r.Body); m != "" {
		errs["body"] = m
	}
	if !r.Internal && oneOrEmpty(r.State, feedback.ReplyStates) == "" {
		errs["state"] = "请选择回复后的状态"
	}
	ups, upErr, err := s.readUploads(c, "files", it.CompanyID)
	if err != nil {
		return err
	}
	if upErr != "" {
		errs["files"] = upErr
	}
	if len(errs) > 0 {
		return s.showAdminFeedback(c, id, errs, func(v *adminFeedbackItemPage) { v.Body, v.State, v.Internal = r.Body, r.State, r.Internal })
	}
	r.Files = ups
	_, err = feedback.Respond(ctx, s.DB, id, r, actor(c), s.Now())
	ok := msg("已回复，会员单位将收到站内通知和邮件。")
	if r.Internal {
		ok = msg("内部备注已保存（会员不可见）。")
	}
	return s.done(c, err, ok, adminFeedbackURL(id))
}

// adminFeedbackClose is staff 关闭; the company is told.
func (s *Server) adminFeedbackClose(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = feedback.Close(c.UserContext(), s.DB, id, 0, actor(c), s.Now())
	return s.done(c, err, msg("反馈已关闭。"), adminFeedbackURL(id))
}

// adminFeedbackReopen is 重新打开 of a resolved or closed item.
func (s *Server) adminFeedbackReopen(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = feedback.Reopen(c.UserContext(), s.DB, id, actor(c))
	return s.done(c, err, msg("已重新打开，状态为处理中。"), adminFeedbackURL(id))
}

// principalT translates s into the user's language (a canned reply put into the reply box).
func principalT(c *fiber.Ctx, s string) string {
	lang := principal(c).Lang
	if lang == "" {
		lang = "zh"
	}
	return (&Page{Lang: lang}).T(s)
}
