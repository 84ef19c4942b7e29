package app

import (
	"net/url"

	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
)

// messagesPage is 站内信息: the list with an unread filter.
type messagesPage struct {
	Notices    []notice.Notice
	UnreadOnly bool
	Pager      Pager
}

const messagesPerPage = 20

// messages lists the company's site notices; ?unread=1 shows only unread ones (htmx fragment
// for the filter, bookmarkable).
func (s *Server) messages(c *fiber.Ctx) error {
	pr := principal(c)
	unread := c.Query("unread") == "1"
	page := max(atoiDefault(c.Query("page"), 1), 1)
	ns, total, err := notice.List(c.UserContext(), s.DB, pr.UserID, pr.CompanyID, unread, page, messagesPerPage)
	if err != nil {
		return err
	}
	q := url.Values{}
	if unread {
		q.Set("unread", "1")
	}
	p := s.page(c, "站内信息", "messages")
	p.Data = messagesPage{Notices: ns, UnreadOnly: unread, Pager: newPager("/messages", q, page, messagesPerPage, total)}
	return render(c, "pages/messages", "partials/messages_list", p)
}

// message shows one notice and marks it read (reading it is the read mark, done by POST
// from the page's form for those who only want to mark; GET itself does not change state).
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
	p := s.page(c, n.Title, "messages")
	p.Data = n
	return render(c, "pages/message", "", p)
}

// messageRead is 标记已读.
func (s *Server) messageRead(c *fiber.Ctx) error {
	pr := principal(c)
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := notice.MarkRead(c.UserContext(), s.DB, pr.UserID, pr.CompanyID, id); err != nil {
		return err
	}
	back := c.FormValue("back")
	if !localPath(back) {
		back = "/messages"
	}
	if isHTMX(c) {
		n, err := notice.Get(c.UserContext(), s.DB, pr.UserID, pr.CompanyID, id)
		if err != nil {
			return err
		}
		return c.Render("partials/message_row", dict("N", n, "CSRF", sessionOf(c).CSRF, "T", &Page{Lang: pr.Lang}))
	}
	flash(c, "已标记为已读。")
	return redirect(c, back)
}

func (s *Server) messagesReadAll(c *fiber.Ctx) error {
	pr := principal(c)
	if err := notice.MarkAllRead(c.UserContext(), s.DB, pr.UserID, pr.CompanyID); err != nil {
		return err
	}
	flash(c, "全部站内信息已标记为已读。")
	return redirect(c, "/messages")
}
