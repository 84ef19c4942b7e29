package app

import (
	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// smsQuery is the filter of 短信管理 as it travels in the query string.
type smsQuery struct {
	Status string `query:"status"`
}

// Clean drops what the filter does not accept.
func (f *smsQuery) Clean() { f.Status = oneOrEmpty(f.Status, sms.Statuses) }

// smsPage is 短信管理: every text message the system wrote, with its outcome.
type smsPage struct {
	smsQuery
	Statuses []string
	Messages []sms.Message
	Pager    Pager
}

const smsPerPage = 30

func (s *Server) smsList(c *fiber.Ctx) error {
	v := smsPage{Statuses: sms.Statuses}
	q := bindFilter(c, &v.smsQuery)
	page := pageNumber(c)
	ms, total, err := sms.List(c.UserContext(), s.DB, v.Status, page, smsPerPage)
	if err != nil {
		return err
	}
	v.Messages, v.Pager = ms, newPager("/admin/sms", q, page, smsPerPage, total)
	p := s.page(c, "短信管理", "sms")
	p.Data = v
	return render(c, "pages/admin_sms", "", p)
}
