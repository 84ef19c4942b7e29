package app

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/mail"

	"github.com/gofiber/fiber/v2"
)

// emailListPage is 邮件管理: every email the system wrote, with its delivery outcome.
type emailListPage struct {
	Status, Q string
	Emails    []mail.Email
	Pager     Pager
	Statuses  []string
}

const emailsPerPage = 20

func (s *Server) emailList(c *fiber.Ctx) error {
	v := emailListPage{Status: c.Query("status"), Q: strings.TrimSpace(c.Query("q")),
		Statuses: mail.Statuses}
	if !oneOfStr(v.Status, v.Statuses) {
		v.Status = ""
	}
	page := max(atoiDefault(c.Query("page"), 1), 1)
	es, total, err := mail.List(c.UserContext(), s.DB, mail.Filter{Status: v.Status, Q: v.Q, Page: page, Size: emailsPerPage})
	if err != nil {
		return err
	}
	q := url.Values{}
	if v.Status != "" {
		q.Set("status", v.Status)
	}
	if v.Q != "" {
		q.Set("q", v.Q)
	}
	v.Emails, v.Pager = es, newPager("/admin/emails", q, page, emailsPerPage, total)
	p := s.page(c, "邮件管理", "emails")
	p.Data = v
	return render(c, "pages/admin_emails", "partials/emails_table", p)
}

func emailID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, mail.ErrNotFound
	}
	return id, nil
}

func (s *Server) emailDetail(c *fiber.Ctx) error {
	id, err := emailID(c)
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
	id, err := emailID(c)
	if err != nil {
		return err
	}
	if err := mail.Requeue(c.UserContext(), s.DB, id); errors.Is(err, mail.ErrNotFound) {
		flashErr(c, "只有发送失败、未发送或状态未知的邮件可以重新发送。")
		return redirect(c, "/admin/emails/"+strconv.FormatInt(id, 10))
	} else if err != nil {
		return err
	}
	_ = actor(c).Record(c.UserContext(), s.DB, audit.Entry{Action: "email.resend", ObjectType: "email", ObjectID: strconv.FormatInt(id, 10)})
	s.kickOutbox()
	flash(c, "已重新加入发送队列。")
	return redirect(c, "/admin/emails/"+strconv.FormatInt(id, 10))
}
