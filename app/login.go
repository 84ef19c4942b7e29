package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"

	"github.com/gofiber/fiber/v2"
)

// landing is where a role starts after login. Staff start at /admin, which sends each
// department on to its first menu entry.
func landing(role string) string {
	switch role {
	case account.RoleAdmin:
		return "/admin"
	case account.RoleApplicant:
		return "/application"
	case account.RoleMember, account.RoleCouncil:
		return "/home"
	case account.RoleReviewer:
		return "/review"
	}
	return "/login"
}

func (s *Server) index(c *fiber.Ctx) error {
	return redirect(c, landing(principal(c).Role))
}

func (s *Server) privacy(c *fiber.Ctx) error {
	return render(c, "pages/privacy", "", s.page(c, "个人信息保护声明", ""))
}

// switchLang stores the UI language: on the user for a login, in a cookie otherwise (no
// session row for a visitor who only chose a language).
func (s *Server) switchLang(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if lang != "en" {
		lang = "zh"
	}
	pr := principal(c)
	if pr.UserID != 0 {
		if err := account.SetLang(c.UserContext(), s.DB, pr.UserID, lang); err != nil {
			return err
		}
	} else {
		s.setLang(c, lang)
	}
	back := c.FormValue("back")
	if !localPath(back) {
		back = "/"
	}
	return redirect(c, back)
}

// localPath accepts only same-site paths, so next= can not send users elsewhere.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

type loginForm struct {
	Username string
	Next     string
}

func (s *Server) loginForm(c *fiber.Ctx) error {
	if pr := principal(c); pr.UserID != 0 {
		return redirect(c, landing(pr.Role))
	}
	p := s.page(c, "账号登录", "login")
	p.Data = loginForm{Next: c.Query("next")}
	return render(c, "pages/login", "", p)
}

func (s *Server) login(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := loginForm{Username: strings.TrimSpace(c.FormValue("username")), Next: c.FormValue("next")}
	password := c.FormValue("password")
	ip := c.IP()
	fail := func(field, msg string) error {
		p := s.page(c, "账号登录", "login")
		p.Data = f
		p.Errors = map[string]string{field: msg}
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/login", "", p)
	}
	if f.Username == "" || password == "" {
		return fail("form", "请输入用户名和密码。")
	}
	// An oversized or malformed input is nobody's login, but still a failure that is counted
	// and audited, under a username cut to the form's bound.
	plausible := plausibleLogin(f.Username, password)
	f.Username = audit.Cut(f.Username, 64)
	var u *account.User
	var err error
	if plausible {
		if u, err = account.ByUsername(ctx, s.DB, f.Username); err != nil && err != account.ErrNotFound {
			return err
		}
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	out, err := s.Throttle.Attempt(ctx, s.DB, f.Username, ip, func() bool {
		return auth.Verify(hash, password) && plausible && !u.Disabled
	})
	if err != nil {
		return err
	}
	if out.Blocked != auth.NotBlocked {
		_ = audit.Record(ctx, s.DB, audit.Entry{ActorName: f.Username, IP: ip, Action: "login", Result: "throttled"})
		c.Status(fiber.StatusTooManyRequests)
		msg := "该账号在此网络登录失败次数过多，已暂时锁定，请15分钟后再试，或联系协会解除锁定。"
		if out.Blocked == auth.ByIP {
			msg = "此网络登录失败次数过多，请15分钟后再试。"
		}
		p := s.page(c, "账号登录", "login")
		p.Data = f
		p.Errors = map[string]string{"form": msg}
		return render(c, "pages/login", "", p)
	}
	if !out.OK {
		_ = audit.Record(ctx, s.DB, audit.Entry{ActorName: f.Username, IP: ip, Action: "login", Result: "failed"})
		return fail("form", "用户名或密码错误。")
	}
	if err := account.UpgradeHash(ctx, s.DB, u, password); err != nil {
		return err
	}
	if err := s.Sessions.Rotate(ctx, sessionOf(c), u.ID, ip, c.Get("User-Agent")); err != nil {
		return err
	}
	s.setCookie(c, sessionOf(c))
	_ = audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Username, IP: ip, Action: "login"})
	pr, err := account.PrincipalOf(ctx, s.DB, u.ID)
	if err != nil {
		return err
	}
	to := landing(pr.Role)
	if localPath(f.Next) && s.Authz.Allowed(pr.Subject(), routePattern(c.App(), f.Next), fiber.MethodGet) {
		to = f.Next
	}
	return redirect(c, to)
}

func (s *Server) logout(c *fiber.Ctx) error {
	sess := sessionOf(c)
	pr := principal(c)
	if err := s.Sessions.Destroy(c.UserContext(), sess); err != nil {
		return err
	}
	if pr.UserID != 0 {
		_ = actor(c).Record(c.UserContext(), s.DB, audit.Entry{Action: "logout"})
	}
	s.dropCookie(c, sessionCookie)
	c.Locals("session", nil)
	return redirect(c, "/login")
}

// routePattern finds the registered GET pattern that serves path (for checking next=).
func routePattern(app *fiber.App, path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for _, r := range app.GetRoutes(true) {
		if r.Method == fiber.MethodGet && matchPattern(r.Path, path) {
			return r.Path
		}
	}
	return ""
}

func matchPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if strings.HasPrefix(ps[i], ":") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// plausibleLogin reports whether a login form's input can be anyone's login: usernames are at
// most 32 characters (64 allowed), passwords at most auth.MaxLength, both valid UTF-8, no
// control characters in the username. Anything else is not looked up.
func plausibleLogin(username, password string) bool {
	if utf8.RuneCountInString(username) > 64 || utf8.RuneCountInString(password) > auth.MaxLength ||
		!utf8.ValidString(username) || !utf8.ValidString(password) {
		return false
	}
	for _, r := range username {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
