package app

import (
	"strings"

	"cpca/internal/account"
	"cpca/internal/i18n"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// settingsPage is 个人设置.
type settingsPage struct {
	Settings account.Settings
	Langs    []struct{ Code, Label string }
}

func (s *Server) passwordForm(c *fiber.Ctx) error {
	return render(c, "pages/password", "", s.page(c, "密码修改", "password"))
}

// passwordChange is 密码修改: bind → validate → account.ChangePassword, which checks the
// current password like a login, changes it and ends every other session of the user.
func (s *Server) passwordChange(c *fiber.Ctx) error {
	cur, next, confirm := c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm")
	errs := map[string]string{}
	if confirm != next {
		errs["confirm"] = "两次输入的新密码不一致"
	}
	if len(errs) == 0 {
		ended, err := account.ChangePassword(c.UserContext(), s.DB, principal(c).UserID, cur, next, sessionOf(c), s.Throttle, actor(c))
		switch f := account.PasswordField(err); {
		case f != "":
			errs[f] = err.Error()
		case err != nil:
			return err
		default:
			msg := "密码已修改。"
			if ended > 0 {
				msg += "您在其他设备上的登录已退出。"
			}
			flash(c, msg)
			return redirect(c, "/account/password")
		}
	}
	p := s.page(c, "密码修改", "password")
	p.Errors = errs
	c.Status(fiber.StatusUnprocessableEntity)
	return render(c, "pages/password", "", p)
}

func (s *Server) settingsForm(c *fiber.Ctx) error {
	u, err := account.ByID(c.UserContext(), s.DB, principal(c).UserID)
	if err != nil {
		return err
	}
	p := s.page(c, "个人设置", "settings")
	p.Data = settingsPage{Settings: account.Settings{Name: u.Name, Mobile: u.Mobile, Email: u.Email, Lang: u.Lang}, Langs: i18n.Langs}
	return render(c, "pages/settings", "", p)
}

// settingsSave is 个人设置: name, mobile, email, language. Nothing else of the user row is
// reachable from this form.
func (s *Server) settingsSave(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	st := account.Settings{Name: strings.TrimSpace(c.FormValue("name")), Mobile: strings.TrimSpace(c.FormValue("mobile")),
		Email: strings.ToLower(strings.TrimSpace(c.FormValue("email"))), Lang: c.FormValue("lang")}
	errs := map[string]string{}
	if st.Name == "" || len([]rune(st.Name)) > 30 {
		errs["name"] = "请填写姓名（最多30字）"
	}
	if st.Mobile != "" && !membership.ValidMobile(st.Mobile) {
		errs["mobile"] = "请填写11位手机号码"
	}
	if !membership.ValidEmail(st.Email) {
		errs["email"] = "邮箱格式不正确"
	}
	if st.Lang != "zh" && st.Lang != "en" {
		errs["lang"] = "请选择语言"
	}
	if len(errs) > 0 {
		p := s.page(c, "个人设置", "settings")
		p.Data = settingsPage{Settings: st, Langs: i18n.Langs}
		p.Errors = errs
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/settings", "", p)
	}
	if err := account.SaveSettings(ctx, s.DB, pr.UserID, st, actor(c)); err != nil {
		return err
	}
	flash(c, i18n.T(st.Lang, "个人设置已保存。"))
	return redirect(c, "/account/settings")
}
