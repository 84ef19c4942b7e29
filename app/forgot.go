package app

// 忘记密码 and the invitation link: both pages take a one-time link (account.PeekLink) and
// set a password with the rules of internal/auth.

import (
	"errors"

	"cpca/internal/account"

	"github.com/gofiber/fiber/v2"
)

type linkPage struct {
	Action   string // the form's URL
	Username string
	Invalid  bool // the link is unknown, used or expired
	Sent     bool // 忘记密码: the request was taken
	Login    string
	Invite   bool
}

func (s *Server) forgotForm(c *fiber.Ctx) error {
	p := s.page(c, "忘记密码", "login")
	p.Data = linkPage{}
	return render(c, "pages/forgot", "", p)
}

// forgotSend takes a reset request and always answers the same, whether or not the account
// exists (only the per-address limit is told).
func (s *Server) forgotSend(c *fiber.Ctx) error {
	login := c.FormValue("login")
	if login == "" {
		p := s.page(c, "忘记密码", "login")
		p.Data = linkPage{}
		return renderForm(c, "pages/forgot", "", p, map[string]string{"login": "请填写用户名或邮箱"})
	}
	if err := account.RequestReset(c.UserContext(), s.DB, login, c.IP(), s.Cfg.BaseURL, s.Now()); err != nil {
		return err
	}
	s.kickOutbox()
	p := s.page(c, "忘记密码", "login")
	p.Data = linkPage{Sent: true}
	return render(c, "pages/forgot", "", p)
}

// linkForm shows the set-password form of a link, or says it is invalid.
func (s *Server) linkForm(c *fiber.Ctx, purpose string) error {
	u, err := account.PeekLink(c.UserContext(), s.DB, purpose, c.Params("token"), s.Now())
	v := linkPage{Action: c.Path(), Invite: purpose == account.PurposeInvite}
	if errors.Is(err, account.ErrLinkInvalid) {
		v.Invalid = true
	} else if err != nil {
		return err
	} else {
		v.Username = u.Username
	}
	p := s.page(c, "设置密码", "login")
	p.Data = v
	c.Set("Referrer-Policy", "no-referrer") // the token is in the path
	return render(c, "pages/set_password", "", p)
}

func (s *Server) linkSave(c *fiber.Ctx, purpose string) error {
	token, password, confirm := c.Params("token"), c.FormValue("password"), c.FormValue("confirm")
	v := linkPage{Action: c.Path(), Invite: purpose == account.PurposeInvite}
	fieldErrs := map[string]string{}
	if confirm != password {
		fieldErrs["confirm"] = "两次输入的密码不一致"
	}
	var u *account.User
	var err error
	if len(fieldErrs) == 0 {
		if purpose == account.PurposeInvite {
			u, err = account.AcceptInvite(c.UserContext(), s.DB, token, password, c.IP(), s.Now())
		} else {
			u, _, err = account.ResetWithLink(c.UserContext(), s.DB, token, password, c.IP(), s.Now())
		}
		switch f := account.PasswordField(err); {
		case errors.Is(err, account.ErrLinkInvalid):
			v.Invalid = true
			fieldErrs["form"] = err.Error()
		case f != "":
			fieldErrs[f] = err.Error()
		case err != nil:
			return err
		default:
			s.kickOutbox()
			flash(c, "密码已设置，请用用户名 %s 和新密码登录。", u.Username)
			return redirect(c, "/login")
		}
	}
	if !v.Invalid {
		if pu, err := account.PeekLink(c.UserContext(), s.DB, purpose, token, s.Now()); err == nil {
			v.Username = pu.Username
		} else {
			v.Invalid = true
		}
	}
	p := s.page(c, "设置密码", "login")
	p.Data = v
	return renderForm(c, "pages/set_password", "", p, fieldErrs)
}

func (s *Server) resetForm(c *fiber.Ctx) error  { return s.linkForm(c, account.PurposeReset) }
func (s *Server) resetSave(c *fiber.Ctx) error  { return s.linkSave(c, account.PurposeReset) }
func (s *Server) inviteForm(c *fiber.Ctx) error { return s.linkForm(c, account.PurposeInvite) }
func (s *Server) inviteSave(c *fiber.Ctx) error { return s.linkSave(c, account.PurposeInvite) }
