package app

import (
	"net/url"

	"cpca/internal/broadcast"
	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
)

// messagesPage is 站内信息: site notices and staff broadcasts in one list, filtered by
// 未读 / 重要 / 全部.
type messagesPage struct {
	Notices []notice.Notice
	Filter  string // "", "unread" or "important"
	Pager   Pager
}

// Filters are the choices of the list, in display order ("" is 全部).
func (messagesPage) Filters() []string { return []string{"", "unread", "important"} }

// FilterLabel names a filter.
func (messagesPage) FilterLabel(f string) string {
	return map[string]string{"": "全部", "unread": "未读", "important": "重要"}[f]
}

const messagesPerPage = 20

// messages lists the company's site messages (htmx fragment for the filter, bookmarkable).
// ?unread=1 is the old link of 待办事项 and still means 未读.
func (s *Server) messages(c *fiber.Ctx) error {
	pr := principal(c)
	f := c.Query("filter")
	if c.Query("unread") == "1" {
		f = "unread"
	}
	if f != "unread" && f != "important" {
		f = ""
	}
	page := max(atoiDefault(c.Query("page"), 1), 1)
	ns, total, err := notice.List(c.UserContext(), s.DB, pr.UserID, pr.CompanyID,
		notice.Filter{Unread: f == "unread", Important: f == "important"}, page, messagesPerPage)
	if err != nil {
		return err
	}
	q := url.Values{}
	if f != "" {
		q.Set("filter", f)
	}
	p := s.page(c, "站内信息", "messages")
	p.Data = messagesPage{Notices: ns, Filter: f, Pager: newPager("/messages", q, page, messagesPerPage, total)}
	return render(c, "pages/messages", "partials/messages_list", p)
}

// message shows one message. GET changes nothing: an unread one carries a form that htmx posts
// when the page loads (opening marks it read, and the menu badge follows), and the same form is
// a 标记已读 button without JS.
func (s *Server) message(c *fiber.Ctx) error {
	pr := principal(c)
	id, err := idParam(c)
	if err != nil {
		return err
	}
	n, err := notice.Get(c.UserContext(), s.DB, pr.UserID, pr.CompanyID, id)
	if err != nil {
		return err
	}
	v := messagePage{Notice: n}
	if n.Broadcast {
		if v.Attachments, err = broadcast.AttachmentsOf(c.UserContext(), s.DB, n.ID); err != nil {
			return err
		}
	}
	p := s.page(c, n.Title, "messages")
	p.Data = v
	return render(c, "pages/message", "", p)
}

// messagePage is one message of 站内信息 with a broadcast's attachments, which only its
// recipient companies (and staff) may download (files.Allowed).
type messagePage struct {
	*notice.Notice
	Attachments []broadcast.Attachment
}

// messageRead is 标记已读. For htmx it answers the row (or, from the message page, the read
// state) and the menu's unread badge out of band, so the count is right without a reload.
func (s *Server) messageRead(c *fiber.Ctx) error {
	pr := principal(c)
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := notice.MarkRead(ctx, s.DB, pr.UserID, pr.CompanyID, id); err != nil {
		return err
	}
	back := c.FormValue("back")
	if !localPath(back) {
		back = "/messages"
	}
	if isHTMX(c) {
		n, err := notice.Get(ctx, s.DB, pr.UserID, pr.CompanyID, id)
		if err != nil {
			return err
		}
		unread, err := notice.Unread(ctx, s.DB, pr.UserID, pr.CompanyID)
		if err != nil {
			return err
		}
		c.Type("html", "utf-8")
		return c.Render("partials/message_read", dict("Line", messageLineOf(n, pr.Lang, sessionOf(c).CSRF), "T", &Page{Lang: pr.Lang},
			"Unread", unread, "View", c.FormValue("view")))
	}
	flash(c, "已标记为已读。")
	return redirect(c, back)
}

// messagesReadAll is 全部标为已读: one row, the user's read-before mark.
func (s *Server) messagesReadAll(c *fiber.Ctx) error {
	pr := principal(c)
	if err := notice.MarkAllRead(c.UserContext(), s.DB, pr.UserID, pr.CompanyID); err != nil {
		return err
	}
	flash(c, "全部站内信息已标记为已读。")
	return redirect(c, "/messages")
}
