package app

import (
	"strconv"
	"strings"

	"cpca/internal/mail"

	"github.com/gofiber/fiber/v2"
)

// emailQuery is the filter of 邮件管理 as it travels in the query string.
type emailQuery struct {
	Status string `query:"status"`
	Q      string `query:"q"`
}

// Clean drops what the filter does not accept.
func (f *emailQuery) Clean() {
	f.Status, f.Q = oneOrEmpty(f.Status, mail.Statuses), strings.TrimSpace(f.Q)
}

// emailListPage is 邮件管理: every email the system wrote, with its delivery outcome.
type emailListPage struct {
	emailQuery
	Emails   []mail.Email
	Pager    Pager
	Statuses []string
	// ExportURL is the delivery-log export link with the filter.
	ExportURL string
}

const emailsPerPage = 20

func (s *Server) emailList(c *fiber.Ctx) error {
	v := emailListPage{Statuses: mail.Statuses}
	q := bindFilter(c, &v.emailQuery)
	page := pageNumber(c)
	es, total, err := mail.List(c.UserContext(), s.DB, mail.Filter{Status: v.Status, Q: v.Q, Page: page, Size: emailsPerPage})
	if err != nil {
		return err
	}
	v.Emails, v.Pager = es, newPager("/admin/emails", q, page, emailsPerPage, total)
	v.ExportURL = exportURL("/admin/emails/export", q)
	p := s.page(c, "邮件管理", "emails")
	p.Data = v
	return render(c, "pages/admin_emails", "partials/emails_table", p)
}

func (s *Server) emailDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := mail.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	p := s.page(c, "邮件详情", "emails")
	p.Data = e
	return render(c, "pages/admin_email", "", p)
}

// emailResend puts a failed, unsent or unknown email back in the queue: for an unknown one
// (interrupted mid-send) it is staff's explicit decision to risk a second copy.
func (s *Server) emailResend(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = mail.Resend(c.UserContext(), s.DB, id, actor(c))
	return s.done(c, err, msg("已重新加入发送队列。"), "/admin/emails/"+strconv.FormatInt(id, 10))
}
