package app

// 单位账号 (under 单位成员): the company's accounts. The main account invites colleagues by an
// emailed one-time link and disables or enables them; every user of the company sees the list.

import (
	"errors"

	"cpca/internal/account"
	"cpca/internal/company"

	"github.com/gofiber/fiber/v2"
)

type accountsPage struct {
	Users  []account.Colleague
	IsMain bool
	Form   account.Invitation
}

func (s *Server) accountsData(c *fiber.Ctx) (accountsPage, error) {
	pr := principal(c)
	us, err := account.Colleagues(c.UserContext(), s.DB, pr.CompanyID)
	if err != nil {
		return accountsPage{}, err
	}
	v := accountsPage{Users: us}
	for _, u := range us {
		if u.ID == pr.UserID {
			v.IsMain = u.IsMain
		}
	}
	return v, nil
}

func (s *Server) accountsList(c *fiber.Ctx) error {
	v, err := s.accountsData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "单位账号", "people")
	p.Data = v
	return render(c, "pages/company_accounts", "", p)
}

func (s *Server) companyName(c *fiber.Ctx) (string, error) {
	co, err := company.ByID(c.UserContext(), s.DB, principal(c).CompanyID)
	if err != nil {
		return "", err
	}
	return co.Name, nil
}

// accountInvite invites a colleague.
func (s *Server) accountInvite(c *fiber.Ctx) error {
	inv := account.Invitation{Name: c.FormValue("name"), Username: c.FormValue("username"), Email: c.FormValue("email")}
	fieldErrs := inv.Validate()
	if len(fieldErrs) == 0 {
		name, err := s.companyName(c)
		if err != nil {
			return err
		}
		_, err = account.Invite(c.UserContext(), s.DB, principal(c).UserID, inv, name, s.Cfg.BaseURL, actor(c), s.Now())
		switch {
		case errors.Is(err, account.ErrUsernameTaken):
			fieldErrs["username"] = account.ErrUsernameTaken.Error()
		case errors.Is(err, account.ErrTooManyUsers):
			fieldErrs["form"] = account.ErrTooManyUsers.Error()
		case err != nil:
			return err
		default:
			return s.done(c, nil, msg("邀请邮件已发送至 %s，链接72小时内有效。", inv.Email), "/company/accounts")
		}
	}
	v, err := s.accountsData(c)
	if err != nil {
		return err
	}
	v.Form = inv
	p := s.page(c, "单位账号", "people")
	p.Data = v
	return renderForm(c, "pages/company_accounts", "", p, fieldErrs)
}

func (s *Server) accountResend(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	name, err := s.companyName(c)
	if err != nil {
		return err
	}
	err = account.ResendInvite(c.UserContext(), s.DB, principal(c).UserID, id, name, s.Cfg.BaseURL, actor(c), s.Now())
	return s.done(c, err, msg("已重新发送邀请邮件，之前的链接已失效。"), "/company/accounts")
}

func (s *Server) accountDisable(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, err = account.SetDisabled(c.UserContext(), s.DB, principal(c).UserID, id, true, actor(c))
	return s.done(c, err, msg("账号已停用，该同事的登录已全部退出。"), "/company/accounts")
}

func (s *Server) accountEnable(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, err = account.SetDisabled(c.UserContext(), s.DB, principal(c).UserID, id, false, actor(c))
	return s.done(c, err, msg("账号已启用。"), "/company/accounts")
}
