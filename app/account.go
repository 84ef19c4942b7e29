package app

import (
	"context"
	"strings"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/i18n"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"
)

// settingsPage is 个人设置.
type settingsPage struct {
	Settings account.Settings
	Langs    []struct{ Code, Label string }
}

func (s *Server) passwordForm(c *fiber.Ctx) error {
	return render(c, "pages/password", "", s.page(c, "密码修改", "password"))
}

// passwordChange is 密码修改: the current password is required, and every other session
// of the user ends.
func (s *Server) passwordChange(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	cur, next, confirm := c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm")
	u, err := account.ByID(ctx, s.DB, pr.UserID)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	// Guessing the current password from a taken-over session counts like failed logins.
	ok, blocked, _, err := s.Throttle.Attempt(ctx, s.DB, u.Username, c.IP(), func() bool { return auth.Verify(u.PasswordHash, cur) })
	switch {
	case err != nil:
		return err
	case blocked:
		errs["current"] = "当前密码错误次数过多，请15分钟后再试。"
	case !ok:
		errs["current"] = "当前密码不正确"
	}
	if err := auth.CheckRules(next, u.Username); err != nil {
		errs["password"] = err.Error()
	} else if next == cur {
		errs["password"] = "新密码不能与当前密码相同"
	}
	if confirm != next {
		errs["confirm"] = "两次输入的新密码不一致"
	}
	if len(errs) > 0 {
		if errs["current"] != "" {
			_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "account.password", Result: "failed", Detail: "wrong current password"})
		}
		p := s.page(c, "密码修改", "password")
		p.Errors = errs
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/password", "", p)
	}
	var ended int
	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := account.SetPassword(ctx, tx, u.ID, next); err != nil {
			return err
		}
		return actor(c).Record(ctx, tx, audit.Entry{Action: "account.password"})
	})
	if err != nil {
		return err
	}
	if ended, err = s.Sessions.EndOthers(ctx, u.ID, sessionOf(c)); err != nil {
		return err
	}
	msg := "密码已修改。"
	if ended > 0 {
		msg += "您在其他设备上的登录已退出。"
	}
	flash(c, msg)
	return redirect(c, "/account/password")
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
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := account.SaveSettings(ctx, tx, pr.UserID, st); err != nil {
			return err
		}
		return actor(c).Record(ctx, tx, audit.Entry{Action: "account.settings"})
	})
	if err != nil {
		return err
	}
	flash(c, i18n.T(st.Lang, "个人设置已保存。"))
	return redirect(c, "/account/settings")
}
