package app

import (
	"cpca/internal/membership"
	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
)

// todo is one line of the member's to-do list.
type todo struct {
	Text, Link, Action string
}

// homePage is 企业主页 — 待办事项.
type homePage struct {
	Company *membership.Company
	Notices []notice.Notice
	Todos   []todo
}

// home is 企业主页 — 待办事项: unread site notices, upcoming events and the member's to-dos.
func (s *Server) home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	co, err := membership.CompanyByID(ctx, s.DB, pr.CompanyID)
	if err != nil {
		return err
	}
	ns, _, err := notice.List(ctx, s.DB, pr.UserID, pr.CompanyID, true, 1, 10)
	if err != nil {
		return err
	}
	p := s.page(c, "待办事项", "home")
	var todos []todo
	if len(ns) > 0 {
		todos = append(todos, todo{Text: "您有未读的站内通知", Link: "/messages?unread=1", Action: "查看"})
	}
	p.Data = homePage{Company: co, Notices: ns, Todos: todos}
	return render(c, "pages/home", "", p)
}
