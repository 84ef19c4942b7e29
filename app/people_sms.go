package app

// 单位成员 — 推广短信: the main account records a person's consent to the association's
// marketing texts (with who and when, shown on the row), or its withdrawal. internal/sms
// queues and delivers a 推广 template only to mobiles with the consent.

import (
	"cpca/internal/account"
	"cpca/internal/people"

	"github.com/gofiber/fiber/v2"
)

// personSMSMarketing records (granted=1) or withdraws the person's consent to 推广短信. Only
// the company's main account may; another company's person is not found.
func (s *Server) personSMSMarketing(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	granted := c.FormValue("granted") == "1"
	isMain, err := account.IsMainAccount(c.UserContext(), s.DB, principal(c).UserID)
	if err != nil {
		return err
	}
	if !isMain {
		return people.ErrNotMain
	}
	if err := people.SetMarketingSMS(c.UserContext(), s.DB, principal(c).CompanyID, id, granted, actor(c)); err != nil {
		return err
	}
	if granted {
		return s.saved(c, "已记录该成员同意接收推广短信。")
	}
	return s.saved(c, "已撤回推广短信同意，该成员不再收到推广短信。")
}
