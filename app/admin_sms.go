package app

import (
	"net/url"

	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// smsPage is 短信管理: every text message the system wrote, with its outcome.
type smsPage struct {
	Status   string
	Statuses []string
	Messages []sms.Message
	Pager    Pager
}

const smsPerPage = 30

func (s *Server) smsList(c *fiber.Ctx) error {
	v := smsPage{Status: c.Query("status"), Statuses: sms.Statuses}
	if !oneOfStr(v.Status, v.Statuses) {
		v.Status = ""
	}
	page := max(atoiDefault(c.Query("page"), 1), 1)
	ms, total, err := sms.List(c.UserContext(), s.DB, v.Status, page, smsPerPage)
	if err != nil {
		return err
	}
	q := url.Values{}
	if v.Status != "" {
		q.Set("status", v.Status)
	}
	v.Messages, v.Pager = ms, newPager("/admin/sms", q, page, smsPerPage, total)
	p := s.page(c, "短信管理", "sms")
	p.Data = v
	return render(c, "pages/admin_sms", "", p)
}
